// SPDX-License-Identifier: BSD-3-Clause
// The engine's side of the retransmission timer: applies the
// RetransmissionPolicy through OpenSSL's timer callback, turns OpenSSL's timer
// starts and stops into an exact deadline on the engine's clock, samples the
// round-trip time and counts flights and retransmissions. No OpenSSL here.
// Private to dtls/.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include <rtpsec/dtls/retransmission_policy.hpp>

namespace rtpsec::dtls::detail {

class FlightTimer {
  public:
    using Clock = std::chrono::steady_clock;

    explicit FlightTimer(const RetransmissionPolicy& policy) : policy_(policy) {}

    // The time of the engine input being processed; every other call refers to it.
    void set_now(Clock::time_point now) { now_ = now; }

    // OpenSSL's DTLS_set_timer_cb callback. previous == 0: a new flight is
    // being sent; otherwise its timer expired and it is about to be resent.
    std::chrono::microseconds next_timeout(std::chrono::microseconds previous);

    // OpenSSL (re)armed its timer now with the duration last returned by
    // next_timeout(), or stopped it because the peer's flight arrived.
    void on_started();
    void on_stopped();
    // A flight OpenSSL sends without arming its timer: the server's final
    // ChangeCipherSpec + Finished, resent only when the peer repeats its own.
    void count_untimed_flight() { retransmissions_.push_back(0); }
    // OpenSSL resent the last flight outside its timer (the peer repeated
    // its final flight after we completed, RFC 6347 §4.2.4).
    void count_resend() {
        if (!retransmissions_.empty()) ++retransmissions_.back();
    }
    // The handshake is over: no more retransmission deadline.
    void cancel() { deadline_.reset(); }
    // OpenSSL's clock said "not expired yet" at our deadline: wait this much more.
    void rearm(std::chrono::microseconds remaining) { deadline_ = now_ + remaining; }

    std::optional<Clock::time_point> deadline() const { return deadline_; }

    unsigned flights_sent() const { return static_cast<unsigned>(retransmissions_.size()); }
    const std::vector<unsigned>& retransmissions_per_flight() const { return retransmissions_; }
    unsigned retransmissions() const;
    std::optional<std::chrono::microseconds> rtt() const { return rtt_; }

  private:
    RetransmissionPolicy policy_;
    Clock::time_point now_{};
    std::optional<Clock::time_point> deadline_;
    std::chrono::microseconds current_timeout_{0};
    // The flight awaiting the peer's answer: when it was first and last sent.
    std::optional<Clock::time_point> flight_sent_at_;
    Clock::time_point flight_resent_at_{};
    bool flight_resent_ = false;
    std::optional<std::chrono::microseconds> rtt_;
    bool rtt_is_exact_ = false;
    std::vector<unsigned> retransmissions_;
};

}  // namespace rtpsec::dtls::detail
