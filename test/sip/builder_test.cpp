// SPDX-License-Identifier: BSD-3-Clause
// The requests and responses of one call, checked header by header against
// the RFC 3261 rules they implement.
#include <catch2/catch.hpp>
#include <string>

#include <rtpsec/sip/builder.hpp>

using namespace rtpsec::sip;

namespace {

RequestOptions alice() {
    RequestOptions o;
    o.request_uri = "sip:bob@192.0.2.2:5060";
    o.from_uri = "sip:alice@192.0.2.1:5070";
    o.via_host = "192.0.2.1";
    o.via_port = 5070;
    o.cseq = 5;
    return o;
}

const std::string offer = "v=0\r\n";
const std::string answer = "v=0\r\ns=answer\r\n";

}  // namespace

TEST_CASE("INVITE carries rport, a fresh z9hG4bK branch and the SDP offer", "[sip][builder]") {
    const Message a = make_invite(alice(), offer);
    const Message b = make_invite(alice(), offer);
    CHECK(a.method == "INVITE");
    CHECK(a.request_uri == "sip:bob@192.0.2.2:5060");
    REQUIRE(a.vias.size() == 1);
    CHECK(a.vias[0].host == "192.0.2.1");
    CHECK(a.vias[0].port == 5070);
    CHECK(find_param(a.vias[0].params, "rport") == "");
    CHECK(a.branch().substr(0, 7) == "z9hG4bK");
    CHECK(a.branch().size() > 7);
    CHECK(a.branch() != b.branch());
    CHECK(a.from.tag() != b.from.tag());
    CHECK(a.call_id != b.call_id);
    CHECK(a.max_forwards == 70);
    CHECK(!a.from.tag().empty());
    CHECK(a.to.uri == "sip:bob@192.0.2.2:5060");
    CHECK(a.to.tag().empty());
    CHECK(a.cseq == CSeq{5, "INVITE"});
    REQUIRE(a.contact);
    CHECK(a.contact->uri == "sip:192.0.2.1:5070");
    CHECK(a.content_type == "application/sdp");
    CHECK(a.body == offer);
}

TEST_CASE("ACK for a 2xx is a new transaction with the INVITE's CSeq number", "[sip][builder]") {
    const Message invite = make_invite(alice(), offer);
    const Message ok = make_ok_with_sdp(invite, "bobtag", "sip:bob@192.0.2.2:5062", answer);
    const Message ack = make_ack(invite, ok);
    CHECK(ack.method == "ACK");
    CHECK(ack.request_uri == "sip:bob@192.0.2.2:5062");  // the 2xx's Contact
    CHECK(ack.branch() != invite.branch());
    CHECK(ack.branch().substr(0, 7) == "z9hG4bK");
    CHECK(ack.cseq == CSeq{5, "ACK"});
    CHECK(ack.to.tag() == "bobtag");
    CHECK(ack.from == invite.from);
    CHECK(ack.call_id == invite.call_id);
}

TEST_CASE("CANCEL reuses the INVITE's branch and CSeq number", "[sip][builder]") {
    const Message invite = make_invite(alice(), offer);
    const Message cancel = make_cancel(invite);
    CHECK(cancel.method == "CANCEL");
    CHECK(cancel.request_uri == invite.request_uri);
    CHECK(cancel.vias == invite.vias);
    CHECK(cancel.cseq == CSeq{5, "CANCEL"});
    CHECK(cancel.from == invite.from);
    CHECK(cancel.to == invite.to);
    CHECK(cancel.body.empty());
}

TEST_CASE("BYE in a dialog targets the Contact with both tags and a higher CSeq",
          "[sip][builder]") {
    const Message invite = make_invite(alice(), offer);
    const Message ok = make_ok_with_sdp(invite, "bobtag", "sip:bob@192.0.2.2:5062", answer);
    Dialog caller = dialog_as_caller(invite, ok);
    const Message bye = make_bye(caller);
    CHECK(bye.method == "BYE");
    CHECK(bye.request_uri == "sip:bob@192.0.2.2:5062");
    CHECK(bye.from.tag() == invite.from.tag());
    CHECK(bye.to.tag() == "bobtag");
    CHECK(bye.call_id == invite.call_id);
    CHECK(bye.cseq == CSeq{6, "BYE"});
    CHECK(bye.branch() != invite.branch());

    Dialog callee = dialog_as_callee(invite, "bobtag", "192.0.2.2", 5060, "sip:bob@192.0.2.2:5062");
    const Message their_bye = make_bye(callee);
    CHECK(their_bye.request_uri == "sip:192.0.2.1:5070");  // the INVITE's Contact
    CHECK(their_bye.from.tag() == "bobtag");
    CHECK(their_bye.to.tag() == invite.from.tag());
    CHECK(their_bye.cseq.method == "BYE");
}

