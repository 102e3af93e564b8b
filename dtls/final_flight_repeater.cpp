// SPDX-License-Identifier: BSD-3-Clause
#include "final_flight_repeater.hpp"

namespace rtpsec::dtls::detail {

void FinalFlightRepeater::start(Clock::time_point now, std::chrono::microseconds first_timeout,
                                Clock::time_point until, const RetransmissionPolicy& policy,
                                bool lossy) {
    capturing_ = true;
    first_timeout_ = first_timeout;
    until_ = until;
    policy_ = &policy;
    if (lossy) arm(now);
}

void FinalFlightRepeater::repeat_from(Clock::time_point now) {
    // No flight: never started (a client) or stopped.
    if (deadline_ || repeats_ > 0 || flight_.empty()) return;
    arm(now);
}

void FinalFlightRepeater::capture(std::span<const std::byte> datagram) {
    if (capturing_) flight_.emplace_back(datagram.begin(), datagram.end());
}

void FinalFlightRepeater::end_capture() {
    if (!capturing_) return;
    capturing_ = false;
    next_to_send_ = flight_.size();
    if (flight_.empty()) stop();
}

void FinalFlightRepeater::arm(Clock::time_point now) {
    const auto due = now + policy_->backoff(first_timeout_, static_cast<unsigned>(repeats_) + 1);
    if (due < until_) {
        deadline_ = due;
    } else {
        deadline_.reset();
    }
}

bool FinalFlightRepeater::handle_timeout(Clock::time_point now) {
    if (!deadline_ || now < *deadline_) return false;
    ++repeats_;
    next_to_send_ = 0;
    arm(now);
    return true;
}

std::optional<std::span<const std::byte>> FinalFlightRepeater::poll_transmit() {
    if (next_to_send_ >= flight_.size()) return std::nullopt;
    return std::span<const std::byte>(flight_[next_to_send_++]);
}

void FinalFlightRepeater::stop() {
    deadline_.reset();
    capturing_ = false;
    std::vector<std::vector<std::byte>>().swap(flight_);
    next_to_send_ = 0;
}

}  // namespace rtpsec::dtls::detail
