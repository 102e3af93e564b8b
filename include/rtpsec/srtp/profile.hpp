// SPDX-License-Identifier: BSD-3-Clause
// The SRTP protection profiles negotiated with DTLS use_srtp.
//
// Pure data, no libsrtp: the DTLS engine uses it to offer profiles and size the
// key export, srtp/ to key libsrtp. Ids and lengths from RFC 5764 §4.1.2 and
// RFC 7714 §14.2; names as registered for use_srtp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::srtp {

enum class ProfileId : std::uint16_t {
    aes128_cm_sha1_80 = 0x0001,  // SRTP_AES128_CM_SHA1_80, RFC 5764 §4.1.2
    aes128_cm_sha1_32 = 0x0002,  // SRTP_AES128_CM_SHA1_32, RFC 5764 §4.1.2
    aead_aes_128_gcm = 0x0007,   // SRTP_AEAD_AES_128_GCM, RFC 7714 §14.2
    aead_aes_256_gcm = 0x0008,   // SRTP_AEAD_AES_256_GCM, RFC 7714 §14.2
};

struct RTPSEC_EXPORT Profile {
    ProfileId id;
    std::string_view name;        // "SRTP_AES128_CM_SHA1_80", ...
    std::size_t key_length;       // master key, bytes
    std::size_t salt_length;      // master salt, bytes
    std::size_t rtp_tag_length;   // authentication tag appended to SRTP
    std::size_t rtcp_tag_length;  // authentication tag appended to SRTCP
    bool aead;

    // 2 × (key + salt): what the DTLS key export must produce (RFC 5764 §4.2).
    std::size_t keying_material_length() const { return 2 * (key_length + salt_length); }
    // Bytes an SRTP packet grows by when protected (tag; for SRTCP plus the 4-byte index).
    std::size_t rtp_overhead() const { return rtp_tag_length; }
    std::size_t rtcp_overhead() const { return rtcp_tag_length + 4; }
};

// Every profile we support, in our default preference order (GCM first: cheaper
// per packet with AES-NI, and authenticated encryption).
RTPSEC_EXPORT std::span<const Profile> all_profiles();
RTPSEC_EXPORT const Profile* find_profile(ProfileId id);
RTPSEC_EXPORT const Profile* find_profile(std::uint16_t use_srtp_id);
// Exact, case-sensitive registered name.
RTPSEC_EXPORT const Profile* find_profile(std::string_view name);

// The largest SRTP/SRTCP growth over all profiles: tailroom a buffer needs.
inline constexpr std::size_t max_protect_overhead = 16 + 4;

}  // namespace rtpsec::srtp
