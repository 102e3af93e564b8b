// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/sdp/codec.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/rtcp.hpp>
#include <rtpsec/sdp/setup.hpp>
#include <rtpsec/sdp/tls_id.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

using detail::quoted;

constexpr std::string_view known_line_types = "vosiuepcbtrzkam";

// Reads one SDP. Each step returns false after recording the first error.
class Parser {
  public:
    Parser(const ParseLimits& limits, ParseError& error) : limits_(limits), error_(error) {}

    std::optional<SessionDescription> run(std::string_view text);

  private:
    bool fail(SdpError code, std::string detail) {
        error_.code = code;
        error_.line = line_;
        error_.detail = std::move(detail);
        return false;
    }

    bool line(char type, std::string_view value);
    bool session_field(char type, std::string_view value);
    bool media_field(char type, std::string_view value);
    bool origin(std::string_view value);
    bool connection(std::string_view value, std::optional<ConnectionData>& out);
    bool bandwidth(std::string_view value, std::vector<Bandwidth>& out);
    bool timing(std::string_view value);
    bool media(std::string_view value);
    bool attribute(std::string_view value, AttributeList& level);
    bool check_known_attribute(std::string_view name, const std::optional<std::string>& value,
                               const AttributeList& level);
    bool check_single_valued(std::string_view name, std::string_view value,
                             const AttributeList& level);
    bool check_once(bool& seen, char type);

    const ParseLimits& limits_;
    ParseError& error_;
    SessionDescription description_;
    std::size_t line_ = 0;
    std::size_t first_media_line_ = 0;
    bool seen_version_ = false;
    bool seen_origin_ = false;
    bool seen_name_ = false;
    bool seen_information_ = false;
    bool seen_uri_ = false;
    bool seen_connection_ = false;
    bool seen_zones_ = false;
    bool seen_key_ = false;
    bool seen_media_information_ = false;
    bool seen_media_key_ = false;
};

std::optional<SessionDescription> Parser::run(std::string_view text) {
    if (text.size() > limits_.max_bytes) {
        fail(SdpError::too_large, "SDP is " + std::to_string(text.size()) +
                                      " bytes, more than the limit of " +
                                      std::to_string(limits_.max_bytes));
        return std::nullopt;
    }
    description_.timings.clear();
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        std::string_view raw =
            text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        ++line_;
        if (line_ > limits_.max_lines) {
            fail(SdpError::too_many_lines,
                 "SDP has more than " + std::to_string(limits_.max_lines) + " lines");
            return std::nullopt;
        }
        if (raw.size() > limits_.max_line_length) {
            fail(SdpError::line_too_long, "line is " + std::to_string(raw.size()) +
                                              " bytes long, more than the limit of " +
                                              std::to_string(limits_.max_line_length));
            return std::nullopt;
        }
        // Tolerated: CRLF or LF, and whitespace before the line end.
        while (!raw.empty() && (raw.back() == '\r' || detail::is_blank(raw.back())))
            raw.remove_suffix(1);
        if (raw.find('\0') != std::string_view::npos) {
            fail(SdpError::invalid_character, "line contains a NUL byte");
            return std::nullopt;
        }
        if (raw.find('\r') != std::string_view::npos) {
            fail(SdpError::invalid_character, "line contains a carriage return in the middle");
            return std::nullopt;
        }
        if (raw.empty()) continue;
        if (raw.size() < 2 || raw[1] != '=') {
            fail(SdpError::malformed_line,
                 "expected '<type>=<value>' (RFC 8866 §5), got " + quoted(raw));
            return std::nullopt;
        }
        if (!line(raw[0], raw.substr(2))) return std::nullopt;
    }

    const std::size_t end_of_session = first_media_line_ != 0 ? first_media_line_ : line_;
    auto missing = [&](std::string what) {
        error_.code = SdpError::missing_line;
        error_.line = end_of_session;
        error_.detail = std::move(what);
        return std::nullopt;
    };
    if (!seen_version_) {
        error_.code = SdpError::missing_line;
        error_.line = 0;
        error_.detail = "SDP is empty";
        return std::nullopt;
    }
    if (!seen_origin_) return missing("missing o= line (origin, RFC 8866 §5.2)");
    if (!seen_name_) return missing("missing s= line (session name, RFC 8866 §5.3)");
    if (description_.timings.empty()) return missing("missing t= line (timing, RFC 8866 §5.9)");
    return std::move(description_);
}

