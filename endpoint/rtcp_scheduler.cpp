// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cmath>

#include <rtpsec/endpoint/rtcp_scheduler.hpp>

namespace rtpsec::endpoint {
namespace {

constexpr double udp_ip_overhead = 28.0;  // RFC 3550 §6.2: sizes include lower-layer headers
constexpr double sender_fraction = 0.25;
constexpr double compensation = 2.71828 - 1.5;  // RFC 3550 A.7

}  // namespace

RtcpScheduler::RtcpScheduler(RtcpSchedulerConfig config, std::uint64_t seed, Clock::time_point now)
    : config_(config), random_(seed), average_size_(128.0) {
    next_ = now + interval(0, false);
}

std::chrono::microseconds RtcpScheduler::interval(std::size_t senders, bool we_sent) {
    double bandwidth = config_.session_bandwidth_bps * config_.rtcp_fraction / 8.0;  // octets/s
    double minimum = std::chrono::duration<double>(config_.minimum_interval).count();
    if (initial_) minimum /= 2.0;
    auto members = static_cast<double>(std::max<std::size_t>(config_.members, 1));
    const auto sending = static_cast<double>(senders);
    double n = members;
    if (sending > 0 && sending <= members * sender_fraction) {
        if (we_sent) {
            bandwidth *= sender_fraction;
            n = sending;
        } else {
            bandwidth *= 1.0 - sender_fraction;
            n = members - sending;
        }
    }
    double t = std::max(average_size_ * n / bandwidth, minimum);
    t *= 0.5 + random_.next_unit();  // RFC 3550 §6.3.1: uniform in [0.5, 1.5)
    t /= compensation;
    return std::chrono::microseconds(std::llround(t * 1e6));
}

void RtcpScheduler::on_report_sent(Clock::time_point now, std::size_t bytes, std::size_t senders,
                                   bool we_sent) {
    on_report_received(bytes);
    initial_ = false;
    next_ = now + interval(senders, we_sent);
}

void RtcpScheduler::on_report_received(std::size_t bytes) {
    average_size_ =
        (static_cast<double>(bytes) + udp_ip_overhead) / 16.0 + average_size_ * 15.0 / 16.0;
}

}  // namespace rtpsec::endpoint
