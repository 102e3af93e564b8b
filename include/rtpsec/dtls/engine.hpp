// SPDX-License-Identifier: BSD-3-Clause
// The DTLS-SRTP engine: one DTLS 1.2 handshake with one peer, no I/O.
//
// Datagrams and the current time go in; datagrams to send, events and the
// next deadline come out. No socket, thread, sleep or lock inside: the caller
// (endpoint/'s adaptor, a test, a fuzzer) owns all of that.
//
// CALLING RULE. After every input — construction, handle_datagram(),
// handle_timeout(), set_peer_fingerprints(), confirm_peer_keyed(), close() —
// drain the output:
//   1. send every datagram poll_transmit() returns until it returns nullopt;
//   2. handle every event poll_event() returns until it returns nullopt;
//   3. arm one timer for next_deadline() (none if nullopt) and call
//      handle_timeout() when it fires.
// next_deadline() is exact: it changes only through an input, so there is
// never a reason to poll.
//
// Time. `now` is std::chrono::steady_clock. OpenSSL's own DTLS timer reads the
// wall clock; the engine sets OpenSSL's retransmission timeout to the same
// duration as its own deadline, so both expire together in production, and if
// OpenSSL's clock says "not yet" at our deadline the engine re-arms from
// OpenSSL's remaining time instead of spinning. (OpenSSL counts a timer with
// less than 15 ms left as expired, so a datagram arriving just before our
// deadline may trigger the resend a little early: harmless.)
//
// Threading: an Engine is used by one thread at a time; engines are
// independent of each other (the dtls::Context they share is thread-safe).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/dtls/engine_event.hpp>
#include <rtpsec/dtls/error.hpp>

namespace rtpsec::dtls {

class RTPSEC_EXPORT Engine {
  public:
    using Clock = std::chrono::steady_clock;

    enum class State {
        awaiting_fingerprint,  // verification on, no expected fingerprint yet: input is queued
        handshaking,
        established,  // HandshakeComplete was reported
        closed,       // Closed was reported
        failed,       // Failed was reported
    };

    // A client sends its ClientHello from here (when it has fingerprints or
    // verification is off). Throws std::invalid_argument for a bad config
    // (no context, MTU below min_mtu, unknown or no SRTP profile, bad timer policy) and
    // CertificateError if OpenSSL refuses the certificate.
    Engine(EngineConfig config, Clock::time_point now);
    ~Engine();
    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // One received UDP payload (one or more DTLS records). Returns a non-fatal
    // error for a dropped datagram (see error.hpp), or the fatal error that a
    // Failed event also reports; invalid records inside DTLS are dropped
    // silently as RFC 6347 §4.1.2.7 asks.
    std::error_code handle_datagram(std::span<const std::byte> datagram, Clock::time_point now);

    // Call when next_deadline() has passed (calling early is harmless).
    void handle_timeout(Clock::time_point now);

    // The expected peer fingerprints, when they arrive after construction
    // (e.g. in the SDP answer). Replaces the list; the held handshake
    // proceeds, including any ClientHello queued meanwhile.
    void set_peer_fingerprints(std::vector<Fingerprint> expected, Clock::time_point now);

    // Sends close_notify on an established association (RFC 5246 §7.2.1); ends
    // a handshake in progress silently. Reports Closed.
    void close(Clock::time_point now);

    // Call when the peer has used the exported keys: an SRTP or SRTCP packet
    // from it authenticated after our handshake completed. A peer that
    // protects media has finished its handshake, so no flight of ours can be
    // needed again: the engine then keeps only a prepared close_notify and
    // the keys that authenticate the peer's alerts, and frees OpenSSL's
    // association (about 40 KB; docs/performance.md). A client settles by
    // itself on completion, since its server finished first. Harmless in any
    // other state. Settling happens when poll_transmit() next has nothing.
    void confirm_peer_keyed(Clock::time_point now);
    // Whether the association has settled (OpenSSL's state freed).
    bool settled() const;

    // The next datagram to send, valid until the next call on this engine;
    // never larger than the configured MTU.
    std::optional<std::span<const std::byte>> poll_transmit();
    std::optional<Event> poll_event();
    // When handle_timeout() must be called; nullopt when no timer is needed.
    std::optional<Clock::time_point> next_deadline() const;

    State state() const;
    Role role() const;
    const Certificate& certificate() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

RTPSEC_EXPORT std::string_view engine_state_name(Engine::State state);

}  // namespace rtpsec::dtls
