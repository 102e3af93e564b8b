// SPDX-License-Identifier: BSD-3-Clause
// a=fingerprint as the SDP layer reads it (RFC 8122 §5): levels, several
// values, every registered hash name, unknown hashes skipped.
#include <catch2/catch.hpp>

#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>

#include "sdp_test_support.hpp"

using namespace rtpsec::sdp;
using rtpsec::dtls::HashAlgorithm;
using rtpsec::sdp::test::parse_ok;

namespace {

std::string hex_bytes(std::size_t count, const char* byte) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i != 0) out += ':';
        out += byte;
    }
    return out;
}

std::string offer_with(const std::string& session_attributes, const std::string& media_attributes,
                       const std::string& second_media_attributes = "") {
    return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
           session_attributes + "a=setup:actpass\r\nm=audio 5000 UDP/TLS/RTP/SAVP 0\r\n" +
           media_attributes + "m=audio 5002 UDP/TLS/RTP/SAVP 0\r\n" + second_media_attributes;
}

const std::string sha1_a = "sha-1 " + hex_bytes(20, "AA");
const std::string sha256_b = "sha-256 " + hex_bytes(32, "BB");
const std::string sha512_c = "sha-512 " + hex_bytes(64, "CC");

AnswerOptions answer_options() {
    std::error_code ec;
    AnswerOptions options;
    options.local = {"192.0.2.9", 6000};
    options.fingerprints = {*rtpsec::dtls::Fingerprint::parse(sha256_b, ec)};
    return options;
}

}  // namespace

TEST_CASE("every RFC 8122 hash name is read at media level, in order, unknown ones skipped") {
    std::string attributes;
    const std::pair<const char*, std::size_t> hashes[] = {
        {"md2", 16},     {"md5", 16},     {"sha-1", 20},   {"sha-224", 28},
        {"sha-256", 32}, {"sha-384", 48}, {"sha-512", 64},
    };
    for (const auto& [name, size] : hashes)
        attributes += "a=fingerprint:" + std::string(name) + " " + hex_bytes(size, "0F") + "\r\n";
    attributes += "a=fingerprint:sha3-256 " + hex_bytes(32, "0F") + "\r\n";
    const auto d = parse_ok(offer_with("", attributes));
    const auto dtls = dtls_parameters(d, d.media.at(0));
    REQUIRE(dtls.fingerprints.size() == 7);
    CHECK(dtls.unknown_fingerprints == 1);
    const HashAlgorithm expected[] = {
        HashAlgorithm::md2,    HashAlgorithm::md5,    HashAlgorithm::sha1,  HashAlgorithm::sha224,
        HashAlgorithm::sha256, HashAlgorithm::sha384, HashAlgorithm::sha512};
    for (std::size_t i = 0; i < 7; ++i)
        CHECK(dtls.fingerprints[i].algorithm() == expected[i]);
    CHECK(dtls.has_trusted_fingerprint());
}

TEST_CASE("hash names and hex digits in any case are the same fingerprint") {
    const auto lower =
        parse_ok(offer_with("", "a=fingerprint:sha-256 " + hex_bytes(32, "ab") + "\r\n"));
    const auto upper =
        parse_ok(offer_with("", "a=fingerprint:SHA-256 " + hex_bytes(32, "AB") + "\r\n"));
    CHECK(dtls_parameters(lower, lower.media[0]).fingerprints ==
          dtls_parameters(upper, upper.media[0]).fingerprints);
}

TEST_CASE("media-level fingerprints override the session level; other sections inherit it") {
    const auto d = parse_ok(
        offer_with("a=fingerprint:" + sha1_a + "\r\n",
                   "a=fingerprint:" + sha256_b + "\r\na=fingerprint:" + sha512_c + "\r\n"));
    const auto first = dtls_parameters(d, d.media.at(0));
    REQUIRE(first.fingerprints.size() == 2);
    CHECK(first.fingerprints[0].to_string() == sha256_b);
    CHECK(first.fingerprints[1].to_string() == sha512_c);
    const auto second = dtls_parameters(d, d.media.at(1));
    REQUIRE(second.fingerprints.size() == 1);
    CHECK(second.fingerprints[0].to_string() == sha1_a);
}

TEST_CASE("a media level with only unknown hashes still overrides the session level") {
    const auto d = parse_ok(offer_with("a=fingerprint:" + sha1_a + "\r\n",
                                       "a=fingerprint:foo-hash " + hex_bytes(8, "01") + "\r\n"));
    const auto dtls = dtls_parameters(d, d.media.at(0));
    CHECK(dtls.fingerprints.empty());
    CHECK(dtls.unknown_fingerprints == 1);
    const auto answer = build_answer(d, answer_options());
    CHECK(answer.media->media_index == 1);  // the second section inherits the sha-1 one
}

TEST_CASE("an offer whose fingerprints cannot authenticate the peer is refused with the reason") {
    SECTION("only an unknown hash") {
        const auto d =
            parse_ok(offer_with("", "a=fingerprint:foo-hash " + hex_bytes(8, "01") + "\r\n",
                                "a=fingerprint:foo-hash " + hex_bytes(8, "01") + "\r\n"));
        const auto answer = build_answer(d, answer_options());
        CHECK(!answer.accepted());
        CHECK(answer.error.code == SdpError::missing_fingerprint);
        CHECK(answer.error.message().find("hash function we do not know") != std::string::npos);
    }
    SECTION("only md5") {
        const std::string md5 = "a=fingerprint:md5 " + hex_bytes(16, "01") + "\r\n";
        const auto d = parse_ok(offer_with("", md5, md5));
        const auto answer = build_answer(d, answer_options());
        CHECK(answer.error.code == SdpError::missing_fingerprint);
        CHECK(answer.error.message().find("md2/md5") != std::string::npos);
    }
    SECTION("none at all") {
        const auto d = parse_ok(offer_with("", ""));
        const auto answer = build_answer(d, answer_options());
        CHECK(answer.error.code == SdpError::missing_fingerprint);
        CHECK(answer.error.message().find("m= section 1 (audio)") != std::string::npos);
        CHECK(answer.description.media.size() == 2);
        CHECK(answer.description.media[0].port == 0);
        CHECK(answer.description.media[1].port == 0);
    }
}
