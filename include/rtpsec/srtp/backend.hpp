// Which libsrtp, with which crypto backend, this build of rtpsec links, e.g.
// "libsrtp2 2.5.0-3 (static, OpenSSL)" or "libsrtp2 2.5.0 (system, NSS)".
// For version lines and logs: the backend decides SRTP's cost per packet (see
// docs/performance.md).
#pragma once

#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::srtp {

RTPSEC_EXPORT std::string_view crypto_backend() noexcept;

// Which AES-GCM code libsrtp runs for the GCM profiles: "rtpsec (OpenSSL EVP)",
// installed when libsrtp is initialised (srtp/aes_gcm_cipher.hpp says why), or
// "libsrtp" when RTPSEC_LIBSRTP_STOCK_GCM=1 kept libsrtp's own. Initialises
// libsrtp if nothing has yet; throws std::system_error if that fails.
RTPSEC_EXPORT std::string_view aes_gcm_implementation();

}  // namespace rtpsec::srtp
