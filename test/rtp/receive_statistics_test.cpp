// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <vector>

#include <rtpsec/rtp/receive_statistics.hpp>
#include <rtpsec/rtp/receive_statistics_table.hpp>

using namespace rtpsec::rtp;
using namespace std::chrono_literals;
using Clock = ReceiveStatistics::Clock;

namespace {

constexpr std::uint32_t ssrc = 0x5eed;
constexpr std::uint32_t pcmu_rate = 8000;
const Clock::time_point t0 = Clock::time_point{} + 1000s;

// Feeds sequence numbers as a 20 ms PCMU stream arriving exactly on time
// (timestamp 160 per packet): jitter stays 0 and only the sequence logic shows.
std::vector<SequenceVerdict> feed(ReceiveStatistics& stats, std::initializer_list<int> sequence) {
    std::vector<SequenceVerdict> verdicts;
    for (const int seq : sequence) {
        const auto s = static_cast<std::uint16_t>(seq);
        verdicts.push_back(stats.on_packet_rtp_time(s, 160u * s, 160u * s + 1000));
    }
    return verdicts;
}

using V = SequenceVerdict;

}  // namespace

TEST_CASE("a new source is on probation until two packets arrive in sequence") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    CHECK_FALSE(stats.valid());
    CHECK(feed(stats, {100}) == std::vector{V::probation});
    CHECK_FALSE(stats.valid());
    CHECK_FALSE(stats.next_report_block(t0));
    CHECK(feed(stats, {101}) == std::vector{V::in_order});
    REQUIRE(stats.valid());
    // RFC 3550 A.1: counting starts at the packet that ends probation.
    CHECK(stats.received() == 1);
    CHECK(stats.expected() == 1);
    CHECK(stats.extended_highest_sequence() == 101);
    CHECK(stats.lost() == 0);
}

TEST_CASE("an out-of-sequence packet restarts probation from itself") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    CHECK(feed(stats, {100, 200, 300, 301, 302}) ==
          std::vector{V::probation, V::probation, V::probation, V::in_order, V::in_order});
    CHECK(stats.received() == 2);
    CHECK(stats.expected() == 2);
    CHECK(stats.extended_highest_sequence() == 302);
}

TEST_CASE("a signalled source can skip probation") {
    ReceiveStatistics stats(ssrc, pcmu_rate, {.min_sequential = 1});
    CHECK(feed(stats, {7}) == std::vector{V::in_order});
    CHECK(stats.valid());
    CHECK(stats.received() == 1);
    CHECK(stats.extended_highest_sequence() == 7);
}

TEST_CASE("loss is counted cumulatively and per report interval") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    // 101 ends probation; 103 is lost: expected 101..105 = 5, received 4.
    feed(stats, {100, 101, 102, 104, 105});
    CHECK(stats.expected() == 5);
    CHECK(stats.received() == 4);
    auto block = stats.next_report_block(t0);
    REQUIRE(block);
    CHECK(block->ssrc == ssrc);
    CHECK(block->cumulative_lost == 1);
    CHECK(block->fraction_lost == 51);  // (1 << 8) / 5
    CHECK(block->extended_highest_sequence == 105);
    CHECK(block->jitter == 0);
    CHECK(block->last_sr == 0);
    CHECK(block->delay_since_last_sr == 0);

    // Next interval: 106..110 expected, 108 and 109 lost.
    feed(stats, {106, 107, 110});
    block = stats.next_report_block(t0);
    REQUIRE(block);
    CHECK(block->cumulative_lost == 3);
    CHECK(block->fraction_lost == 102);  // (2 << 8) / 5

    // An interval with nothing new reports no loss.
    block = stats.next_report_block(t0);
    REQUIRE(block);
    CHECK(block->fraction_lost == 0);
    CHECK(block->cumulative_lost == 3);
}

