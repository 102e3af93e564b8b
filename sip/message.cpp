// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include <rtpsec/sip/error.hpp>
#include <rtpsec/sip/message.hpp>

#include "osip.hpp"

namespace rtpsec::sip {
namespace {

using detail::OsipMessage;
using detail::OsipString;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values) {
        if (!out.empty()) out += ", ";
        out += value;
    }
    return out;
}

// "user-agent" -> "User-Agent".
std::string capitalised(std::string name) {
    bool start = true;
    for (char& c : name) {
        const auto u = static_cast<unsigned char>(c);
        c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
        start = c == '-';
    }
    return name;
}

std::string str(const char* text) {
    return text == nullptr ? std::string() : std::string(text);
}

std::vector<Param> read_params(const osip_list_t* list) {
    std::vector<Param> params;
    const int size = osip_list_size(list);
    for (int i = 0; i < size; ++i) {
        const auto* param = static_cast<const osip_generic_param_t*>(osip_list_get(list, i));
        if (param == nullptr) continue;
        params.push_back({str(param->gname), str(param->gvalue)});
    }
    return params;
}

template <typename T, typename ToStr>
std::string osip_to_string(T* value, ToStr to_str) {
    char* raw = nullptr;
    if (value == nullptr || to_str(value, &raw) != OSIP_SUCCESS || raw == nullptr) return {};
    return OsipString(raw).get();
}

std::optional<std::string> uri_string(osip_uri_t* uri) {
    char* raw = nullptr;
    if (uri == nullptr || osip_uri_to_str(uri, &raw) != OSIP_SUCCESS || raw == nullptr) {
        return std::nullopt;
    }
    return std::string(OsipString(raw).get());
}

// osip_from_t serves From, To and Contact alike.
std::optional<NameAddr> read_name_addr(osip_from_t* from) {
    if (from == nullptr) return std::nullopt;
    auto uri = uri_string(from->url);
    if (!uri) return std::nullopt;
    return NameAddr{str(from->displayname), std::move(*uri), read_params(&from->gen_params)};
}

template <typename Int>
bool parse_number(std::string_view text, Int& out) {
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && !text.empty();
}

std::optional<Message> fail(std::error_code& error, SipError e) {
    error = e;
    return std::nullopt;
}

std::string print_params(const std::vector<Param>& params) {
    std::string out;
    for (const auto& param : params) {
        out += ';';
        out += param.name;
        if (!param.value.empty()) {
            out += '=';
            out += param.value;
        }
    }
    return out;
}

std::string print_name_addr(const NameAddr& value) {
    std::string out;
    if (!value.display_name.empty()) {
        out += value.display_name;
        out += ' ';
    }
    out += '<';
    out += value.uri;
    out += '>';
    out += print_params(value.params);
    return out;
}

std::string print_via(const Via& via) {
    std::string out = "SIP/2.0/" + via.transport + ' ';
    const bool ipv6 = via.host.find(':') != std::string::npos && via.host.front() != '[';
    out += ipv6 ? '[' + via.host + ']' : via.host;
    if (via.port != 0) out += ':' + std::to_string(via.port);
    out += print_params(via.params);
    return out;
}

void check(int status, const char* what) {
    if (status != OSIP_SUCCESS) {
        throw std::invalid_argument(std::string("SIP message: libosip2 refused the ") + what);
    }
}

}  // namespace

std::optional<std::string_view> find_param(const std::vector<Param>& params,
                                           std::string_view name) {
    for (const auto& param : params) {
        if (iequals(param.name, name)) return std::string_view(param.value);
    }
    return std::nullopt;
}

void set_param(std::vector<Param>& params, std::string_view name, std::string_view value) {
    for (auto& param : params) {
        if (iequals(param.name, name)) {
            param.value = value;
            return;
        }
    }
    params.push_back({std::string(name), std::string(value)});
}

bool Header::operator==(const Header& other) const {
    return iequals(name, other.name) && value == other.value;
}

std::string_view Via::branch() const {
    return find_param(params, "branch").value_or("");
}
std::string_view NameAddr::tag() const {
    return find_param(params, "tag").value_or("");
}

std::string_view Message::branch() const {
    return vias.empty() ? std::string_view() : vias.front().branch();
}

std::optional<std::string_view> Message::header(std::string_view name) const {
    for (const auto& h : headers) {
        if (iequals(h.name, name)) return std::string_view(h.value);
    }
    return std::nullopt;
}

std::optional<Message> parse_message(std::span<const std::byte> datagram, std::error_code& error,
                                     const ParseLimits& limits) {
    return parse_message(
        std::string_view(reinterpret_cast<const char*>(datagram.data()), datagram.size()), error,
        limits);
}

namespace {

// RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
bool is_token(std::string_view text) {
    constexpr std::string_view marks = "-.!%*_+`'~";
    if (text.empty()) return false;
    for (const char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && marks.find(c) == std::string_view::npos)
            return false;
    }
    return true;
}

