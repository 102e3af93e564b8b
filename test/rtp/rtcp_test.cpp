// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <catch2/catch.hpp>
#include <iterator>
#include <string>
#include <vector>

#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/rtcp_app.hpp>
#include <rtpsec/rtp/rtcp_bye.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_feedback.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_sdes.hpp>
#include <rtpsec/rtp/rtcp_writer.hpp>

#include "test_bytes.hpp"

using namespace rtpsec::rtp;
using rtpsec::rtp::test::Bytes;
using rtpsec::rtp::test::hex;
using rtpsec::rtp::test::pattern;
using rtpsec::rtp::test::to_hex;

namespace {

RtcpCompound parse_ok(std::span<const std::byte> bytes,
                      RtcpValidation rules = RtcpValidation::compound) {
    std::error_code ec;
    auto compound = RtcpCompound::parse(bytes, ec, rules);
    INFO(to_hex(bytes) << " -> " << ec.message());
    REQUIRE(compound);
    REQUIRE(!ec);
    return *compound;
}

std::error_code compound_error(const Bytes& bytes) {
    std::error_code ec;
    CHECK_FALSE(RtcpCompound::parse(bytes, ec));
    return ec;
}

std::vector<RtcpPacket> packets_of(const RtcpCompound& compound) {
    return {compound.begin(), compound.end()};
}

template <typename Reader>
Reader read_ok(const RtcpPacket& packet) {
    std::error_code ec;
    auto reader = Reader::parse(packet, ec);
    INFO(to_hex(packet.bytes()) << " -> " << ec.message());
    REQUIRE(reader);
    REQUIRE(!ec);
    return *reader;
}

template <typename Reader>
std::error_code read_error(const Bytes& single_packet) {
    const auto compound = parse_ok(single_packet, RtcpValidation::reduced_size);
    std::error_code ec;
    CHECK_FALSE(Reader::parse(*compound.begin(), ec));
    return ec;
}

// Hand-worked RR + SDES + BYE from SSRC 0x11223344:
//   RR   81 c9 00 07: V=2 RC=1 PT=201, 8 words; one block about 0xaabbccdd with
//        fraction 0x40 (1/4), cumulative lost 5, extended highest 0x00010010,
//        jitter 0x20, LSR 0x12345678, DLSR 0x00018000 (1.5 s).
//   SDES 81 ca 00 04: one chunk, CNAME "abcdef" (01 06 + 6 bytes), then the
//        null item and three more null octets to the word boundary: 5 words.
//   BYE  81 cb 00 02: one SSRC and the reason "bye" (03 + 3 bytes): 3 words.
const Bytes rr_sdes_bye =
    hex("81 c9 00 07  11 22 33 44  aa bb cc dd  40 00 00 05  00 01 00 10  00 00 00 20"
        "12 34 56 78  00 01 80 00"
        "81 ca 00 04  11 22 33 44  01 06 61 62  63 64 65 66  00 00 00 00"
        "81 cb 00 02  11 22 33 44  03 62 79 65");

const ReportBlock rr_block{
    .ssrc = 0xaabbccdd,
    .fraction_lost = 0x40,
    .cumulative_lost = 5,
    .extended_highest_sequence = 0x00010010,
    .jitter = 0x20,
    .last_sr = 0x12345678,
    .delay_since_last_sr = 0x00018000,
};

}  // namespace

TEST_CASE("RR + SDES + BYE is written byte for byte as worked by hand") {
    const std::array<ReportBlock, 1> blocks{rr_block};
    const std::array<SdesItem, 1> items{{{SdesItemType::cname, "abcdef"}}};
    const std::array<SdesChunkFields, 1> chunks{{{0x11223344, items}}};
    const std::array<std::uint32_t, 1> leaving{0x11223344};

    Bytes buffer(1500);
    RtcpCompoundWriter writer(buffer);
    CHECK(writer.add_receiver_report(0x11223344, blocks));
    CHECK(writer.add_source_description(chunks));
    CHECK(writer.add_goodbye(leaving, "bye"));
    CHECK(!writer.error());
    CHECK(writer.required_size() == rr_sdes_bye.size());
    CHECK(to_hex(writer.bytes()) == to_hex(rr_sdes_bye));
}

