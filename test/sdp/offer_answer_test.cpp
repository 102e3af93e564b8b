// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/tls_id.hpp>
#include <rtpsec/sdp/writer.hpp>

#include "sdp_test_support.hpp"

using namespace rtpsec::sdp;
using rtpsec::dtls::Fingerprint;
using rtpsec::sdp::test::parse_ok;
using rtpsec::sdp::test::sample;

namespace {

// The fingerprint of test/data/certificates/ecdsa_p256_cert.pem.
const std::string our_fingerprint =
    "sha-256 14:D5:12:CD:B8:48:EA:F1:69:CD:01:8F:17:E5:9B:17:DD:3A:94:74:25:31:0E:33:BC:47:EF:3C:"
    "64:A4:DA:3C";

Fingerprint fingerprint(const std::string& text) {
    std::error_code ec;
    const auto fp = Fingerprint::parse(text, ec);
    REQUIRE(fp);
    return *fp;
}

AnswerOptions answer_options() {
    AnswerOptions options;
    options.local = {"192.0.2.10", 40000};
    options.fingerprints = {fingerprint(our_fingerprint)};
    return options;
}

OfferOptions offer_options() {
    OfferOptions options;
    options.local = {"192.0.2.20", 30000};
    options.fingerprints = {fingerprint(our_fingerprint)};
    return options;
}

std::vector<std::string> attribute_names(const MediaDescription& m) {
    std::vector<std::string> names;
    for (const auto& a : m.attributes)
        names.push_back(a.name);
    return names;
}

// What every answer we write must hold for the accepted section.
void check_answer_section(const Answer& answer, const SessionDescription& offer) {
    REQUIRE(answer.accepted());
    const auto& media = *answer.media;
    const auto& a = answer.description.media.at(media.media_index);
    const auto& o = offer.media.at(media.media_index);
    CHECK(a.port == 40000);
    CHECK(a.proto == o.proto);
    const auto dtls = dtls_parameters(answer.description, a);
    REQUIRE(dtls.fingerprints.size() == 1);
    CHECK(dtls.fingerprints[0].to_string() == our_fingerprint);
    REQUIRE(dtls.tls_id);
    CHECK(is_valid_tls_id(*dtls.tls_id));
    CHECK(media.local_tls_id == dtls.tls_id);
    CHECK(a.rtcp_mux() == o.rtcp_mux());
    CHECK(media.rtcp_mux == o.rtcp_mux());
    CHECK(a.ptime() == 20u);
    // The answer's payload types are the offer's numbers, in the offer's order.
    std::size_t last = 0;
    for (const auto& format : a.formats) {
        const auto at = std::find(o.formats.begin(), o.formats.end(), format);
        REQUIRE(at != o.formats.end());
        const auto position = static_cast<std::size_t>(at - o.formats.begin());
        CHECK(position >= last);
        last = position;
    }
    // The written answer reads back to the same description and negotiation.
    const auto reparsed = parse_ok(write(answer.description));
    CHECK(reparsed == answer.description);
    NegotiationError error;
    const auto again = negotiate(offer, reparsed, Side::answerer, error);
    REQUIRE(again);
    CHECK(again->role == media.role);
    CHECK(again->codecs == media.codecs);
}

}  // namespace

TEST_CASE("the offer: one audio stream, G.711 + DTMF, DTLS-SRTP attributes, canonical text") {
    auto options = offer_options();
    options.tls_id = "abc3de65cddef001be82";
    options.session_id = "1234";
    const auto offer = build_offer(options);
    CHECK(write(offer) ==
          "v=0\r\n"
          "o=- 1234 1 IN IP4 192.0.2.20\r\n"
          "s=-\r\n"
          "c=IN IP4 192.0.2.20\r\n"
          "t=0 0\r\n"
          "m=audio 30000 UDP/TLS/RTP/SAVP 0 8 101\r\n"
          "a=rtpmap:0 PCMU/8000\r\n"
          "a=rtpmap:8 PCMA/8000\r\n"
          "a=rtpmap:101 telephone-event/8000\r\n"
          "a=fmtp:101 0-16\r\n"
          "a=ptime:20\r\n"
          "a=sendrecv\r\n"
          "a=rtcp-mux\r\n"
          "a=setup:actpass\r\n"
          "a=fingerprint:" +
              our_fingerprint +
              "\r\n"
              "a=tls-id:abc3de65cddef001be82\r\n");
}