std::optional<Message> parse_once(std::string_view text, std::error_code& error,
                                  const ParseLimits& limits);

}  // namespace

// libosip2 accepts some values it then prints in a form it does not read
// back. What we accept must survive being printed (responses copy the
// request's headers, dialogs reuse its URIs), so a message is taken only in a
// form that reads back the same: as it came, or as printed once.
std::optional<Message> parse_message(std::string_view text, std::error_code& error,
                                     const ParseLimits& limits) {
    auto first = parse_once(text, error, limits);
    if (!first) return first;
    for (int round = 0; round < 2; ++round) {
        std::string printed;
        try {
            printed = to_string(*first);
        } catch (const std::invalid_argument&) {
            return fail(error, SipError::malformed_message);
        }
        auto again = parse_once(printed, error, ParseLimits{printed.size() + 1});
        if (!again) return fail(error, SipError::malformed_message);
        if (*again == *first) return first;
        first = std::move(again);
    }
    return fail(error, SipError::malformed_message);
}

namespace {

std::optional<Message> parse_once(std::string_view text, std::error_code& error,
                                  const ParseLimits& limits) {
    error.clear();
    if (text.size() > limits.max_message_size) return fail(error, SipError::too_large);
    if (text.find('\0') != std::string_view::npos) {
        return fail(error, SipError::invalid_character);
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return fail(error, SipError::empty);
    }

    OsipMessage osip = detail::make_osip_message();
    if (osip_message_parse(osip.get(), text.data(), text.size()) != OSIP_SUCCESS) {
        return fail(error, SipError::malformed_message);
    }
    osip_message_t* m = osip.get();

    Message out;
    if (m->sip_version == nullptr || !iequals(m->sip_version, "SIP/2.0")) {
        return fail(error, SipError::unsupported_version);
    }
    if (m->sip_method != nullptr) {
        out.method = m->sip_method;
        auto uri = uri_string(m->req_uri);
        if (!uri) return fail(error, SipError::malformed_message);
        out.request_uri = std::move(*uri);
    } else {
        if (m->status_code < 100 || m->status_code > 699) {
            return fail(error, SipError::invalid_status_code);
        }
        out.status_code = m->status_code;
        out.reason_phrase = str(m->reason_phrase);
    }

    // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards (requests) and Via
    // are mandatory. We tolerate a missing Max-Forwards: it only matters to proxies.
    const int via_count = osip_list_size(&m->vias);
    if (via_count <= 0 || m->from == nullptr || m->to == nullptr || m->call_id == nullptr ||
        m->cseq == nullptr) {
        return fail(error, SipError::missing_header);
    }
    for (int i = 0; i < via_count; ++i) {
        const auto* via = static_cast<const osip_via_t*>(osip_list_get(&m->vias, i));
        if (via == nullptr || via->host == nullptr || via->protocol == nullptr) {
            return fail(error, SipError::malformed_header);
        }
        Via value;
        value.transport = via->protocol;
        value.host = via->host;
        if (via->port != nullptr && !parse_number(std::string_view(via->port), value.port)) {
            return fail(error, SipError::malformed_header);
        }
        value.params = read_params(&via->via_params);
        out.vias.push_back(std::move(value));
    }
    auto from = read_name_addr(m->from);
    auto to = read_name_addr(m->to);
    if (!from || !to) return fail(error, SipError::malformed_header);
    out.from = std::move(*from);
    out.to = std::move(*to);
    out.call_id = osip_to_string(m->call_id, osip_call_id_to_str);
    if (out.call_id.empty()) return fail(error, SipError::malformed_header);

    if (m->cseq->number == nullptr || m->cseq->method == nullptr ||
        !parse_number(std::string_view(m->cseq->number), out.cseq.number) ||
        out.cseq.number >= (std::uint32_t{1} << 31)) {
        return fail(error, SipError::malformed_header);
    }
    out.cseq.method = m->cseq->method;
    if (!is_token(out.cseq.method)) return fail(error, SipError::malformed_header);
    // RFC 3261 §8.1.1.5: the CSeq method matches the request's (a CANCEL or
    // ACK carries its own method there too).
    if (out.is_request() && out.cseq.method != out.method) {
        return fail(error, SipError::cseq_method_mismatch);
    }

    if (osip_list_size(&m->contacts) > 0) {
        auto* contact = static_cast<osip_contact_t*>(osip_list_get(&m->contacts, 0));
        // "Contact: *" (REGISTER only) has no URI; treat as absent.
        if (contact != nullptr && contact->url != nullptr) {
            out.contact = read_name_addr(contact);
            if (!out.contact) return fail(error, SipError::malformed_header);
        }
    }

    const int header_count = osip_list_size(&m->headers);
    for (int i = 0; i < header_count; ++i) {
        const auto* h = static_cast<const osip_header_t*>(osip_list_get(&m->headers, i));
        if (h == nullptr || h->hname == nullptr) continue;
        if (iequals(h->hname, "max-forwards")) {
            int hops = 0;
            if (h->hvalue == nullptr || !parse_number(std::string_view(h->hvalue), hops) ||
                hops < 0 || hops > 255) {
                return fail(error, SipError::malformed_header);
            }
            out.max_forwards = hops;
            continue;
        }
        out.headers.push_back({capitalised(h->hname), str(h->hvalue)});
    }

    // libosip2 keeps Allow and Accept in lists of their own; we keep them as
    // plain headers (the OPTIONS exchange needs them, §11.2).
    // libosip2 splits "Allow: A, B" into one entry per method; we join them
    // back into one header.
    std::vector<std::string> allow_values;
    std::vector<std::string> accept_values;
    const int allow_count = osip_list_size(&m->allows);
    for (int i = 0; i < allow_count; ++i) {
        const auto* allow = static_cast<const osip_allow_t*>(osip_list_get(&m->allows, i));
        if (allow != nullptr && allow->value != nullptr) allow_values.push_back(allow->value);
    }
    const int accept_count = osip_list_size(&m->accepts);
    for (int i = 0; i < accept_count; ++i) {
        auto* accept = static_cast<osip_accept_t*>(osip_list_get(&m->accepts, i));
        auto value = osip_to_string(accept, osip_accept_to_str);
        if (!value.empty()) accept_values.push_back(std::move(value));
    }

    if (!allow_values.empty()) out.headers.push_back({"Allow", join(allow_values)});
    if (!accept_values.empty()) out.headers.push_back({"Accept", join(accept_values)});

    if (m->content_type != nullptr) {
        out.content_type = osip_to_string(m->content_type, osip_content_type_to_str);
    }
    const int body_count = osip_list_size(&m->bodies);
    if (body_count > 1) return fail(error, SipError::unsupported_body);
    if (body_count == 1) {
        const auto* body = static_cast<const osip_body_t*>(osip_list_get(&m->bodies, 0));
        if (body != nullptr && body->body != nullptr) out.body.assign(body->body, body->length);
    }
    // RFC 3261 §18.3: a Content-Length larger than the datagram's body means
    // the message is truncated: discard it.
    if (m->content_length != nullptr && m->content_length->value != nullptr) {
        std::size_t declared = 0;
        if (!parse_number(std::string_view(m->content_length->value), declared)) {
            return fail(error, SipError::malformed_header);
        }
        if (declared > out.body.size()) return fail(error, SipError::body_length_mismatch);
    }
    return out;
}

}  // namespace

