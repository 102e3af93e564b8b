// SPDX-License-Identifier: BSD-3-Clause
// Receive statistics for every source of a session, in a table of bounded
// size.
//
// Sources are added as their first packet arrives and never beyond
// max_sources: a stream of packets with ever new SSRCs (a misbehaving or
// malicious peer) cannot grow memory. Storage is reserved up front, so adding
// a source does not allocate. Report blocks are handed out round robin when
// more sources are known than fit one report (RFC 3550 §6.4: at most 31 per
// packet). One owner, no locks; no exceptions per packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/receive_statistics.hpp>

namespace rtpsec::rtp {

class RTPSEC_EXPORT ReceiveStatisticsTable {
  public:
    using Clock = ReceiveStatistics::Clock;

    // Throws std::invalid_argument for a zero max_sources or clock rate.
    ReceiveStatisticsTable(std::size_t max_sources, std::uint32_t clock_rate,
                           ReceiveStatisticsConfig config = {});

    // nullopt when `ssrc` is new and the table is full: the packet is not counted.
    std::optional<SequenceVerdict> on_packet(std::uint32_t ssrc, std::uint16_t sequence,
                                             std::uint32_t rtp_timestamp,
                                             Clock::time_point arrival) noexcept;
    // False when `ssrc` is not in the table.
    bool on_sender_report(std::uint32_t ssrc, std::uint64_t ntp_timestamp,
                          Clock::time_point arrival) noexcept;

    const ReceiveStatistics* find(std::uint32_t ssrc) const noexcept;
    // On BYE (RFC 3550 §6.3.7). False when `ssrc` is not in the table.
    bool remove(std::uint32_t ssrc) noexcept;
    // Drops sources last heard before `cutoff` (RFC 3550 §6.3.5 times out
    // members after five reporting intervals); returns how many.
    std::size_t remove_inactive(Clock::time_point cutoff) noexcept;

    std::size_t size() const { return sources_.size(); }
    std::size_t max_sources() const { return max_sources_; }

    // Fills `out` with the next blocks of valid sources, continuing after the
    // last source reported, and starts each one's new report interval; returns
    // how many blocks were filled.
    std::size_t next_report_blocks(Clock::time_point now, std::span<ReportBlock> out) noexcept;

  private:
    ReceiveStatistics* find_mutable(std::uint32_t ssrc) noexcept;

    std::size_t max_sources_;
    std::uint32_t clock_rate_;
    ReceiveStatisticsConfig config_;
    std::vector<ReceiveStatistics> sources_;
    std::size_t next_report_ = 0;  // index where the next round of reports starts
};

}  // namespace rtpsec::rtp