TEST_CASE("offer options: SAVPF, no rtcp-mux, no DTMF, IPv6, generated ids, ICE") {
    auto options = offer_options();
    options.local = {"2001:db8::5", 30002};
    options.feedback_profile = true;
    options.rtcp_mux = false;
    options.telephone_event_payload_type = std::nullopt;
    options.ice = generate_ice_lite_parameters(options.local);
    options.mid = "audio";
    const auto offer = build_offer(options);
    CHECK(offer.origin.address_type == "IP6");
    CHECK(offer.connection->address_type == "IP6");
    const auto& m = offer.media.at(0);
    CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
    CHECK(m.formats == std::vector<std::string>{"0", "8"});
    CHECK(!m.rtcp_mux());
    CHECK(m.mid() == "audio");
    CHECK(offer.ice_lite());
    const auto ice = ice_parameters(offer, m);
    REQUIRE(ice);
    CHECK(is_valid_ice_ufrag(ice->ufrag));
    CHECK(is_valid_ice_pwd(ice->pwd));
    CHECK(ice->candidates ==
          std::vector<std::string>{"1 1 udp 2130706431 2001:db8::5 30002 typ host"});
    const auto dtls = dtls_parameters(offer, m);
    CHECK(dtls.tls_id->size() == 32);
    CHECK(!offer.origin.session_id.empty());
    CHECK(parse_ok(write(offer)) == offer);

    // Two offers never share a tls-id or session id.
    const auto other = build_offer(options);
    CHECK(dtls_parameters(other, other.media[0]).tls_id != dtls.tls_id);
    CHECK(other.origin.session_id != offer.origin.session_id);
}

TEST_CASE("bad options are configuration errors") {
    auto options = offer_options();
    options.fingerprints.clear();
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);
    options = offer_options();
    options.local.address = "not an address";
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);
    options = offer_options();
    options.setup = Setup::holdconn;
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);
    options = offer_options();
    options.telephone_event_payload_type = 13;
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);
    options = offer_options();
    options.tls_id = "too-short";
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);
    options = offer_options();
    options.fingerprints = {fingerprint("md5 " + std::string("01:02:03:04:05:06:07:08:09:0A:0B:"
                                                             "0C:0D:0E:0F:10"))};
    CHECK_THROWS_AS(build_offer(options), std::invalid_argument);

    auto answer = answer_options();
    answer.setup = Setup::actpass;
    CHECK_THROWS_AS(build_answer(sample("foreign_offer_to_baresip.sdp"), answer),
                    std::invalid_argument);
    answer = answer_options();
    answer.ice = IceParameters{"abc", "short", false, {}};
    CHECK_THROWS_AS(build_answer(sample("foreign_offer_to_baresip.sdp"), answer),
                    std::invalid_argument);
}

TEST_CASE("our own offer and answer negotiate to opposite roles on both sides") {
    const auto offer = build_offer(offer_options());
    const auto answer = build_answer(offer, answer_options());
    check_answer_section(answer, offer);
    CHECK(answer.media->role == DtlsRole::client);
    NegotiationError error;
    const auto offerer = negotiate(offer, answer.description, Side::offerer, error);
    REQUIRE(offerer);
    CHECK(offerer->role == DtlsRole::server);
    CHECK(offerer->peer_rtp == TransportAddress{"192.0.2.10", 40000});
    CHECK(offerer->peer_fingerprints == std::vector<Fingerprint>{fingerprint(our_fingerprint)});
    CHECK(offerer->peer_tls_id == answer.media->local_tls_id);
    CHECK(offerer->local_tls_id == answer.media->peer_tls_id);
    CHECK(answer.media->peer_rtp == TransportAddress{"192.0.2.20", 30000});
    CHECK(answer.media->audio_payload_type() == 0);
    CHECK(answer.media->telephone_event_payload_type == 101);

    auto passive = answer_options();
    passive.setup = Setup::passive;
    const auto second = build_answer(offer, passive);
    CHECK(second.media->role == DtlsRole::server);
    CHECK(negotiate(offer, second.description, Side::offerer, error)->role == DtlsRole::client);
}

