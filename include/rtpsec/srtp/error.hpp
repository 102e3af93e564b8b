// SPDX-License-Identifier: BSD-3-Clause
// Errors of the SRTP layer, in the `rtpsec.srtp` std::error_code category.
//
// protect/unprotect report through these values instead of throwing: a forged,
// replayed or mangled packet is an everyday event on the packet path. The
// values follow libsrtp's status codes (srtp_err_status_t) so a log line maps
// back to libsrtp's documentation, plus the checks we make before calling it.
//
// What the caller does with each one is is_fatal()'s answer: drop the packet
// and count it, or tear the SRTP association down (and re-key).
#pragma once

#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::srtp {

enum class SrtpError {
    // Drop and count: one packet was bad, the session is intact.
    auth_fail = 1,     // authentication tag did not verify: forged, corrupted or wrong key
    replay_fail,       // packet index already received (inside the replay window)
    replay_old,        // packet index behind the replay window: too old to check
    malformed,         // not an RTP/RTCP packet libsrtp can process (too short, bad header)
    cipher_fail,       // the cipher rejected this packet (e.g. shorter than its AEAD tag)
    buffer_too_small,  // no tailroom for the tag (and SRTCP index); the buffer is untouched
    bad_param,         // packet length larger than the buffer, or a bad setup parameter

    // Tear down: the session can no longer protect or unprotect.
    key_expired,   // the key usage limit is reached (RFC 3711 §9.2): re-key
    no_ctx,        // the session holds no libsrtp context (moved from)
    alloc_fail,    // libsrtp could not allocate memory
    init_fail,     // libsrtp could not initialise a cipher or stream
    library_fail,  // any other libsrtp failure: treat as an internal error
};

RTPSEC_EXPORT const std::error_category& srtp_category() noexcept;
RTPSEC_EXPORT std::error_code make_error_code(SrtpError e) noexcept;

// True when the SRTP association must be torn down (and re-keyed); false for
// the per-packet failures the caller drops and counts, and for errors of
// other categories (they are not ours to judge).
RTPSEC_EXPORT bool is_fatal(std::error_code ec) noexcept;

}  // namespace rtpsec::srtp

template <>
struct std::is_error_code_enum<rtpsec::srtp::SrtpError> : std::true_type {};
