// SPDX-License-Identifier: BSD-3-Clause
// Parsing and printing SIP messages through libosip2: round trips, the
// headers we model, and malformed input rejected with an rtpsec.sip error.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <rtpsec/sip/builder.hpp>
#include <rtpsec/sip/error.hpp>
#include <rtpsec/sip/message.hpp>

using namespace rtpsec::sip;

namespace {

const std::string sdp =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 40000 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\n";

// A baresip-style INVITE, as it appears on the wire.
const std::string invite_text =
    "INVITE sip:bob@192.0.2.2:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1234abcd;rport\r\n"
    "Contact: <sip:alice@192.0.2.1:5070>\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:bob@192.0.2.2:5060>\r\n"
    "From: \"Alice\" <sip:alice@192.0.2.1:5070>;tag=a1b2c3\r\n"
    "Call-ID: 8f2e1c@192.0.2.1\r\n"
    "CSeq: 17 INVITE\r\n"
    "User-Agent: baresip v1.0.0\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: " +
    std::to_string(sdp.size()) + "\r\n\r\n" + sdp;

Message parse_ok(const std::string& text) {
    std::error_code ec;
    auto parsed = parse_message(text, ec);
    INFO(ec.message() << "\n" << text);
    REQUIRE(parsed);
    REQUIRE(!ec);
    return *parsed;
}

std::error_code parse_error(const std::string& text) {
    std::error_code ec;
    const auto parsed = parse_message(text, ec);
    CHECK(!parsed);
    CHECK(ec.category() == sip_category());
    return ec;
}

RequestOptions alice() {
    RequestOptions o;
    o.request_uri = "sip:bob@192.0.2.2:5060";
    o.from_uri = "sip:alice@192.0.2.1:5070";
    o.via_host = "192.0.2.1";
    o.via_port = 5070;
    return o;
}

}  // namespace

TEST_CASE("an INVITE from the wire yields every header we model", "[sip][parse]") {
    const Message m = parse_ok(invite_text);
    CHECK(m.is_request());
    CHECK(m.method == "INVITE");
    CHECK(m.request_uri == "sip:bob@192.0.2.2:5060");
    REQUIRE(m.vias.size() == 1);
    CHECK(m.vias[0].transport == "UDP");
    CHECK(m.vias[0].host == "192.0.2.1");
    CHECK(m.vias[0].port == 5070);
    CHECK(m.branch() == "z9hG4bK1234abcd");
    CHECK(find_param(m.vias[0].params, "rport").has_value());
    CHECK(m.from.uri == "sip:alice@192.0.2.1:5070");
    CHECK(m.from.tag() == "a1b2c3");
    CHECK(m.from.display_name == "\"Alice\"");
    CHECK(m.to.tag().empty());
    CHECK(m.call_id == "8f2e1c@192.0.2.1");
    CHECK(m.cseq == CSeq{17, "INVITE"});
    REQUIRE(m.contact);
    CHECK(m.contact->uri == "sip:alice@192.0.2.1:5070");
    CHECK(m.max_forwards == 70);
    CHECK(m.header("user-agent") == "baresip v1.0.0");
    CHECK(m.content_type == "application/sdp");
    CHECK(m.body == sdp);
}

TEST_CASE("printing then parsing gives back the same message", "[sip][roundtrip]") {
    const Message original = parse_ok(invite_text);
    const std::string printed = to_string(original);
    CHECK(parse_ok(printed) == original);
    CHECK(to_string(parse_ok(printed)) == printed);

    auto options = alice();
    const Message invite = make_invite(options, sdp);
    CHECK(parse_ok(to_string(invite)) == invite);
    const Message ok = make_ok_with_sdp(invite, "bobtag", "sip:bob@192.0.2.2:5060", sdp);
    CHECK(parse_ok(to_string(ok)) == ok);
    const Message ack = make_ack(invite, ok);
    CHECK(parse_ok(to_string(ack)) == ack);
    const Message options_request = make_options(options);
    CHECK(parse_ok(to_string(options_request)) == options_request);
    const Message cancel = make_cancel(invite);
    CHECK(parse_ok(to_string(cancel)) == cancel);
    Dialog dialog = dialog_as_caller(invite, ok);
    const Message bye = make_bye(dialog);
    CHECK(parse_ok(to_string(bye)) == bye);
    const Message rejected = make_not_acceptable_here(
        invite, "bobtag", {302, "192.0.2.2:5060", "offer is RTP/AVP: \"DTLS-SRTP\" required"});
    CHECK(parse_ok(to_string(rejected)) == rejected);
}