TEST_CASE("without rtcp-mux, a=rtcp names each side's RTCP port (RFC 3605), else RTP + 1") {
    auto offered = offer_options();
    offered.rtcp_mux = false;
    offered.rtcp_port = 30101;
    const auto offer = build_offer(offered);
    CHECK(offer.media[0].attributes.find("rtcp") == std::optional<std::string_view>("30101"));
    auto answering = answer_options();
    answering.rtcp_port = 40201;
    const auto answer = build_answer(offer, answering);
    REQUIRE(answer.accepted());
    CHECK(!answer.media->rtcp_mux);
    CHECK(answer.media->peer_rtcp == TransportAddress{"192.0.2.20", 30101});
    NegotiationError error;
    const auto offerer = negotiate(offer, answer.description, Side::offerer, error);
    REQUIRE(offerer);
    CHECK(offerer->peer_rtcp == TransportAddress{"192.0.2.10", 40201});

    const auto plain = build_answer(build_offer(offered), answer_options());
    const auto from_plain = negotiate(offer, plain.description, Side::offerer, error);
    REQUIRE(from_plain);
    CHECK(from_plain->peer_rtcp == TransportAddress{"192.0.2.10", 40001});
}

TEST_CASE("answer to baresip's rtcp-mux offer: SAVPF, active, rtcp-mux echoed, 0 8 101") {
    const auto offer = sample("baresip100_offer_rtcpmux.sdp");
    const auto answer = build_answer(offer, answer_options());
    check_answer_section(answer, offer);
    const auto& m = answer.description.media.at(0);
    CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
    CHECK(m.formats == std::vector<std::string>{"0", "8", "101"});
    CHECK(m.fmtp("101") == "0-15");
    CHECK(m.direction() == Direction::sendrecv);
    CHECK(dtls_parameters(answer.description, m).setup == Setup::active);
    CHECK(attribute_names(m) == std::vector<std::string>{"rtpmap", "rtpmap", "rtpmap", "fmtp",
                                                         "ptime", "sendrecv", "rtcp-mux", "setup",
                                                         "fingerprint", "tls-id"});
    const auto& media = *answer.media;
    CHECK(media.role == DtlsRole::client);
    CHECK(media.rtcp_mux);
    CHECK(media.peer_rtp == TransportAddress{"127.0.0.1", 46508});
    CHECK(media.peer_rtcp == media.peer_rtp);
    CHECK(media.peer_fingerprints.at(0).to_string() ==
          "sha-256 D2:98:C8:D9:8C:8F:49:E3:FE:22:FE:FA:01:FD:F0:7C:9F:7B:79:D7:FA:80:88:4B:5D:EF:"
          "D2:C3:18:92:79:6E");
    CHECK(!media.peer_tls_id);
    CHECK(media.peer_ptime == 20u);
    CHECK(!media.peer_ice);
    CHECK(!answer.description.attributes.contains("group"));
}

TEST_CASE("answer to baresip's offer without rtcp-mux: none in the answer, RTCP on port + 1") {
    const auto offer = sample("baresip100_offer_no_rtcpmux.sdp");
    const auto answer = build_answer(offer, answer_options());
    check_answer_section(answer, offer);
    CHECK(!answer.description.media[0].rtcp_mux());
    CHECK(!answer.media->rtcp_mux);
    CHECK(answer.media->peer_rtp == TransportAddress{"127.0.0.1", 29170});
    CHECK(answer.media->peer_rtcp == TransportAddress{"127.0.0.1", 29171});
}

TEST_CASE("answer to a setup:passive offer is active; SAVP stays SAVP") {
    const auto offer = sample("foreign_offer_to_baresip.sdp");
    auto options = answer_options();
    options.setup = Setup::passive;  // the offer leaves no choice
    const auto answer = build_answer(offer, options);
    check_answer_section(answer, offer);
    const auto& m = answer.description.media[0];
    CHECK(m.proto == "UDP/TLS/RTP/SAVP");
    CHECK(m.formats == std::vector<std::string>{"0"});
    CHECK(dtls_parameters(answer.description, m).setup == Setup::active);
    CHECK(answer.media->role == DtlsRole::client);
    CHECK(answer.media->peer_rtp == TransportAddress{"127.0.0.1", 42598});
    CHECK(!answer.media->telephone_event_payload_type);
}