bool Parser::line(char type, std::string_view value) {
    if (known_line_types.find(type) == std::string_view::npos) {
        return fail(SdpError::unknown_line_type,
                    "line type '" + std::string(1, type) + "=' is not defined by RFC 8866");
    }
    if (!seen_version_) {
        if (type != 'v') {
            return fail(SdpError::misplaced_line,
                        "SDP must begin with v=0, not '" + std::string(1, type) + "='");
        }
        seen_version_ = true;
        if (detail::trim(value) != "0") {
            return fail(SdpError::unsupported_version,
                        "SDP version " + quoted(value) + " is not 0 (RFC 8866 §5.1)");
        }
        return true;
    }
    if (type == 'v') return fail(SdpError::duplicate_line, "second v= line");
    if (type == 'm') return media(value);
    return description_.media.empty() ? session_field(type, value) : media_field(type, value);
}

bool Parser::check_once(bool& seen, char type) {
    if (seen) {
        return fail(SdpError::duplicate_line,
                    "second " + std::string(1, type) + "= line where only one is allowed");
    }
    seen = true;
    return true;
}

bool Parser::session_field(char type, std::string_view value) {
    auto& d = description_;
    switch (type) {
        case 'o':
            return check_once(seen_origin_, type) && origin(value);
        case 's':
            if (!check_once(seen_name_, type)) return false;
            d.session_name = std::string(value);
            return true;
        case 'i':
            if (!check_once(seen_information_, type)) return false;
            d.information = std::string(value);
            return true;
        case 'u':
            if (!check_once(seen_uri_, type)) return false;
            d.uri = std::string(value);
            return true;
        case 'e':
            d.emails.emplace_back(value);
            return true;
        case 'p':
            d.phones.emplace_back(value);
            return true;
        case 'c':
            return check_once(seen_connection_, type) && connection(value, d.connection);
        case 'b':
            return bandwidth(value, d.bandwidths);
        case 't':
            return timing(value);
        case 'r':
            if (d.timings.empty()) return fail(SdpError::misplaced_line, "r= before any t= line");
            if (detail::trim(value).empty()) return fail(SdpError::malformed_timing, "empty r=");
            d.timings.back().repeats.emplace_back(value);
            return true;
        case 'z':
            if (!check_once(seen_zones_, type)) return false;
            d.time_zones = std::string(value);
            return true;
        case 'k':
            if (!check_once(seen_key_, type)) return false;
            d.encryption_key = std::string(value);
            return true;
        case 'a':
            return attribute(value, d.attributes);
        default:
            break;
    }
    return fail(SdpError::unknown_line_type, "unexpected line type");
}

bool Parser::media_field(char type, std::string_view value) {
    auto& m = description_.media.back();
    switch (type) {
        case 'i':
            if (!check_once(seen_media_information_, type)) return false;
            m.information = std::string(value);
            return true;
        case 'c': {
            std::optional<ConnectionData> c;
            if (!connection(value, c)) return false;
            m.connections.push_back(std::move(*c));
            return true;
        }
        case 'b':
            return bandwidth(value, m.bandwidths);
        case 'k':
            if (!check_once(seen_media_key_, type)) return false;
            m.encryption_key = std::string(value);
            return true;
        case 'a':
            return attribute(value, m.attributes);
        default:
            break;
    }
    return fail(SdpError::misplaced_line,
                std::string(1, type) +
                    "= is a session-level line and cannot follow the m= on line " +
                    std::to_string(first_media_line_) + " or later");
}

bool Parser::origin(std::string_view value) {
    const auto f = detail::split_fields(value);
    if (f.size() != 6) {
        return fail(SdpError::malformed_origin,
                    "o= needs 6 fields (<username> <sess-id> <sess-version> <nettype> <addrtype> "
                    "<address>), got " +
                        std::to_string(f.size()));
    }
    const auto version = detail::parse_unsigned<std::uint64_t>(f[2]);
    if (!version) {
        return fail(SdpError::malformed_origin,
                    "o= session version " + quoted(f[2]) + " is not a number below 2^64");
    }
    if (!detail::is_token(f[3]) || !detail::is_token(f[4])) {
        return fail(SdpError::malformed_origin, "o= network or address type is not a token");
    }
    auto& o = description_.origin;
    o.username = std::string(f[0]);
    o.session_id = std::string(f[1]);
    o.session_version = *version;
    o.network_type = std::string(f[3]);
    o.address_type = std::string(f[4]);
    o.address = std::string(f[5]);
    return true;
}

