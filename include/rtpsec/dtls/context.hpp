// SPDX-License-Identifier: BSD-3-Clause
// dtls::Context: the OpenSSL side of a DTLS policy, shared by many engines.
//
// Owns the SSL_CTX every Engine made with it draws its SSL from: DTLS 1.2
// only, the cipher suites and key-exchange groups below, no tickets, no
// renegotiation, no compression, and the callbacks that route OpenSSL back to
// the engine. Building an SSL_CTX costs far more than a handshake's share of
// it, hence one per policy, not one per engine. Engines keep their Context
// alive (EngineConfig holds a shared_ptr).
//
// Threading: immutable once built; engines on any thread may share it.
#pragma once

#include <memory>
#include <string>

#include <rtpsec/common/export.hpp>

namespace rtpsec::dtls {

struct RTPSEC_EXPORT ContextOptions {
    // OpenSSL cipher list for DTLS 1.2. The default: forward-secret AEAD
    // suites only (RFC 7525 §4.2), for ECDSA and RSA certificates, AES-128-GCM
    // first (fast with AES-NI).
    std::string cipher_suites =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    // supported_groups (RFC 8422 §5.1.1), OpenSSL's list syntax. Keep P-256:
    // with an ECDSA P-256 certificate OpenSSL needs the curve listed ("no
    // shared cipher" otherwise), and some peers (Janus) offer only P-256.
    std::string groups = "X25519:P-256";
};

class RTPSEC_EXPORT Context {
  public:
    // Throws std::invalid_argument when OpenSSL refuses the cipher list or
    // the groups, std::runtime_error when it cannot build a context at all.
    explicit Context(ContextOptions options = {});
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    const ContextOptions& options() const;

    class Impl;
    // For dtls/ itself: the OpenSSL handles.
    const Impl& impl() const { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace rtpsec::dtls
