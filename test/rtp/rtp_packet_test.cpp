// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>

#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "test_bytes.hpp"

using namespace rtpsec::rtp;
using rtpsec::rtp::test::Bytes;
using rtpsec::rtp::test::hex;
using rtpsec::rtp::test::pattern;
using rtpsec::rtp::test::to_hex;

namespace {

RtpPacket parse_ok(std::span<const std::byte> bytes) {
    std::error_code ec;
    auto packet = RtpPacket::parse(bytes, ec);
    INFO(to_hex(bytes) << " -> " << ec.message());
    REQUIRE(packet);
    REQUIRE(!ec);
    return *packet;
}

Bytes write_ok(const RtpHeaderFields& fields, std::span<const std::byte> payload,
               std::uint8_t padding = 0) {
    std::error_code ec;
    const std::size_t size = rtp_packet_size(fields, payload.size(), padding, ec);
    REQUIRE(!ec);
    Bytes out(size);
    REQUIRE(write_rtp_packet(out, fields, payload, padding, ec) == size);
    REQUIRE(!ec);
    return out;
}

}  // namespace

TEST_CASE("a minimal PCMU packet is written and read byte for byte") {
    // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 1 | ts 160 | SSRC 0x11223344 | payload ab cd
    const Bytes expected = hex("80 80 00 01  00 00 00 a0  11 22 33 44  ab cd");
    const Bytes payload = hex("ab cd");
    RtpHeaderFields fields;
    fields.marker = true;
    fields.payload_type = 0;
    fields.sequence_number = 1;
    fields.timestamp = 160;
    fields.ssrc = 0x11223344;
    CHECK(write_ok(fields, payload) == expected);

    const auto packet = parse_ok(expected);
    CHECK(packet.marker());
    CHECK(packet.payload_type() == 0);
    CHECK(packet.sequence_number() == 1);
    CHECK(packet.timestamp() == 160);
    CHECK(packet.ssrc() == 0x11223344);
    CHECK(packet.csrc_count() == 0);
    CHECK_FALSE(packet.has_extension());
    CHECK_FALSE(packet.has_padding());
    CHECK(packet.header_size() == 12);
    CHECK(Bytes(packet.payload().begin(), packet.payload().end()) == payload);
    CHECK(packet.padding_size() == 0);
}

TEST_CASE("RTP with CSRCs, RFC 8285 extensions and padding round-trips") {
    const std::array<std::uint32_t, 3> csrcs{0x01020304, 0xa0b0c0d0, 0xffffffff};
    const Bytes level = hex("85");
    const Bytes send_time = hex("12 34 56");
    const std::array<HeaderExtension, 2> elements{{{1, level}, {3, send_time}}};
    const Bytes payload = pattern(160);

    RtpHeaderFields fields;
    fields.marker = true;
    fields.payload_type = 111;
    fields.sequence_number = 0xffff;
    fields.timestamp = 0xdeadbeef;
    fields.ssrc = 0x12345678;
    fields.csrcs = csrcs;
    fields.extension = HeaderExtensionList{.elements = elements};
    const Bytes wire = write_ok(fields, payload, 7);
    // 12 fixed + 12 CSRC + 4 extension header + 8 padded elements + payload + padding
    REQUIRE(wire.size() == 12 + 12 + 4 + 8 + 160 + 7);
    CHECK(to_hex(std::span(wire).first(4)) == "b3 ef ff ff");  // V=2 P X CC=3, M PT=111
    CHECK(to_hex(std::span(wire).subspan(24, 12)) == "be de 00 02 10 85 32 12 34 56 00 00");
    CHECK(to_hex(std::span(wire).last(7)) == "00 00 00 00 00 00 07");

    const auto packet = parse_ok(wire);
    CHECK(packet.marker());
    CHECK(packet.payload_type() == 111);
    CHECK(packet.sequence_number() == 0xffff);
    CHECK(packet.timestamp() == 0xdeadbeef);
    CHECK(packet.ssrc() == 0x12345678);
    REQUIRE(packet.csrc_count() == 3);
    for (std::size_t i = 0; i < csrcs.size(); ++i)
        CHECK(packet.csrc(i) == csrcs[i]);
    CHECK(packet.extension_profile() == one_byte_extension_profile);
    CHECK(packet.extension_data().size() == 8);
    CHECK(packet.header_size() == 36);
    CHECK(packet.padding_size() == 7);
    CHECK(Bytes(packet.payload().begin(), packet.payload().end()) == payload);

    std::error_code ec;
    const auto extensions = packet.header_extensions(ec);
    REQUIRE(extensions);
    CHECK(extensions->form() == ExtensionForm::one_byte);
    const auto found = extensions->find(3);
    REQUIRE(found);
    CHECK(Bytes(found->begin(), found->end()) == send_time);
    CHECK_FALSE(extensions->find(2));
}

