// SPDX-License-Identifier: BSD-3-Clause
// libsrtp's HMAC-SHA1 auth type (RFC 3711 §4.2.1, RFC 2104), reimplemented
// without a heap allocation per packet and installed with
// srtp_replace_auth_type().
//
// libsrtp 2.5's OpenSSL HMAC re-initialises an EVP_MAC_CTX for every packet;
// on OpenSSL 3 that copies the provider's SHA-1 contexts, a malloc and a free
// each, four per protect + unprotect. This type hashes the key's ipad and
// opad blocks once, at init, and per packet copies those two SHA-1 states
// (plain structs) and finishes them, which is also cheaper. libsrtp checks a
// replacement against its own known answer and ours (RFC 2202 §3) before it
// takes it.
#pragma once

#include <srtp2/srtp.h>

namespace rtpsec::srtp::detail {

// Replaces HMAC-SHA1 in libsrtp's crypto kernel; call after srtp_init().
// Returns libsrtp's status (a self-test failure leaves the stock
// implementation in place).
srtp_err_status_t install_hmac_sha1_auth();

// Whether install_hmac_sha1_auth() has replaced it, for tests and reports.
bool hmac_sha1_auth_installed() noexcept;

}  // namespace rtpsec::srtp::detail
