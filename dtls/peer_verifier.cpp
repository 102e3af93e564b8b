// SPDX-License-Identifier: BSD-3-Clause
#include "peer_verifier.hpp"

#include <algorithm>
#include <vector>

#include <rtpsec/dtls/error.hpp>

#include "certificate_impl.hpp"

namespace rtpsec::dtls::detail {
namespace {

// "sha-256 AA:.., sha-1 BB:.."
std::string join(std::span<const Fingerprint> fingerprints) {
    std::string text;
    for (const auto& f : fingerprints) {
        if (!text.empty()) text += ", ";
        text += f.to_string();
    }
    return text;
}

}  // namespace

PeerVerification verify_peer(X509* certificate, std::span<const Fingerprint> expected,
                             bool insecure) {
    PeerVerification result;
    result.peer_sha256 = fingerprint_of(certificate, HashAlgorithm::sha256);
    if (insecure) {
        result.accepted = true;
        return result;
    }

    // The peer's fingerprint in every algorithm the expected list uses, for
    // matching and for the message.
    std::vector<Fingerprint> presented;
    if (result.peer_sha256) presented.push_back(*result.peer_sha256);  // computed once, reused
    bool any_trusted = false;
    for (const auto& want : expected) {
        if (!is_trusted(want.algorithm())) continue;  // RFC 8122 §5: never md2/md5
        any_trusted = true;
        auto have = std::find_if(presented.begin(), presented.end(), [&](const Fingerprint& f) {
            return f.algorithm() == want.algorithm();
        });
        if (have == presented.end()) {
            auto computed = fingerprint_of(certificate, want.algorithm());
            if (!computed) continue;
            presented.push_back(*computed);
            have = presented.end() - 1;
        }
        // RFC 8122 §5: a match with any one of them authenticates the peer.
        if (*have == want && !result.matched) result.matched = want;
    }
    if (result.matched) {
        result.accepted = true;
        return result;
    }

    if (!any_trusted) {
        result.error = Error::no_trusted_fingerprint;
        result.message =
            expected.empty()
                ? "no expected fingerprint for the peer; peer presented " + join(presented)
                : "no trusted fingerprint: md2/md5 never authenticate a peer "
                  "(RFC 8122 §5); expected " +
                      join(expected) + "; peer presented " + join(presented);
        return result;
    }
    result.error = Error::fingerprint_mismatch;
    result.message =
        "fingerprint mismatch: expected " + join(expected) + "; peer presented " + join(presented);
    return result;
}

}  // namespace rtpsec::dtls::detail