TEST_CASE("a reordered packet fills its gap") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    CHECK(feed(stats, {100, 101, 103, 102, 104}) ==
          std::vector{V::probation, V::in_order, V::in_order, V::reordered, V::in_order});
    CHECK(stats.expected() == 4);
    CHECK(stats.received() == 4);
    CHECK(stats.lost() == 0);
    CHECK(stats.extended_highest_sequence() == 104);
    CHECK(stats.next_report_block(t0)->fraction_lost == 0);
}

TEST_CASE("duplicates are counted, and as RFC 3550 A.3 says they make loss negative") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    CHECK(feed(stats, {100, 101, 102, 102, 101, 103}) == std::vector{V::probation, V::in_order,
                                                                     V::in_order, V::duplicate,
                                                                     V::duplicate, V::in_order});
    CHECK(stats.duplicates() == 2);
    CHECK(stats.expected() == 3);
    CHECK(stats.received() == 5);
    CHECK(stats.lost() == -2);
    const auto block = stats.next_report_block(t0);
    CHECK(block->cumulative_lost == -2);
    CHECK(block->fraction_lost == 0);  // negative interval loss reports as 0
}

TEST_CASE("a late packet that was never seen is reordered, not a duplicate") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {100, 101, 105});
    CHECK(feed(stats, {103, 103, 102, 104}) ==
          std::vector{V::reordered, V::duplicate, V::reordered, V::reordered});
    CHECK(stats.lost() == -1);  // 101..105 expected, 6 received with the duplicate
}

TEST_CASE("the sequence number wraps from 65535 to 0 into a new cycle") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    CHECK(feed(stats, {65533, 65534, 65535, 0, 1}) ==
          std::vector{V::probation, V::in_order, V::in_order, V::in_order, V::in_order});
    CHECK(stats.extended_highest_sequence() == 65536 + 1);
    CHECK(stats.expected() == 4);  // 65534, 65535, 65536, 65537
    CHECK(stats.lost() == 0);

    // A packet from before the wrap arriving late does not count a cycle.
    ReceiveStatistics late(ssrc, pcmu_rate);
    CHECK(feed(late, {65533, 65534, 0, 65535, 2, 1}) == std::vector{V::probation, V::in_order,
                                                                    V::in_order, V::reordered,
                                                                    V::in_order, V::reordered});
    CHECK(late.extended_highest_sequence() == 65536 + 2);
    CHECK(late.lost() == 0);
    CHECK(late.duplicates() == 0);
}

TEST_CASE("loss across the wrap is counted in the extended sequence space") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {65530, 65531, 3});  // 65532..65535 and 0..2 lost
    CHECK(stats.extended_highest_sequence() == 65536 + 3);
    CHECK(stats.expected() == 65536 + 3 - 65531 + 1);
    CHECK(stats.lost() == 7);
    CHECK(stats.next_report_block(t0)->fraction_lost == (7 << 8) / 9);
}

TEST_CASE("a large jump is ignored unless the next packet follows it") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {1000, 1001, 1002});
    // 5000 - 1002 >= MAX_DROPOUT (3000): suspicious, not counted.
    CHECK(feed(stats, {5000}) == std::vector{V::bad_sequence});
    CHECK(stats.extended_highest_sequence() == 1002);
    CHECK(stats.received() == 2);
    // The stream goes on where it was: the stray packet is forgotten.
    CHECK(feed(stats, {1003}) == std::vector{V::in_order});
    CHECK(stats.received() == 3);

    // The next packet continues the jump: the source restarted (RFC 3550 A.1).
    CHECK(feed(stats, {7000, 7001}) == std::vector{V::bad_sequence, V::restarted});
    CHECK(stats.received() == 1);
    CHECK(stats.expected() == 1);
    CHECK(stats.extended_highest_sequence() == 7001);
    CHECK(feed(stats, {7002, 7004}) == std::vector{V::in_order, V::in_order});
    CHECK(stats.lost() == 1);
}

