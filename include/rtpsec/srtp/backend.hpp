// SPDX-License-Identifier: BSD-3-Clause
// Which libsrtp, with which crypto backend, this build of rtpsec links, e.g.
// "libsrtp2 2.5.0-3 (static, OpenSSL)" or "libsrtp2 2.5.0 (system, NSS)".
// For version lines and logs: the backend decides SRTP's cost per packet (see
// docs/performance.md).
#pragma once

#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::srtp {

RTPSEC_EXPORT std::string_view crypto_backend() noexcept;

}  // namespace rtpsec::srtp
