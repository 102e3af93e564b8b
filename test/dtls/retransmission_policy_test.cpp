// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <vector>

#include <rtpsec/dtls/retransmission_policy.hpp>

using rtpsec::dtls::RetransmissionPolicy;
using namespace std::chrono_literals;

TEST_CASE("timeouts double from the first one up to the cap") {
    const RetransmissionPolicy policy;
    CHECK(policy.backoff(50ms, 1) == 50ms);
    CHECK(policy.backoff(50ms, 2) == 100ms);
    CHECK(policy.backoff(50ms, 6) == 1600ms);
    CHECK(policy.backoff(50ms, 7) == 2000ms);
    CHECK(policy.backoff(50ms, 40) == 2000ms);
    CHECK(policy.backoff(5000ms, 1) == 2000ms);
}

TEST_CASE("the first timeout adapts to 2 x RTT within the floor and the cap") {
    const RetransmissionPolicy policy;
    CHECK(policy.adapted_first_timeout(std::nullopt) == 50ms);
    CHECK(policy.adapted_first_timeout(10ms) == 50ms);      // floor
    CHECK(policy.adapted_first_timeout(120ms) == 240ms);    // a far peer is not flooded
    CHECK(policy.adapted_first_timeout(1500ms) == 2000ms);  // cap
}

TEST_CASE("the silent-peer retransmission count follows from the policy") {
    RetransmissionPolicy policy;
    CHECK(policy.retransmissions_before_deadline() == 11);
    policy.initial_timeout = 1000ms;  // RFC 6347's timer: 1, 2 s, then the 2 s cap
    CHECK(policy.retransmissions_before_deadline() == 7);
    policy.handshake_timeout = 1000ms;  // due exactly at the deadline: not sent
    CHECK(policy.retransmissions_before_deadline() == 0);
}

TEST_CASE("invalid policies are refused with the field named") {
    RetransmissionPolicy policy;
    CHECK_NOTHROW(policy.validate());
    policy.min_timeout = 3000ms;
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("min_timeout"));
    policy = {};
    policy.initial_timeout = 0ms;
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("initial_timeout"));
    policy = {};
    policy.max_timeout = 500ms;  // 20+ retransmissions in 15 s: beyond OpenSSL's 12
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("12 retransmissions"));
}

TEST_CASE("a policy fitted to a handshake timeout validates for every timeout up to an hour") {
    const RetransmissionPolicy defaults;
    std::vector<std::chrono::milliseconds> timeouts;
    for (long ms = 100; ms <= 60'000; ms += 100)
        timeouts.emplace_back(ms);
    for (long ms = 60'000; ms <= 3'600'000; ms = ms * 11 / 10)
        timeouts.emplace_back(ms);
    timeouts.emplace_back(3'600'000);
    for (const auto timeout : timeouts) {
        INFO(timeout.count() << " ms");
        const auto fitted = defaults.fitted_to(timeout);
        CHECK(fitted.handshake_timeout == timeout);
        CHECK_NOTHROW(fitted.validate());
        CHECK(fitted.worst_case_retransmissions() <= 12);
        CHECK(fitted.max_timeout >= defaults.max_timeout);
        CHECK(fitted.initial_timeout >= defaults.initial_timeout);
    }
}

TEST_CASE("fitting changes the policy no more than the timeout needs") {
    const RetransmissionPolicy defaults;
    // What already validates is kept as it is.
    for (const auto timeout : {100ms, 1500ms, 15000ms}) {
        const auto fitted = defaults.fitted_to(timeout);
        CHECK(fitted.max_timeout == defaults.max_timeout);
        CHECK(fitted.initial_timeout == defaults.initial_timeout);
        CHECK(fitted.min_timeout == defaults.min_timeout);
    }
    // 25 s: only the cap grows (50 ms .. 1.6 s doubling, then 7 capped
    // timeouts must reach past 25 s: 3.15 s + 7 x cap >= 25 s).
    const auto at_25s = defaults.fitted_to(25s);
    CHECK_THROWS(RetransmissionPolicy{.handshake_timeout = 25s}.validate());
    CHECK(at_25s.max_timeout == 3122ms);
    CHECK(at_25s.initial_timeout == 50ms);
    CHECK(at_25s.min_timeout == 50ms);
    auto smaller_cap = at_25s;
    smaller_cap.max_timeout -= 1ms;
    CHECK(smaller_cap.worst_case_retransmissions() > 12);
    // An hour: 13 doublings from 50 ms span only 409.55 s, so the first
    // timeouts grow too, to the smallest that spans the hour.
    const auto at_hour = defaults.fitted_to(3600s);
    CHECK(at_hour.initial_timeout > 50ms);
    CHECK(at_hour.initial_timeout < 1000ms);
    CHECK(at_hour.min_timeout == at_hour.initial_timeout);
    auto smaller_first = at_hour;
    smaller_first.initial_timeout -= 1ms;
    smaller_first.min_timeout -= 1ms;
    CHECK(smaller_first.worst_case_retransmissions() > 12);
}

TEST_CASE("fitting refuses timeouts it cannot serve") {
    const RetransmissionPolicy defaults;
    CHECK_THROWS_WITH(defaults.fitted_to(0ms), Catch::Contains("handshake_timeout"));
    CHECK_THROWS_WITH(defaults.fitted_to(-5ms), Catch::Contains("handshake_timeout"));
    CHECK_THROWS_WITH(defaults.fitted_to(13h), Catch::Contains("12 hours"));
    CHECK_NOTHROW(defaults.fitted_to(12h).validate());
}
