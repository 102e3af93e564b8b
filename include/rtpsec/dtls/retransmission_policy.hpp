// SPDX-License-Identifier: BSD-3-Clause
// When the DTLS engine sends a flight again and when it gives up
// (RFC 6347 §4.2.4). Pure arithmetic, no OpenSSL: the engine applies it through
// OpenSSL's timer callback, and tests use it to predict retransmission counts.
#pragma once

#include <chrono>
#include <optional>

#include <rtpsec/common/export.hpp>

namespace rtpsec::dtls {

struct RTPSEC_EXPORT RetransmissionPolicy {
    // The first timeout of a flight while no round-trip time is known yet.
    // RFC 6347 §4.2.4.1 suggests 1 s, which turns one lost datagram into a
    // second of post-dial silence; BoringSSL starts at 400 ms; libwebrtc and
    // SRS at 50 ms (libwebrtc then 2 × RTT clamped to 50–3000 ms). With
    // doubling, the time lost to k consecutive losses is initial × (2^k − 1),
    // and at 20 % loss each way a round trip fails 36 % of the time: measured
    // over 1000 seeded handshakes (docs/performance.md), 100 ms gives a p99 of
    // 1.64 s, 50 ms gives 0.84 s (goal: < 1.5 s). The price is a spurious
    // resend or two of the first flight to a peer more than 50 ms away; the
    // RTT measured on that flight then sets the timeout of the next ones.
    std::chrono::milliseconds initial_timeout{50};
    // Bounds of the RTT-adapted first timeout (libwebrtc's 50–3000 ms floor).
    std::chrono::milliseconds min_timeout{50};
    // Cap of the doubling. 2 s keeps the retransmissions of one flight within
    // OpenSSL's limit of 12 per flight (DTLS1_TMO_ALERT_COUNT) over the whole
    // handshake deadline, and a 30 % lossy path still gets a dozen tries.
    std::chrono::milliseconds max_timeout{2000};
    // The handshake fails with Error::handshake_timeout this long after the
    // engine was created.
    std::chrono::milliseconds handshake_timeout{15000};

    // The timeout before the n-th retransmission (n = 1, 2, ...) of a flight
    // whose first timeout is `first`: first × 2^(n−1), capped at max_timeout.
    std::chrono::microseconds backoff(std::chrono::microseconds first, unsigned n) const;

    // The first timeout of a new flight: 2 × the latest RTT sample
    // clamped to [min_timeout, max_timeout], or initial_timeout without one.
    std::chrono::microseconds adapted_first_timeout(
        std::optional<std::chrono::microseconds> rtt) const;

    // How many times an unanswered first flight is sent again before
    // handshake_timeout ends the handshake (the silent-peer case).
    unsigned retransmissions_before_deadline() const;

    // The most retransmissions one flight can need before the deadline: a
    // flight whose first timeout is the smaller of initial_timeout and
    // min_timeout, sent to a silent peer.
    unsigned worst_case_retransmissions() const;

    // Throws std::invalid_argument naming the offending field: non-positive
    // values, min > max, or a policy that would need more than OpenSSL's 12
    // retransmissions of one flight before the deadline.
    void validate() const;

    // This policy with `timeout` as its handshake_timeout, changed no more
    // than needed to validate: a deadline beyond what 12 retransmissions of
    // the current schedule span first raises max_timeout (the cap of the
    // doubling), the smallest value that fits; only when doubling alone
    // cannot span the deadline (about 400 s from a 50 ms start) are the
    // first timeouts (initial_timeout, min_timeout) raised too, again to the
    // smallest that fits. A policy that validates with `timeout` is returned
    // unchanged. Throws std::invalid_argument for a timeout that is not
    // positive or longer than 12 hours.
    RetransmissionPolicy fitted_to(std::chrono::milliseconds timeout) const;
};

}  // namespace rtpsec::dtls