std::string to_string(const Message& message) {
    OsipMessage osip = detail::make_osip_message();
    osip_message_t* m = osip.get();
    osip_message_set_version(m, osip_strdup("SIP/2.0"));
    if (message.is_request()) {
        if (message.method.empty()) throw std::invalid_argument("SIP request has no method");
        osip_message_set_method(m, osip_strdup(message.method.c_str()));
        osip_uri_t* uri = nullptr;
        check(osip_uri_init(&uri), "Request-URI");
        if (osip_uri_parse(uri, message.request_uri.c_str()) != OSIP_SUCCESS) {
            osip_uri_free(uri);
            throw std::invalid_argument("SIP message: bad Request-URI '" + message.request_uri +
                                        "'");
        }
        osip_message_set_uri(m, uri);
    } else {
        osip_message_set_status_code(m, message.status_code);
        osip_message_set_reason_phrase(m, osip_strdup(message.reason_phrase.c_str()));
    }
    for (const auto& via : message.vias)
        check(osip_message_set_via(m, print_via(via).c_str()), "Via");
    check(osip_message_set_from(m, print_name_addr(message.from).c_str()), "From");
    check(osip_message_set_to(m, print_name_addr(message.to).c_str()), "To");
    check(osip_message_set_call_id(m, message.call_id.c_str()), "Call-ID");
    const std::string cseq = std::to_string(message.cseq.number) + ' ' + message.cseq.method;
    check(osip_message_set_cseq(m, cseq.c_str()), "CSeq");
    if (message.contact) {
        check(osip_message_set_contact(m, print_name_addr(*message.contact).c_str()), "Contact");
    }
    if (message.max_forwards) {
        const std::string hops = std::to_string(*message.max_forwards);
        check(osip_message_set_max_forwards(m, hops.c_str()), "Max-Forwards");
    }
    for (const auto& h : message.headers) {
        check(osip_message_set_header(m, h.name.c_str(), h.value.c_str()), "header");
    }
    if (!message.content_type.empty()) {
        check(osip_message_set_content_type(m, message.content_type.c_str()), "Content-Type");
    }
    if (!message.body.empty()) {
        check(osip_message_set_body(m, message.body.data(), message.body.size()), "body");
    }
    char* raw = nullptr;
    std::size_t length = 0;
    check(osip_message_to_str(m, &raw, &length), "message");
    const OsipString text(raw);
    return std::string(raw, length);
}

}  // namespace rtpsec::sip
