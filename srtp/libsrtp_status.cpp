// SPDX-License-Identifier: BSD-3-Clause
#include "libsrtp_status.hpp"

#include <rtpsec/srtp/error.hpp>

namespace rtpsec::srtp::detail {
namespace {

SrtpError to_srtp_error(srtp_err_status_t status) noexcept {
    switch (status) {
        case srtp_err_status_auth_fail:
            return SrtpError::auth_fail;
        case srtp_err_status_replay_fail:
            return SrtpError::replay_fail;
        case srtp_err_status_replay_old:
        case srtp_err_status_pkt_idx_old:
            return SrtpError::replay_old;
        case srtp_err_status_parse_err:
        case srtp_err_status_bad_mki:  // we never configure an MKI, so one cannot match
        // SRTCP whose E flag disagrees with the profile (an encrypted profile
        // receiving "unencrypted" SRTCP): libsrtp declines to check it.
        case srtp_err_status_cant_check:
            return SrtpError::malformed;
        case srtp_err_status_cipher_fail:
            return SrtpError::cipher_fail;
        case srtp_err_status_bad_param:
            return SrtpError::bad_param;
        case srtp_err_status_key_expired:
            return SrtpError::key_expired;
        case srtp_err_status_no_ctx:
            return SrtpError::no_ctx;
        case srtp_err_status_alloc_fail:
            return SrtpError::alloc_fail;
        case srtp_err_status_init_fail:
            return SrtpError::init_fail;
        default:
            return SrtpError::library_fail;
    }
}

}  // namespace

std::error_code packet_error(srtp_err_status_t status) noexcept {
    if (status == srtp_err_status_ok) return {};
    if (status == srtp_err_status_bad_param) return make_error_code(SrtpError::malformed);
    return make_error_code(to_srtp_error(status));
}

std::error_code setup_error(srtp_err_status_t status) noexcept {
    if (status == srtp_err_status_ok) return {};
    return make_error_code(to_srtp_error(status));
}

}  // namespace rtpsec::srtp::detail
