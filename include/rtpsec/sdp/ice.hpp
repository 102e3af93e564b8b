// SPDX-License-Identifier: BSD-3-Clause
// ICE attributes (RFC 8839): the credentials and candidates an answer carries
// when the offer used ICE, and the peer's as read from its SDP. rtpsec writes
// ICE-lite (RFC 8445 §2.5): one host candidate on the media port.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sdp/rtcp.hpp>
#include <rtpsec/sdp/session_description.hpp>

namespace rtpsec::sdp {

struct RTPSEC_EXPORT IceParameters {
    std::string ufrag;  // a=ice-ufrag, 4 to 256 ice-chars (RFC 8839 §5.4)
    std::string pwd;    // a=ice-pwd, 22 to 256 ice-chars
    bool lite = false;  // a=ice-lite at session level
    // a=candidate values without the "candidate:" prefix, e.g.
    // "1 1 udp 2130706431 192.0.2.1 40000 typ host".
    std::vector<std::string> candidates;

    friend bool operator==(const IceParameters&, const IceParameters&) = default;
};

// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
RTPSEC_EXPORT bool is_valid_ice_ufrag(std::string_view ufrag);
RTPSEC_EXPORT bool is_valid_ice_pwd(std::string_view pwd);

// Random ICE-lite credentials (8-character ufrag, 24-character password, from
// the kernel's random source) and one host candidate for `host`, priority
// 2130706431: type preference 126, local preference 65535, component 1
// (RFC 8445 §5.1.2.1).
RTPSEC_EXPORT IceParameters generate_ice_lite_parameters(const TransportAddress& host);

// The ICE parameters that apply to `media`: ufrag and pwd from the media
// level, else the session level; candidates from the media level; lite from
// the session level. nullopt when there is no ice-ufrag at either level.
RTPSEC_EXPORT std::optional<IceParameters> ice_parameters(const SessionDescription& session,
                                                          const MediaDescription& media);

}  // namespace rtpsec::sdp
