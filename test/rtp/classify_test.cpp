// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <catch2/catch.hpp>

#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/rtp/header_peek.hpp>

#include "test_bytes.hpp"

using namespace rtpsec::rtp;
using rtpsec::rtp::test::hex;

namespace {

// RFC 7983 §7 as ranges of the first byte, written out apart from the
// implementation's comparisons.
struct Range {
    int low;
    int high;
    PacketKind kind;
};
constexpr std::array<Range, 5> rfc7983_table{{
    {0, 3, PacketKind::stun},
    {16, 19, PacketKind::zrtp},
    {20, 63, PacketKind::dtls},
    {64, 79, PacketKind::turn_channel},
    {128, 191, PacketKind::rtp},  // RTP or RTCP, split on the second byte
}};

PacketKind table_kind(int first_byte) {
    for (const Range& range : rfc7983_table) {
        if (first_byte >= range.low && first_byte <= range.high) return range.kind;
    }
    return PacketKind::unknown;
}

PacketKind classify_bytes(int first, int second) {
    const std::array<std::byte, 2> datagram{std::byte(first), std::byte(second)};
    return classify(datagram);
}

}  // namespace

TEST_CASE("every first byte is classified as the RFC 7983 table says") {
    for (int first = 0; first < 256; ++first) {
        INFO("first byte " << first);
        const PacketKind expected = table_kind(first);
        // Second byte 0 (RTP payload type 0) and 200 (RTCP SR).
        CHECK(classify_bytes(first, 0) == expected);
        CHECK(classify_bytes(first, 200) ==
              (expected == PacketKind::rtp ? PacketKind::rtcp : expected));
    }
}

TEST_CASE("the RTP/RTCP split follows RFC 5761 at its boundaries") {
    // Second byte = marker << 7 | payload type.
    for (const int first : {128, 0x90, 191}) {
        INFO("first byte " << first);
        CHECK(classify_bytes(first, 191) == PacketKind::rtp);   // M=1 PT=63
        CHECK(classify_bytes(first, 192) == PacketKind::rtcp);  // M=1 PT=64, FIR (192)
        CHECK(classify_bytes(first, 200) == PacketKind::rtcp);  // SR
        CHECK(classify_bytes(first, 206) == PacketKind::rtcp);  // PSFB
        CHECK(classify_bytes(first, 223) == PacketKind::rtcp);  // M=1 PT=95
        CHECK(classify_bytes(first, 224) == PacketKind::rtp);   // M=1 PT=96
        // Payload types 64..95 without the marker stay RTP; with it they read
        // as RTCP, which is why RFC 5761 §4 forbids them when multiplexing.
        CHECK(classify_bytes(first, 64) == PacketKind::rtp);
        CHECK(classify_bytes(first, 95) == PacketKind::rtp);
        CHECK(classify_bytes(first, 64 | 0x80) == PacketKind::rtcp);
        CHECK(classify_bytes(first, 95 | 0x80) == PacketKind::rtcp);
        CHECK(classify_bytes(first, 96 | 0x80) == PacketKind::rtp);
        CHECK(classify_bytes(first, 0 | 0x80) == PacketKind::rtp);
        CHECK(classify_bytes(first, 127) == PacketKind::rtp);
        CHECK(classify_bytes(first, 255) == PacketKind::rtp);
    }
}

TEST_CASE("datagrams too short to classify are unknown") {
    CHECK(classify({}) == PacketKind::unknown);
    const std::array<std::byte, 1> rtp_first_byte_only{std::byte{0x80}};
    CHECK(classify(rtp_first_byte_only) == PacketKind::unknown);
    const std::array<std::byte, 1> dtls_first_byte_only{std::byte{22}};
    CHECK(classify(dtls_first_byte_only) == PacketKind::dtls);
}

TEST_CASE("real datagrams of each protocol are classified") {
    // STUN Binding Request header (RFC 8489 §5), magic cookie 0x2112a442.
    CHECK(classify(hex("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00")) ==
          PacketKind::stun);
    // DTLS 1.2 handshake record (content type 22, version fe fd).
    CHECK(classify(hex("16 fe fd 00 00 00 00 00 00 00 00 00 10")) == PacketKind::dtls);
    // DTLS application data (23) and alert (21).
    CHECK(classify(hex("17 fe fd 00 01")) == PacketKind::dtls);
    CHECK(classify(hex("15 fe fd 00 01")) == PacketKind::dtls);
    // TURN ChannelData, channel 0x4000 (RFC 8656 §12.4).
    CHECK(classify(hex("40 00 00 04 de ad be ef")) == PacketKind::turn_channel);
    // PCMU RTP with the marker set, and an RTCP RR.
    CHECK(classify(hex("80 80 00 01 00 00 00 a0 11 22 33 44")) == PacketKind::rtp);
    CHECK(classify(hex("80 c9 00 01 11 22 33 44")) == PacketKind::rtcp);
    // QUIC long header (RFC 9443 puts it at 192..255): not ours to take.
    CHECK(classify(hex("c0 00 00 00 01")) == PacketKind::unknown);
}

TEST_CASE("classify is usable at compile time and names its kinds") {
    static constexpr std::array<std::byte, 2> rtcp{std::byte{0x81}, std::byte{0xc8}};
    static_assert(classify(rtcp) == PacketKind::rtcp);
    static_assert(classify(std::span<const std::byte>{}) == PacketKind::unknown);
    static_assert(to_string(PacketKind::turn_channel) == "turn_channel");
    CHECK(to_string(PacketKind::stun) == "stun");
    CHECK(to_string(PacketKind::unknown) == "unknown");
}
