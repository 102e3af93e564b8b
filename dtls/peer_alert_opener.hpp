// SPDX-License-Identifier: BSD-3-Clause
// Authenticates the alerts a peer sends on an established DTLS 1.2
// association, without OpenSSL's SSL object.
//
// Once the peer has proven it holds the keys, the engine frees OpenSSL's
// association (about 40 KB) and keeps this instead: the peer's write key and
// fixed IV from the TLS 1.2 key block (RFC 5246 §6.3), enough to open the
// one kind of record that can still matter, an alert (close_notify at the
// end of a call, or a fatal alert). AEAD suites only, as the engine offers:
// AES-GCM (RFC 5288: 4-byte fixed IV + 8-byte explicit nonce) and
// ChaCha20-Poly1305 (RFC 7905: 12-byte IV XOR the sequence number).
// Private to dtls/.
#pragma once

#include <cstdint>
#include <openssl/ssl.h>
#include <optional>
#include <span>

#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/dtls/engine_config.hpp>

namespace rtpsec::dtls::detail {

struct OpenedAlert {
    int level;        // 1 warning, 2 fatal
    int description;  // 0 close_notify, ...
};

class PeerAlertOpener {
  public:
    // From an SSL whose handshake completed (epoch 1), for the end `role` is.
    // nullopt when the negotiated suite is not one of the AEAD suites above
    // or OpenSSL cannot give the secrets: the caller keeps the SSL then.
    static std::optional<PeerAlertOpener> derive(SSL* ssl, Role role);

    // The first alert record in `datagram` that authenticates under the
    // peer's keys; records that do not (forged, tampered, other epochs, not
    // alerts) are skipped, as RFC 6347 §4.1.2.7 asks.
    std::optional<OpenedAlert> open(std::span<const std::uint8_t> datagram) const;

  private:
    enum class Aead { aes_gcm, chacha20_poly1305 };

    PeerAlertOpener(Aead aead, int cipher_nid, std::size_t key_length, std::size_t iv_length,
                    SecretBytes key_and_iv)
        : aead_(aead),
          cipher_nid_(cipher_nid),
          key_length_(key_length),
          iv_length_(iv_length),
          key_and_iv_(std::move(key_and_iv)) {}

    std::optional<OpenedAlert> open_record(std::span<const std::uint8_t> record) const;

    Aead aead_;
    int cipher_nid_;
    std::size_t key_length_;
    std::size_t iv_length_;
    SecretBytes key_and_iv_;  // the peer's write key, then its fixed IV
};

}  // namespace rtpsec::dtls::detail