TEST_CASE("responses copy Via, From, Call-ID and CSeq and add our To tag", "[sip][builder]") {
    Message invite = make_invite(alice(), offer);
    invite.vias.push_back(Via{"UDP", "198.51.100.7", 5060, {{"branch", "z9hG4bKproxy"}}});

    const Message trying = make_trying(invite);
    CHECK(trying.status_code == 100);
    CHECK(trying.reason_phrase == "Trying");
    CHECK(trying.to.tag().empty());  // §8.2.6.1
    CHECK(trying.vias == invite.vias);

    const Message ringing = make_ringing(invite, "t1", "sip:bob@192.0.2.2");
    CHECK(ringing.status_code == 180);
    CHECK(ringing.to.tag() == "t1");

    const Message ok = make_ok_with_sdp(invite, "t1", "sip:bob@192.0.2.2", answer);
    CHECK(ok.status_code == 200);
    CHECK(ok.to.tag() == "t1");
    CHECK(ok.from == invite.from);
    CHECK(ok.call_id == invite.call_id);
    CHECK(ok.cseq == invite.cseq);
    CHECK(ok.vias == invite.vias);
    CHECK(ok.content_type == "application/sdp");
    CHECK(ok.body == answer);

    for (const int status : {481, 486, 487}) {
        ResponseOptions o;
        o.to_tag = "t1";
        const Message r = make_response(invite, status, o);
        CHECK(r.status_code == status);
        CHECK(r.to.tag() == "t1");
    }
    CHECK(make_response(invite, 481).reason_phrase == "Call/Transaction Does Not Exist");
    CHECK(make_response(invite, 486).reason_phrase == "Busy Here");
    CHECK(make_response(invite, 487).reason_phrase == "Request Terminated");
}

TEST_CASE("a To tag already in the request is kept", "[sip][builder]") {
    const Message invite = make_invite(alice(), offer);
    const Message ok = make_ok_with_sdp(invite, "t1", "sip:bob@192.0.2.2", answer);
    Dialog caller = dialog_as_caller(invite, ok);
    const Message bye = make_bye(caller);
    const Message bye_ok = make_ok(bye, "other");
    CHECK(bye_ok.to.tag() == "t1");
    CHECK(bye_ok.cseq == bye.cseq);
}

TEST_CASE("488 carries the reason in a quoted, escaped Warning", "[sip][builder]") {
    const Message invite = make_invite(alice(), offer);
    const Message r = make_not_acceptable_here(
        invite, "t", {302, "192.0.2.2:5060", "offer is \"RTP/AVP\"\r\nDTLS-SRTP required"});
    CHECK(r.status_code == 488);
    CHECK(r.reason_phrase == "Not Acceptable Here");
    CHECK(r.header("Warning") ==
          "302 192.0.2.2:5060 \"offer is \\\"RTP/AVP\\\"  DTLS-SRTP required\"");
}

TEST_CASE("200 OK to OPTIONS, BYE and CANCEL; OPTIONS lists what we allow", "[sip][builder]") {
    const Message options = make_options(alice());
    CHECK(options.method == "OPTIONS");
    CHECK(options.header("Accept") == "application/sdp");
    const Message ok = make_ok(options, "t");
    CHECK(ok.status_code == 200);
    CHECK(ok.header("Allow") == allowed_methods);
    const Message cancel_ok = make_ok(make_cancel(make_invite(alice(), offer)), "t");
    CHECK(cancel_ok.cseq.method == "CANCEL");
    CHECK(!cancel_ok.header("Allow"));
}
