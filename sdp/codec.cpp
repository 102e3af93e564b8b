// SPDX-License-Identifier: BSD-3-Clause
#include <array>

#include <rtpsec/sdp/codec.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

struct StaticEntry {
    std::uint8_t payload_type;
    std::string_view name;
    std::uint32_t clock_rate;
    unsigned channels;
};

// RFC 3551 §6, tables 4 (audio) and 5 (video).
constexpr std::array<StaticEntry, 24> static_table{{
    {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
    {10, "L16", 44100, 2},  {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
    {14, "MPA", 90000, 1},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1},  {25, "CelB", 90000, 1}, {26, "JPEG", 90000, 1}, {28, "nv", 90000, 1},
    {31, "H261", 90000, 1}, {32, "MPV", 90000, 1},  {33, "MP2T", 90000, 1}, {34, "H263", 90000, 1},
}};

}  // namespace

std::optional<RtpMap> RtpMap::parse(std::string_view value, std::string& why) {
    value = detail::trim(value);
    const auto space = value.find_first_of(" \t");
    if (space == std::string_view::npos) {
        why =
            "a=rtpmap needs '<payload type> <encoding>/<clock rate>', got " + detail::quoted(value);
        return std::nullopt;
    }
    const auto pt = detail::parse_unsigned<unsigned>(value.substr(0, space), 127);
    if (!pt) {
        why = "a=rtpmap payload type " + detail::quoted(value.substr(0, space)) +
              " is not a number from 0 to 127";
        return std::nullopt;
    }
    const std::string_view encoding = detail::trim(value.substr(space));
    const auto slash = encoding.find('/');
    const auto name = encoding.substr(0, slash);
    if (slash == std::string_view::npos || !detail::is_token(name)) {
        why = "a=rtpmap encoding " + detail::quoted(encoding) + " is not '<name>/<clock rate>'";
        return std::nullopt;
    }
    const std::string_view rest = encoding.substr(slash + 1);
    const auto second = rest.find('/');
    const auto rate = detail::parse_unsigned<std::uint32_t>(rest.substr(0, second));
    if (!rate || *rate == 0) {
        why = "a=rtpmap clock rate " + detail::quoted(rest.substr(0, second)) +
              " is not a positive number";
        return std::nullopt;
    }
    RtpMap map;
    map.payload_type = static_cast<std::uint8_t>(*pt);
    map.encoding_name = std::string(name);
    map.clock_rate = *rate;
    if (second != std::string_view::npos) {
        const auto parameters = rest.substr(second + 1);
        if (!detail::is_token(parameters)) {
            why = "a=rtpmap encoding parameters " + detail::quoted(parameters) + " are not a token";
            return std::nullopt;
        }
        map.encoding_parameters = std::string(parameters);
    }
    return map;
}

std::string RtpMap::to_string() const {
    std::string out =
        std::to_string(payload_type) + " " + encoding_name + "/" + std::to_string(clock_rate);
    if (encoding_parameters) out += "/" + *encoding_parameters;
    return out;
}

std::optional<Codec> static_payload_type(std::uint8_t payload_type) {
    for (const auto& entry : static_table) {
        if (entry.payload_type == payload_type) {
            return Codec{entry.payload_type, std::string(entry.name), entry.clock_rate,
                         entry.channels};
        }
    }
    return std::nullopt;
}

std::optional<SupportedCodec> supported_codec(const Codec& codec) {
    if (codec.clock_rate != 8000 || codec.channels != 1) return std::nullopt;
    if (detail::iequals(codec.name, "PCMU")) return SupportedCodec::pcmu;
    if (detail::iequals(codec.name, "PCMA")) return SupportedCodec::pcma;
    if (detail::iequals(codec.name, "telephone-event")) return SupportedCodec::telephone_event;
    return std::nullopt;
}

}  // namespace rtpsec::sdp
