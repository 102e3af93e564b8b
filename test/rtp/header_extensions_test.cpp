// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_extension_writer.hpp>
#include <rtpsec/rtp/header_extensions.hpp>

#include "test_bytes.hpp"

using namespace rtpsec::rtp;
using rtpsec::rtp::test::Bytes;
using rtpsec::rtp::test::hex;
using rtpsec::rtp::test::pattern;
using rtpsec::rtp::test::to_hex;

namespace {

struct Element {
    int id;
    std::string data;  // hex
    friend bool operator==(const Element&, const Element&) = default;
};

std::ostream& operator<<(std::ostream& os, const Element& e) {
    return os << "{" << e.id << ", " << e.data << "}";
}

// Parses the whole extension as written (4-byte header and body).
std::vector<Element> elements_of(std::span<const std::byte> extension) {
    REQUIRE(extension.size() >= 4);
    const auto profile = static_cast<std::uint16_t>(std::to_integer<int>(extension[0]) << 8 |
                                                    std::to_integer<int>(extension[1]));
    std::error_code ec;
    const auto list = HeaderExtensions::parse(profile, extension.subspan(4), ec);
    INFO(to_hex(extension) << " -> " << ec.message());
    REQUIRE(list);
    std::vector<Element> out;
    for (const HeaderExtension& e : *list)
        out.push_back({e.id, to_hex(e.data)});
    return out;
}

std::error_code parse_error(std::uint16_t profile, const Bytes& body) {
    std::error_code ec;
    CHECK_FALSE(HeaderExtensions::parse(profile, body, ec));
    return ec;
}

Bytes write_ok(const HeaderExtensionList& list) {
    std::error_code ec;
    const std::size_t size = header_extension_size(list, ec);
    REQUIRE(!ec);
    Bytes out(size);
    REQUIRE(write_header_extension(out, list, ec) == size);
    REQUIRE(!ec);
    return out;
}

}  // namespace

// Hand-worked: an audio level (RFC 6464, ID 1, 1 byte) and an abs-send-time
// (ID 3, 3 bytes). One-byte headers are ID << 4 | (length - 1): 0x10 and
// 0x32; 6 bytes of elements pad to 8, so the length field says 2 words.
TEST_CASE("one-byte form is written byte for byte as worked by hand") {
    const Bytes level = hex("85");
    const Bytes send_time = hex("12 34 56");
    const std::array<HeaderExtension, 2> elements{{{1, level}, {3, send_time}}};
    const Bytes expected = hex("be de 00 02  10 85 32 12  34 56 00 00");
    CHECK(write_ok({.elements = elements}) == expected);
    CHECK(write_ok({.elements = elements, .form = ExtensionForm::one_byte}) == expected);
    CHECK(elements_of(expected) == std::vector<Element>{{1, "85"}, {3, "12 34 56"}});
}

// Hand-worked: ID 20 does not fit 4 bits, so the automatic choice is the
// two-byte form; each element is ID, length, data. 3 + 2 + 5 = 10 bytes pad
// to 12, 3 words.
TEST_CASE("two-byte form is written byte for byte as worked by hand") {
    const Bytes level = hex("85");
    const Bytes send_time = hex("12 34 56");
    const std::array<HeaderExtension, 3> elements{{{1, level}, {20, {}}, {3, send_time}}};
    const Bytes expected = hex("10 00 00 03  01 01 85 14  00 03 03 12  34 56 00 00");
    CHECK(smallest_extension_form(elements) == ExtensionForm::two_byte);
    CHECK(write_ok({.elements = elements}) == expected);
    CHECK(elements_of(expected) == std::vector<Element>{{1, "85"}, {20, ""}, {3, "12 34 56"}});
}

