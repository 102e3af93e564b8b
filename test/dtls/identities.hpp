// SPDX-License-Identifier: BSD-3-Clause
// Certificates for the DTLS tests, generated once per test run (RSA-4096 key
// generation takes a second).
#pragma once

#include <memory>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/engine_config.hpp>

namespace rtpsec::test {

// Distinct identities: index 0 and 1 are two different peers.
const dtls::Certificate& ecdsa_identity(int index);
const dtls::Certificate& rsa2048_identity(int index);
const dtls::Certificate& rsa4096_identity();

// The default OpenSSL context, shared by every engine of a test.
std::shared_ptr<const dtls::Context> openssl_context();

// A config for `role` with `mine`, expecting exactly `peer`'s sha-256 fingerprint.
dtls::EngineConfig config_for(dtls::Role role, const dtls::Certificate& mine,
                              const dtls::Certificate& peer);

}  // namespace rtpsec::test
