// SPDX-License-Identifier: BSD-3-Clause
// One media section of an SDP (RFC 8866 §5.14): the m= line and the i=, c=,
// b=, k= and a= lines under it, with typed readers for the attributes rtpsec
// uses. Every line is kept, interpreted or not, so parse -> write -> parse
// gives the same value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sdp/attribute.hpp>
#include <rtpsec/sdp/codec.hpp>
#include <rtpsec/sdp/connection.hpp>
#include <rtpsec/sdp/rtcp.hpp>

namespace rtpsec::sdp {

// RFC 8866 §6.7 (a=sendrecv, ...); sendrecv when none is given.
enum class Direction { sendrecv, sendonly, recvonly, inactive };
RTPSEC_EXPORT std::string_view direction_name(Direction direction);
// RFC 3264 §6.1: sendonly is answered recvonly and the other way round.
RTPSEC_EXPORT Direction answer_direction(Direction offered);

// "b=<bwtype>:<bandwidth>" (RFC 8866 §5.8), bandwidth in kilobits per second
// for CT and AS.
struct RTPSEC_EXPORT Bandwidth {
    std::string type;
    std::uint64_t value = 0;

    friend bool operator==(const Bandwidth&, const Bandwidth&) = default;
};

struct RTPSEC_EXPORT MediaDescription {
    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    std::string media;       // "audio", "video", "application", ...
    std::uint16_t port = 0;  // 0 rejects or disables the stream (RFC 3264 §6)
    std::optional<std::uint16_t> port_count;
    std::string proto;                 // "UDP/TLS/RTP/SAVP", "RTP/AVP", ...
    std::vector<std::string> formats;  // payload types for RTP protos

    std::optional<std::string> information;     // i=
    std::vector<ConnectionData> connections;    // c= (several only for multicast)
    std::vector<Bandwidth> bandwidths;          // b=
    std::optional<std::string> encryption_key;  // k= (obsolete, kept as is)
    AttributeList attributes;                   // a=

    // Media-level attributes only; see session_description.hpp for the
    // values that fall back to the session level.
    std::optional<Direction> direction() const;
    std::optional<std::string_view> mid() const;  // RFC 5888 §4
    bool rtcp_mux() const;                        // RFC 5761 §5.1.1
    std::optional<RtcpAttribute> rtcp() const;    // RFC 3605
    std::optional<unsigned> ptime() const;        // milliseconds
    std::optional<RtpMap> rtpmap(std::uint8_t payload_type) const;
    std::optional<std::string_view> fmtp(std::string_view format) const;
    // The m= line's payload formats with their names, in m= order: from
    // a=rtpmap, else the static table of RFC 3551. Empty for non-RTP protos;
    // formats that are not payload type numbers are skipped.
    std::vector<Codec> codecs() const;
    std::vector<std::string_view> candidates() const;  // a=candidate values (RFC 8839 §5.1)
    bool has_crypto() const;                           // a=crypto (SDES, RFC 4568)
    bool is_rtp() const;        // an RTP proto ("RTP/AVP", "UDP/TLS/RTP/SAVPF", ...)
    bool is_dtls_srtp() const;  // UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF (RFC 5764 §8)

    friend bool operator==(const MediaDescription&, const MediaDescription&) = default;
};

}  // namespace rtpsec::sdp
