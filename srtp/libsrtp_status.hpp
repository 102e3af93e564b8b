// SPDX-License-Identifier: BSD-3-Clause
// libsrtp's srtp_err_status_t as our SrtpError. Private to srtp/.
#pragma once

#include <srtp2/srtp.h>
#include <system_error>

namespace rtpsec::srtp::detail {

// For protect/unprotect: libsrtp answers a too-short packet with bad_param and
// a bad header with parse_err; both become SrtpError::malformed, so that
// bad_param keeps meaning "the caller passed something wrong".
std::error_code packet_error(srtp_err_status_t status) noexcept;

// For srtp_init/srtp_create: bad_param stays bad_param.
std::error_code setup_error(srtp_err_status_t status) noexcept;

}  // namespace rtpsec::srtp::detail
