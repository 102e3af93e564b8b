// SPDX-License-Identifier: BSD-3-Clause
// RTP payload formats: a=rtpmap (RFC 8866 §6.6), the static payload types of
// RFC 3551 §6, and the audio codecs rtpsec negotiates: PCMU/8000, PCMA/8000
// (G.711) and telephone-event/8000 (RFC 4733).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

// "a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]"
struct RTPSEC_EXPORT RtpMap {
    std::uint8_t payload_type = 0;  // 0..127
    std::string encoding_name;
    std::uint32_t clock_rate = 0;
    std::optional<std::string> encoding_parameters;  // channels, for audio

    static std::optional<RtpMap> parse(std::string_view value, std::string& why);
    std::string to_string() const;

    friend bool operator==(const RtpMap&, const RtpMap&) = default;
};

// One payload format of an m= line with what it means.
struct RTPSEC_EXPORT Codec {
    std::uint8_t payload_type = 0;
    std::string name;  // "" when a dynamic payload type has no a=rtpmap
    std::uint32_t clock_rate = 0;
    unsigned channels = 1;

    friend bool operator==(const Codec&, const Codec&) = default;
};

// RFC 3551 §6 table 4 and 5: the static payload types (0 PCMU/8000, 8 PCMA/8000, ...).
RTPSEC_EXPORT std::optional<Codec> static_payload_type(std::uint8_t payload_type);

// The codecs rtpsec can send and receive.
enum class SupportedCodec { pcmu, pcma, telephone_event };

// Which supported codec `codec` is (media type names are case-insensitive, RFC 6838 §4.2);
// nullopt for everything else, including telephone-event at other clock rates.
RTPSEC_EXPORT std::optional<SupportedCodec> supported_codec(const Codec& codec);

}  // namespace rtpsec::sdp
