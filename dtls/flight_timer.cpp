// SPDX-License-Identifier: BSD-3-Clause
#include "flight_timer.hpp"

#include <numeric>

namespace rtpsec::dtls::detail {

std::chrono::microseconds FlightTimer::next_timeout(std::chrono::microseconds previous) {
    if (previous.count() == 0) {
        retransmissions_.push_back(0);
        flight_sent_at_ = now_;
        flight_resent_ = false;
        // RTT adaptation: a far peer is not flooded, a near one recovers fast.
        current_timeout_ = policy_.adapted_first_timeout(rtt_);
    } else {
        if (!retransmissions_.empty()) ++retransmissions_.back();
        flight_resent_ = true;
        flight_resent_at_ = now_;
        // RFC 6347 §4.2.4.1: double the timer on each retransmission, to a cap.
        current_timeout_ = std::min<std::chrono::microseconds>(previous * 2, policy_.max_timeout);
    }
    return current_timeout_;
}

void FlightTimer::on_started() {
    deadline_ = now_ + current_timeout_;
}

void FlightTimer::on_stopped() {
    deadline_.reset();
    if (flight_sent_at_) {
        if (!flight_resent_) {
            // An answer to a flight sent once is an exact round-trip sample.
            rtt_ = std::chrono::duration_cast<std::chrono::microseconds>(now_ - *flight_sent_at_);
            rtt_is_exact_ = true;
        } else if (!rtt_is_exact_) {
            // The answer may belong to any of the copies (Karn's ambiguity,
            // RFC 6298 §3). Time since the last copy is a lower bound: it
            // never slows recovery on a near lossy path (the upper bound
            // would), and on a far path it still lifts the next timeout
            // above the initial one, so the next flight is resent less.
            rtt_ = std::chrono::duration_cast<std::chrono::microseconds>(now_ - flight_resent_at_);
        }
    }
    flight_sent_at_.reset();
}

unsigned FlightTimer::retransmissions() const {
    return std::accumulate(retransmissions_.begin(), retransmissions_.end(), 0u);
}

}  // namespace rtpsec::dtls::detail
