// SPDX-License-Identifier: BSD-3-Clause
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <stdexcept>

#include <rtpsec/dtls/cookie_front_door.hpp>

#include "client_hello.hpp"
#include "openssl_error.hpp"
#include "openssl_handles.hpp"

namespace rtpsec::dtls {
namespace {

constexpr std::size_t cookie_size = 32;  // a full HMAC-SHA256
// RFC 6347 §4.2.1: "DTLS 1.2 server implementations SHOULD use DTLS version
// 1.0 regardless of the version of TLS that is expected to be negotiated."
constexpr std::uint16_t hello_verify_request_version = 0xfeff;
constexpr std::size_t hello_verify_request_size =
    detail::record_header_size + detail::handshake_header_size + 2 + 1 + cookie_size;

using Cookie = std::array<std::uint8_t, cookie_size>;

// One HMAC-SHA256 key, kept inside an OpenSSL MAC context that is re-initialised
// (same key, no allocation) for every cookie.
class CookieKey {
  public:
    explicit CookieKey(RandomSource& random) {
        std::array<unsigned char, 32> secret{};
        random.fill(std::as_writable_bytes(std::span(secret)));
        detail::EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        context_.reset(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_end()};
        const bool ok =
            context_ && EVP_MAC_init(context_.get(), secret.data(), secret.size(), params) == 1;
        OPENSSL_cleanse(secret.data(), secret.size());
        if (!ok) throw std::runtime_error("cookie HMAC: " + detail::take_openssl_errors());
    }

    // RFC 6347 §4.2.1: Cookie = HMAC(Secret, Client-IP, Client-Parameters).
    // Lengths go in too, so no two inputs hash the same byte string.
    Cookie compute(std::span<const std::byte> address,
                   const detail::ClientHelloFirstFragment& hello) const {
        Cookie cookie{};
        const std::uint8_t address_length[2] = {static_cast<std::uint8_t>(address.size() >> 8),
                                                static_cast<std::uint8_t>(address.size())};
        const std::uint8_t version[2] = {static_cast<std::uint8_t>(hello.client_version >> 8),
                                         static_cast<std::uint8_t>(hello.client_version)};
        const std::uint8_t session_length = static_cast<std::uint8_t>(hello.session_id.size());
        std::size_t written = 0;
        EVP_MAC_CTX* mac = context_.get();
        const bool ok =
            EVP_MAC_init(mac, nullptr, 0, nullptr) == 1 &&
            EVP_MAC_update(mac, address_length, 2) == 1 &&
            EVP_MAC_update(mac, reinterpret_cast<const unsigned char*>(address.data()),
                           address.size()) == 1 &&
            EVP_MAC_update(mac, version, 2) == 1 &&
            EVP_MAC_update(mac, hello.random.data(), hello.random.size()) == 1 &&
            EVP_MAC_update(mac, &session_length, 1) == 1 &&
            EVP_MAC_update(mac, hello.session_id.data(), hello.session_id.size()) == 1 &&
            EVP_MAC_final(mac, cookie.data(), &written, cookie.size()) == 1 &&
            written == cookie.size();
        if (!ok) throw std::runtime_error("cookie HMAC: " + detail::take_openssl_errors());
        return cookie;
    }

  private:
    detail::EvpMacCtxPtr context_;
};

bool equal_in_constant_time(std::span<const std::uint8_t> received, const Cookie& expected) {
    return received.size() == expected.size() &&
           CRYPTO_memcmp(received.data(), expected.data(), expected.size()) == 0;
}

}  // namespace

class CookieFrontDoor::Impl {
  public:
    Impl(Clock::time_point now, Options options)
        : random_(options.random ? std::move(options.random) : os_random_source()),
          lifetime_(options.secret_lifetime),
          next_rotation_(now + lifetime_),
          current_(*random_),
          previous_(*random_) {
        if (options.secret_lifetime <= std::chrono::seconds::zero()) {
            throw std::invalid_argument("cookie secret_lifetime must be positive");
        }
    }

