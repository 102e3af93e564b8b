// SPDX-License-Identifier: BSD-3-Clause
// The one seam between DTLS and SRTP: exported keying material and our DTLS
// role in, the master key and salt for each direction out.
//
// A pure function over bytes (no libsrtp, no OpenSSL), so dtls/ can hand its
// export straight over and the split is testable on a hand-worked example.
#pragma once

#include <cstdint>
#include <span>

#include <rtpsec/common/dtls_role.hpp>
#include <rtpsec/common/export.hpp>
#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::srtp {

// Which end of the DTLS handshake we were (not the SDP a=setup value: that
// decides this role, see RFC 5763 §5).
using rtpsec::DtlsRole;

// One direction's SRTP master key and master salt (RFC 3711 §8.2), sized for
// the profile that produced them.
struct RTPSEC_EXPORT MasterKey {
    SecretBytes key;
    SecretBytes salt;
};

// What one endpoint keys its Session with.
struct RTPSEC_EXPORT SessionKeys {
    MasterKey local;   // protects what we send
    MasterKey remote;  // unprotects what the peer sends
};

// RFC 5764 §4.2:
//   "These keys are generated using a TLS exporter [RFC5705] to generate
//
//      2 * (SRTPSecurityParams.master_key_len +
//           SRTPSecurityParams.master_salt_len) bytes of data
//
//    which are assigned as shown below.
//
//      client_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
//      server_write_SRTP_master_key[SRTPSecurityParams.master_key_len];
//      client_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];
//      server_write_SRTP_master_salt[SRTPSecurityParams.master_salt_len];"
//
// The client protects what it sends with the client_write key and salt and the
// server with the server_write ones, so each side's local key is the other
// side's remote key.
//
// `material` is the whole export (label "EXTRACTOR-dtls_srtp", no context) for
// `profile`. Throws std::system_error (SrtpError::bad_param) when it is not
// exactly profile.keying_material_length() bytes. The returned keys are
// copies; the caller still owns (and wipes) `material`.
RTPSEC_EXPORT SessionKeys split_keying_material(const Profile& profile,
                                                std::span<const std::uint8_t> material,
                                                DtlsRole role);

}  // namespace rtpsec::srtp