TEST_CASE("a printed message carries a Content-Length equal to its body", "[sip][print]") {
    const std::string text = to_string(make_invite(alice(), sdp));
    // libosip2 pads the value with spaces (LWS, RFC 3261 §7.3.1).
    const auto length_at = text.find("Content-Length:");
    REQUIRE(length_at != std::string::npos);
    const auto line_end = text.find("\r\n", length_at);
    CHECK(std::stoul(text.substr(length_at + 15, line_end - length_at - 15)) == sdp.size());
    CHECK(text.size() >= sdp.size());
    CHECK(text.substr(text.size() - sdp.size()) == sdp);
    const std::string empty = to_string(make_options(alice()));
    CHECK(empty.find("Content-Length: 0\r\n") != std::string::npos);
}

TEST_CASE("a response from the wire parses with its status and tags", "[sip][parse]") {
    const Message m = parse_ok(
        "SIP/2.0 180 Ringing\r\n"
        "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKxyz;rport=5070;received=192.0.2.1\r\n"
        "Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKproxy\r\n"
        "From: <sip:alice@192.0.2.1>;tag=a\r\nTo: <sip:bob@192.0.2.2>;tag=b\r\n"
        "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
    CHECK(m.is_response());
    CHECK(m.status_code == 180);
    CHECK(m.reason_phrase == "Ringing");
    REQUIRE(m.vias.size() == 2);
    CHECK(find_param(m.vias[0].params, "received") == "192.0.2.1");
    CHECK(m.vias[1].port == 0);
    CHECK(m.to.tag() == "b");
    CHECK(m.body.empty());
}

TEST_CASE("malformed SIP is rejected with an rtpsec.sip error", "[sip][malformed]") {
    const std::string headers =
        "Via: SIP/2.0/UDP h;branch=z9hG4bKa\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n"
        "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n";
    // The well-formed base parses: each case below breaks exactly one thing.
    parse_ok("OPTIONS sip:b@h SIP/2.0\r\n" + headers + "\r\n");

    CHECK(parse_error("") == SipError::empty);
    CHECK(parse_error("\r\n\r\n") == SipError::empty);
    CHECK(parse_error(std::string(64 * 1024 + 1, 'A')) == SipError::too_large);
    CHECK(parse_error("OPTIONS sip:b@h SIP/2.0\r\n" + headers +
                      std::string("X: a\0b\r\n\r\n", 10)) == SipError::invalid_character);
    CHECK(parse_error("hello world\r\n\r\n") == SipError::malformed_message);
    CHECK(parse_error("OPTIONS sip:b@h SIP/3.0\r\n" + headers + "\r\n") ==
          SipError::unsupported_version);
    CHECK(parse_error("SIP/2.0 099 Odd\r\n" + headers + "\r\n") == SipError::invalid_status_code);
    CHECK(parse_error("OPTIONS sip:b@h SIP/2.0\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n"
                      "Call-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n") == SipError::missing_header);
    CHECK(parse_error("OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\n"
                      "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCSeq: 1 OPTIONS\r\n\r\n") ==
          SipError::missing_header);
    CHECK(parse_error("OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\n"
                      "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\n"
                      "CSeq: 99999999999 OPTIONS\r\n\r\n") == SipError::malformed_header);
    CHECK(parse_error("BYE sip:b@h SIP/2.0\r\n" + headers + "\r\n") ==
          SipError::cseq_method_mismatch);
    CHECK(parse_error("OPTIONS sip:b@h SIP/2.0\r\n" + headers +
                      "Content-Type: application/sdp\r\nContent-Length: 500\r\n\r\nv=0\r\n") ==
          SipError::malformed_message);  // libosip2 itself refuses a short body
    // RFC 3261 §25.1: a CSeq method is a token (found by the fuzzer: libosip2
    // takes this one, then prints a message it cannot read back).
    CHECK(parse_error("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\n"
                      "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\n"
                      "CSeq: 1 aut.2:5060>\r\n\r\n") == SipError::malformed_header);
}

TEST_CASE("truncations of a valid INVITE never crash and never half-parse", "[sip][malformed]") {
    for (std::size_t n = 0; n < invite_text.size(); ++n) {
        std::error_code ec;
        const auto parsed = parse_message(std::string_view(invite_text).substr(0, n), ec);
        // A prefix either fails with an error, or (cut inside the body) fails
        // the Content-Length check: the whole INVITE is never "seen" early.
        CHECK(parsed.has_value() == !ec);
        if (parsed) CHECK(parsed->body.size() <= sdp.size());
    }
}

TEST_CASE("SipError values read as sentences in the rtpsec.sip category", "[sip][error]") {
    const std::error_code ec = SipError::body_length_mismatch;
    CHECK(std::string(ec.category().name()) == "rtpsec.sip");
    CHECK(ec.message() == "SIP Content-Length is larger than the body");
}

TEST_CASE("every fuzz seed is a valid message that survives a round trip", "[sip][roundtrip]") {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(RTPSEC_SIP_SEEDS_DIR)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        INFO(entry.path());
        const Message m = parse_ok(text.str());
        CHECK(parse_ok(to_string(m)) == m);
        ++count;
    }
    CHECK(count >= 6);
}
