// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/sdp/media_description.hpp>

#include "text.hpp"

namespace rtpsec::sdp {

std::string_view direction_name(Direction direction) {
    switch (direction) {
        case Direction::sendrecv:
            return "sendrecv";
        case Direction::sendonly:
            return "sendonly";
        case Direction::recvonly:
            return "recvonly";
        case Direction::inactive:
            return "inactive";
    }
    return "sendrecv";
}

Direction answer_direction(Direction offered) {
    switch (offered) {
        case Direction::sendonly:
            return Direction::recvonly;
        case Direction::recvonly:
            return Direction::sendonly;
        case Direction::sendrecv:
        case Direction::inactive:
            break;
    }
    return offered;
}

std::optional<Direction> MediaDescription::direction() const {
    for (const auto& a : attributes) {
        for (Direction d :
             {Direction::sendrecv, Direction::sendonly, Direction::recvonly, Direction::inactive}) {
            if (detail::iequals(a.name, direction_name(d))) return d;
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> MediaDescription::mid() const {
    auto value = attributes.find("mid");
    if (value) value = detail::trim(*value);
    return value;
}

bool MediaDescription::rtcp_mux() const {
    return attributes.contains("rtcp-mux");
}

std::optional<RtcpAttribute> MediaDescription::rtcp() const {
    const auto value = attributes.find("rtcp");
    if (!value) return std::nullopt;
    std::string why;
    return RtcpAttribute::parse(*value, why);
}

std::optional<unsigned> MediaDescription::ptime() const {
    const auto value = attributes.find("ptime");
    if (!value) return std::nullopt;
    const auto trimmed = detail::trim(*value);
    // Some senders write "20.0"; the fraction of a millisecond is of no use for G.711.
    return detail::parse_unsigned<unsigned>(trimmed.substr(0, trimmed.find('.')), 10000);
}

std::optional<RtpMap> MediaDescription::rtpmap(std::uint8_t payload_type) const {
    for (const auto value : attributes.find_all("rtpmap")) {
        std::string why;
        auto map = RtpMap::parse(value, why);
        if (map && map->payload_type == payload_type) return map;
    }
    return std::nullopt;
}

std::optional<std::string_view> MediaDescription::fmtp(std::string_view format) const {
    for (const auto value : attributes.find_all("fmtp")) {
        const auto trimmed = detail::trim(value);
        const auto space = trimmed.find_first_of(" \t");
        if (trimmed.substr(0, space) == format) {
            return space == std::string_view::npos ? std::string_view{}
                                                   : detail::trim(trimmed.substr(space));
        }
    }
    return std::nullopt;
}

std::vector<Codec> MediaDescription::codecs() const {
    std::vector<Codec> out;
    if (!is_rtp()) return out;
    for (const auto& format : formats) {
        const auto pt = detail::parse_unsigned<unsigned>(format, 127);
        if (!pt) continue;
        const auto payload_type = static_cast<std::uint8_t>(*pt);
        if (const auto map = rtpmap(payload_type)) {
            Codec codec{payload_type, map->encoding_name, map->clock_rate, 1};
            // RFC 8866 §6.6: for audio the encoding parameter is the channel count.
            if (map->encoding_parameters && media == "audio") {
                codec.channels =
                    detail::parse_unsigned<unsigned>(*map->encoding_parameters, 255).value_or(1);
            }
            out.push_back(std::move(codec));
        } else if (auto known = static_payload_type(payload_type)) {
            out.push_back(std::move(*known));
        } else {
            out.push_back(Codec{payload_type, {}, 0, 1});
        }
    }
    return out;
}

std::vector<std::string_view> MediaDescription::candidates() const {
    return attributes.find_all("candidate");
}

bool MediaDescription::has_crypto() const {
    return attributes.contains("crypto");
}

bool MediaDescription::is_rtp() const {
    const std::string lower = detail::to_lower(proto);
    return lower.find("rtp/") != std::string::npos;
}

bool MediaDescription::is_dtls_srtp() const {
    return detail::iequals(proto, "UDP/TLS/RTP/SAVP") ||
           detail::iequals(proto, "UDP/TLS/RTP/SAVPF");
}

}  // namespace rtpsec::sdp