bool Parser::connection(std::string_view value, std::optional<ConnectionData>& out) {
    std::string why;
    out = ConnectionData::parse(value, why);
    if (!out) return fail(SdpError::malformed_connection, "c= " + why);
    return true;
}

bool Parser::bandwidth(std::string_view value, std::vector<Bandwidth>& out) {
    value = detail::trim(value);
    const auto colon = value.find(':');
    const auto type = value.substr(0, colon);
    const auto amount = colon == std::string_view::npos
                            ? std::optional<std::uint64_t>{}
                            : detail::parse_unsigned<std::uint64_t>(value.substr(colon + 1));
    if (!detail::is_token(type) || !amount) {
        return fail(SdpError::malformed_bandwidth,
                    "b= needs '<bwtype>:<bandwidth>' (RFC 8866 §5.8), got " + quoted(value));
    }
    out.push_back({std::string(type), *amount});
    return true;
}

bool Parser::timing(std::string_view value) {
    const auto f = detail::split_fields(value);
    const auto start = f.size() == 2 ? detail::parse_unsigned<std::uint64_t>(f[0]) : std::nullopt;
    const auto stop = f.size() == 2 ? detail::parse_unsigned<std::uint64_t>(f[1]) : std::nullopt;
    if (!start || !stop) {
        return fail(SdpError::malformed_timing,
                    "t= needs '<start-time> <stop-time>' (RFC 8866 §5.9), got " + quoted(value));
    }
    description_.timings.push_back({*start, *stop, {}});
    return true;
}

bool Parser::media(std::string_view value) {
    if (description_.media.size() == limits_.max_media_sections) {
        return fail(SdpError::too_many_media_sections,
                    "more than " + std::to_string(limits_.max_media_sections) + " m= sections");
    }
    if (first_media_line_ == 0) first_media_line_ = line_;
    seen_media_information_ = false;
    seen_media_key_ = false;

    const auto f = detail::split_fields(value);
    if (f.size() < 3) {
        return fail(
            SdpError::malformed_media,
            "m= needs '<media> <port> <proto> <fmt> ...' (RFC 8866 §5.14), got " + quoted(value));
    }
    MediaDescription m;
    if (!detail::is_token(f[0])) {
        return fail(SdpError::malformed_media, "m= media type " + quoted(f[0]) + " is not a token");
    }
    m.media = std::string(f[0]);
    const auto slash = f[1].find('/');
    const auto port = detail::parse_unsigned<std::uint16_t>(f[1].substr(0, slash));
    if (!port) {
        return fail(SdpError::malformed_media,
                    "m= port " + quoted(f[1]) + " is not a number from 0 to 65535");
    }
    m.port = *port;
    if (slash != std::string_view::npos) {
        const auto count = detail::parse_unsigned<std::uint16_t>(f[1].substr(slash + 1));
        if (!count || *count == 0) {
            return fail(SdpError::malformed_media,
                        "m= number of ports in " + quoted(f[1]) + " is not a positive number");
        }
        m.port_count = count;
    }
    // proto = token *("/" token)
    std::string_view proto = f[2];
    for (std::size_t start = 0;;) {
        const auto next = proto.find('/', start);
        if (!detail::is_token(proto.substr(start, next - start))) {
            return fail(SdpError::malformed_media,
                        "m= transport protocol " + quoted(proto) + " is malformed");
        }
        if (next == std::string_view::npos) break;
        start = next + 1;
    }
    m.proto = std::string(proto);
    for (std::size_t i = 3; i < f.size(); ++i) {
        if (!detail::is_token(f[i])) {
            return fail(SdpError::malformed_media, "m= format " + quoted(f[i]) + " is not a token");
        }
        m.formats.emplace_back(f[i]);
    }
    description_.media.push_back(std::move(m));
    return true;
}