    Decision handle(std::span<const std::byte> datagram, std::span<const std::byte> address,
                    Clock::time_point now) {
        rotate_if_due(now);
        detail::ClientHelloFirstFragment hello;
        const auto bytes = std::span<const std::uint8_t>(
            reinterpret_cast<const std::uint8_t*>(datagram.data()), datagram.size());
        switch (detail::parse_client_hello_first_fragment(bytes, hello)) {
            case detail::ClientHelloParse::ok:
                break;
            case detail::ClientHelloParse::not_handshake:
                return drop(DropReason::not_handshake);
            case detail::ClientHelloParse::not_client_hello:
                return drop(DropReason::not_client_hello);
            case detail::ClientHelloParse::not_first_fragment:
                return drop(DropReason::not_first_fragment);
            case detail::ClientHelloParse::malformed:
                return drop(DropReason::malformed);
        }
        const Cookie expected = current_.compute(address, hello);
        if (equal_in_constant_time(hello.cookie, expected) ||
            equal_in_constant_time(hello.cookie, previous_.compute(address, hello))) {
            // RFC 6347 §4.2.2: the ClientHello answering a HelloVerifyRequest
            // has message_seq 1; the engine continues from exactly there.
            if (hello.message_seq != 1) return drop(DropReason::unexpected_sequence);
            return Decision{Action::accept, DropReason::none, {}};
        }
        // No cookie, or one made with a retired secret or for another address:
        // RFC 6347 §4.2.1 treats both as "send a HelloVerifyRequest".
        write_hello_verify_request(hello, expected);
        return Decision{Action::send_hello_verify_request, DropReason::none, reply_};
    }

  private:
    static Decision drop(DropReason reason) { return Decision{Action::drop, reason, {}}; }

    void rotate_if_due(Clock::time_point now) {
        if (now < next_rotation_) return;
        // Long idle: both secrets are older than any cookie still in flight.
        previous_ = now >= next_rotation_ + lifetime_ ? CookieKey(*random_) : std::move(current_);
        current_ = CookieKey(*random_);
        next_rotation_ = now + lifetime_;
    }

    // RFC 6347 §4.2.1: the HelloVerifyRequest reuses the ClientHello's record
    // sequence number, has message_seq 0 and is never fragmented.
    void write_hello_verify_request(const detail::ClientHelloFirstFragment& hello,
                                    const Cookie& cookie) {
        std::size_t at = 0;
        const auto put = [&](std::uint32_t value, int bytes) {
            for (int i = bytes - 1; i >= 0; --i)
                reply_[at++] = static_cast<std::byte>(value >> (8 * i));
        };
        constexpr std::uint32_t body_size = 2 + 1 + cookie_size;
        put(detail::content_type_handshake, 1);
        put(hello_verify_request_version, 2);
        for (const auto b : hello.record_epoch_and_sequence)
            put(b, 1);
        put(detail::handshake_header_size + body_size, 2);
        put(detail::handshake_type_hello_verify_request, 1);
        put(body_size, 3);  // length
        put(0, 2);          // message_seq
        put(0, 3);          // fragment_offset
        put(body_size, 3);  // fragment_length
        put(hello_verify_request_version, 2);
        put(cookie_size, 1);
        for (const auto b : cookie)
            put(b, 1);
    }

    std::shared_ptr<RandomSource> random_;
    std::chrono::seconds lifetime_;
    Clock::time_point next_rotation_;
    CookieKey current_;
    CookieKey previous_;
    std::array<std::byte, hello_verify_request_size> reply_{};
};

CookieFrontDoor::CookieFrontDoor(Clock::time_point now, Options options)
    : impl_(std::make_unique<Impl>(now, options)) {}
CookieFrontDoor::~CookieFrontDoor() = default;
CookieFrontDoor::CookieFrontDoor(CookieFrontDoor&&) noexcept = default;
CookieFrontDoor& CookieFrontDoor::operator=(CookieFrontDoor&&) noexcept = default;

CookieFrontDoor::Decision CookieFrontDoor::handle(std::span<const std::byte> datagram,
                                                  std::span<const std::byte> client_address,
                                                  Clock::time_point now) {
    return impl_->handle(datagram, client_address, now);
}

std::string_view drop_reason_name(CookieFrontDoor::DropReason reason) {
    using R = CookieFrontDoor::DropReason;
    switch (reason) {
        case R::none:
            return "none";
        case R::not_handshake:
            return "not_handshake";
        case R::not_client_hello:
            return "not_client_hello";
        case R::not_first_fragment:
            return "not_first_fragment";
        case R::malformed:
            return "malformed";
        case R::unexpected_sequence:
            return "unexpected_sequence";
    }
    return "unknown";
}

}  // namespace rtpsec::dtls
