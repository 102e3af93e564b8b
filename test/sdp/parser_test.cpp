// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include <rtpsec/sdp/ice.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

#include "sdp_test_support.hpp"

using namespace rtpsec::sdp;
using rtpsec::sdp::test::parse_ok;
using rtpsec::sdp::test::read_sample;
using rtpsec::sdp::test::sample;
using rtpsec::sdp::test::with_crlf;

namespace {

std::vector<std::uint8_t> payload_types(const MediaDescription& m) {
    std::vector<std::uint8_t> out;
    for (const auto& c : m.codecs())
        out.push_back(c.payload_type);
    return out;
}

std::string first_fingerprint(const SessionDescription& d, std::size_t media = 0) {
    const auto params = dtls_parameters(d, d.media.at(media));
    REQUIRE(!params.fingerprints.empty());
    return params.fingerprints.front().to_string();
}

}  // namespace

TEST_CASE("every captured sample parses and writes back byte for byte in CRLF") {
    for (const char* name : rtpsec::sdp::test::all_samples) {
        INFO(name);
        const std::string text = read_sample(name);
        const auto parsed = parse_ok(text);
        // The samples are in RFC 8866 order with LF ends: our writer changes only the ends.
        CHECK(write(parsed) == with_crlf(text));
        const auto again = parse_ok(write(parsed));
        CHECK(again == parsed);
    }
}

TEST_CASE("baresip offer with rtcp-mux: session-level DTLS attributes, SAVPF, G.711 + DTMF") {
    const auto d = sample("baresip100_offer_rtcpmux.sdp");
    CHECK(d.origin.username == "-");
    CHECK(d.origin.session_id == "3940536640");
    CHECK(d.origin.session_version == 2088008420u);
    REQUIRE(d.connection);
    CHECK(d.connection->address == "127.0.0.1");
    CHECK(d.connection->address_kind() == AddressKind::ipv4);
    CHECK(d.attributes.find("tool") == "baresip 1.0.0");
    REQUIRE(d.media.size() == 1);
    const auto& m = d.media[0];
    CHECK(m.media == "audio");
    CHECK(m.port == 46508);
    CHECK(!m.port_count);
    CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
    CHECK(m.is_dtls_srtp());
    CHECK(m.formats == std::vector<std::string>{"0", "8", "101"});
    CHECK(payload_types(m) == std::vector<std::uint8_t>{0, 8, 101});
    const auto codecs = m.codecs();
    CHECK(codecs[0] == Codec{0, "PCMU", 8000, 1});
    CHECK(codecs[1] == Codec{8, "PCMA", 8000, 1});
    CHECK(codecs[2] == Codec{101, "telephone-event", 8000, 1});
    CHECK(m.fmtp("101") == "0-15");
    CHECK(m.ptime() == 20u);
    CHECK(m.direction() == Direction::sendrecv);
    CHECK(m.rtcp_mux());
    CHECK(!m.rtcp());
    CHECK(!m.mid());
    CHECK(m.attributes.contains("rtcp-rsize"));
    CHECK(m.attributes.find("ssrc") == "3559998575 cname:sip:alice@127.0.0.1");

    const auto dtls = dtls_parameters(d, m);
    CHECK(dtls.setup == Setup::actpass);
    REQUIRE(dtls.fingerprints.size() == 1);
    // Upper-case "SHA-256" is the same hash; we write it in lower case (RFC 8122 §5).
    CHECK(dtls.fingerprints[0].to_string() ==
          "sha-256 D2:98:C8:D9:8C:8F:49:E3:FE:22:FE:FA:01:FD:F0:7C:9F:7B:79:D7:FA:80:88:4B:5D:EF:"
          "D2:C3:18:92:79:6E");
    CHECK(!dtls.tls_id);
    CHECK(!ice_parameters(d, m));
}

TEST_CASE("baresip offer without rtcp-mux: no a=rtcp, so RTCP is on port + 1") {
    const auto d = sample("baresip100_offer_no_rtcpmux.sdp");
    const auto& m = d.media.at(0);
    CHECK(m.port == 29170);
    CHECK(!m.rtcp_mux());
    CHECK(!m.rtcp());
    CHECK(first_fingerprint(d) ==
          "sha-256 50:2F:BE:6B:FA:C0:3F:54:A9:D1:A2:5D:F7:B8:02:6F:5B:17:F3:5B:D5:00:54:EC:7D:E1:"
          "0A:82:8E:01:F3:2B");
}

