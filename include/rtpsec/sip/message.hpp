// SPDX-License-Identifier: BSD-3-Clause
// The SIP message as rtpsec uses it (RFC 3261 §7): our own value type, so no
// libosip2 type appears in a public header. libosip2 does all the parsing and
// printing (parse_message(), to_string()); this header only names the parts a
// user agent for one call needs.
//
// Kept: the start line, every Via (transport, sent-by, parameters, in order:
// responses copy them back, §8.2.6.2), From, To, Contact (name-addr and
// parameters), Call-ID, CSeq, Max-Forwards, Content-Type, the body, and every
// other header as a name/value pair (Warning, Allow, User-Agent, ...).
// Allow and Accept come after the other headers. Dropped on parse:
// Record-Route and Route (no proxies: calls go straight to
// sip:user@host:port), authentication headers, Accept-Encoding,
// Accept-Language, Alert-Info, Call-Info, Content-Encoding, Error-Info,
// MIME-Version, Content-Length (recomputed when printing).
//
// Threading: plain values; parse_message()/to_string() may run on any thread
// (libosip2's parser tables are initialised once per process, thread-safely;
// that first call also switches off libosip2's stderr trace, process-wide).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sip {

// A header parameter (";name=value", or ";name" with an empty value).
struct RTPSEC_EXPORT Param {
    std::string name;
    std::string value;
    bool operator==(const Param&) const = default;
};

// The value of a parameter, nullopt when absent (names compare
// case-insensitively, RFC 3261 §7.3.1).
RTPSEC_EXPORT std::optional<std::string_view> find_param(const std::vector<Param>& params,
                                                         std::string_view name);
// Sets (or adds) a parameter.
RTPSEC_EXPORT void set_param(std::vector<Param>& params, std::string_view name,
                             std::string_view value);

// One Via header value (RFC 3261 §20.42, §18.2.1).
struct RTPSEC_EXPORT Via {
    std::string transport = "UDP";
    std::string host;
    std::uint16_t port = 0;  // 0: no port in sent-by
    std::vector<Param> params;

    // The branch (RFC 3261 §8.1.1.7); empty when absent.
    std::string_view branch() const;
    bool operator==(const Via&) const = default;
};

// From, To and Contact: a name-addr with parameters (RFC 3261 §20.10, §20.20, §20.39).
struct RTPSEC_EXPORT NameAddr {
    std::string display_name;  // as written, quotes included; usually empty
    std::string uri;           // "sip:alice@192.0.2.1:5060"
    std::vector<Param> params;

    // The tag parameter (RFC 3261 §19.3); empty when absent.
    std::string_view tag() const;
    bool operator==(const NameAddr&) const = default;
};

struct RTPSEC_EXPORT CSeq {
    std::uint32_t number = 0;  // RFC 3261 §8.1.1.5: less than 2^31
    std::string method;
    bool operator==(const CSeq&) const = default;
};

// A header we do not model. Names compare case-insensitively (RFC 3261
// §7.3.1); parsed names are written "Word-Word" (libosip2 lowercases them).
struct RTPSEC_EXPORT Header {
    std::string name;
    std::string value;
    bool operator==(const Header& other) const;
};

struct RTPSEC_EXPORT Message {
    // Start line: a request has a method and a Request-URI, a response a
    // status code and a reason phrase.
    std::string method;  // "INVITE", ... ; empty in a response
    std::string request_uri;
    int status_code = 0;  // 0 in a request
    std::string reason_phrase;

    std::vector<Via> vias;  // topmost first
    NameAddr from;
    NameAddr to;
    std::string call_id;
    CSeq cseq;
    std::optional<NameAddr> contact;
    std::optional<int> max_forwards;
    std::vector<Header> headers;  // every other header, in order

    std::string content_type;  // "application/sdp"; empty without a body
    std::string body;

    bool is_request() const { return status_code == 0; }
    bool is_response() const { return status_code != 0; }
    // The topmost Via's branch; empty without a Via.
    std::string_view branch() const;
    // The first header named `name` (case-insensitive), nullopt when absent.
    std::optional<std::string_view> header(std::string_view name) const;

    bool operator==(const Message&) const = default;
};

struct RTPSEC_EXPORT ParseLimits {
    // Larger than any UDP datagram we accept; RFC 3261 §18.1.1 makes large
    // requests move to TCP, so a 64 KiB datagram is already hostile.
    std::size_t max_message_size = 64 * 1024;
};

// Parses one SIP message (one UDP payload). On failure returns nullopt and sets
// `error` to a SipError; never throws on bad input (only std::bad_alloc). The
// checks beyond libosip2's: size, NUL bytes, SIP/2.0, a status in 100..699,
// the mandatory headers of RFC 3261 §8.1.1 with a usable CSeq, a request's
// CSeq method equal to its method, Content-Length not beyond the datagram
// (§18.3), a single (non-multipart) body.
RTPSEC_EXPORT std::optional<Message> parse_message(std::string_view text, std::error_code& error,
                                                   const ParseLimits& limits = {});
RTPSEC_EXPORT std::optional<Message> parse_message(std::span<const std::byte> datagram,
                                                   std::error_code& error,
                                                   const ParseLimits& limits = {});

// Prints a message with libosip2 (Content-Length computed from the body).
// Throws std::invalid_argument when libosip2 refuses a part, naming it (a
// programming error: the builders produce valid messages).
RTPSEC_EXPORT std::string to_string(const Message& message);

}  // namespace rtpsec::sip