TEST_CASE("answer to Chromium: G.711 and telephone-event/8000 out of Opus first, mid and BUNDLE") {
    const auto offer = sample("chromium156_loopback_offer.sdp");
    const auto answer = build_answer(offer, answer_options());
    check_answer_section(answer, offer);
    const auto& m = answer.description.media.at(0);
    CHECK(m.formats == std::vector<std::string>{"0", "8", "126"});
    CHECK(m.rtpmap(126)->to_string() == "126 telephone-event/8000");
    CHECK(!m.fmtp("126"));
    CHECK(m.mid() == "0");
    CHECK(answer.description.bundle_group()->mids == std::vector<std::string>{"0"});
    CHECK(answer.media->codecs == std::vector<Codec>{{0, "PCMU", 8000, 1},
                                                     {8, "PCMA", 8000, 1},
                                                     {126, "telephone-event", 8000, 1}});
    CHECK(answer.media->telephone_event_payload_type == 126);
    CHECK(answer.media->peer_rtp == TransportAddress{"127.0.0.1", 56977});
    CHECK(answer.media->peer_rtcp == answer.media->peer_rtp);  // rtcp-mux beats a=rtcp:9
    REQUIRE(answer.media->peer_ice);
    CHECK(answer.media->peer_ice->ufrag == "7kw9");
    // No ICE parameters given: none written.
    CHECK(!ice_parameters(answer.description, m));
}

TEST_CASE("answer to Chromium's offer to an ICE-lite peer matches the answer Chromium accepted") {
    const auto offer = sample("chromium156_offer_to_icelite.sdp");
    auto options = answer_options();
    options.setup = Setup::passive;  // as the captured answer
    options.ice = generate_ice_lite_parameters(options.local);
    const auto answer = build_answer(offer, options);
    check_answer_section(answer, offer);

    const auto accepted = sample("icelite_answer_to_chromium.sdp");
    const auto& ours = answer.description;
    // Same shape as what Chromium accepted: session-level BUNDLE and ice-lite,
    // one SAVPF audio section with mid, credentials, a host candidate, rtcp-mux.
    CHECK(ours.media.size() == accepted.media.size());
    CHECK(ours.bundle_group() == accepted.bundle_group());
    CHECK(ours.ice_lite() == accepted.ice_lite());
    const auto& a = ours.media[0];
    const auto& b = accepted.media[0];
    CHECK(a.proto == b.proto);
    CHECK(a.mid() == b.mid());
    CHECK(a.rtcp_mux() == b.rtcp_mux());
    CHECK(dtls_parameters(ours, a).setup == dtls_parameters(accepted, b).setup);
    for (const char* name : {"ice-ufrag", "ice-pwd", "candidate", "end-of-candidates",
                             "fingerprint", "setup", "mid", "rtcp-mux", "sendrecv"}) {
        INFO(name);
        CHECK(a.attributes.contains(name) == b.attributes.contains(name));
    }
    CHECK(a.candidates().at(0) == "1 1 udp 2130706431 192.0.2.10 40000 typ host");
    CHECK(answer.media->role == DtlsRole::server);
    CHECK(answer.media->peer_rtp == TransportAddress{"0.0.0.0", 9});
}

