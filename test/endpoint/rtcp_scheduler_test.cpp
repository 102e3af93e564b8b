// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include <rtpsec/endpoint/rtcp_scheduler.hpp>

using namespace std::chrono;
using rtpsec::endpoint::RtcpScheduler;

TEST_CASE("the first RTCP report comes after half the minimum, compensated and randomised") {
    const auto start = RtcpScheduler::Clock::time_point{};
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        RtcpScheduler scheduler({}, seed, start);
        const double first = duration<double>(scheduler.next_report() - start).count();
        // 2.5 s × [0.5, 1.5] / (e − 1.5)
        CHECK(first >= 2.5 * 0.5 / 1.21828 - 1e-6);
        CHECK(first <= 2.5 * 1.5 / 1.21828 + 1e-6);
    }
}

TEST_CASE("a two-party call at audio bandwidth reports at the 5 s minimum") {
    const auto start = RtcpScheduler::Clock::time_point{};
    RtcpScheduler scheduler({}, 1, start);
    auto now = scheduler.next_report();
    double sum = 0;
    const int reports = 400;
    for (int i = 0; i < reports; ++i) {
        scheduler.on_report_sent(now, 100, 2, true);
        const double gap = duration<double>(scheduler.next_report() - now).count();
        CHECK(gap >= 5.0 * 0.5 / 1.21828 - 1e-6);
        CHECK(gap <= 5.0 * 1.5 / 1.21828 + 1e-6);
        sum += gap;
        now = scheduler.next_report();
    }
    CHECK(sum / reports == Approx(5.0 / 1.21828).epsilon(0.05));
}

TEST_CASE("a large group at low bandwidth reports less often than the minimum") {
    // 100 members, 2 senders, 8 kbit/s session: RTCP gets 50 octets/s; receivers
    // share 75 % of it, so t = avg_size × 98 / 37.5 — far above 5 s.
    const auto start = RtcpScheduler::Clock::time_point{};
    RtcpScheduler scheduler({.session_bandwidth_bps = 8000, .members = 100}, 3, start);
    auto now = scheduler.next_report();
    scheduler.on_report_sent(now, 100, 2, false);
    const double gap = duration<double>(scheduler.next_report() - now).count();
    const double average = scheduler.average_compound_size();
    CHECK(gap >= average * 98 / 37.5 * 0.5 / 1.21828 - 1e-6);
    CHECK(gap <= average * 98 / 37.5 * 1.5 / 1.21828 + 1e-6);
    CHECK(gap > 5.0);
}

TEST_CASE("the average compound size follows RFC 3550 A.7's 1/16 filter with UDP/IP headers") {
    RtcpScheduler scheduler({}, 1, RtcpScheduler::Clock::time_point{});
    const double before = scheduler.average_compound_size();
    scheduler.on_report_received(72);
    CHECK(scheduler.average_compound_size() == Approx((72.0 + 28.0) / 16.0 + before * 15.0 / 16.0));
}