TEST_CASE("a jump of MAX_DROPOUT - 1 is loss, and MAX_MISORDER bounds lateness") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {1000, 1001});
    CHECK(feed(stats, {1001 + 2999}) == std::vector{V::in_order});
    CHECK(stats.lost() == 2998);
    // RFC 3550 A.1: late while udelta > RTP_SEQ_MOD - MAX_MISORDER, so 99
    // behind is late and 100 behind is a jump.
    CHECK(feed(stats, {4000 - 99}) == std::vector{V::reordered});
    CHECK(feed(stats, {4000 - 100}) == std::vector{V::bad_sequence});
    // And forward, MAX_DROPOUT itself is a jump.
    CHECK(feed(stats, {4000 + 3000}) == std::vector{V::bad_sequence});
}

TEST_CASE("cumulative loss saturates at the 24-bit limit") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    std::uint16_t seq = 0;
    stats.on_packet_rtp_time(seq, 0, 0);
    stats.on_packet_rtp_time(++seq, 0, 0);
    // 2999 ahead each time: 2998 lost per packet.
    while (stats.lost() <= max_cumulative_lost) {
        seq = static_cast<std::uint16_t>(seq + 2999);
        REQUIRE(stats.on_packet_rtp_time(seq, 0, 0) == V::in_order);
    }
    CHECK(stats.cumulative_lost() == max_cumulative_lost);
    CHECK(stats.next_report_block(t0)->cumulative_lost == max_cumulative_lost);
}

// RFC 3550 A.8, integer form: J(q4) += |D| - ((J(q4) + 8) >> 4), reported >> 4.
// PCMU at 8000 Hz, one packet per 160 timestamp units; transit = arrival - ts.
//   seq 1: ts 160, arrives 1160      -> transit 1000 (first valid packet: reference)
//   seq 2: ts 320, arrives 1480      -> transit 1160, D = 160: J = 0 + 160 - 0 = 160   -> 10
//   seq 3: ts 480, arrives 1640      -> transit 1160, D = 0:   J = 160 - 10 = 150      -> 9
//   seq 4: ts 640, arrives 1480      -> transit 840,  D = -320: J = 150 + 320 - 9 = 461 -> 28
//   seq 5: ts 800, arrives 1800      -> transit 1000, D = 160: J = 461 + 160 - 29 = 592 -> 37
TEST_CASE("interarrival jitter matches a hand computation") {
    struct Step {
        std::uint16_t seq;
        std::uint32_t ts;
        std::uint32_t arrival;
        std::uint32_t jitter;
    };
    const Step steps[] = {
        {0, 0, 999, 0},  // on probation: not measured
        {1, 160, 1160, 0},  {2, 320, 1480, 10}, {3, 480, 1640, 9},
        {4, 640, 1480, 28}, {5, 800, 1800, 37},
    };
    ReceiveStatistics in_rtp_units(ssrc, pcmu_rate);
    ReceiveStatistics in_time(ssrc, pcmu_rate);
    for (const Step& step : steps) {
        INFO("seq " << step.seq);
        in_rtp_units.on_packet_rtp_time(step.seq, step.ts, step.arrival);
        CHECK(in_rtp_units.jitter() == step.jitter);
        // The same arrivals as time points: one RTP unit is 125 µs at 8 kHz.
        in_time.on_packet(step.seq, step.ts, t0 + step.arrival * 125us);
        CHECK(in_time.jitter() == step.jitter);
    }
    CHECK(in_rtp_units.next_report_block(t0)->jitter == 37);
}

TEST_CASE("jitter stays 0 for a steady stream and approaches a steady deviation") {
    ReceiveStatistics steady(ssrc, 48000);
    ReceiveStatistics wobbly(ssrc, 48000);
    for (std::uint16_t seq = 0; seq < 400; ++seq) {
        const std::uint32_t ts = 960u * seq + 0xfffff000u;  // wraps the 32-bit timestamp
        steady.on_packet(seq, ts, t0 + seq * 20ms);
        // Arrival alternates 1 ms early and late: |D| = 96 units each time.
        wobbly.on_packet(seq, ts, t0 + seq * 20ms + (seq % 2 == 0 ? 1ms : -1ms));
    }
    CHECK(steady.jitter() == 0);
    // The integer form settles just under |D| (its rounding): 95 or 96.
    CHECK(wobbly.jitter() >= 95);
    CHECK(wobbly.jitter() <= 96);
}

