// SPDX-License-Identifier: BSD-3-Clause
// srtp::Session allocates nothing per packet in steady state (session.hpp's
// promise): every profile, both directions, SRTP and SRTCP, counted by the
// replaced allocator of counting_allocator.cpp over 100,000 rounds.
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>

#include <rtpsec/srtp/library.hpp>

#include "counting_allocator.hpp"
#include "packets.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;
namespace allocations = rtpsec::test::allocations;

namespace {

constexpr int warm_up_rounds = 1'000;
constexpr int counted_rounds = 100'000;
constexpr std::size_t payload_size = 160;

using Buffer = std::array<std::byte, 12 + payload_size + max_protect_overhead>;

// RTP (RFC 3550 §5.1) written in place: the loop must not allocate itself.
std::size_t write_rtp(Buffer& buffer, std::uint32_t ssrc, std::uint16_t seq) {
    const std::uint32_t timestamp = std::uint32_t{seq} * 160;
    const std::uint8_t header[12] = {0x80,
                                     0x00,
                                     static_cast<std::uint8_t>(seq >> 8),
                                     static_cast<std::uint8_t>(seq),
                                     static_cast<std::uint8_t>(timestamp >> 24),
                                     static_cast<std::uint8_t>(timestamp >> 16),
                                     static_cast<std::uint8_t>(timestamp >> 8),
                                     static_cast<std::uint8_t>(timestamp),
                                     static_cast<std::uint8_t>(ssrc >> 24),
                                     static_cast<std::uint8_t>(ssrc >> 16),
                                     static_cast<std::uint8_t>(ssrc >> 8),
                                     static_cast<std::uint8_t>(ssrc)};
    std::memcpy(buffer.data(), header, sizeof header);
    std::memset(buffer.data() + sizeof header, seq & 0xff, payload_size);
    return sizeof header + payload_size;
}

// RTCP receiver report with no blocks (RFC 3550 §6.4.2), 8 bytes.
std::size_t write_rtcp_rr(Buffer& buffer, std::uint32_t ssrc) {
    const std::uint8_t packet[8] = {0x80,
                                    201,
                                    0x00,
                                    0x01,
                                    static_cast<std::uint8_t>(ssrc >> 24),
                                    static_cast<std::uint8_t>(ssrc >> 16),
                                    static_cast<std::uint8_t>(ssrc >> 8),
                                    static_cast<std::uint8_t>(ssrc)};
    std::memcpy(buffer.data(), packet, sizeof packet);
    return sizeof packet;
}

// One round: RTP and RTCP from `from` to `to`, protected and unprotected.
// Returns false when any step fails.
bool one_way(Session& from, Session& to, std::uint32_t ssrc, std::uint16_t seq, Buffer& buffer) {
    std::error_code ec;
    std::size_t length = from.protect_rtp(buffer, write_rtp(buffer, ssrc, seq), ec);
    if (ec) return false;
    length = to.unprotect_rtp(buffer, length, ec);
    if (ec || length != 12 + payload_size) return false;
    length = from.protect_rtcp(buffer, write_rtcp_rr(buffer, ssrc), ec);
    if (ec) return false;
    length = to.unprotect_rtcp(buffer, length, ec);
    return !ec && length == 8;
}

}  // namespace

TEST_CASE("srtp::Session: no allocation per packet in steady state, every profile") {
    for (const Profile& profile : all_profiles()) {
        INFO(profile.name);
        SessionPair pair = make_pair(profile);
        Buffer buffer{};
        int round = 0;
        bool ok = true;
        // Warm-up: libsrtp clones a stream per new SSRC, each way.
        for (; round < warm_up_rounds; ++round) {
            const auto seq = static_cast<std::uint16_t>(round);
            ok = ok && one_way(pair.sender, pair.receiver, 0xa1a1a1a1, seq, buffer) &&
                 one_way(pair.receiver, pair.sender, 0xb2b2b2b2, seq, buffer);
        }
        REQUIRE(ok);
        allocations::start();
        for (; round < warm_up_rounds + counted_rounds; ++round) {
            const auto seq = static_cast<std::uint16_t>(round);  // wraps: ROC counts on
            ok = ok && one_way(pair.sender, pair.receiver, 0xa1a1a1a1, seq, buffer) &&
                 one_way(pair.receiver, pair.sender, 0xb2b2b2b2, seq, buffer);
        }
        const std::uint64_t counted = allocations::stop();
        std::printf("%s: %llu allocations over %d rounds (RTP and RTCP each way per round)\n",
                    std::string(profile.name).c_str(), static_cast<unsigned long long>(counted),
                    counted_rounds);
        CHECK(ok);
        INFO("first allocation from:\n" << allocations::first_allocation_site());
        CHECK(counted == 0);
    }
}
