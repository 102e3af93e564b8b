// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/srtp/backend.hpp>

// Defined by srtp/CMakeLists.txt from RTPSEC_LIBSRTP_BACKEND (cmake/Libsrtp.cmake).
#ifndef RTPSEC_LIBSRTP_BACKEND
#error "RTPSEC_LIBSRTP_BACKEND must name the libsrtp build this library links"
#endif

namespace rtpsec::srtp {

std::string_view crypto_backend() noexcept {
    return RTPSEC_LIBSRTP_BACKEND;
}

}  // namespace rtpsec::srtp