TEST_CASE("the captured answers negotiate against their offers from both sides") {
    struct Pair {
        const char* offer;
        const char* answer;
        DtlsRole offerer_role;
        bool rtcp_mux;
        TransportAddress answerer_rtp;
        TransportAddress answerer_rtcp;
        std::uint8_t audio_payload_type;
        std::optional<std::uint8_t> telephone_event;
        Direction answerer_direction;
    };
    const Pair pairs[] = {
        {"baresip100_offer_rtcpmux.sdp",
         "baresip100_answer_rtcpmux.sdp",
         DtlsRole::server,
         true,
         {"127.0.0.1", 46484},
         {"127.0.0.1", 46484},
         0,
         101,
         Direction::sendrecv},
        {"baresip100_offer_no_rtcpmux.sdp",
         "baresip100_answer_no_rtcpmux.sdp",
         DtlsRole::server,
         false,
         {"127.0.0.1", 29158},
         {"127.0.0.1", 29159},
         0,
         101,
         Direction::sendrecv},
        {"foreign_offer_to_baresip.sdp",
         "baresip100_answer_to_foreign_offer.sdp",
         DtlsRole::server,
         true,
         {"127.0.0.1", 27662},
         {"127.0.0.1", 27662},
         0,
         std::nullopt,
         Direction::sendrecv},
        {"chromium156_loopback_offer.sdp",
         "chromium156_loopback_answer.sdp",
         DtlsRole::server,
         true,
         {"127.0.0.1", 52183},
         {"127.0.0.1", 52183},
         0,
         126,
         Direction::recvonly},
        {"chromium156_offer_to_icelite.sdp",
         "icelite_answer_to_chromium.sdp",
         DtlsRole::client,
         true,
         {"127.0.0.1", 40083},
         {"127.0.0.1", 40083},
         0,
         std::nullopt,
         Direction::sendrecv},
    };
    for (const auto& pair : pairs) {
        INFO(pair.offer << " -> " << pair.answer);
        const auto offer = sample(pair.offer);
        const auto answer = sample(pair.answer);
        NegotiationError error;
        const auto offerer = negotiate(offer, answer, Side::offerer, error);
        INFO(error.message());
        REQUIRE(offerer);
        const auto answerer = negotiate(offer, answer, Side::answerer, error);
        REQUIRE(answerer);
        CHECK(offerer->role == pair.offerer_role);
        CHECK(answerer->role != offerer->role);
        CHECK(offerer->rtcp_mux == pair.rtcp_mux);
        CHECK(offerer->peer_rtp == pair.answerer_rtp);
        CHECK(offerer->peer_rtcp == pair.answerer_rtcp);
        CHECK(offerer->audio_payload_type() == pair.audio_payload_type);
        CHECK(offerer->telephone_event_payload_type == pair.telephone_event);
        CHECK(answerer->direction == pair.answerer_direction);
        CHECK(offerer->peer_fingerprints == dtls_parameters(answer, answer.media[0]).fingerprints);
        CHECK(answerer->peer_fingerprints == dtls_parameters(offer, offer.media[0]).fingerprints);
    }
}

TEST_CASE("the Chromium loopback pair shares every codec, in the answer's order") {
    NegotiationError error;
    const auto media = negotiate(sample("chromium156_loopback_offer.sdp"),
                                 sample("chromium156_loopback_answer.sdp"), Side::offerer, error);
    REQUIRE(media);
    REQUIRE(media->codecs.size() == 8);
    CHECK(media->codecs[0] == Codec{111, "opus", 48000, 2});
    CHECK(media->audio_payload_type() == 0);
    REQUIRE(media->peer_ice);
    CHECK(media->peer_ice->ufrag == "8uxU");
    CHECK(media->mid == "0");
}

