// SPDX-License-Identifier: BSD-3-Clause
// The server's final flight (ChangeCipherSpec + Finished), kept after the
// handshake and, once the path has shown loss, sent again on a backed-off
// timer until the client proves it has its keys.
//
// RFC 6347 §4.2.4 has the server resend its final flight only when the
// client repeats its own, so each try needs both directions to get through:
// at 30 % loss each way half the tries fail, and a client whose timer has
// backed off to 2 s gets few tries before its deadline (seen in rtpsec-call:
// five answers in 13 s, all lost). Sending on our own timer as well gives the
// flight a try that needs only one direction. The copies are byte for byte
// what was sent: a client that already has the flight drops them as replays
// (RFC 6347 §4.1.2.6). Only after loss: a server that had to resend during
// the handshake, or whose client repeated its last flight, repeats; on a
// clean path nothing extra is sent (a peer that reads DTLS with blocking
// calls, such as `openssl s_client`, would otherwise sit in SSL_read on the
// copies). No OpenSSL here. Private to dtls/.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <rtpsec/dtls/retransmission_policy.hpp>

namespace rtpsec::dtls::detail {

class FinalFlightRepeater {
  public:
    using Clock = std::chrono::steady_clock;

    // The flight was written at `now`, and the datagrams sent next are it:
    // capture() keeps them until end_capture(). Repeats begin at `now` if
    // `lossy`, else at repeat_from(): the first is due after `first_timeout`,
    // then the timeout doubles up to the policy's cap; none is sent at or
    // after `until`. `policy` must outlive the repeater.
    void start(Clock::time_point now, std::chrono::microseconds first_timeout,
               Clock::time_point until, const RetransmissionPolicy& policy, bool lossy);
    void capture(std::span<const std::byte> datagram);
    void end_capture();
    // The path lost something (the client repeated its flight): repeat from
    // `now` on, unless already repeating or stopped.
    void repeat_from(Clock::time_point now);

    // At the deadline: queues a copy of the flight. Returns whether it did.
    bool handle_timeout(Clock::time_point now);
    std::optional<std::span<const std::byte>> poll_transmit();

    // The peer has the flight (or the association is over): free it all.
    // Spans poll_transmit() returned are invalid after this.
    void stop();

    std::optional<Clock::time_point> deadline() const { return deadline_; }

  private:
    void arm(Clock::time_point now);

    std::vector<std::vector<std::byte>> flight_;
    bool capturing_ = false;
    std::size_t next_to_send_ = 0;  // == flight_.size(): nothing queued
    std::optional<Clock::time_point> deadline_;
    Clock::time_point until_{};
    std::chrono::microseconds first_timeout_{0};
    const RetransmissionPolicy* policy_ = nullptr;
    std::size_t repeats_ = 0;
};

}  // namespace rtpsec::dtls::detail
