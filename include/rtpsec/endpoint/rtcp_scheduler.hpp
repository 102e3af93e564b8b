// SPDX-License-Identifier: BSD-3-Clause
// When to send the next RTCP compound packet (RFC 3550 §6.3, Appendix A.7).
//
// Sans-IO: give it `now` and what was sent and received; it gives the time of
// the next report. The interval follows RFC 3550's rules: the RTCP share of
// the session bandwidth (5 %, a quarter of it for senders while they are at
// most a quarter of the members), the average compound size, a 5 s minimum
// (halved before the first report), randomised to [0.5, 1.5] and divided by
// e − 3/2 to compensate for timer reconsideration.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/split_mix64.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT RtcpSchedulerConfig {
    // Session bandwidth in bits/s: PCMU at 50 packets/s is 64 kbit/s of audio
    // plus 50 × (12 RTP + 28 UDP/IP + 10 tag) × 8 = 84 kbit/s on the wire.
    double session_bandwidth_bps = 84'000.0;
    double rtcp_fraction = 0.05;  // RFC 3550 §6.2
    std::chrono::milliseconds minimum_interval{5000};
    std::size_t members = 2;  // a two-party call
};

class RTPSEC_EXPORT RtcpScheduler {
  public:
    using Clock = std::chrono::steady_clock;

    RtcpScheduler(RtcpSchedulerConfig config, std::uint64_t seed, Clock::time_point now);

    Clock::time_point next_report() const { return next_; }
    bool due(Clock::time_point now) const { return now >= next_; }

    // A compound of `bytes` (SRTCP, without UDP/IP headers) left at `now`;
    // `senders` counts the members that sent RTP since the last report,
    // `we_sent` whether we did.
    void on_report_sent(Clock::time_point now, std::size_t bytes, std::size_t senders,
                        bool we_sent);
    // A compound of `bytes` arrived: it moves the average size (A.7).
    void on_report_received(std::size_t bytes);

    double average_compound_size() const { return average_size_; }

  private:
    std::chrono::microseconds interval(std::size_t senders, bool we_sent);

    RtcpSchedulerConfig config_;
    SplitMix64 random_;  // 8 bytes per transport (std::mt19937_64: 2.5 KB)
    double average_size_;
    bool initial_ = true;
    Clock::time_point next_;
};

}  // namespace rtpsec::endpoint
