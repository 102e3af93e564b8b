#include <rtpsec/srtp/backend.hpp>

#include "aes_gcm_cipher.hpp"
#include "libsrtp_library.hpp"

// Defined by srtp/CMakeLists.txt from RTPSEC_LIBSRTP_BACKEND (cmake/Libsrtp.cmake).
#ifndef RTPSEC_LIBSRTP_BACKEND
#error "RTPSEC_LIBSRTP_BACKEND must name the libsrtp build this library links"
#endif

namespace rtpsec::srtp {

std::string_view crypto_backend() noexcept {
    return RTPSEC_LIBSRTP_BACKEND;
}

std::string_view aes_gcm_implementation() {
    detail::ensure_libsrtp_initialized();
    return detail::aes_gcm_cipher_installed() ? "rtpsec (OpenSSL EVP)" : "libsrtp";
}

}  // namespace rtpsec::srtp