TEST_CASE("baresip answers carry setup:active and the fingerprint at both levels") {
    const auto mux = sample("baresip100_answer_rtcpmux.sdp");
    CHECK(mux.media.at(0).port == 46484);
    CHECK(mux.media.at(0).rtcp_mux());
    CHECK(dtls_parameters(mux, mux.media[0]).setup == Setup::active);
    CHECK(mux.attributes.find_all("fingerprint").size() == 1);
    CHECK(mux.media[0].attributes.find_all("fingerprint").size() == 1);
    CHECK(first_fingerprint(mux) ==
          "sha-256 22:4C:D1:BE:9C:F0:32:C9:57:21:31:D7:7A:0E:13:96:17:15:A3:DC:EA:E0:BE:9A:7A:EB:"
          "EB:EC:B3:51:CD:B2");

    const auto no_mux = sample("baresip100_answer_no_rtcpmux.sdp");
    CHECK(no_mux.media.at(0).port == 29158);
    CHECK(!no_mux.media[0].rtcp_mux());
    CHECK(payload_types(no_mux.media[0]) == std::vector<std::uint8_t>{0, 8, 101});

    const auto foreign = sample("baresip100_answer_to_foreign_offer.sdp");
    CHECK(foreign.media.at(0).port == 27662);
    CHECK(foreign.media[0].proto == "UDP/TLS/RTP/SAVP");
    CHECK(payload_types(foreign.media[0]) == std::vector<std::uint8_t>{0});
    CHECK(foreign.media[0].rtcp_mux());
}

TEST_CASE("minimal foreign offer: media-level setup:passive and lower-case sha-256") {
    const auto d = sample("foreign_offer_to_baresip.sdp");
    CHECK(d.origin.session_id == "1");
    const auto& m = d.media.at(0);
    CHECK(m.port == 42598);
    CHECK(m.proto == "UDP/TLS/RTP/SAVP");
    CHECK(payload_types(m) == std::vector<std::uint8_t>{0});
    CHECK(m.rtcp_mux());
    const auto dtls = dtls_parameters(d, m);
    CHECK(dtls.setup == Setup::passive);
    CHECK(first_fingerprint(d) ==
          "sha-256 C1:D4:A4:6E:D0:21:39:51:12:1A:BE:95:BA:89:68:F8:7C:09:5F:73:F0:09:76:00:F8:62:"
          "96:0D:4C:8B:BD:D3");
}

TEST_CASE("Chromium offer: BUNDLE, mid, ICE, a=rtcp with rtcp-mux, Opus first") {
    const auto d = sample("chromium156_loopback_offer.sdp");
    CHECK(d.origin.session_id == "7965900171544723886");
    CHECK(d.origin.session_version == 2u);
    CHECK(!d.connection);
    const auto bundle = d.bundle_group();
    REQUIRE(bundle);
    CHECK(bundle->mids == std::vector<std::string>{"0"});
    CHECK(d.attributes.find("msid-semantic") == " WMS");
    const auto& m = d.media.at(0);
    CHECK(m.port == 56977);
    CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
    REQUIRE(m.connections.size() == 1);
    CHECK(effective_connection(d, m)->address == "127.0.0.1");
    CHECK(m.mid() == "0");
    CHECK(m.rtcp_mux());
    const auto rtcp = m.rtcp();
    REQUIRE(rtcp);
    CHECK(rtcp->port == 9);
    REQUIRE(rtcp->connection);
    CHECK(rtcp->connection->address == "0.0.0.0");
    CHECK(payload_types(m) == std::vector<std::uint8_t>{111, 63, 9, 0, 8, 13, 110, 126});
    const auto codecs = m.codecs();
    CHECK(codecs[0] == Codec{111, "opus", 48000, 2});
    CHECK(codecs[6] == Codec{110, "telephone-event", 48000, 1});
    CHECK(codecs[7] == Codec{126, "telephone-event", 8000, 1});
    CHECK(m.fmtp("111") == "minptime=10;useinbandfec=1");
    CHECK(m.direction() == Direction::sendrecv);
    const auto ice = ice_parameters(d, m);
    REQUIRE(ice);
    CHECK(ice->ufrag == "7kw9");
    CHECK(ice->pwd == "H5fHKTnkixC3TmCemPEaGyQq");
    CHECK(!ice->lite);
    REQUIRE(ice->candidates.size() == 1);
    CHECK(ice->candidates[0].find("127.0.0.1 56977 typ host") != std::string::npos);
    const auto dtls = dtls_parameters(d, m);
    CHECK(dtls.setup == Setup::actpass);
    CHECK(first_fingerprint(d) ==
          "sha-256 C4:40:8F:1C:D6:5E:BA:09:71:F3:EB:7C:DD:03:09:5B:CF:83:5C:1C:50:30:60:F0:C4:B3:"
          "7E:48:8B:53:04:C9");
}

