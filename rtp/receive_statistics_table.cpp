// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>

#include <rtpsec/rtp/receive_statistics_table.hpp>

namespace rtpsec::rtp {
namespace {

template <typename Sources>
auto find_source(Sources& sources, std::uint32_t ssrc) {
    return std::find_if(sources.begin(), sources.end(),
                        [ssrc](const ReceiveStatistics& s) { return s.ssrc() == ssrc; });
}

}  // namespace

ReceiveStatisticsTable::ReceiveStatisticsTable(std::size_t max_sources, std::uint32_t clock_rate,
                                               ReceiveStatisticsConfig config)
    : max_sources_(max_sources), clock_rate_(clock_rate), config_(config) {
    if (max_sources == 0) throw std::invalid_argument("a statistics table needs room for a source");
    // Throws now for a bad clock rate or config, so that adding a source on the
    // packet path cannot.
    [[maybe_unused]] const ReceiveStatistics checked(0, clock_rate, config);
    sources_.reserve(max_sources);
}

ReceiveStatistics* ReceiveStatisticsTable::find_mutable(std::uint32_t ssrc) noexcept {
    const auto it = find_source(sources_, ssrc);
    return it == sources_.end() ? nullptr : &*it;
}

const ReceiveStatistics* ReceiveStatisticsTable::find(std::uint32_t ssrc) const noexcept {
    const auto it = find_source(sources_, ssrc);
    return it == sources_.end() ? nullptr : &*it;
}

std::optional<SequenceVerdict> ReceiveStatisticsTable::on_packet(
    std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t rtp_timestamp,
    Clock::time_point arrival) noexcept {
    ReceiveStatistics* source = find_mutable(ssrc);
    if (!source) {
        if (sources_.size() >= max_sources_) return std::nullopt;
        // Within the reserved capacity: no allocation, and the constructor's
        // checks passed for this clock rate and config in ours.
        source = &sources_.emplace_back(ssrc, clock_rate_, config_);
    }
    return source->on_packet(sequence, rtp_timestamp, arrival);
}

bool ReceiveStatisticsTable::on_sender_report(std::uint32_t ssrc, std::uint64_t ntp_timestamp,
                                              Clock::time_point arrival) noexcept {
    ReceiveStatistics* source = find_mutable(ssrc);
    if (!source) return false;
    source->on_sender_report(ntp_timestamp, arrival);
    return true;
}

bool ReceiveStatisticsTable::remove(std::uint32_t ssrc) noexcept {
    const auto it = find_source(sources_, ssrc);
    if (it == sources_.end()) return false;
    sources_.erase(it);
    next_report_ = 0;
    return true;
}

std::size_t ReceiveStatisticsTable::remove_inactive(Clock::time_point cutoff) noexcept {
    const auto removed = std::erase_if(
        sources_, [cutoff](const ReceiveStatistics& s) { return s.last_arrival() < cutoff; });
    if (removed != 0) next_report_ = 0;
    return removed;
}

std::size_t ReceiveStatisticsTable::next_report_blocks(Clock::time_point now,
                                                       std::span<ReportBlock> out) noexcept {
    std::size_t filled = 0;
    const std::size_t count = sources_.size();
    const std::size_t start = next_report_;
    for (std::size_t step = 0; step < count && filled < out.size(); ++step) {
        const std::size_t index = (start + step) % count;
        if (auto block = sources_[index].next_report_block(now)) {
            out[filled++] = *block;
            next_report_ = (index + 1) % count;
        }
    }
    return filled;
}

}  // namespace rtpsec::rtp
