// SPDX-License-Identifier: BSD-3-Clause
// A libsrtp context made the way an application using libsrtp directly would:
// the "bare" side of the benchmarks that compare a path of ours with libsrtp.
#pragma once

#include <cstdint>
#include <srtp2/srtp.h>
#include <stdexcept>
#include <vector>

#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::bench {

// `key_and_salt`: the master key then the master salt, for every SSRC of
// `direction` (ssrc_any_inbound or ssrc_any_outbound); replay window 1024,
// as srtp::Session's default. Throws if libsrtp refuses.
inline srtp_t create_bare_context(const srtp::Profile& profile,
                                  std::vector<std::uint8_t>& key_and_salt,
                                  srtp_ssrc_type_t direction) {
    srtp_policy_t policy{};
    const auto id = static_cast<srtp_profile_t>(profile.id);  // use_srtp ids, as libsrtp's
    srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, id);
    srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, id);
    policy.ssrc.type = direction;
    policy.key = key_and_salt.data();
    policy.window_size = 1024;
    srtp_t context = nullptr;
    if (srtp_create(&context, &policy) != srtp_err_status_ok)
        throw std::runtime_error("srtp_create failed");
    return context;
}

}  // namespace rtpsec::bench
