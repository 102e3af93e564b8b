// SPDX-License-Identifier: BSD-3-Clause
// a=tls-id (RFC 8842 §4): names a DTLS association, so that a re-offer can say
// whether it keeps the association or asks for a new one.
#pragma once

#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

// RFC 8842 §4: tls-id-value = 20*255(tls-id-char),
// tls-id-char = ALPHA / DIGIT / "+" / "/" / "-" / "_".
RTPSEC_EXPORT bool is_valid_tls_id(std::string_view value);

// A fresh random tls-id: 32 characters of [A-Za-z0-9+/], 192 bits from the
// kernel's random source, so it is unique per association (RFC 8842 §4).
RTPSEC_EXPORT std::string generate_tls_id();

}  // namespace rtpsec::sdp
