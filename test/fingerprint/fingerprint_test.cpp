// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include <rtpsec/dtls/fingerprint.hpp>

using rtpsec::dtls::Fingerprint;
using rtpsec::dtls::FingerprintError;
using rtpsec::dtls::HashAlgorithm;

namespace {

// RFC 8122 §5 example value.
constexpr const char* rfc8122_sha256 =
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:1B:0A:3E:F5:3E:"
    "8B:6A:50:B7";

Fingerprint parse_ok(std::string_view text) {
    std::error_code ec;
    auto fp = Fingerprint::parse(text, ec);
    INFO(text << " -> " << ec.message());
    REQUIRE(fp);
    REQUIRE(!ec);
    return *fp;
}

std::error_code parse_error(std::string_view text) {
    std::error_code ec;
    auto fp = Fingerprint::parse(text, ec);
    REQUIRE(!fp);
    return ec;
}

}  // namespace

TEST_CASE("RFC 8122 example parses and formats back identically in upper case") {
    const auto fp = parse_ok(rfc8122_sha256);
    CHECK(fp.algorithm() == HashAlgorithm::sha256);
    CHECK(fp.digest().size() == 32);
    CHECK(fp.digest()[0] == 0x4A);
    CHECK(fp.digest()[31] == 0xB7);
    CHECK(fp.to_string() == rfc8122_sha256);
}

TEST_CASE("hash names and hex digits are case-insensitive") {
    const auto lower = parse_ok(rfc8122_sha256);
    const auto upper = parse_ok(
        "SHA-256 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab:3e:4b:65:1b:0a:3e:f5:"
        "3e:8b:6a:50:b7");
    CHECK(lower == upper);
}

TEST_CASE("every RFC 8122 hash name is known with its digest length") {
    struct Row {
        const char* name;
        HashAlgorithm algorithm;
        std::size_t size;
    };
    const Row rows[] = {
        {"md2", HashAlgorithm::md2, 16},        {"md5", HashAlgorithm::md5, 16},
        {"sha-1", HashAlgorithm::sha1, 20},     {"sha-224", HashAlgorithm::sha224, 28},
        {"sha-256", HashAlgorithm::sha256, 32}, {"sha-384", HashAlgorithm::sha384, 48},
        {"sha-512", HashAlgorithm::sha512, 64}};
    for (const auto& row : rows) {
        std::string text = row.name;
        text += ' ';
        for (std::size_t i = 0; i < row.size; ++i)
            text += i == 0 ? "0F" : ":0F";
        const auto fp = parse_ok(text);
        CHECK(fp.algorithm() == row.algorithm);
        CHECK(fp.digest().size() == row.size);
        CHECK(rtpsec::dtls::hash_algorithm_name(row.algorithm) == row.name);
    }
    CHECK_FALSE(rtpsec::dtls::is_trusted(HashAlgorithm::md5));
    CHECK_FALSE(rtpsec::dtls::is_trusted(HashAlgorithm::md2));
    CHECK(rtpsec::dtls::is_trusted(HashAlgorithm::sha1));
}

TEST_CASE("surrounding whitespace and tabs are tolerated") {
    CHECK(parse_ok(std::string("  \t") + rfc8122_sha256 + " \r\n") == parse_ok(rfc8122_sha256));
    CHECK(parse_ok("sha-1\t\t00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13")
              .algorithm() == HashAlgorithm::sha1);
}

TEST_CASE("malformed fingerprints are rejected with a reason") {
    CHECK(parse_error("") == FingerprintError::empty);
    CHECK(parse_error("   ") == FingerprintError::empty);
    CHECK(parse_error("sha-256") == FingerprintError::missing_value);
    CHECK(parse_error("sha-3 00:11") == FingerprintError::unknown_hash);
    CHECK(parse_error("sha-256 00:11:2") == FingerprintError::malformed_hex);
    CHECK(parse_error("sha-256 00-11-22") == FingerprintError::malformed_hex);
    CHECK(parse_error("sha-256 0G:11") == FingerprintError::malformed_hex);
    CHECK(parse_error("sha-256 00::11") == FingerprintError::malformed_hex);
    CHECK(parse_error("sha-256 00:11:22") == FingerprintError::wrong_length);
    CHECK(parse_error("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E") ==
          FingerprintError::wrong_length);
    CHECK(!parse_error("sha-256 zz").message().empty());
}

TEST_CASE("equality needs the same algorithm and every byte") {
    const auto a = parse_ok(rfc8122_sha256);
    auto text = std::string(rfc8122_sha256);
    text.back() = '8';
    CHECK_FALSE(a == parse_ok(text));
    text = rfc8122_sha256;
    text[8] = '5';  // first digest byte
    CHECK_FALSE(a == parse_ok(text));
    const std::uint8_t twenty[20] = {};
    const std::uint8_t twenty_again[20] = {};
    CHECK(Fingerprint(HashAlgorithm::sha1, twenty) ==
          Fingerprint(HashAlgorithm::sha1, twenty_again));
    CHECK_THROWS_AS(Fingerprint(HashAlgorithm::sha256, twenty), std::invalid_argument);
}