TEST_CASE("RR + SDES + BYE reads back every field") {
    const auto compound = parse_ok(rr_sdes_bye);
    REQUIRE(compound.packet_count() == 3);
    const auto packets = packets_of(compound);
    REQUIRE(packets.size() == 3);

    const auto rr = read_ok<ReceiverReport>(packets[0]);
    CHECK(rr.sender_ssrc() == 0x11223344);
    REQUIRE(rr.report_count() == 1);
    CHECK(rr.report_block(0) == rr_block);
    CHECK(rr.profile_extension().empty());

    const auto sdes = read_ok<SourceDescription>(packets[1]);
    REQUIRE(sdes.chunk_count() == 1);
    const SdesChunk chunk = *sdes.begin();
    CHECK(chunk.ssrc() == 0x11223344);
    CHECK(chunk.find(SdesItemType::cname) == "abcdef");
    CHECK_FALSE(chunk.find(SdesItemType::tool));
    CHECK(std::distance(chunk.begin(), chunk.end()) == 1);

    const auto bye = read_ok<Goodbye>(packets[2]);
    REQUIRE(bye.source_count() == 1);
    CHECK(bye.ssrc(0) == 0x11223344);
    CHECK(bye.reason() == "bye");
}

TEST_CASE("SR with report blocks + SDES with several chunks and items round-trips") {
    const SenderInfo info{.ntp_timestamp = 0xe8d4a51000000000,
                          .rtp_timestamp = 0x12345678,
                          .packet_count = 1000,
                          .octet_count = 160000};
    const std::array<ReportBlock, 2> blocks{{
        {.ssrc = 1,
         .fraction_lost = 255,
         .cumulative_lost = -5,
         .extended_highest_sequence = 0xffffffff,
         .jitter = 0xffffffff,
         .last_sr = 0,
         .delay_since_last_sr = 0},
        {.ssrc = 2, .fraction_lost = 0, .cumulative_lost = max_cumulative_lost},
    }};
    const std::string long_note(255, 'n');
    const std::array<SdesItem, 3> first_items{{{SdesItemType::cname, "alice@192.0.2.1"},
                                               {SdesItemType::tool, "rtpsec"},
                                               {SdesItemType::note, long_note}}};
    const std::array<SdesItem, 1> second_items{{{SdesItemType::cname, "b"}}};
    const std::array<SdesChunkFields, 3> chunks{
        {{0xaaaaaaaa, first_items}, {0xbbbbbbbb, second_items}, {0xcccccccc, {}}}};

    Bytes buffer(2000);
    RtcpCompoundWriter writer(buffer);
    REQUIRE(writer.add_sender_report(0x55555555, info, blocks));
    REQUIRE(writer.add_source_description(chunks));
    const auto compound = parse_ok(writer.bytes());
    const auto packets = packets_of(compound);
    REQUIRE(packets.size() == 2);

    const auto sr = read_ok<SenderReport>(packets[0]);
    CHECK(sr.sender_ssrc() == 0x55555555);
    CHECK(sr.sender_info() == info);
    REQUIRE(sr.report_count() == 2);
    CHECK(sr.report_block(0) == blocks[0]);
    CHECK(sr.report_block(1) == blocks[1]);
    CHECK(packets[0].bytes().size() == 4 + 24 + 2 * 24);

    const auto sdes = read_ok<SourceDescription>(packets[1]);
    REQUIRE(sdes.chunk_count() == 3);
    std::vector<std::uint32_t> ssrcs;
    std::vector<std::vector<SdesItem>> items;
    for (const SdesChunk& chunk : sdes) {
        ssrcs.push_back(chunk.ssrc());
        items.emplace_back(chunk.begin(), chunk.end());
    }
    CHECK(ssrcs == std::vector<std::uint32_t>{0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc});
    CHECK(items[0] == std::vector<SdesItem>(first_items.begin(), first_items.end()));
    CHECK(items[1] == std::vector<SdesItem>(second_items.begin(), second_items.end()));
    CHECK(items[2].empty());
    // Every chunk starts on a word boundary: the empty chunk is its SSRC and
    // one word of null octets (RFC 3550 §6.5).
    CHECK(to_hex(packets[1].bytes().last(8)) == "cc cc cc cc 00 00 00 00");
}

