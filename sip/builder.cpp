// SPDX-License-Identifier: BSD-3-Clause
#include <stdexcept>

#include <rtpsec/common/random_source.hpp>
#include <rtpsec/sip/builder.hpp>

namespace rtpsec::sip {
namespace {

constexpr int max_forwards = 70;  // RFC 3261 §8.1.1.6

// RFC 3261 §18.2.1 sent-by with a fresh branch; rport asks the server to
// answer to the source port it saw (RFC 3581 §3).
Via make_via(std::string host, std::uint16_t port) {
    Via via;
    via.host = std::move(host);
    via.port = port;
    via.params = {{"rport", ""}, {"branch", new_branch()}};
    return via;
}

std::string default_contact(const std::string& host, std::uint16_t port) {
    const bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
    return "sip:" + (ipv6 ? '[' + host + ']' : host) + ':' + std::to_string(port);
}

Message make_request(const RequestOptions& options, std::string_view method) {
    if (options.request_uri.empty() || options.from_uri.empty() || options.via_host.empty()) {
        throw std::invalid_argument("SIP request needs a Request-URI, a From URI and a Via host");
    }
    Message m;
    m.method = method;
    m.request_uri = options.request_uri;
    m.vias.push_back(make_via(options.via_host, options.via_port));
    m.max_forwards = max_forwards;
    m.from.uri = options.from_uri;
    m.from.params = {{"tag", options.from_tag.empty() ? new_tag() : options.from_tag}};
    m.to.uri = options.to_uri.empty() ? options.request_uri : options.to_uri;
    m.call_id = options.call_id.empty() ? new_call_id(options.via_host) : options.call_id;
    m.cseq = {options.cseq, std::string(method)};
    m.contact =
        NameAddr{{},
                 options.contact_uri.empty() ? default_contact(options.via_host, options.via_port)
                                             : options.contact_uri,
                 {}};
    if (!options.user_agent.empty()) m.headers.push_back({"User-Agent", options.user_agent});
    return m;
}

const Via& top_via(const Message& request) {
    if (request.vias.empty()) throw std::invalid_argument("SIP request has no Via");
    return request.vias.front();
}

// RFC 3261 §8.1.1.7, §19.3: unguessable, since a guessed tag or Call-ID lets
// an off-path attacker end the call.
std::string random_token(std::size_t count) {
    return random_string(*os_random_source(), count, "0123456789abcdefghijklmnopqrstuvwxyz");
}

}  // namespace

std::string new_branch() {
    return "z9hG4bK" + random_token(20);
}
std::string new_tag() {
    return random_token(16);
}
std::string new_call_id(std::string_view host) {
    return random_token(24) + '@' + std::string(host);
}

Message make_invite(const RequestOptions& options, std::string_view sdp) {
    Message m = make_request(options, "INVITE");
    m.headers.push_back({"Allow", std::string(allowed_methods)});
    m.content_type = sdp_content_type;
    m.body = sdp;
    return m;
}

Message make_options(const RequestOptions& options) {
    Message m = make_request(options, "OPTIONS");
    m.headers.push_back({"Accept", std::string(sdp_content_type)});
    return m;
}

Message make_cancel(const Message& invite) {
    Message m;
    m.method = "CANCEL";
    m.request_uri = invite.request_uri;
    m.vias = {top_via(invite)};  // RFC 3261 §9.1: only the topmost Via, same branch
    m.max_forwards = max_forwards;
    m.from = invite.from;
    m.to = invite.to;
    m.call_id = invite.call_id;
    m.cseq = {invite.cseq.number, "CANCEL"};
    return m;
}

Message make_ack(const Message& invite, const Message& response_2xx) {
    const Via& via = top_via(invite);
    Message m;
    m.method = "ACK";
    // §13.2.2.4 and §12.2.1.1: the remote target, i.e. the 2xx's Contact.
    m.request_uri = response_2xx.contact ? response_2xx.contact->uri : invite.request_uri;
    m.vias.push_back(make_via(via.host, via.port));
    m.max_forwards = max_forwards;
    m.from = invite.from;
    m.to = response_2xx.to;
    m.call_id = invite.call_id;
    m.cseq = {invite.cseq.number, "ACK"};
    m.contact = invite.contact;
    return m;
}

Dialog dialog_as_caller(const Message& invite, const Message& response_2xx) {
    if (!response_2xx.contact) throw std::invalid_argument("2xx to INVITE has no Contact");
    if (response_2xx.to.tag().empty()) throw std::invalid_argument("2xx to INVITE has no To tag");
    const Via& via = top_via(invite);
    Dialog d;
    d.call_id = invite.call_id;
    d.local = invite.from;
    d.remote = response_2xx.to;
    d.remote_target = response_2xx.contact->uri;
    d.local_cseq = invite.cseq.number;
    d.via_host = via.host;
    d.via_port = via.port;
    d.contact_uri = invite.contact ? invite.contact->uri : default_contact(via.host, via.port);
    return d;
}

Dialog dialog_as_callee(const Message& invite, std::string_view local_tag, std::string via_host,
                        std::uint16_t via_port, std::string contact_uri) {
    if (!invite.contact) throw std::invalid_argument("INVITE has no Contact");
    Dialog d;
    d.call_id = invite.call_id;
    d.local = invite.to;
    set_param(d.local.params, "tag", local_tag);
    d.remote = invite.from;
    d.remote_target = invite.contact->uri;
    d.remote_cseq = invite.cseq.number;
    // §12.1.1: our local sequence number starts empty; any value will do.
    d.local_cseq = 0;
    d.via_host = std::move(via_host);
    d.via_port = via_port;
    d.contact_uri = std::move(contact_uri);
    return d;
}

Message make_in_dialog_request(Dialog& dialog, std::string_view method) {
    Message m;
    m.method = method;
    m.request_uri = dialog.remote_target;
    m.vias.push_back(make_via(dialog.via_host, dialog.via_port));
    m.max_forwards = max_forwards;
    m.from = dialog.local;
    m.to = dialog.remote;
    m.call_id = dialog.call_id;
    m.cseq = {++dialog.local_cseq, std::string(method)};
    m.contact = NameAddr{{}, dialog.contact_uri, {}};
    return m;
}

std::string Warning::value() const {
    std::string out = std::to_string(code) + ' ' + agent + " \"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        // A header value is one line (RFC 3261 §7.3.1): fold nothing, drop CR/LF.
        out += (c == '\r' || c == '\n') ? ' ' : c;
    }
    out += '"';
    return out;
}