TEST_CASE("a raw RFC 3550 extension and an empty payload round-trip") {
    const Bytes body = hex("01 02 03 04 05 06 07 08");
    RtpHeaderFields fields;
    fields.payload_type = 96;
    fields.sequence_number = 42;
    fields.extension = RawHeaderExtension{0xabcd, body};
    const Bytes wire = write_ok(fields, {}, 4);
    CHECK(to_hex(wire) ==
          "b0 60 00 2a 00 00 00 00 00 00 00 00 ab cd 00 02 01 02 03 04 05 06 07 08 00 00 00 04");

    const auto packet = parse_ok(wire);
    CHECK(packet.extension_profile() == 0xabcd);
    CHECK(Bytes(packet.extension_data().begin(), packet.extension_data().end()) == body);
    CHECK(packet.payload().empty());
    CHECK(packet.padding_size() == 4);
    std::error_code ec;
    CHECK_FALSE(packet.header_extensions(ec));
    CHECK(ec == RtpError::not_rfc8285_extension);
}

TEST_CASE("a packet without extension has an empty RFC 8285 list") {
    const Bytes wire = hex("80 00 00 01 00 00 00 00 00 00 00 01");
    const auto packet = parse_ok(wire);
    std::error_code ec = RtpError::bad_version;
    const auto extensions = packet.header_extensions(ec);
    REQUIRE(extensions);
    CHECK(!ec);
    CHECK(extensions->empty());
    CHECK(packet.extension_data().empty());
    CHECK(packet.extension_profile() == 0);
}

TEST_CASE("malformed RTP packets are rejected with their reason") {
    struct Case {
        const char* what;
        Bytes bytes;
        RtpError reason;
    };
    const Case cases[] = {
        {"empty", {}, RtpError::truncated_header},
        {"11 bytes", hex("80 00 00 01 00 00 00 00 00 00 00"), RtpError::truncated_header},
        {"version 0", hex("00 00 00 01 00 00 00 00 00 00 00 01"), RtpError::bad_version},
        {"version 1", hex("40 00 00 01 00 00 00 00 00 00 00 01"), RtpError::bad_version},
        {"version 3", hex("c0 00 00 01 00 00 00 00 00 00 00 01"), RtpError::bad_version},
        {"CC=2 with one CSRC", hex("82 00 00 01 00 00 00 00 00 00 00 01 00 00 00 02"),
         RtpError::csrc_past_end},
        {"CC=15 and nothing else", hex("8f 00 00 01 00 00 00 00 00 00 00 01"),
         RtpError::csrc_past_end},
        {"X without extension header", hex("90 00 00 01 00 00 00 00 00 00 00 01 be de"),
         RtpError::extension_header_past_end},
        {"extension length 2 with one word",
         hex("90 00 00 01 00 00 00 00 00 00 00 01 be de 00 02 10 aa 00 00"),
         RtpError::extension_past_end},
        {"extension length 0xffff", hex("90 00 00 01 00 00 00 00 00 00 00 01 be de ff ff"),
         RtpError::extension_past_end},
        {"padding count 0", hex("a0 00 00 01 00 00 00 00 00 00 00 01 aa bb 00"),
         RtpError::padding_zero},
        {"padding count past the payload", hex("a0 00 00 01 00 00 00 00 00 00 00 01 aa bb 04"),
         RtpError::padding_past_payload},
        {"padding count in the SSRC", hex("a0 00 00 01 00 00 00 00 00 00 00 01"),
         RtpError::padding_past_payload},
        {"padding reaching into the extension",
         hex("b0 00 00 01 00 00 00 00 00 00 00 01 be de 00 01 10 aa 00 00 02"),
         RtpError::padding_past_payload},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        std::error_code ec;
        CHECK_FALSE(RtpPacket::parse(c.bytes, ec));
        CHECK(ec == c.reason);
        CHECK(ec.category() == rtp_category());
        CHECK(std::string(ec.category().name()) == "rtpsec.rtp");
        CHECK_FALSE(ec.message().empty());
    }
}

TEST_CASE("padding may take every byte after the header") {
    const Bytes wire = hex("a0 00 00 01 00 00 00 00 00 00 00 01 00 00 03");
    const auto packet = parse_ok(wire);
    CHECK(packet.payload().empty());
    CHECK(packet.padding_size() == 3);
}

