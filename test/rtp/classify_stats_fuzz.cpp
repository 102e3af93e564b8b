// SPDX-License-Identifier: BSD-3-Clause
// fuzz_classify_stats: classify() against an independent reading of the RFC
// 7983 table, and receive statistics fed from fuzz bytes.
//
// Properties: classify() agrees with the table for every input; statistics
// keep their invariants (no loss beyond the 24-bit clamp, counters consistent
// with validity) under any sequence, timestamp and arrival pattern, any
// configuration, and a table that never grows past its bound.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>

#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/rtp/receive_statistics.hpp>
#include <rtpsec/rtp/receive_statistics_table.hpp>

using namespace rtpsec::rtp;

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

// RFC 7983 §7 and RFC 5761 §4, as a lookup rather than comparisons.
PacketKind reference_kind(std::span<const std::byte> input) {
    if (input.empty()) return PacketKind::unknown;
    const unsigned first = std::to_integer<unsigned>(input[0]);
    switch (first / 16) {
        case 0:
            return first < 4 ? PacketKind::stun : PacketKind::unknown;
        case 1:
            return first < 20 ? PacketKind::zrtp : PacketKind::dtls;
        case 2:
        case 3:
            return PacketKind::dtls;
        case 4:
            return PacketKind::turn_channel;
        case 8:
        case 9:
        case 10:
        case 11: {
            if (input.size() < 2) return PacketKind::unknown;
            const unsigned second = std::to_integer<unsigned>(input[1]);
            return second / 32 == 6 ? PacketKind::rtcp : PacketKind::rtp;  // 192..223
        }
        default:
            return PacketKind::unknown;
    }
}

class Reader {
  public:
    explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
    bool has(std::size_t n) const { return bytes_.size() - at_ >= n; }
    std::uint32_t take(std::size_t n) {
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < n; ++i)
            value = value << 8 | std::to_integer<std::uint32_t>(bytes_[at_++]);
        return value;
    }

  private:
    std::span<const std::byte> bytes_;
    std::size_t at_ = 0;
};

void check_statistics(const ReceiveStatistics& stats) {
    if (!stats.valid()) {
        check(stats.expected() == 0);
        return;
    }
    check(stats.received() >= 1 && stats.expected() >= 1);
    check(stats.duplicates() < stats.received());
    check(stats.cumulative_lost() >= min_cumulative_lost &&
          stats.cumulative_lost() <= max_cumulative_lost);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    check(classify(input) == reference_kind(input));

    // The first two bytes are what classify() looks at; the statistics read
    // what follows them.
    Reader reader(input.subspan(std::min<std::size_t>(input.size(), 2)));
    if (!reader.has(5)) return 0;
    const ReceiveStatisticsConfig config{
        .min_sequential = static_cast<std::uint16_t>(1 + reader.take(1) % 4),
        .max_dropout = static_cast<std::uint16_t>(reader.take(2)),
        .max_misorder = static_cast<std::uint16_t>(reader.take(2)),
    };
    ReceiveStatistics stats(0x1234, 8000, config);
    ReceiveStatisticsTable table(3, 48000, config);
    using Clock = ReceiveStatistics::Clock;
    Clock::time_point now{};
    std::uint32_t arrival = 0;
    std::array<ReportBlock, 31> blocks{};

    // Each record: flags, sequence (2), timestamp (4), arrival step (2).
    while (reader.has(9)) {
        const std::uint32_t flags = reader.take(1);
        const auto sequence = static_cast<std::uint16_t>(reader.take(2));
        const std::uint32_t timestamp = reader.take(4);
        const std::uint32_t step = reader.take(2);
        arrival += step;
        now += std::chrono::microseconds(step * 125);

        const SequenceVerdict verdict = stats.on_packet_rtp_time(sequence, timestamp, arrival);
        check(verdict != SequenceVerdict::probation || !stats.valid());
        check_statistics(stats);
        if ((flags & 0x01) != 0) {
            const auto block = stats.next_report_block(now);
            check(block.has_value() == stats.valid());
            if (block) check(block->extended_highest_sequence == stats.extended_highest_sequence());
        }
        if ((flags & 0x02) != 0) stats.on_sender_report(std::uint64_t{timestamp} << 24, now);

        const std::uint32_t ssrc = flags >> 4;  // 16 sources contend for 3 slots
        const auto table_verdict = table.on_packet(ssrc, sequence, timestamp, now);
        check(table.size() <= table.max_sources());
        check(table_verdict.has_value() == (table.find(ssrc) != nullptr));
        if ((flags & 0x04) != 0) check(table.next_report_blocks(now, blocks) <= table.size());
        if ((flags & 0x08) != 0) table.remove(ssrc);
        if ((flags & 0x0c) == 0x0c) table.remove_inactive(now - std::chrono::seconds(1));
    }
    return 0;
}