TEST_CASE("RFC 5763 §8 answer negotiates: the offerer is the DTLS server") {
    const auto offer = parse_ok(
        "v=0\r\no=- 1181923068 1181923196 IN IP4 ua1.example.com\r\ns=example1\r\n"
        "c=IN IP4 ua1.example.com\r\na=setup:actpass\r\n"
        "a=fingerprint: SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
        "t=0 0\r\nm=audio 6056 RTP/AVP 0\r\na=sendrecv\r\na=tcap:1 UDP/TLS/RTP/SAVP RTP/AVP\r\n"
        "a=pcfg:1 t=1\r\n");
    const auto answer = parse_ok(
        "v=0\r\no=- 6418413 6418423 IN IP4 ua2.example.com\r\ns=example2\r\n"
        "c=IN IP4 ua2.example.com\r\na=setup:active\r\n"
        "a=fingerprint: SHA-1 FF:FF:FF:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB\r\n"
        "t=0 0\r\nm=audio 12000 UDP/TLS/RTP/SAVP 0\r\na=acfg:1 t=1\r\n");
    NegotiationError error;
    const auto media = negotiate(offer, answer, Side::offerer, error);
    INFO(error.message());
    REQUIRE(media);
    CHECK(media->role == DtlsRole::server);
    CHECK(media->peer_rtp == TransportAddress{"ua2.example.com", 12000});
    CHECK(media->peer_rtcp == TransportAddress{"ua2.example.com", 12001});
    CHECK(media->peer_fingerprints.at(0).to_string() ==
          "sha-1 FF:FF:FF:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
    // We do not do capability negotiation (RFC 5939), so we refuse that offer ourselves.
    const auto ours = build_answer(offer, answer_options());
    CHECK(ours.error.code == SdpError::not_dtls_srtp);
}

TEST_CASE("offers that are not DTLS-SRTP are refused with a reason, their lines rejected") {
    SECTION("plain RTP: the RFC 8866 example") {
        const auto offer = parse_ok(
            "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call to John Smith\r\n"
            "c=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"
            "m=audio 49180 RTP/AVP 0\r\nm=video 51372 RTP/AVP 99\r\nc=IN IP6 2001:db8::2\r\n"
            "a=rtpmap:99 h263-1998/90000\r\n");
        const auto answer = build_answer(offer, answer_options());
        CHECK(!answer.accepted());
        CHECK(answer.error.code == SdpError::not_dtls_srtp);
        CHECK(answer.error.message() ==
              "m= section 1 (audio) is not DTLS-SRTP: plain unencrypted RTP (RTP/AVP); rtpsec "
              "answers only UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF with a=fingerprint");
        // RFC 3264 §6: one rejected line per offered line, same media and proto.
        const auto& d = answer.description;
        REQUIRE(d.media.size() == 3);
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(d.media[i].port == 0);
            CHECK(d.media[i].media == offer.media[i].media);
            CHECK(d.media[i].proto == "RTP/AVP");
            CHECK(d.media[i].formats == offer.media[i].formats);
        }
    }
    SECTION("SDES: RTP/SAVP with a=crypto only") {
        const auto offer = parse_ok(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            "m=audio 5000 RTP/SAVP 0 8\r\n"
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
            "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n");
        const auto answer = build_answer(offer, answer_options());
        CHECK(answer.error.code == SdpError::not_dtls_srtp);
        CHECK(answer.error.message().find("SDES keys in a=crypto") != std::string::npos);
        CHECK(answer.description.media.at(0).port == 0);
        CHECK(answer.description.media[0].proto == "RTP/SAVP");
    }
}

TEST_CASE("a Chromium offer with audio, video and data: audio answered, the rest port 0") {
    std::string text = rtpsec::sdp::test::read_sample("chromium156_offer_to_icelite.sdp");
    // Chromium's usual three sections; the audio one is the second here.
    const auto audio_at = text.find("m=audio");
    text.insert(audio_at,
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97\nc=IN IP4 0.0.0.0\na=mid:v\n"
                "a=setup:actpass\na=rtcp-mux\na=rtpmap:96 VP8/90000\n");
    text +=
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\nc=IN IP4 0.0.0.0\na=mid:d\n"
        "a=sctp-port:5000\n";
    const auto bundle = text.find("a=group:BUNDLE 0");
    text.replace(bundle, 16, "a=group:BUNDLE v 0 d");
    const auto offer = parse_ok(text);
    REQUIRE(offer.media.size() == 3);

    auto options = answer_options();
    options.ice = generate_ice_lite_parameters(options.local);
    const auto answer = build_answer(offer, options);
    check_answer_section(answer, offer);
    const auto& d = answer.description;
    REQUIRE(d.media.size() == 3);
    CHECK(answer.media->media_index == 1);
    CHECK(d.media[0].port == 0);
    CHECK(d.media[0].media == "video");
    CHECK(d.media[0].proto == "UDP/TLS/RTP/SAVPF");
    CHECK(d.media[0].formats == std::vector<std::string>{"96", "97"});
    CHECK(d.media[0].mid() == "v");
    CHECK(d.media[1].port == 40000);
    CHECK(d.media[1].mid() == "0");
    CHECK(d.media[2].port == 0);
    CHECK(d.media[2].media == "application");
    CHECK(d.media[2].proto == "UDP/DTLS/SCTP");
    CHECK(d.media[2].formats == std::vector<std::string>{"webrtc-datachannel"});
    CHECK(d.media[2].mid() == "d");
    // Only the accepted section is bundled (RFC 8843 §7.3).
    CHECK(d.bundle_group()->mids == std::vector<std::string>{"0"});
}

