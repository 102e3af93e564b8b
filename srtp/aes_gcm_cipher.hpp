// SPDX-License-Identifier: BSD-3-Clause
// libsrtp's AES-GCM cipher type, reimplemented on OpenSSL 3 EVP with fewer
// calls per packet, and installed with srtp_replace_cipher_type().
//
// libsrtp 2.5's OpenSSL GCM makes five EVP_CIPHER_CTX_ctrl calls per
// protect + unprotect (the IV length on every packet, a dummy tag before the
// AAD on decrypt); on OpenSSL 3 each goes through the provider's OSSL_PARAM
// lookup, which costs more than encrypting a voice packet. This type sets the
// IV length once, passes the tag as a prepared parameter, and nothing else:
// a protect + unprotect pair costs about a third less (docs/performance.md).
// libsrtp checks a replacement against its own known answers and ours
// (RFC 7714 §16) before it takes it.
#pragma once

#include <srtp2/srtp.h>

namespace rtpsec::srtp::detail {

// Replaces AES-128-GCM and AES-256-GCM in libsrtp's crypto kernel; call after
// srtp_init(). Returns libsrtp's status (a self-test failure leaves the
// stock implementation in place).
srtp_err_status_t install_aes_gcm_cipher();

// Whether install_aes_gcm_cipher() has replaced both, for tests and reports.
bool aes_gcm_cipher_installed() noexcept;

}  // namespace rtpsec::srtp::detail
