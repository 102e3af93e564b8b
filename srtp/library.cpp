// SPDX-License-Identifier: BSD-3-Clause
#include <mutex>
#include <srtp2/srtp.h>
#include <system_error>

#include <rtpsec/srtp/library.hpp>

#include "aes_gcm_cipher.hpp"
#include "hmac_sha1_auth.hpp"
#include "libsrtp_status.hpp"

namespace rtpsec::srtp {
namespace {

// libsrtp's crypto kernel is one per process, so is the knowledge that it is
// ready: a mutex serialises the first initialisation and the installs.
std::mutex kernel_mutex;
bool kernel_ready = false;

void initialize_kernel() {
    const srtp_err_status_t status = srtp_init();
    // srtp_init is not idempotent: when the host has initialised libsrtp
    // already, the crypto kernel reports itself ready and only registering
    // libsrtp's debug module a second time fails, with bad_param. The
    // library is usable then, so that is success for us.
    if (status != srtp_err_status_ok && status != srtp_err_status_bad_param) {
        throw std::system_error(detail::setup_error(status),
                                "libsrtp initialisation (srtp_init) failed");
    }
    kernel_ready = true;
}

}  // namespace

Library::Library(LibraryOptions options) : options_(options) {
    const std::lock_guard lock(kernel_mutex);
    if (!kernel_ready) initialize_kernel();
    if (options_.rtpsec_aes_gcm && !detail::aes_gcm_cipher_installed()) {
        const srtp_err_status_t status = detail::install_aes_gcm_cipher();
        if (status != srtp_err_status_ok) {
            throw std::system_error(detail::setup_error(status),
                                    "libsrtp refused rtpsec's AES-GCM (srtp_replace_cipher_type)");
        }
    }
    if (options_.rtpsec_hmac_sha1 && !detail::hmac_sha1_auth_installed()) {
        const srtp_err_status_t status = detail::install_hmac_sha1_auth();
        if (status != srtp_err_status_ok) {
            throw std::system_error(detail::setup_error(status),
                                    "libsrtp refused rtpsec's HMAC-SHA1 (srtp_replace_auth_type)");
        }
    }
}

std::string_view aes_gcm_implementation() noexcept {
    return detail::aes_gcm_cipher_installed() ? "rtpsec (OpenSSL EVP)" : "libsrtp";
}

std::string_view hmac_sha1_implementation() noexcept {
    return detail::hmac_sha1_auth_installed() ? "rtpsec (OpenSSL SHA-1 states)" : "libsrtp";
}

}  // namespace rtpsec::srtp