TEST_CASE("the two-byte form carries its app bits in the profile") {
    const Bytes data = hex("aa bb");
    const std::array<HeaderExtension, 1> elements{{{7, data}}};
    const Bytes written =
        write_ok({.elements = elements, .form = ExtensionForm::two_byte, .app_bits = 0x0f});
    CHECK(to_hex(written) == "10 0f 00 01 07 02 aa bb");
    std::error_code ec;
    const auto list = HeaderExtensions::parse(0x100f, std::span(written).subspan(4), ec);
    REQUIRE(list);
    CHECK(list->form() == ExtensionForm::two_byte);
    CHECK(list->app_bits() == 0x0f);
    CHECK(write_header_extension(
              {}, {.elements = elements, .form = ExtensionForm::two_byte, .app_bits = 0x10}, ec) ==
          0);
    CHECK(ec == RtpError::field_out_of_range);
}

TEST_CASE("the automatic form picks one-byte only when every element fits it") {
    const Bytes one = hex("01");
    const Bytes sixteen = pattern(16);
    const Bytes seventeen = pattern(17);
    using Elements = std::vector<HeaderExtension>;
    CHECK(smallest_extension_form(Elements{{14, one}, {1, sixteen}}) == ExtensionForm::one_byte);
    CHECK(smallest_extension_form(Elements{{15, one}}) == ExtensionForm::two_byte);
    CHECK(smallest_extension_form(Elements{{1, seventeen}}) == ExtensionForm::two_byte);
    CHECK(smallest_extension_form(Elements{{1, {}}}) == ExtensionForm::two_byte);
    CHECK(smallest_extension_form(Elements{{255, one}}) == ExtensionForm::two_byte);
    CHECK_FALSE(smallest_extension_form(Elements{{0, one}}));
    CHECK_FALSE(smallest_extension_form(Elements{{1, pattern(256)}}));
    CHECK(smallest_extension_form(Elements{}) == ExtensionForm::one_byte);
}

TEST_CASE("a forced form rejects elements it cannot carry") {
    const Bytes one = hex("01");
    const Bytes seventeen = pattern(17);
    const Bytes too_long = pattern(256);
    struct Case {
        std::vector<HeaderExtension> elements;
        ExtensionForm form;
        RtpError reason;
    };
    const Case cases[] = {
        {{{15, one}}, ExtensionForm::one_byte, RtpError::extension_id_out_of_range},
        {{{0, one}}, ExtensionForm::one_byte, RtpError::extension_id_out_of_range},
        {{{1, {}}}, ExtensionForm::one_byte, RtpError::extension_size_out_of_range},
        {{{1, seventeen}}, ExtensionForm::one_byte, RtpError::extension_size_out_of_range},
        {{{0, one}}, ExtensionForm::two_byte, RtpError::extension_id_out_of_range},
        {{{1, too_long}}, ExtensionForm::two_byte, RtpError::extension_size_out_of_range},
    };
    for (const Case& c : cases) {
        std::error_code ec;
        CHECK(header_extension_size({.elements = c.elements, .form = c.form}, ec) == 0);
        CHECK(ec == c.reason);
    }
    std::error_code ec;
    const std::vector<HeaderExtension> zero_id{{0, one}};
    CHECK(header_extension_size({.elements = zero_id}, ec) == 0);
    CHECK(ec == RtpError::extension_id_out_of_range);
}

TEST_CASE("an empty element list writes no extension") {
    std::error_code ec;
    CHECK(header_extension_size({}, ec) == 0);
    CHECK(!ec);
    CHECK(write_header_extension({}, {}, ec) == 0);
    CHECK(!ec);
}

TEST_CASE("a buffer too small for the extension is reported with the size needed") {
    const Bytes data = pattern(5);
    const std::array<HeaderExtension, 1> elements{{{2, data}}};
    Bytes out(7);
    std::error_code ec;
    CHECK(write_header_extension(out, {.elements = elements}, ec) == 12);
    CHECK(ec == RtpError::buffer_too_small);
}