bool Parser::attribute(std::string_view value, AttributeList& level) {
    if (level.size() == limits_.max_attributes_per_section) {
        return fail(SdpError::too_many_attributes,
                    "more than " + std::to_string(limits_.max_attributes_per_section) +
                        " a= lines in one section");
    }
    const auto colon = value.find(':');
    const auto name = value.substr(0, colon);
    if (name.empty()) return fail(SdpError::malformed_attribute, "a= line has no attribute name");
    if (!detail::is_token(name)) {
        return fail(SdpError::malformed_attribute,
                    "attribute name " + quoted(name) + " is not a token (RFC 8866 §9)");
    }
    std::optional<std::string> attribute_value;
    if (colon != std::string_view::npos) attribute_value = std::string(value.substr(colon + 1));
    if (!check_known_attribute(name, attribute_value, level)) return false;
    level.add(std::string(name), std::move(attribute_value));
    return true;
}

// Only the attributes rtpsec acts on are checked; a bad value there would
// otherwise be silently ignored and change the outcome of the negotiation.
bool Parser::check_known_attribute(std::string_view name, const std::optional<std::string>& value,
                                   const AttributeList& level) {
    const std::string lower = detail::to_lower(name);
    const std::string_view text = value ? detail::trim(*value) : std::string_view{};
    std::string why;
    if (lower == "setup") {
        // RFC 4145 §4
        const auto setup = parse_setup(text);
        if (!setup) {
            return fail(SdpError::malformed_attribute,
                        "a=setup value " + quoted(text) +
                            " is not active, passive, actpass or holdconn (RFC 4145 §4)");
        }
        return check_single_valued("setup", setup_name(*setup), level);
    }
    if (lower == "fingerprint") {
        // RFC 8122 §5: an unknown hash function is skipped later, not an error.
        std::error_code ec;
        if (!dtls::Fingerprint::parse(text, ec) && ec != dtls::FingerprintError::unknown_hash) {
            return fail(SdpError::malformed_attribute, "a=fingerprint: " + ec.message());
        }
        return true;
    }
    if (lower == "tls-id") {
        if (!is_valid_tls_id(text)) {
            return fail(SdpError::malformed_attribute,
                        "a=tls-id value " + quoted(text) +
                            " is not 20 to 255 characters of A-Z a-z 0-9 + / - _ (RFC 8842 §4)");
        }
        return check_single_valued("tls-id", text, level);
    }
    if (lower == "rtpmap") {
        if (!RtpMap::parse(text, why)) return fail(SdpError::malformed_attribute, why);
        return true;
    }
    if (lower == "rtcp") {
        if (!RtcpAttribute::parse(text, why)) return fail(SdpError::malformed_attribute, why);
        return true;
    }
    if (lower == "mid") {
        // RFC 5888 §4: identification-tag = token
        if (!detail::is_token(text)) {
            return fail(SdpError::malformed_attribute,
                        "a=mid value " + quoted(text) + " is not a token (RFC 5888 §4)");
        }
        return check_single_valued("mid", text, level);
    }
    if (lower == "group") {
        // RFC 5888 §5: semantics *(SP identification-tag)
        const auto fields = detail::split_fields(text);
        bool ok = !fields.empty();
        for (const auto field : fields)
            ok = ok && detail::is_token(field);
        if (!ok) {
            return fail(
                SdpError::malformed_attribute,
                "a=group value " + quoted(text) + " is not '<semantics> <mid> ...' (RFC 5888 §5)");
        }
    }
    return true;
}

// a=setup, a=tls-id and a=mid have one value per section; a second, different
// one leaves the meaning undecided.
bool Parser::check_single_valued(std::string_view name, std::string_view value,
                                 const AttributeList& level) {
    for (const auto earlier : level.find_all(name)) {
        const auto trimmed = detail::trim(earlier);
        const bool same =
            name == "setup" ? parse_setup(trimmed) == parse_setup(value) : trimmed == value;
        if (!same) {
            return fail(SdpError::conflicting_attribute,
                        "a=" + std::string(name) + ":" + std::string(value) +
                            " contradicts the earlier a=" + std::string(name) + ":" +
                            std::string(trimmed) + " in the same section");
        }
    }
    return true;
}

}  // namespace

std::optional<SessionDescription> parse(std::string_view text, ParseError& error,
                                        const ParseLimits& limits) {
    error = {};
    Parser parser(limits, error);
    return parser.run(text);
}

}  // namespace rtpsec::sdp
