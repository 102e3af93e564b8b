// SPDX-License-Identifier: BSD-3-Clause
#include "libsrtp_context.hpp"

#include <algorithm>
#include <srtp2/srtp.h>
#include <string>
#include <system_error>

#include "libsrtp_status.hpp"

namespace rtpsec::srtp {

void detail::LibsrtpContextDeleter::operator()(srtp_ctx_t_* context) const noexcept {
    // srtp_dealloc zeroes the session keys and cipher state before freeing them.
    srtp_dealloc(context);
}

namespace detail {
namespace {

srtp_profile_t libsrtp_profile(ProfileId id) {
    switch (id) {
        case ProfileId::aes128_cm_sha1_80:
            return srtp_profile_aes128_cm_sha1_80;
        case ProfileId::aes128_cm_sha1_32:
            return srtp_profile_aes128_cm_sha1_32;
        case ProfileId::aead_aes_128_gcm:
            return srtp_profile_aead_aes_128_gcm;
        case ProfileId::aead_aes_256_gcm:
            return srtp_profile_aead_aes_256_gcm;
    }
    return srtp_profile_reserved;
}

const char* direction_name(Direction direction) {
    return direction == Direction::outbound ? "outbound" : "inbound";
}

void check(srtp_err_status_t status, const Profile& profile, Direction direction,
           const char* step) {
    if (status == srtp_err_status_ok) return;
    throw std::system_error(setup_error(status), std::string(step) + " for the " +
                                                     direction_name(direction) + " " +
                                                     std::string(profile.name) + " context");
}

}  // namespace

LibsrtpContext create_libsrtp_context(const Profile& profile, const MasterKey& master,
                                      Direction direction, std::size_t replay_window) {
    // libsrtp takes one buffer, master key || master salt, and runs the RFC 3711
    // §4.3 key derivation over it (for the GCM profiles the 12-byte salt is
    // zero-padded to the KDF's 112 bits, as RFC 7714 §11 with erratum 4938 says).
    SecretBytes key_and_salt(master.key.size() + master.salt.size());
    std::copy(master.key.span().begin(), master.key.span().end(), key_and_salt.data());
    std::copy(master.salt.span().begin(), master.salt.span().end(),
              key_and_salt.data() + master.key.size());

    // RFC 5764 §4.1.2: each profile fixes its SRTP and SRTCP transforms (for
    // SRTP_AES128_CM_SHA1_32 the SRTCP tag stays 80 bits); libsrtp knows them
    // by the same use_srtp ids.
    srtp_policy_t policy{};
    const srtp_profile_t id = libsrtp_profile(profile.id);
    check(srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, id), profile, direction,
          "srtp_crypto_policy_set_from_profile_for_rtp");
    check(srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, id), profile, direction,
          "srtp_crypto_policy_set_from_profile_for_rtcp");
    policy.ssrc.type = direction == Direction::outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key_and_salt.data();
    policy.window_size = replay_window;
    policy.allow_repeat_tx = 0;
    policy.next = nullptr;

    srtp_t context = nullptr;
    check(srtp_create(&context, &policy), profile, direction, "srtp_create");
    return LibsrtpContext(context);
}

std::size_t rtp_trailer_length(const LibsrtpContext& context) {
    std::uint32_t length = 0;
    if (srtp_get_protect_trailer_length(context.get(), 0, 0, &length) != srtp_err_status_ok) {
        return 0;
    }
    return length;
}

std::size_t rtcp_trailer_length(const LibsrtpContext& context) {
    std::uint32_t length = 0;
    if (srtp_get_protect_rtcp_trailer_length(context.get(), 0, 0, &length) != srtp_err_status_ok) {
        return 0;
    }
    return length;
}

}  // namespace detail
}  // namespace rtpsec::srtp