TEST_CASE("answers to unusable audio: holdconn, no setup, no G.711, disabled, no audio") {
    const std::string base =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
        "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:"
        "65:1B:0A:3E:F5:3E:8B:6A:50:B7\r\n";
    struct Row {
        std::string media;
        SdpError code;
        const char* detail;
    };
    const Row rows[] = {
        {"m=audio 5000 UDP/TLS/RTP/SAVP 0\r\na=setup:holdconn\r\n", SdpError::setup_holdconn,
         "holdconn"},
        {"m=audio 5000 UDP/TLS/RTP/SAVP 0\r\n", SdpError::missing_setup, "no a=setup"},
        {"m=audio 5000 UDP/TLS/RTP/SAVP 111 9\r\na=setup:actpass\r\na=rtpmap:111 opus/48000/2\r\n",
         SdpError::no_common_codec, "offers opus/48000, G722/8000; rtpsec needs PCMU/8000"},
        {"m=audio 5000 UDP/TLS/RTP/SAVP 101\r\na=setup:actpass\r\n"
         "a=rtpmap:101 telephone-event/8000\r\n",
         SdpError::no_common_codec, "telephone-event/8000"},
        {"m=audio 0 UDP/TLS/RTP/SAVP 0\r\na=setup:actpass\r\n", SdpError::media_rejected,
         "disabled"},
        {"m=video 5000 UDP/TLS/RTP/SAVP 96\r\na=setup:actpass\r\n", SdpError::no_audio_stream,
         "no audio"},
    };
    for (const auto& row : rows) {
        INFO(row.media);
        const auto offer = parse_ok(base + row.media);
        const auto answer = build_answer(offer, answer_options());
        CHECK(!answer.accepted());
        CHECK(answer.error.code == make_error_code(row.code));
        CHECK(answer.error.message().find(row.detail) != std::string::npos);
        CHECK(answer.description.media.at(0).port == 0);
    }
}

TEST_CASE("direction is mirrored (RFC 3264 §6.1)") {
    const std::pair<Direction, Direction> cases[] = {
        {Direction::sendrecv, Direction::sendrecv},
        {Direction::sendonly, Direction::recvonly},
        {Direction::recvonly, Direction::sendonly},
        {Direction::inactive, Direction::inactive},
    };
    for (const auto& [offered, answered] : cases) {
        auto options = offer_options();
        options.direction = offered;
        const auto answer = build_answer(build_offer(options), answer_options());
        CHECK(answer.description.media.at(0).direction() == answered);
        CHECK(answer.media->direction == answered);
    }
}

