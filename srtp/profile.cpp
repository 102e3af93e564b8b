// SPDX-License-Identifier: BSD-3-Clause
#include <array>

#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::srtp {
namespace {

// AES-CM profiles: 16-byte key, 14-byte salt (RFC 3711 §8.2). The _32 profile
// has a 4-byte tag on SRTP only; SRTCP keeps the 10-byte tag (RFC 5764 §4.1.2).
// GCM profiles: 12-byte salt and a 16-byte tag on both (RFC 7714 §12, §14.2).
constexpr std::array<Profile, 4> profiles{{
    {ProfileId::aead_aes_128_gcm, "SRTP_AEAD_AES_128_GCM", 16, 12, 16, 16, true},
    {ProfileId::aead_aes_256_gcm, "SRTP_AEAD_AES_256_GCM", 32, 12, 16, 16, true},
    {ProfileId::aes128_cm_sha1_80, "SRTP_AES128_CM_SHA1_80", 16, 14, 10, 10, false},
    {ProfileId::aes128_cm_sha1_32, "SRTP_AES128_CM_SHA1_32", 16, 14, 4, 10, false},
}};

}  // namespace

std::span<const Profile> all_profiles() {
    return profiles;
}

const Profile* find_profile(ProfileId id) {
    for (const auto& p : profiles) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

const Profile* find_profile(std::uint16_t use_srtp_id) {
    return find_profile(static_cast<ProfileId>(use_srtp_id));
}

const Profile* find_profile(std::string_view name) {
    for (const auto& p : profiles) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

}  // namespace rtpsec::srtp
