// SPDX-License-Identifier: BSD-3-Clause
// One libsrtp context keyed for one direction of a Session. Private to srtp/.
#pragma once

#include <cstddef>

#include <rtpsec/srtp/key_split.hpp>
#include <rtpsec/srtp/profile.hpp>
#include <rtpsec/srtp/session.hpp>

namespace rtpsec::srtp::detail {

enum class Direction { outbound, inbound };

// A context whose wildcard template (ssrc_any_outbound or ssrc_any_inbound)
// protects or unprotects every SSRC with `master`. libsrtp must be
// initialised and `master` sized for `profile`. Throws std::system_error when
// libsrtp refuses the policy or fails to create the context.
LibsrtpContext create_libsrtp_context(const Profile& profile, const MasterKey& master,
                                      Direction direction, std::size_t replay_window);

// Bytes libsrtp appends when protecting with `context` (tag; for SRTCP also
// the E flag and index), as libsrtp itself reports them.
std::size_t rtp_trailer_length(const LibsrtpContext& context);
std::size_t rtcp_trailer_length(const LibsrtpContext& context);

}  // namespace rtpsec::srtp::detail
