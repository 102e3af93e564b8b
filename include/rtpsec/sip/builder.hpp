// SPDX-License-Identifier: BSD-3-Clause
// Builders for the requests and responses of one call over UDP (RFC 3261):
// INVITE with an SDP offer, ACK for a 2xx, BYE in a dialog, OPTIONS, CANCEL,
// and the responses a user agent server sends. Pure functions of their inputs
// apart from the random branch/tag/Call-ID (new_branch(), new_tag(),
// new_call_id()); print the result with to_string().
//
// Threading: none; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sip/message.hpp>

namespace rtpsec::sip {

// RFC 3261 §8.1.1.7: the magic cookie "z9hG4bK" then 20 random characters.
RTPSEC_EXPORT std::string new_branch();
// RFC 3261 §19.3: 16 random characters (more than the 32 bits asked).
RTPSEC_EXPORT std::string new_tag();
// RFC 3261 §8.1.1.4: 24 random characters "@" host.
RTPSEC_EXPORT std::string new_call_id(std::string_view host);

inline constexpr std::string_view sdp_content_type = "application/sdp";
// The methods an rtpsec user agent handles (Allow, RFC 3261 §20.5).
inline constexpr std::string_view allowed_methods = "INVITE, ACK, BYE, CANCEL, OPTIONS";

// A request outside a dialog (INVITE, OPTIONS).
struct RTPSEC_EXPORT RequestOptions {
    std::string request_uri;  // "sip:bob@192.0.2.2:5060"
    std::string to_uri;       // empty: the Request-URI (§8.1.1.2)
    std::string from_uri;     // "sip:alice@192.0.2.1:5070"
    std::string from_tag;     // empty: new_tag()
    std::string call_id;      // empty: new_call_id(via_host)
    std::uint32_t cseq = 1;
    std::string via_host;  // our sent-by (§18.2.1), also the Contact host by default
    std::uint16_t via_port = 5060;
    std::string contact_uri;  // empty: "sip:" + via_host + ":" + via_port
    std::string user_agent;   // empty: no User-Agent header
};

// RFC 3261 §8.1.1 and §13.2.1: Via with rport (RFC 3581) and a fresh branch,
// Max-Forwards 70, From with a tag, To without, Call-ID, CSeq n INVITE,
// Contact, Content-Type application/sdp and the offer.
RTPSEC_EXPORT Message make_invite(const RequestOptions& options, std::string_view sdp);
// RFC 3261 §11.1, with Accept: application/sdp.
RTPSEC_EXPORT Message make_options(const RequestOptions& options);
// RFC 3261 §9.1: same Request-URI, Call-ID, From, To, CSeq number and the
// INVITE's topmost Via (so the same branch); method CANCEL.
RTPSEC_EXPORT Message make_cancel(const Message& invite);
// RFC 3261 §13.2.2.4 and §17.1.1.3: the ACK for a 2xx is its own transaction:
// Request-URI the 2xx's Contact, a new branch, From of the INVITE and To of
// the 2xx (with its tag), the INVITE's CSeq number with method ACK.
RTPSEC_EXPORT Message make_ack(const Message& invite, const Message& response_2xx);

// The state of a dialog that requests inside it need (RFC 3261 §12.1). No
// Route set: rtpsec talks to its peer directly.
struct RTPSEC_EXPORT Dialog {
    std::string call_id;
    NameAddr local;                 // our From in the requests we send (with our tag)
    NameAddr remote;                // their To in the requests we send (with their tag)
    std::string remote_target;      // the peer's Contact URI: Request-URI of our requests
    std::uint32_t local_cseq = 0;   // the last CSeq number we sent
    std::uint32_t remote_cseq = 0;  // the last CSeq number we received
    std::string via_host;
    std::uint16_t via_port = 5060;
    std::string contact_uri;  // our Contact
};

// The caller's dialog from its INVITE and the 2xx (§12.1.2). Throws
// std::invalid_argument when the 2xx has no Contact or no To tag.
RTPSEC_EXPORT Dialog dialog_as_caller(const Message& invite, const Message& response_2xx);
// The callee's dialog from the INVITE and the To tag it chose (§12.1.1).
// Throws std::invalid_argument when the INVITE has no Contact.
RTPSEC_EXPORT Dialog dialog_as_callee(const Message& invite, std::string_view local_tag,
                                      std::string via_host, std::uint16_t via_port,
                                      std::string contact_uri);
// A request inside the dialog (§12.2.1.1): increments dialog.local_cseq.
RTPSEC_EXPORT Message make_in_dialog_request(Dialog& dialog, std::string_view method);
// RFC 3261 §15.1.1.
inline Message make_bye(Dialog& dialog) {
    return make_in_dialog_request(dialog, "BYE");
}

// A Warning header value (RFC 3261 §20.43): 3-digit code, agent, quoted text.
struct RTPSEC_EXPORT Warning {
    int code = 399;     // 399 Miscellaneous warning; 302/305 for transport/media (§20.43)
    std::string agent;  // our host[:port]
    std::string text;   // a sentence: quotes and backslashes are escaped
    std::string value() const;
};

struct RTPSEC_EXPORT ResponseOptions {
    // Added to To when the request's To has no tag (§8.2.6.2); ignored for 100.
    std::string to_tag;
    std::string contact_uri;  // empty: no Contact
    std::string content_type;
    std::string body;
    std::vector<Header> headers;  // e.g. Allow, Warning
};

// The standard reason phrase for a status code ("OK", "Busy Here", ...).
RTPSEC_EXPORT std::string_view default_reason_phrase(int status);

// RFC 3261 §8.2.6.2: From, Call-ID, CSeq and every Via copied from the
// request, To copied with `to_tag` added when it has none.
RTPSEC_EXPORT Message make_response(const Message& request, int status,
                                    const ResponseOptions& options = {});

// 100 Trying: no To tag (§8.2.6.1).
RTPSEC_EXPORT Message make_trying(const Message& invite);
// 180 Ringing with our tag and Contact (§13.3.1.1).
RTPSEC_EXPORT Message make_ringing(const Message& invite, std::string_view to_tag,
                                   std::string_view contact);
// 200 OK to an INVITE with the SDP answer (§13.3.1.4).
RTPSEC_EXPORT Message make_ok_with_sdp(const Message& invite, std::string_view to_tag,
                                       std::string_view contact, std::string_view sdp);
// 200 OK to BYE, CANCEL or OPTIONS (the last with Allow and Accept, §11.2).
RTPSEC_EXPORT Message make_ok(const Message& request, std::string_view to_tag);
// 488 Not Acceptable Here with the reason in a Warning header (§13.3.1.3, §21.4.26).
RTPSEC_EXPORT Message make_not_acceptable_here(const Message& invite, std::string_view to_tag,
                                               const Warning& warning);

}  // namespace rtpsec::sip
