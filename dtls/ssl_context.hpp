// The OpenSSL context every engine shares, with our DTLS-SRTP settings, and
// the bridge from OpenSSL's C callbacks to the engine that owns an SSL.
// Private to dtls/.
#pragma once

#include <cstdint>
#include <openssl/ssl.h>
#include <span>

namespace rtpsec::dtls::detail {

// What OpenSSL calls back into, per SSL (found through SSL_get_app_data).
class SslCallbacks {
  public:
    // The peer's leaf certificate; true accepts it.
    virtual bool verify_peer_certificate(X509* certificate) = 0;
    // Server: the ClientHello is in; false refuses it with *alert.
    virtual bool on_client_hello(SSL* ssl, int* alert) = 0;
    virtual void on_keylog_line(const char* line) = 0;
    // DTLS_set_timer_cb: the next retransmission timeout in microseconds.
    virtual unsigned on_timer(unsigned previous_us) = 0;
    // The cookie of a ClientHello (after a front door's cookie exchange).
    virtual bool verify_cookie(std::span<const std::uint8_t> cookie) = 0;
    // An alert read from the peer (sent == false) or written by OpenSSL.
    virtual void on_alert(bool sent, int alert_value) = 0;

  protected:
    ~SslCallbacks() = default;
};

// The shared context: one with the key log callback installed and one
// without, so OpenSSL formats key lines only for engines that asked.
// Created once, thread-safe; throws std::runtime_error if OpenSSL fails.
SSL_CTX* shared_ssl_context(bool with_keylog);

// Binds an SSL to its callbacks (SSL_set_app_data) and installs the
// per-SSL timer callback.
void attach_callbacks(SSL* ssl, SslCallbacks* callbacks);

}  // namespace rtpsec::dtls::detail