TEST_CASE("Chromium answer and offer to an ICE-lite peer") {
    const auto answer = sample("chromium156_loopback_answer.sdp");
    CHECK(answer.media.at(0).port == 52183);
    CHECK(answer.media[0].direction() == Direction::recvonly);
    CHECK(dtls_parameters(answer, answer.media[0]).setup == Setup::active);

    const auto offer = sample("chromium156_offer_to_icelite.sdp");
    const auto& m = offer.media.at(0);
    CHECK(m.port == 9);
    CHECK(effective_connection(offer, m)->address == "0.0.0.0");
    CHECK(m.candidates().empty());
    CHECK(ice_parameters(offer, m)->ufrag == "+CFp");
    CHECK(first_fingerprint(offer) ==
          "sha-256 C3:E4:DD:C0:9A:0F:7A:43:D1:7F:FE:2D:25:47:6A:52:F5:96:72:36:2C:B4:1C:03:8F:46:"
          "2F:EF:80:16:90:73");

    const auto lite = sample("icelite_answer_to_chromium.sdp");
    CHECK(lite.ice_lite());
    const auto ice = ice_parameters(lite, lite.media.at(0));
    REQUIRE(ice);
    CHECK(ice->lite);
    CHECK(ice->ufrag == "wy7QTJMQ");
    CHECK(ice->candidates ==
          std::vector<std::string>{"1 1 udp 2130706431 127.0.0.1 40083 typ host"});
    CHECK(lite.media[0].attributes.contains("end-of-candidates"));
    CHECK(dtls_parameters(lite, lite.media[0]).setup == Setup::passive);
}

// RFC 8866 §5, the example session description.
constexpr const char* rfc8866_example =
    "v=0\r\n"
    "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
    "s=Call to John Smith\r\n"
    "i=SDP Offer #1\r\n"
    "u=http://www.jdoe.example.com/home.html\r\n"
    "e=Jane Doe <jane@jdoe.example.com>\r\n"
    "p=+1 617 555-6011\r\n"
    "c=IN IP4 198.51.100.1\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0\r\n"
    "m=audio 49180 RTP/AVP 0\r\n"
    "m=video 51372 RTP/AVP 99\r\n"
    "c=IN IP6 2001:db8::2\r\n"
    "a=rtpmap:99 h263-1998/90000\r\n";

TEST_CASE("RFC 8866 §5 example parses into every field and writes back identically") {
    const auto d = parse_ok(rfc8866_example);
    CHECK(d.origin.username == "jdoe");
    CHECK(d.origin.session_id == "3724394400");
    CHECK(d.origin.session_version == 3724394405u);
    CHECK(d.session_name == "Call to John Smith");
    CHECK(d.information == "SDP Offer #1");
    CHECK(d.uri == "http://www.jdoe.example.com/home.html");
    CHECK(d.emails == std::vector<std::string>{"Jane Doe <jane@jdoe.example.com>"});
    CHECK(d.phones == std::vector<std::string>{"+1 617 555-6011"});
    CHECK(d.connection->address == "198.51.100.1");
    REQUIRE(d.timings.size() == 1);
    CHECK(d.timings[0].start == 0);
    CHECK(d.timings[0].stop == 0);
    REQUIRE(d.media.size() == 3);
    CHECK(d.media[1].port == 49180);
    CHECK(d.media[0].codecs() == std::vector<Codec>{{0, "PCMU", 8000, 1}});
    CHECK(d.media[2].media == "video");
    CHECK(effective_connection(d, d.media[2])->address == "2001:db8::2");
    CHECK(effective_connection(d, d.media[2])->address_kind() == AddressKind::ipv6);
    CHECK(effective_connection(d, d.media[0])->address == "198.51.100.1");
    CHECK(d.media[2].codecs() == std::vector<Codec>{{99, "h263-1998", 90000, 1}});
    CHECK(!d.media[0].is_dtls_srtp());
    CHECK(write(d) == rfc8866_example);
}

