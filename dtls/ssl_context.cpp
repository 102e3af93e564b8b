// SPDX-License-Identifier: BSD-3-Clause
#include "ssl_context.hpp"

#include <memory>
#include <openssl/x509_vfy.h>
#include <stdexcept>
#include <string>

#include <rtpsec/dtls/context.hpp>

#include "openssl_error.hpp"
#include "openssl_handles.hpp"

namespace rtpsec::dtls {
namespace detail {
namespace {

SslCallbacks* callbacks_of(const SSL* ssl) {
    return ssl == nullptr ? nullptr : static_cast<SslCallbacks*>(SSL_get_app_data(ssl));
}

// The whole chain check is ours: DTLS-SRTP certificates are self-signed and
// authenticated by their fingerprint from the signalling (RFC 5763 §5), not
// by a CA. Rejecting sets X509_V_ERR_CERT_REJECTED, which OpenSSL answers with
// a fatal bad_certificate alert (RFC 5246 §7.2.2) before any key exists.
int verify_certificate(X509_STORE_CTX* store, void*) {
    const auto* ssl = static_cast<const SSL*>(
        X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    SslCallbacks* callbacks = callbacks_of(ssl);
    X509* leaf = X509_STORE_CTX_get0_cert(store);
    if (callbacks != nullptr && leaf != nullptr && callbacks->verify_peer_certificate(leaf)) {
        X509_STORE_CTX_set_error(store, X509_V_OK);
        return 1;
    }
    X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
    return 0;
}

int client_hello(SSL* ssl, int* alert, void*) {
    SslCallbacks* callbacks = callbacks_of(ssl);
    if (callbacks == nullptr) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_CLIENT_HELLO_ERROR;
    }
    return callbacks->on_client_hello(ssl, alert) ? SSL_CLIENT_HELLO_SUCCESS
                                                  : SSL_CLIENT_HELLO_ERROR;
}

void keylog(const SSL* ssl, const char* line) {
    if (SslCallbacks* callbacks = callbacks_of(ssl)) callbacks->on_keylog_line(line);
}

int verify_cookie(SSL* ssl, const unsigned char* cookie, unsigned int length) {
    SslCallbacks* callbacks = callbacks_of(ssl);
    return callbacks != nullptr && callbacks->verify_cookie({cookie, length}) ? 1 : 0;
}

// Cookies are made by the CookieFrontDoor only; an engine never sends a
// HelloVerifyRequest of its own.
int refuse_to_generate_cookie(SSL*, unsigned char*, unsigned int*) {
    return 0;
}

void info(const SSL* ssl, int where, int value) {
    if ((where & SSL_CB_ALERT) == 0) return;
    if (SslCallbacks* callbacks = callbacks_of(ssl)) {
        callbacks->on_alert((where & SSL_CB_WRITE) != 0, value);
    }
}

unsigned int timer(SSL* ssl, unsigned int previous_us) {
    SslCallbacks* callbacks = callbacks_of(ssl);
    return callbacks != nullptr ? callbacks->on_timer(previous_us) : 1'000'000;
}

void require(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("OpenSSL DTLS context: ") + what + ": " +
                                 take_openssl_errors());
    }
}

void require_option(bool ok, const char* what, const std::string& value) {
    if (!ok) {
        throw std::invalid_argument(std::string("DTLS ") + what + " '" + value +
                                    "' is not accepted by OpenSSL: " + take_openssl_errors());
    }
}

SslCtxPtr make_context(const ContextOptions& options, bool with_keylog) {
    SslCtxPtr context(SSL_CTX_new(DTLS_method()));
    require(context != nullptr, "SSL_CTX_new");
    SSL_CTX* ctx = context.get();

    // DTLS 1.2 only (RFC 6347); DTLS 1.0 is obsolete (RFC 8996).
    require(SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) == 1, "min version");
    require(SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) == 1, "max version");
    require_option(SSL_CTX_set_cipher_list(ctx, options.cipher_suites.c_str()) == 1,
                   "cipher suite list", options.cipher_suites);
    require_option(SSL_CTX_set1_groups_list(ctx, options.groups.c_str()) == 1, "group list",
                   options.groups);

    // No tickets (RFC 5077; a lost NewSessionTicket fragment stalls OpenSSL's
    // client, openssl#5409), no resumption, no renegotiation (RFC 5746 risks,
    // and nothing in DTLS-SRTP needs it), no compression (RFC 7525 §3.3).
    // SSL_OP_NO_QUERY_MTU: the MTU is ours; OpenSSL would shrink it after two
    // failed retransmissions, splitting flights exactly when loss is high.
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                 SSL_OP_NO_QUERY_MTU);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    // One datagram per read; read-ahead would let OpenSSL read past it.
    SSL_CTX_set_read_ahead(ctx, 0);

    // RFC 5763 §5: both ends present a certificate; the client must send one.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    SSL_CTX_set_cert_verify_callback(ctx, verify_certificate, nullptr);
    SSL_CTX_set_client_hello_cb(ctx, client_hello, nullptr);
    SSL_CTX_set_cookie_generate_cb(ctx, refuse_to_generate_cookie);
    SSL_CTX_set_cookie_verify_cb(ctx, verify_cookie);
    SSL_CTX_set_info_callback(ctx, info);
    if (with_keylog) SSL_CTX_set_keylog_callback(ctx, keylog);
    return context;
}

}  // namespace

void attach_callbacks(SSL* ssl, SslCallbacks* callbacks) {
    SSL_set_app_data(ssl, callbacks);
    DTLS_set_timer_cb(ssl, timer);
}

}  // namespace detail

// Two contexts, one with the key log callback installed and one without, so
// OpenSSL formats key lines only for engines that asked for them.
Context::Impl::Impl(ContextOptions options)
    : options_(std::move(options)),
      plain_(detail::make_context(options_, false)),
      logging_(detail::make_context(options_, true)) {}

Context::Context(ContextOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Context::~Context() = default;

const ContextOptions& Context::options() const {
    return impl_->options();
}

}  // namespace rtpsec::dtls