TEST_CASE("padding bytes between and after one-byte elements are skipped") {
    const Bytes body = hex("00 10 85 00  00 32 12 34  56 00 00 00");
    std::error_code ec;
    const auto list = HeaderExtensions::parse(one_byte_extension_profile, body, ec);
    REQUIRE(list);
    std::vector<Element> got;
    for (const auto& e : *list)
        got.push_back({e.id, to_hex(e.data)});
    CHECK(got == std::vector<Element>{{1, "85"}, {3, "12 34 56"}});
}

TEST_CASE("a one-byte ID 15 stops parsing and its length is ignored") {
    // RFC 8285 §4.2: elements after ID 15 are not considered, even if they
    // would be malformed.
    const Bytes body = hex("10 85 ff 20  aa bb cc dd");
    std::error_code ec;
    const auto list = HeaderExtensions::parse(one_byte_extension_profile, body, ec);
    REQUIRE(list);
    std::vector<Element> got;
    for (const auto& e : *list)
        got.push_back({e.id, to_hex(e.data)});
    CHECK(got == std::vector<Element>{{1, "85"}});
    CHECK_FALSE(list->find(2));
}

TEST_CASE("two-byte padding and zero-length elements") {
    const Bytes body = hex("00 05 00 00  06 01 99 00");
    std::error_code ec;
    const auto list = HeaderExtensions::parse(0x1000, body, ec);
    REQUIRE(list);
    std::vector<Element> got;
    for (const auto& e : *list)
        got.push_back({e.id, to_hex(e.data)});
    CHECK(got == std::vector<Element>{{5, ""}, {6, "99"}});
    CHECK(list->find(5)->empty());
}

TEST_CASE("only padding is an empty list") {
    std::error_code ec;
    const Bytes zeros = hex("00 00 00 00");
    const auto list = HeaderExtensions::parse(one_byte_extension_profile, zeros, ec);
    REQUIRE(list);
    CHECK(list->empty());
    CHECK(list->begin() == list->end());
}

TEST_CASE("malformed RFC 8285 extensions are rejected with their reason") {
    CHECK(parse_error(0xabcd, hex("10 aa 00 00")) == RtpError::not_rfc8285_extension);
    CHECK(parse_error(0x1010, hex("10 aa 00 00")) == RtpError::not_rfc8285_extension);
    // ID 1 with 4 data bytes, 3 present.
    CHECK(parse_error(one_byte_extension_profile, hex("13 aa bb cc")) ==
          RtpError::extension_element_past_end);
    // The last element runs one byte over.
    CHECK(parse_error(one_byte_extension_profile, hex("10 aa 21 bb")) ==
          RtpError::extension_element_past_end);
    // ID 0 with a length is neither padding nor an element.
    CHECK(parse_error(one_byte_extension_profile, hex("05 00 00 00")) ==
          RtpError::extension_bad_padding);
    // Two-byte: length 5 with 2 bytes; an ID with no length byte.
    CHECK(parse_error(0x1000, hex("01 05 aa bb")) == RtpError::extension_element_past_end);
    CHECK(parse_error(0x1000, hex("01 01 aa 07")) == RtpError::extension_element_past_end);
}

TEST_CASE("the largest elements of each form round-trip") {
    const Bytes sixteen = pattern(16, 0x40);
    const Bytes max = pattern(255, 1);
    const std::array<HeaderExtension, 2> one_byte{{{14, sixteen}, {1, sixteen}}};
    const std::array<HeaderExtension, 2> two_byte{{{255, max}, {1, {}}}};
    const Bytes a = write_ok({.elements = one_byte});
    CHECK(a.size() == 4 + 36);
    CHECK(elements_of(a) == std::vector<Element>{{14, to_hex(sixteen)}, {1, to_hex(sixteen)}});
    const Bytes b = write_ok({.elements = two_byte});
    CHECK(b.size() == 4 + 260);
    CHECK(elements_of(b) == std::vector<Element>{{255, to_hex(max)}, {1, ""}});
}
