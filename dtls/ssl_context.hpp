// SPDX-License-Identifier: BSD-3-Clause
// What a dtls::Context holds (the SSL_CTXs with our DTLS-SRTP settings), and
// the bridge from OpenSSL's C callbacks to the engine that owns an SSL.
// Private to dtls/.
#pragma once

#include <cstdint>
#include <openssl/ssl.h>
#include <span>

#include <rtpsec/dtls/context.hpp>

#include "openssl_handles.hpp"

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

// Binds an SSL to its callbacks (SSL_set_app_data) and installs the
// per-SSL timer callback.
void attach_callbacks(SSL* ssl, SslCallbacks* callbacks);

}  // namespace rtpsec::dtls::detail

namespace rtpsec::dtls {

class Context::Impl {
  public:
    explicit Impl(ContextOptions options);

    const ContextOptions& options() const { return options_; }
    // The SSL_CTX for a new SSL (thread-safe: SSL_new takes a reference).
    SSL_CTX* ssl_context(bool with_keylog) const {
        return with_keylog ? logging_.get() : plain_.get();
    }

  private:
    ContextOptions options_;
    detail::SslCtxPtr plain_;
    detail::SslCtxPtr logging_;
};

}  // namespace rtpsec::dtls
