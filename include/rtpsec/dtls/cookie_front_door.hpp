// SPDX-License-Identifier: BSD-3-Clause
// The stateless cookie front door of a DTLS server (RFC 6347 §4.2.1).
//
// A server that accepts peers it does not know yet must not allocate state
// for every spoofed ClientHello. Before any per-peer engine exists, the
// endpoint shows each datagram from an unknown address to this class, which
// answers from the datagram alone:
//   - accept: the ClientHello carries a valid cookie for this address; create
//     an Engine with EngineConfig::after_cookie_exchange = true and give it
//     this same datagram first;
//   - send_hello_verify_request: send `reply` back to the address;
//   - drop: anything else (not a first ClientHello fragment, malformed, ...).
//
// Cookie = HMAC-SHA256(secret, client address ‖ client_version ‖ random ‖
// session_id), the fields RFC 6347 §4.2.1 requires the client to repeat.
// The secret rotates every secret_lifetime; cookies made with the current or
// the previous secret are valid. Only the first ClientHello fragment's fixed
// fields are parsed, with full bounds checks. handle() allocates nothing.
//
// Threading: one thread at a time (it is the socket loop's helper).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/random_source.hpp>

namespace rtpsec::dtls {

class RTPSEC_EXPORT CookieFrontDoor {
  public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        // A cookie stays valid between secret_lifetime and 2 × secret_lifetime.
        std::chrono::seconds secret_lifetime{60};
        // Where the secrets come from; null means the kernel's CSPRNG.
        std::shared_ptr<RandomSource> random;
    };

    enum class Action { accept, send_hello_verify_request, drop };

    enum class DropReason {
        none,
        not_handshake,        // not a handshake record of epoch 0
        not_client_hello,     // another handshake message
        not_first_fragment,   // a later fragment: the cookie is in the first one
        malformed,            // lengths that do not add up
        unexpected_sequence,  // valid cookie but message_seq != 1 (a second cookie round)
    };

    struct Decision {
        Action action = Action::drop;
        DropReason drop_reason = DropReason::none;
        // The HelloVerifyRequest datagram for send_hello_verify_request;
        // valid until the next handle() call.
        std::span<const std::byte> reply;
    };

    explicit CookieFrontDoor(Clock::time_point now) : CookieFrontDoor(now, Options{}) {}
    CookieFrontDoor(Clock::time_point now, Options options);
    ~CookieFrontDoor();
    CookieFrontDoor(CookieFrontDoor&&) noexcept;
    CookieFrontDoor& operator=(CookieFrontDoor&&) noexcept;

    // `client_address`: the peer's address and port in any fixed encoding the
    // caller chooses (it is only hashed).
    Decision handle(std::span<const std::byte> datagram, std::span<const std::byte> client_address,
                    Clock::time_point now);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

RTPSEC_EXPORT std::string_view drop_reason_name(CookieFrontDoor::DropReason reason);

}  // namespace rtpsec::dtls