TEST_CASE("answers that do not fit the offer are refused") {
    const auto offer = sample("baresip100_offer_rtcpmux.sdp");
    NegotiationError error;

    auto extra = sample("baresip100_answer_rtcpmux.sdp");
    extra.media.push_back(extra.media[0]);
    CHECK(!negotiate(offer, extra, Side::offerer, error));
    CHECK(error.code == SdpError::answer_mismatch);

    auto video = sample("baresip100_answer_rtcpmux.sdp");
    video.media[0].media = "video";
    CHECK(!negotiate(offer, video, Side::offerer, error));
    CHECK(error.code == SdpError::answer_mismatch);

    auto rejected = sample("baresip100_answer_rtcpmux.sdp");
    rejected.media[0].port = 0;
    CHECK(!negotiate(offer, rejected, Side::offerer, error));
    CHECK(error.code == SdpError::media_rejected);

    auto actpass = sample("baresip100_answer_rtcpmux.sdp");
    actpass.attributes.set("setup", "actpass");
    CHECK(!negotiate(offer, actpass, Side::offerer, error));
    CHECK(error.code == SdpError::setup_conflict);
    CHECK(error.message().find("a=setup:actpass does not fit") != std::string::npos);

    auto no_fingerprint = sample("baresip100_answer_rtcpmux.sdp");
    no_fingerprint.attributes.remove("fingerprint");
    no_fingerprint.media[0].attributes.remove("fingerprint");
    CHECK(!negotiate(offer, no_fingerprint, Side::offerer, error));
    CHECK(error.code == SdpError::missing_fingerprint);
    // The answerer does not need its own fingerprint to read the offer's.
    CHECK(negotiate(offer, no_fingerprint, Side::answerer, error));

    auto plain = sample("baresip100_answer_rtcpmux.sdp");
    plain.media[0].proto = "RTP/AVP";
    CHECK(!negotiate(offer, plain, Side::offerer, error));
    CHECK(error.code == SdpError::not_dtls_srtp);

    auto opus = sample("baresip100_answer_rtcpmux.sdp");
    opus.media[0].formats = {"101"};
    CHECK(!negotiate(offer, opus, Side::offerer, error));
    CHECK(error.code == SdpError::no_common_codec);

    auto no_address = sample("baresip100_answer_rtcpmux.sdp");
    no_address.connection.reset();
    CHECK(!negotiate(offer, no_address, Side::offerer, error));
    CHECK(error.code == SdpError::missing_connection);
}

TEST_CASE("a=rtcp without rtcp-mux gives the RTCP port and address (RFC 3605)") {
    auto offer = build_offer(offer_options());
    offer.media[0].attributes.remove("rtcp-mux");
    offer.media[0].attributes.add("rtcp", "30111 IN IP4 192.0.2.99");
    const auto answer = build_answer(offer, answer_options());
    REQUIRE(answer.accepted());
    CHECK(!answer.media->rtcp_mux);
    CHECK(answer.media->peer_rtcp == TransportAddress{"192.0.2.99", 30111});

    offer.media[0].attributes.set("rtcp", "30113");
    CHECK(build_answer(offer, answer_options()).media->peer_rtcp ==
          TransportAddress{"192.0.2.20", 30113});
}

TEST_CASE("a new DTLS association is needed when tls-id, certificate or role change") {
    auto options = offer_options();
    options.tls_id = "abc3de65cddef001be82";
    const auto offer = build_offer(options);
    auto answer_opts = answer_options();
    answer_opts.tls_id = "0123456789abcdefghij";
    const auto first = build_answer(offer, answer_opts);
    REQUIRE(first.accepted());

    // The same exchange again (a re-INVITE keeping everything): no new association.
    const auto same = build_answer(offer, answer_opts);
    CHECK_FALSE(needs_new_dtls_association(*first.media, *same.media));

    // RFC 8842 §5: a new tls-id in the re-offer.
    auto new_id = options;
    new_id.tls_id = "abc3de65cddef001be83";
    CHECK(needs_new_dtls_association(*first.media,
                                     *build_answer(build_offer(new_id), answer_opts).media));

    // A new certificate.
    auto new_cert = options;
    new_cert.fingerprints = {
        fingerprint("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:"
                    "19:E5:7C:AB")};
    CHECK(needs_new_dtls_association(*first.media,
                                     *build_answer(build_offer(new_cert), answer_opts).media));

    // Our role changes.
    auto passive = answer_opts;
    passive.setup = Setup::passive;
    CHECK(needs_new_dtls_association(*first.media, *build_answer(offer, passive).media));

    // With tls-id, a new address keeps the association (RFC 8842 §5) ...
    auto moved = options;
    moved.local = {"192.0.2.21", 30004};
    CHECK_FALSE(needs_new_dtls_association(*first.media,
                                           *build_answer(build_offer(moved), answer_opts).media));
    // ... without it (legacy peer), it does not.
    auto legacy_offer = offer;
    legacy_offer.media[0].attributes.remove("tls-id");
    auto legacy_moved = build_offer(moved);
    legacy_moved.media[0].attributes.remove("tls-id");
    const auto before = build_answer(legacy_offer, answer_opts);
    const auto after = build_answer(legacy_moved, answer_opts);
    CHECK(needs_new_dtls_association(*before.media, *after.media));
    CHECK_FALSE(needs_new_dtls_association(*before.media, *before.media));
}
