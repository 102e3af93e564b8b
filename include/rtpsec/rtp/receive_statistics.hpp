// SPDX-License-Identifier: BSD-3-Clause
// Receive statistics of one RTP source: what an RTCP reception report block
// says about it (RFC 3550 §6.4.1), kept as the algorithms of RFC 3550
// Appendix A describe.
//
// - A.1: sequence validation. A new source is on probation until
//   min_sequential packets arrive in sequence; a jump beyond max_dropout
//   forward or max_misorder backward is ignored unless the next packet
//   continues it, in which case the source restarted and counting starts over.
//   The highest sequence number is extended with a count of 16-bit cycles.
// - A.3: expected and lost packets, cumulative and per report interval.
//   As A.3 says, duplicates and late packets count as received, so loss can
//   go negative; duplicates are also counted on their own.
// - A.8: interarrival jitter, in the integer form kept scaled by 16, over
//   packets in order of arrival.
//
// Feed it every packet of the source after SRTP authentication, with the
// arrival time either as a time_point (converted with the clock rate) or
// directly in RTP timestamp units; use one of the two forms per source. One
// owner, no locks; no allocation and no exceptions per packet.
#pragma once

#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>

namespace rtpsec::rtp {

struct RTPSEC_EXPORT ReceiveStatisticsConfig {
    // RFC 3550 A.1's MIN_SEQUENTIAL, MAX_DROPOUT and MAX_MISORDER. 1 for
    // min_sequential makes the first packet valid (a source known from
    // signalling).
    std::uint16_t min_sequential = 2;
    std::uint16_t max_dropout = 3000;
    std::uint16_t max_misorder = 100;
};

// What one packet did to the statistics.
enum class SequenceVerdict : std::uint8_t {
    in_order,      // advanced the highest sequence number, perhaps over a gap
    reordered,     // behind the highest sequence number, by at most max_misorder
    duplicate,     // a sequence number already counted (among the last 128)
    probation,     // the source is not valid yet: not counted
    bad_sequence,  // a jump beyond max_dropout or max_misorder: not counted
    restarted,     // continued a bad jump: the statistics start over from it
};

class RTPSEC_EXPORT ReceiveStatistics {
  public:
    using Clock = std::chrono::steady_clock;

    // Throws std::invalid_argument for a zero clock rate or min_sequential.
    ReceiveStatistics(std::uint32_t ssrc, std::uint32_t clock_rate,
                      ReceiveStatisticsConfig config = {});

    // One packet's sequence number and RTP timestamp, and when it arrived.
    SequenceVerdict on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                              Clock::time_point arrival) noexcept;
    // The same with the arrival time already on the RTP clock (any origin:
    // only differences matter, modulo 2^32).
    SequenceVerdict on_packet_rtp_time(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                                       std::uint32_t arrival) noexcept;
    // An SR from this source arrived: its NTP timestamp becomes LSR, and DLSR
    // counts from `arrival` (RFC 3550 §6.4.1).
    void on_sender_report(std::uint64_t ntp_timestamp, Clock::time_point arrival) noexcept;

    std::uint32_t ssrc() const { return ssrc_; }
    std::uint32_t clock_rate() const { return clock_rate_; }
    // Out of probation: the counters below mean something.
    bool valid() const { return heard_ && probation_ == 0; }
    // RFC 3550 A.1: cycles << 16 | highest sequence number.
    std::uint32_t extended_highest_sequence() const { return cycles_ + max_sequence_; }
    // RFC 3550 A.3, since the source became valid or last restarted.
    std::int64_t expected() const;
    std::uint64_t received() const { return received_; }
    std::uint64_t duplicates() const { return duplicates_; }
    // expected - received, unclamped.
    std::int64_t lost() const { return expected() - static_cast<std::int64_t>(received_); }
    // RFC 3550 A.3: clamped to the 24 bits of the report block field.
    std::int32_t cumulative_lost() const;
    // RFC 3550 A.8, in RTP timestamp units.
    std::uint32_t jitter() const;
    // When the last packet arrived (time_point form only).
    Clock::time_point last_arrival() const { return last_arrival_; }

    // The report block for this source at `now`, and the start of a new report
    // interval for fraction_lost (RFC 3550 A.3). nullopt while on probation.
    std::optional<ReportBlock> next_report_block(Clock::time_point now) noexcept;

  private:
    // Sequence numbers behind the highest one whose arrival is remembered, to
    // tell duplicates from late packets.
    static constexpr std::size_t duplicate_window = 128;

    void init_sequence(std::uint16_t sequence) noexcept;
    SequenceVerdict update_sequence(std::uint16_t sequence) noexcept;
    SequenceVerdict mark_behind(std::uint32_t distance) noexcept;
    void update_jitter(std::uint32_t rtp_timestamp, std::uint32_t arrival) noexcept;
    std::uint32_t to_rtp_time(Clock::time_point arrival) const noexcept;

    std::uint32_t ssrc_;
    std::uint32_t clock_rate_;
    ReceiveStatisticsConfig config_;

    // RFC 3550 A.1 source state.
    bool heard_ = false;
    std::uint16_t max_sequence_ = 0;
    std::uint32_t cycles_ = 0;
    std::uint32_t base_sequence_ = 0;
    std::uint32_t bad_sequence_ = 0;
    std::uint32_t probation_ = 0;
    std::uint64_t received_ = 0;
    std::int64_t expected_prior_ = 0;
    std::uint64_t received_prior_ = 0;
    std::uint64_t duplicates_ = 0;
    std::bitset<duplicate_window> seen_;  // bit i: highest - i arrived

    // RFC 3550 A.8 state.
    bool have_transit_ = false;
    std::uint32_t transit_ = 0;
    std::uint64_t jitter_q4_ = 0;  // jitter × 16

    Clock::time_point first_arrival_{};
    Clock::time_point last_arrival_{};
    bool have_arrival_ = false;

    std::optional<std::uint32_t> last_sr_;  // middle 32 bits of the NTP timestamp
    Clock::time_point last_sr_arrival_{};
};

}  // namespace rtpsec::rtp
