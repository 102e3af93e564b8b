// SPDX-License-Identifier: BSD-3-Clause
// The fingerprint check that authenticates a DTLS-SRTP peer (RFC 5763 §5,
// RFC 8122 §5): the self-signed certificate is accepted when its fingerprint
// matches any expected one. Private to dtls/.
#pragma once

#include <openssl/x509.h>
#include <optional>
#include <span>
#include <string>
#include <system_error>

#include <rtpsec/dtls/fingerprint.hpp>

namespace rtpsec::dtls::detail {

struct PeerVerification {
    bool accepted = false;
    std::optional<Fingerprint> peer_sha256;  // absent only if hashing failed
    std::optional<Fingerprint> matched;
    std::error_code error;  // Error::fingerprint_mismatch or Error::no_trusted_fingerprint
    std::string message;    // names every expected value and the peer's
};

// `insecure`: accept any certificate (EngineConfig::insecure_skip_peer_verification).
PeerVerification verify_peer(X509* certificate, std::span<const Fingerprint> expected,
                             bool insecure);

}  // namespace rtpsec::dtls::detail