TEST_CASE("the writer rejects fields that do not fit and reports the size it needs") {
    const Bytes payload = pattern(20);
    RtpHeaderFields fields;
    fields.ssrc = 7;
    std::error_code ec;

    SECTION("payload type above 127") {
        fields.payload_type = 128;
        CHECK(rtp_header_size(fields, ec) == 0);
        CHECK(ec == RtpError::field_out_of_range);
    }
    SECTION("more than 15 CSRCs") {
        const std::array<std::uint32_t, 16> csrcs{};
        fields.csrcs = csrcs;
        CHECK(rtp_packet_size(fields, 0, 0, ec) == 0);
        CHECK(ec == RtpError::too_many_entries);
    }
    SECTION("a raw extension that is not whole words") {
        const Bytes body = hex("01 02 03");
        fields.extension = RawHeaderExtension{0x1234, body};
        CHECK(rtp_header_size(fields, ec) == 0);
        CHECK(ec == RtpError::field_out_of_range);
    }
    SECTION("a buffer one byte short") {
        Bytes out(12 + payload.size() + 3);
        CHECK(write_rtp_packet(out, fields, payload, 4, ec) == out.size() + 1);
        CHECK(ec == RtpError::buffer_too_small);
        CHECK(std::all_of(out.begin(), out.end(), [](std::byte b) { return b == std::byte{0}; }));
        CHECK(write_rtp_packet({}, fields, payload, 4, ec) == 12 + payload.size() + 4);
    }
    SECTION("an extension element the forced form cannot carry") {
        const Bytes seventeen = pattern(17);
        const std::array<HeaderExtension, 1> too_long{{{1, seventeen}}};
        fields.extension =
            HeaderExtensionList{.elements = too_long, .form = ExtensionForm::one_byte};
        CHECK(rtp_header_size(fields, ec) == 0);
        CHECK(ec == RtpError::extension_size_out_of_range);
    }
}

TEST_CASE("the payload may already be in place in the output buffer") {
    RtpHeaderFields fields;
    fields.payload_type = 8;
    fields.sequence_number = 9;
    const std::array<std::uint32_t, 2> csrcs{5, 6};
    fields.csrcs = csrcs;
    std::error_code ec;
    const std::size_t header = rtp_header_size(fields, ec);
    REQUIRE(header == 20);
    Bytes buffer(header + 160);
    const Bytes payload = pattern(160, 3);
    std::copy(payload.begin(), payload.end(), buffer.begin() + header);
    const auto in_place = std::span(buffer).subspan(header, 160);
    REQUIRE(write_rtp_packet(buffer, fields, in_place, 0, ec) == buffer.size());
    CHECK(buffer == write_ok(fields, payload));
}

TEST_CASE("peeking at an SRTP header reads only the clear fixed fields") {
    // An SRTP packet whose encrypted part would not parse as RTP: CC=15 with
    // nothing after the fixed header is fine for a peek.
    const Bytes srtp = hex("8f e0 12 34 00 00 10 00 ca fe ba be");
    constexpr auto peek_of = [](std::span<const std::byte> b) { return peek_rtp_fixed_header(b); };
    const auto peek = peek_of(srtp);
    REQUIRE(peek);
    CHECK(peek->marker);
    CHECK(peek->payload_type == 96);
    CHECK(peek->sequence_number == 0x1234);
    CHECK(peek->timestamp == 0x1000);
    CHECK(peek->ssrc == 0xcafebabe);
    CHECK_FALSE(peek_of(std::span(srtp).first(11)));
    CHECK_FALSE(peek_of(hex("4f e0 12 34 00 00 10 00 ca fe ba be")));

    const Bytes srtcp = hex("80 c8 00 06 de ad be ef");
    CHECK(peek_rtcp_sender_ssrc(srtcp) == 0xdeadbeefu);
    CHECK_FALSE(peek_rtcp_sender_ssrc(std::span(srtcp).first(7)));

    static constexpr std::array<std::byte, 12> compile_time{
        std::byte{0x80}, std::byte{0x00}, std::byte{0x00}, std::byte{0x05},
        std::byte{0x00}, std::byte{0x00}, std::byte{0x00}, std::byte{0x00},
        std::byte{0x00}, std::byte{0x00}, std::byte{0x00}, std::byte{0x09}};
    static_assert(peek_rtp_fixed_header(compile_time)->sequence_number == 5);
    static_assert(peek_rtp_fixed_header(compile_time)->ssrc == 9);
}