std::string_view default_reason_phrase(int status) {
    switch (status) {
        case 100:
            return "Trying";
        case 180:
            return "Ringing";
        case 183:
            return "Session Progress";
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 408:
            return "Request Timeout";
        case 415:
            return "Unsupported Media Type";
        case 480:
            return "Temporarily Unavailable";
        case 481:
            return "Call/Transaction Does Not Exist";
        case 486:
            return "Busy Here";
        case 487:
            return "Request Terminated";
        case 488:
            return "Not Acceptable Here";
        case 491:
            return "Request Pending";
        case 500:
            return "Server Internal Error";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 603:
            return "Decline";
        default:
            break;
    }
    if (status >= 100 && status < 200) return "Session Progress";
    if (status >= 200 && status < 300) return "OK";
    return "Error";
}

Message make_response(const Message& request, int status, const ResponseOptions& options) {
    if (!request.is_request()) throw std::invalid_argument("make_response needs a request");
    if (status < 100 || status > 699) throw std::invalid_argument("SIP status outside 100..699");
    Message m;
    m.status_code = status;
    m.reason_phrase = default_reason_phrase(status);
    m.vias = request.vias;
    m.from = request.from;
    m.to = request.to;
    // §8.2.6.2: a UAS adds a tag to To unless it is there already; 100 Trying
    // comes from the transaction layer and carries none (§8.2.6.1).
    if (status != 100 && m.to.tag().empty() && !options.to_tag.empty()) {
        set_param(m.to.params, "tag", options.to_tag);
    }
    m.call_id = request.call_id;
    m.cseq = request.cseq;
    if (!options.contact_uri.empty()) m.contact = NameAddr{{}, options.contact_uri, {}};
    m.headers = options.headers;
    m.content_type = options.content_type;
    m.body = options.body;
    return m;
}

Message make_trying(const Message& invite) {
    return make_response(invite, 100);
}

Message make_ringing(const Message& invite, std::string_view to_tag, std::string_view contact) {
    ResponseOptions options;
    options.to_tag = to_tag;
    options.contact_uri = contact;
    return make_response(invite, 180, options);
}

Message make_ok_with_sdp(const Message& invite, std::string_view to_tag, std::string_view contact,
                         std::string_view sdp) {
    ResponseOptions options;
    options.to_tag = to_tag;
    options.contact_uri = contact;
    options.content_type = sdp_content_type;
    options.body = sdp;
    options.headers.push_back({"Allow", std::string(allowed_methods)});
    return make_response(invite, 200, options);
}

Message make_ok(const Message& request, std::string_view to_tag) {
    ResponseOptions options;
    options.to_tag = to_tag;
    if (request.method == "OPTIONS") {
        options.headers.push_back({"Allow", std::string(allowed_methods)});
        options.headers.push_back({"Accept", std::string(sdp_content_type)});
    }
    return make_response(request, 200, options);
}

Message make_not_acceptable_here(const Message& invite, std::string_view to_tag,
                                 const Warning& warning) {
    ResponseOptions options;
    options.to_tag = to_tag;
    options.headers.push_back({"Warning", warning.value()});
    return make_response(invite, 488, options);
}

}  // namespace rtpsec::sip
