// SPDX-License-Identifier: BSD-3-Clause
// Which side of the DTLS handshake we are. One type for every layer: sdp/
// decides it from a=setup (RFC 5763 §5), dtls/ runs the handshake in it, and
// srtp/ picks our keys from the export by it (RFC 5764 §4.2).
#pragma once

#include <cstdint>
#include <string_view>

namespace rtpsec {

enum class DtlsRole : std::uint8_t { client, server };

// "client" / "server".
constexpr std::string_view dtls_role_name(DtlsRole role) {
    return role == DtlsRole::client ? "client" : "server";
}

}  // namespace rtpsec