// RFC 5763 §8: offer and answer (the fingerprint lines folded in the RFC are
// one line here). The session-level a= lines come before t=, which RFC 8866
// order does not allow; we accept them and write them after t=.
constexpr const char* rfc5763_offer =
    "v=0\r\n"
    "o=- 1181923068 1181923196 IN IP4 ua1.example.com\r\n"
    "s=example1\r\n"
    "c=IN IP4 ua1.example.com\r\n"
    "a=setup:actpass\r\n"
    "a=fingerprint: SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
    "t=0 0\r\n"
    "m=audio 6056 RTP/AVP 0\r\n"
    "a=sendrecv\r\n"
    "a=tcap:1 UDP/TLS/RTP/SAVP RTP/AVP\r\n"
    "a=pcfg:1 t=1\r\n";

constexpr const char* rfc5763_answer =
    "v=0\r\n"
    "o=- 6418413 6418423 IN IP4 ua2.example.com\r\n"
    "s=example2\r\n"
    "c=IN IP4 ua2.example.com\r\n"
    "a=setup:active\r\n"
    "a=fingerprint: SHA-1 FF:FF:FF:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
    "t=0 0\r\n"
    "m=audio 12000 UDP/TLS/RTP/SAVP 0\r\n"
    "a=acfg:1 t=1\r\n";