TEST_CASE("a restart resets the transit reference rather than reporting a jump as jitter") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {10, 11, 12});
    CHECK(stats.jitter() == 0);
    // New sequence and timestamp bases.
    stats.on_packet_rtp_time(20000, 5'000'000, 3000);
    CHECK(stats.on_packet_rtp_time(20001, 5'000'160, 3160) == V::restarted);
    CHECK(stats.on_packet_rtp_time(20002, 5'000'320, 3320) == V::in_order);
    CHECK(stats.jitter() == 0);
}

TEST_CASE("LSR and DLSR come from the last sender report") {
    ReceiveStatistics stats(ssrc, pcmu_rate);
    feed(stats, {1, 2});
    stats.on_sender_report(0x0123456789abcdefull, t0);
    const auto block = stats.next_report_block(t0 + 1500ms);
    REQUIRE(block);
    CHECK(block->last_sr == 0x456789ab);                 // middle 32 bits
    CHECK(block->delay_since_last_sr == 3 * 65536 / 2);  // 1.5 s in 1/65536 s
    // A report "before" the SR arrived never goes negative.
    CHECK(stats.next_report_block(t0 - 1s)->delay_since_last_sr == 0);
}

TEST_CASE("bad construction parameters are refused") {
    CHECK_THROWS_AS(ReceiveStatistics(ssrc, 0), std::invalid_argument);
    CHECK_THROWS_AS(ReceiveStatistics(ssrc, pcmu_rate, {.min_sequential = 0}),
                    std::invalid_argument);
    CHECK_THROWS_AS(ReceiveStatisticsTable(0, pcmu_rate), std::invalid_argument);
    CHECK_THROWS_AS(ReceiveStatisticsTable(4, 0), std::invalid_argument);
}

TEST_CASE("the statistics table is bounded and forgets sources") {
    ReceiveStatisticsTable table(2, pcmu_rate);
    CHECK(table.on_packet(1, 10, 0, t0) == V::probation);
    CHECK(table.on_packet(2, 20, 0, t0) == V::probation);
    CHECK_FALSE(table.on_packet(3, 30, 0, t0));  // full
    CHECK(table.size() == 2);
    CHECK(table.on_packet(1, 11, 160, t0 + 20ms) == V::in_order);
    CHECK(table.find(1)->valid());
    CHECK_FALSE(table.find(2)->valid());
    CHECK(table.find(3) == nullptr);

    CHECK(table.remove(2));
    CHECK_FALSE(table.remove(2));
    CHECK(table.on_packet(3, 30, 0, t0 + 1s) == V::probation);

    CHECK(table.on_sender_report(3, 0x0000123456780000ull, t0 + 1s));
    CHECK_FALSE(table.on_sender_report(4, 0, t0));

    // Source 1 was last heard at t0 + 20 ms, source 3 at t0 + 1 s.
    CHECK(table.remove_inactive(t0 + 500ms) == 1);
    CHECK(table.find(1) == nullptr);
    CHECK(table.find(3) != nullptr);
    CHECK(table.max_sources() == 2);
}

TEST_CASE("the table hands out report blocks round robin over valid sources") {
    ReceiveStatisticsTable table(8, pcmu_rate);
    for (std::uint32_t source = 1; source <= 3; ++source) {
        table.on_packet(source, 0, 0, t0);
        table.on_packet(source, 1, 160, t0 + 20ms);
    }
    table.on_packet(4, 0, 0, t0);  // still on probation: never reported

    std::array<ReportBlock, 2> blocks{};
    REQUIRE(table.next_report_blocks(t0 + 1s, blocks) == 2);
    CHECK(blocks[0].ssrc == 1);
    CHECK(blocks[1].ssrc == 2);
    REQUIRE(table.next_report_blocks(t0 + 2s, blocks) == 2);
    CHECK(blocks[0].ssrc == 3);
    CHECK(blocks[1].ssrc == 1);

    std::array<ReportBlock, 31> all{};
    CHECK(table.next_report_blocks(t0 + 3s, all) == 3);
}