TEST_CASE("cumulative loss is a signed 24-bit field, clamped") {
    std::array<std::byte, report_block_size> wire{};
    ReportBlock block;
    block.cumulative_lost = -1;
    store_report_block(wire, block);
    CHECK(to_hex(std::span(wire).subspan(4, 4)) == "00 ff ff ff");
    CHECK(read_report_block(wire).cumulative_lost == -1);

    block.cumulative_lost = 9'000'000;
    store_report_block(wire, block);
    CHECK(to_hex(std::span(wire).subspan(5, 3)) == "7f ff ff");
    CHECK(read_report_block(wire).cumulative_lost == max_cumulative_lost);

    block.cumulative_lost = -9'000'000;
    store_report_block(wire, block);
    CHECK(to_hex(std::span(wire).subspan(5, 3)) == "80 00 00");
    CHECK(read_report_block(wire).cumulative_lost == min_cumulative_lost);
}

TEST_CASE("APP packets round-trip") {
    const Bytes data = hex("de ad be ef 01 02 03 04");
    Bytes buffer(100);
    RtcpCompoundWriter writer(buffer);
    REQUIRE(writer.add_receiver_report(9));
    REQUIRE(writer.add_application_defined(17, 0x01020304, "TEST", data));
    REQUIRE(to_hex(writer.bytes().subspan(8)) ==
            "91 cc 00 04 01 02 03 04 54 45 53 54 de ad be ef 01 02 03 04");
    const auto packets = packets_of(parse_ok(writer.bytes()));
    REQUIRE(packets.size() == 2);
    CHECK(read_ok<ReceiverReport>(packets[0]).report_count() == 0);
    const auto app = read_ok<ApplicationDefined>(packets[1]);
    CHECK(app.subtype() == 17);
    CHECK(app.ssrc() == 0x01020304);
    CHECK(app.name() == "TEST");
    CHECK(to_hex(app.data()) == to_hex(data));

    std::error_code ec;
    CHECK(write_application_defined(buffer, 32, 1, "TEST", {}, ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
    CHECK(write_application_defined(buffer, 1, 1, "TES", {}, ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
    CHECK(write_application_defined(buffer, 1, 1, "TEST", hex("01 02"), ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
}

TEST_CASE("RTPFB and PSFB are recognised by their header") {
    // RFC 4585 §6.2.1 generic NACK: PID 0x0010 and BLP 0x0003; §6.3.1 PLI has no FCI.
    const Bytes nack = hex("00 10 00 03");
    Bytes buffer(100);
    RtcpCompoundWriter writer(buffer);
    REQUIRE(writer.add_receiver_report(0x0a0a0a0a));
    REQUIRE(writer.add_feedback_message(RtcpPacketType::transport_feedback, 1, 0x0a0a0a0a,
                                        0x0b0b0b0b, nack));
    REQUIRE(writer.add_feedback_message(RtcpPacketType::payload_feedback, 1, 0x0a0a0a0a, 0x0b0b0b0b,
                                        {}));
    CHECK(to_hex(writer.bytes().subspan(8)) ==
          "81 cd 00 03 0a 0a 0a 0a 0b 0b 0b 0b 00 10 00 03 "
          "81 ce 00 02 0a 0a 0a 0a 0b 0b 0b 0b");

    const auto packets = packets_of(parse_ok(writer.bytes()));
    REQUIRE(packets.size() == 3);
    const auto rtpfb = read_ok<FeedbackMessage>(packets[1]);
    CHECK(rtpfb.type() == RtcpPacketType::transport_feedback);
    CHECK(rtpfb.format() == 1);
    CHECK(rtpfb.sender_ssrc() == 0x0a0a0a0a);
    CHECK(rtpfb.media_ssrc() == 0x0b0b0b0b);
    CHECK(to_hex(rtpfb.fci()) == "00 10 00 03");
    const auto psfb = read_ok<FeedbackMessage>(packets[2]);
    CHECK(psfb.type() == RtcpPacketType::payload_feedback);
    CHECK(psfb.format() == 1);
    CHECK(psfb.fci().empty());

    std::error_code ec;
    CHECK(write_feedback_message(buffer, RtcpPacketType::goodbye, 1, 0, 0, {}, ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
    CHECK(write_feedback_message(buffer, RtcpPacketType::payload_feedback, 32, 0, 0, {}, ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
}

TEST_CASE("padding on the last packet is read and skipped") {
    Bytes buffer(100);
    RtcpCompoundWriter writer(buffer);
    REQUIRE(writer.add_receiver_report(1));
    REQUIRE(writer.add_goodbye(std::array<std::uint32_t, 1>{1}));
    REQUIRE(writer.pad_last_packet(8));
    CHECK(to_hex(writer.bytes().subspan(8)) == "a1 cb 00 03 00 00 00 01 00 00 00 00 00 00 00 08");
    const auto packets = packets_of(parse_ok(writer.bytes()));
    REQUIRE(packets.size() == 2);
    CHECK(packets[1].has_padding());
    CHECK(packets[1].padding_size() == 8);
    CHECK(packets[1].body().size() == 4);
    const auto bye = read_ok<Goodbye>(packets[1]);
    CHECK(bye.source_count() == 1);
    CHECK(bye.reason().empty());

    // Nothing may follow the padded packet.
    CHECK_FALSE(writer.add_goodbye({}));
    CHECK(writer.error() == RtpError::rtcp_padding_not_last);
}

TEST_CASE("a lone padded packet is valid: it is the last one") {
    const Bytes wire = hex("a0 c9 00 02 00 00 00 01 00 00 00 04");
    const auto compound = parse_ok(wire);
    const RtcpPacket packet = *compound.begin();
    CHECK(packet.padding_size() == 4);
    CHECK(read_ok<ReceiverReport>(packet).sender_ssrc() == 1);
}

TEST_CASE("malformed compound packets are rejected with their reason") {
    const Bytes rr = hex("80 c9 00 01 00 00 00 01");
    auto join = [](Bytes a, const Bytes& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    CHECK(compound_error({}) == RtpError::rtcp_truncated);
    CHECK(compound_error(hex("80 c9 00")) == RtpError::rtcp_truncated);
    // Length 1 says 8 bytes; 7 arrived.
    CHECK(compound_error(hex("80 c9 00 01 00 00 00")) == RtpError::rtcp_truncated);
    CHECK(compound_error(join(rr, hex("81 ca 00 04 00 00 00 01"))) == RtpError::rtcp_truncated);
    // Bytes left over that cannot be a packet header.
    CHECK(compound_error(join(rr, hex("81 ca"))) == RtpError::rtcp_length_mismatch);
    CHECK(compound_error(hex("40 c9 00 01 00 00 00 01")) == RtpError::rtcp_bad_version);
    CHECK(compound_error(join(rr, hex("00 ca 00 00"))) == RtpError::rtcp_bad_version);
    CHECK(compound_error(hex("81 ca 00 02 00 00 00 01 00 00 00 00")) ==
          RtpError::rtcp_first_not_report);
    CHECK(compound_error(hex("81 cb 00 01 00 00 00 01")) == RtpError::rtcp_first_not_report);
    // Padding on the first of two packets.
    CHECK(compound_error(join(hex("a0 c9 00 02 00 00 00 01 00 00 00 04"), rr)) ==
          RtpError::rtcp_padding_not_last);
    CHECK(compound_error(hex("a0 c9 00 02 00 00 00 01 00 00 00 00")) == RtpError::rtcp_bad_padding);
    CHECK(compound_error(hex("a0 c9 00 02 00 00 00 01 00 00 00 09")) == RtpError::rtcp_bad_padding);
    for (const std::error_code ec :
         {compound_error(hex("80 c9 00")), compound_error(hex("40 c9 00 01 00 00 00 01"))})
        CHECK(ec.category() == rtp_category());
}

TEST_CASE("reduced-size RTCP may start with any packet type") {
    const Bytes pli = hex("81 ce 00 02 00 00 00 01 00 00 00 02");
    std::error_code ec;
    CHECK_FALSE(RtcpCompound::parse(pli, ec));
    CHECK(ec == RtpError::rtcp_first_not_report);
    const auto compound = parse_ok(pli, RtcpValidation::reduced_size);
    CHECK(read_ok<FeedbackMessage>(*compound.begin()).media_ssrc() == 2);
}

TEST_CASE("typed readers reject bodies too short for their type and count") {
    // SR with RC=2 and room for one block.
    Bytes sr = hex("82 c8 00 0c 00 00 00 01");
    sr.resize(4 * 13);
    CHECK(read_error<SenderReport>(sr) == RtpError::rtcp_packet_too_short);
    CHECK(read_error<ReceiverReport>(hex("81 c9 00 01 00 00 00 01")) ==
          RtpError::rtcp_packet_too_short);
    CHECK(read_error<ReceiverReport>(hex("80 c9 00 00")) == RtpError::rtcp_packet_too_short);
    CHECK(read_error<Goodbye>(hex("82 cb 00 01 00 00 00 01")) == RtpError::rtcp_packet_too_short);
    CHECK(read_error<ApplicationDefined>(hex("80 cc 00 01 00 00 00 01")) ==
          RtpError::rtcp_packet_too_short);
    CHECK(read_error<FeedbackMessage>(hex("81 cd 00 01 00 00 00 01")) ==
          RtpError::rtcp_packet_too_short);
    CHECK(read_error<SourceDescription>(hex("82 ca 00 02 00 00 00 01 00 00 00 00")) ==
          RtpError::rtcp_packet_too_short);
}

TEST_CASE("typed readers reject packets of another type") {
    const Bytes rr = hex("80 c9 00 01 00 00 00 01");
    CHECK(read_error<SenderReport>(rr) == RtpError::rtcp_wrong_packet_type);
    CHECK(read_error<SourceDescription>(rr) == RtpError::rtcp_wrong_packet_type);
    CHECK(read_error<Goodbye>(rr) == RtpError::rtcp_wrong_packet_type);
    CHECK(read_error<ApplicationDefined>(rr) == RtpError::rtcp_wrong_packet_type);
    CHECK(read_error<FeedbackMessage>(rr) == RtpError::rtcp_wrong_packet_type);
    CHECK(read_error<ReceiverReport>(hex("80 c8 00 06 00 00 00 01 00 00 00 00 00 00 00 00 "
                                         "00 00 00 00 00 00 00 00 00 00 00 00")) ==
          RtpError::rtcp_wrong_packet_type);
}

TEST_CASE("malformed SDES and BYE bodies are rejected with their reason") {
    // CNAME of length 9 with 6 bytes left.
    CHECK(read_error<SourceDescription>(hex("81 ca 00 03 00 00 00 01 01 09 61 62 63 64 65 66")) ==
          RtpError::sdes_item_past_end);
    // An item type with no length octet after it.
    CHECK(read_error<SourceDescription>(hex("81 ca 00 02 00 00 00 01 01 01 61 07")) ==
          RtpError::sdes_item_past_end);
    // Two empty items, then the end of the packet instead of a null octet.
    CHECK(read_error<SourceDescription>(hex("81 ca 00 02 00 00 00 01 01 00 02 00")) ==
          RtpError::sdes_missing_end);
    // Items fill the chunk with no null octet after them.
    CHECK(read_error<SourceDescription>(hex("81 ca 00 02 00 00 00 01 01 02 61 62")) ==
          RtpError::sdes_missing_end);
    // A second chunk whose items run off the end.
    CHECK(read_error<SourceDescription>(
              hex("82 ca 00 04 00 00 00 01 00 00 00 00 00 00 00 02 01 05 61 62")) ==
          RtpError::sdes_item_past_end);
    // BYE reason of 7 bytes with 3 present.
    CHECK(read_error<Goodbye>(hex("81 cb 00 02 00 00 00 01 07 62 79 65")) ==
          RtpError::bye_reason_past_end);
}

TEST_CASE("an SDES chunk with no items and a BYE with no sources are valid") {
    const Bytes empty_chunk = hex("81 ca 00 02 00 00 00 07 00 00 00 00");
    const auto sdes =
        read_ok<SourceDescription>(*parse_ok(empty_chunk, RtcpValidation::reduced_size).begin());
    REQUIRE(sdes.chunk_count() == 1);
    CHECK(sdes.begin()->ssrc() == 7);
    CHECK(sdes.begin()->begin() == sdes.begin()->end());

    const Bytes no_sources = hex("80 cb 00 00");
    const auto bye = read_ok<Goodbye>(*parse_ok(no_sources, RtcpValidation::reduced_size).begin());
    CHECK(bye.source_count() == 0);
    CHECK(bye.reason().empty());
}

TEST_CASE("writers reject counts and texts that do not fit") {
    Bytes buffer(4000);
    std::error_code ec;
    const std::array<ReportBlock, 32> blocks{};
    CHECK(write_receiver_report(buffer, 1, blocks, ec) == 0);
    CHECK(ec == RtpError::too_many_entries);
    CHECK(write_sender_report(buffer, 1, {}, blocks, ec) == 0);
    CHECK(ec == RtpError::too_many_entries);
    CHECK(write_receiver_report(buffer, 1, std::span(blocks).first(31), ec) == 4 + 4 + 31 * 24);
    CHECK(!ec);

    const std::array<std::uint32_t, 32> ssrcs{};
    CHECK(write_goodbye(buffer, ssrcs, {}, ec) == 0);
    CHECK(ec == RtpError::too_many_entries);
    CHECK(write_goodbye(buffer, {}, std::string(256, 'x'), ec) == 0);
    CHECK(ec == RtpError::text_too_long);

    const std::string too_long(256, 'x');
    const std::array<SdesItem, 1> long_item{{{SdesItemType::cname, too_long}}};
    const std::array<SdesChunkFields, 1> long_chunk{{{1, long_item}}};
    CHECK(write_source_description(buffer, long_chunk, ec) == 0);
    CHECK(ec == RtpError::text_too_long);
    const std::array<SdesItem, 1> end_item{{{SdesItemType::end, ""}}};
    const std::array<SdesChunkFields, 1> end_chunk{{{1, end_item}}};
    CHECK(write_source_description(buffer, end_chunk, ec) == 0);
    CHECK(ec == RtpError::field_out_of_range);
}

TEST_CASE("the compound writer stops at the first failure and counts the size needed") {
    const std::array<SdesItem, 1> items{{{SdesItemType::cname, "abcdef"}}};
    const std::array<SdesChunkFields, 1> chunks{{{0x11223344, items}}};
    Bytes buffer(40);  // room for the RR, not the SDES after it
    RtcpCompoundWriter writer(buffer);
    CHECK(writer.add_receiver_report(0x11223344, std::array<ReportBlock, 1>{rr_block}));
    CHECK_FALSE(writer.add_source_description(chunks));
    CHECK(writer.error() == RtpError::buffer_too_small);
    // A BYE would fit in the 8 bytes left, but it must not land after a gap.
    CHECK_FALSE(writer.add_goodbye(std::array<std::uint32_t, 1>{1}));
    CHECK(writer.size() == 32);
    CHECK(writer.required_size() == 32 + 20 + 8);
    CHECK(parse_ok(writer.bytes()).packet_count() == 1);

    RtcpCompoundWriter bad(buffer);
    CHECK_FALSE(bad.add_receiver_report(1, std::array<ReportBlock, 32>{}));
    CHECK(bad.error() == RtpError::too_many_entries);
    CHECK_FALSE(bad.add_receiver_report(1));
    CHECK(bad.size() == 0);

    RtcpCompoundWriter nothing_to_pad(buffer);
    CHECK_FALSE(nothing_to_pad.pad_last_packet(4));
    CHECK(nothing_to_pad.error() == RtpError::field_out_of_range);
    RtcpCompoundWriter odd_padding(buffer);
    REQUIRE(odd_padding.add_receiver_report(1));
    CHECK_FALSE(odd_padding.pad_last_packet(3));
    CHECK(odd_padding.error() == RtpError::field_out_of_range);
}