TEST_CASE("RFC 5763 §8 example: domain-name address, session-level setup and SHA-1 fingerprint") {
    const auto offer = parse_ok(rfc5763_offer);
    CHECK(offer.connection->address == "ua1.example.com");
    CHECK(offer.connection->address_kind() == AddressKind::domain_name);
    const auto dtls = dtls_parameters(offer, offer.media.at(0));
    CHECK(dtls.setup == Setup::actpass);
    REQUIRE(dtls.fingerprints.size() == 1);
    CHECK(dtls.fingerprints[0].to_string() ==
          "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
    CHECK(offer.media[0].attributes.find("tcap") == "1 UDP/TLS/RTP/SAVP RTP/AVP");

    // Canonical order moves the two session attributes after t=; nothing else changes.
    const std::string written = write(offer);
    CHECK(written.find("t=0 0\r\na=setup:actpass\r\na=fingerprint: SHA-1 4A:AD") !=
          std::string::npos);
    CHECK(parse_ok(written) == offer);

    const auto answer = parse_ok(rfc5763_answer);
    CHECK(answer.media.at(0).is_dtls_srtp());
    CHECK(dtls_parameters(answer, answer.media[0]).setup == Setup::active);
    CHECK(parse_ok(write(answer)) == answer);
}

// RFC 8842 §4 example value of a=tls-id in a DTLS-SRTP offer.
TEST_CASE("RFC 8842 a=tls-id is read from the media level") {
    const auto d = parse_ok(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "m=audio 5000 UDP/TLS/RTP/SAVP 0\r\n"
        "a=setup:actpass\r\n"
        "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:"
        "65:1B:0A:3E:F5:3E:8B:6A:50:B7\r\n"
        "a=tls-id:abc3de65cddef001be82\r\n");
    CHECK(dtls_parameters(d, d.media.at(0)).tls_id == "abc3de65cddef001be82");
}

TEST_CASE("tolerant reading: LF or CRLF, trailing blanks, blank lines, extra spaces, any case") {
    const std::string messy =
        "v=0  \n"
        "o=-  42   7 IN IP4 192.0.2.1\r\n"
        "s=-\r\n"
        "\r\n"
        "c=IN IP4 192.0.2.1\t\r\n"
        "t=0 0\n"
        "m=audio  5004  UDP/TLS/RTP/SAVP  0 8\r\n"
        "a=SETUP:ACTPASS\r\n"
        "a=Fingerprint:SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:3e:4b:"
        "65:1b:0a:3e:f5:3e:8b:6a:50:b7 \r\n"
        "a=RTCP-MUX\r\n"
        "a=RtpMap:0 pcmu/8000\r\n"
        "a=x-unknown:keep me:exactly\r\n"
        "a=another-flag\n";
    const auto d = parse_ok(messy);
    CHECK(d.origin.session_id == "42");
    CHECK(d.origin.session_version == 7u);
    const auto& m = d.media.at(0);
    CHECK(m.port == 5004);
    CHECK(m.formats == std::vector<std::string>{"0", "8"});
    CHECK(m.rtcp_mux());
    CHECK(m.codecs()[0].name == "pcmu");
    CHECK(supported_codec(m.codecs()[0]) == SupportedCodec::pcmu);
    const auto dtls = dtls_parameters(d, m);
    CHECK(dtls.setup == Setup::actpass);
    REQUIRE(dtls.fingerprints.size() == 1);
    CHECK(dtls.fingerprints[0].to_string().substr(0, 20) == "sha-256 4A:AD:B9:B1:");
    // Unknown attributes are kept verbatim and in place.
    REQUIRE(m.attributes.size() == 6);
    CHECK(m.attributes.items()[4] == Attribute{"x-unknown", "keep me:exactly"});
    CHECK(m.attributes.items()[5] == Attribute{"another-flag", std::nullopt});
    // Strict writing: CRLF, single spaces, nothing trailing.
    const std::string written = write(d);
    for (std::size_t at = written.find('\n'); at != std::string::npos;
         at = written.find('\n', at + 1)) {
        CHECK(written[at - 1] == '\r');
    }
    CHECK(written.find("m=audio 5004 UDP/TLS/RTP/SAVP 0 8\r\n") != std::string::npos);
    CHECK(written.find(" \r\n") == std::string::npos);
    CHECK(parse_ok(written) == d);
}

TEST_CASE("a round trip changes only what was edited") {
    const std::string text = read_sample("chromium156_loopback_offer.sdp");
    auto d = parse_ok(text);
    d.media.at(0).port = 40000;
    d.media[0].attributes.set("setup", "active");
    std::string expected = with_crlf(text);
    const auto replace = [&](std::string_view from, std::string_view to) {
        const auto at = expected.find(from);
        REQUIRE(at != std::string::npos);
        expected.replace(at, from.size(), to);
    };
    replace("m=audio 56977 ", "m=audio 40000 ");
    replace("a=setup:actpass", "a=setup:active");
    CHECK(write(d) == expected);
}

TEST_CASE("multicast connection data, port counts, bandwidth, repeat times and keys round trip") {
    const std::string text =
        "v=0\r\n"
        "o=- 1 1 IN IP4 192.0.2.1\r\n"
        "s=Seminar\r\n"
        "c=IN IP4 233.252.0.1/127/2\r\n"
        "b=CT:128\r\n"
        "t=3724394400 3724398000\r\n"
        "r=7d 1h 0 25h\r\n"
        "t=0 0\r\n"
        "z=2882844526 -1h 2898848070 0\r\n"
        "k=clear:not-a-secret\r\n"
        "a=recvonly\r\n"
        "m=audio 49170/2 RTP/AVP 0\r\n"
        "i=the audio\r\n"
        "c=IN IP6 ff1e:db8::1/3\r\n"
        "b=AS:64\r\n"
        "k=prompt\r\n"
        "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n";
    const auto d = parse_ok(text);
    CHECK(d.connection->ttl == 127u);
    CHECK(d.connection->address_count == 2u);
    CHECK(d.bandwidths == std::vector<Bandwidth>{{"CT", 128}});
    REQUIRE(d.timings.size() == 2);
    CHECK(d.timings[0].repeats == std::vector<std::string>{"7d 1h 0 25h"});
    CHECK(d.time_zones == "2882844526 -1h 2898848070 0");
    CHECK(d.encryption_key == "clear:not-a-secret");
    CHECK(d.media.at(0).port_count == 2u);
    CHECK(d.media[0].connections.at(0).address_count == 3u);
    CHECK(effective_direction(d, d.media[0]) == Direction::recvonly);
    CHECK(d.media[1].formats == std::vector<std::string>{"webrtc-datachannel"});
    CHECK(d.media[1].codecs().empty());
    CHECK(write(d) == text);
}
