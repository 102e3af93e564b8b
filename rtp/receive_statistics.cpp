// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <limits>
#include <stdexcept>

#include <rtpsec/rtp/receive_statistics.hpp>

namespace rtpsec::rtp {
namespace {

constexpr std::uint32_t sequence_modulus = 1u << 16;  // RTP_SEQ_MOD

}  // namespace

ReceiveStatistics::ReceiveStatistics(std::uint32_t ssrc, std::uint32_t clock_rate,
                                     ReceiveStatisticsConfig config)
    : ssrc_(ssrc), clock_rate_(clock_rate), config_(config) {
    if (clock_rate == 0) throw std::invalid_argument("RTP clock rate must be positive");
    if (config.min_sequential == 0)
        throw std::invalid_argument("min_sequential must be at least 1 (RFC 3550 A.1)");
}

// RFC 3550 A.1 init_seq().
void ReceiveStatistics::init_sequence(std::uint16_t sequence) noexcept {
    base_sequence_ = sequence;
    max_sequence_ = sequence;
    bad_sequence_ = sequence_modulus + 1;  // so that sequence == bad_sequence_ is false
    cycles_ = 0;
    received_ = 0;
    received_prior_ = 0;
    expected_prior_ = 0;
    duplicates_ = 0;
    seen_.reset();
    seen_.set(0);
}

SequenceVerdict ReceiveStatistics::mark_behind(std::uint32_t distance) noexcept {
    if (distance < duplicate_window) {
        if (seen_.test(distance)) {
            ++duplicates_;
            return SequenceVerdict::duplicate;
        }
        seen_.set(distance);
    }
    return SequenceVerdict::reordered;
}

// RFC 3550 A.1 update_seq(), with the duplicate bookkeeping added.
SequenceVerdict ReceiveStatistics::update_sequence(std::uint16_t sequence) noexcept {
    const auto delta = static_cast<std::uint16_t>(sequence - max_sequence_);
    if (!heard_) {
        // A new source: "init_seq(s, seq); s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL".
        heard_ = true;
        init_sequence(sequence);
        max_sequence_ = static_cast<std::uint16_t>(sequence - 1);
        probation_ = config_.min_sequential;
        return update_sequence(sequence);
    }
    if (probation_ != 0) {
        if (delta == 1) {
            --probation_;
            max_sequence_ = sequence;
            if (probation_ == 0) {
                init_sequence(sequence);
                ++received_;
                return SequenceVerdict::in_order;
            }
        } else {
            // Out of sequence: this packet is the first of a new run. (Only
            // reachable with min_sequential >= 2, so probation stays >= 1.)
            probation_ = config_.min_sequential - 1u;
            max_sequence_ = sequence;
        }
        return SequenceVerdict::probation;
    }
    SequenceVerdict verdict;
    if (delta < config_.max_dropout) {
        // In order, with a permissible gap.
        if (delta == 0) {
            verdict = mark_behind(0);
        } else {
            if (sequence < max_sequence_) cycles_ += sequence_modulus;  // wrapped
            max_sequence_ = sequence;
            if (delta >= duplicate_window) {
                seen_.reset();
            } else {
                seen_ <<= delta;
            }
            seen_.set(0);
            verdict = SequenceVerdict::in_order;
        }
    } else if (delta <= sequence_modulus - config_.max_misorder) {
        // A very large jump: believe it only when the next packet follows it.
        if (sequence == bad_sequence_) {
            init_sequence(sequence);
            verdict = SequenceVerdict::restarted;
        } else {
            bad_sequence_ = (sequence + 1u) & (sequence_modulus - 1);
            return SequenceVerdict::bad_sequence;
        }
    } else {
        // Duplicate or reordered.
        verdict = mark_behind(sequence_modulus - delta);
    }
    ++received_;
    return verdict;
}

// RFC 3550 A.8, the integer form: J += |D| - J/16, with J kept × 16.
void ReceiveStatistics::update_jitter(std::uint32_t rtp_timestamp, std::uint32_t arrival) noexcept {
    const std::uint32_t transit = arrival - rtp_timestamp;
    if (!have_transit_) {
        have_transit_ = true;
        transit_ = transit;
        return;
    }
    const auto d = static_cast<std::int32_t>(transit - transit_);
    transit_ = transit;
    const std::uint64_t magnitude =
        static_cast<std::uint64_t>(d < 0 ? -static_cast<std::int64_t>(d) : d);
    jitter_q4_ = jitter_q4_ + magnitude - ((jitter_q4_ + 8) >> 4);
}

SequenceVerdict ReceiveStatistics::on_packet_rtp_time(std::uint16_t sequence,
                                                      std::uint32_t rtp_timestamp,
                                                      std::uint32_t arrival) noexcept {
    const SequenceVerdict verdict = update_sequence(sequence);
    switch (verdict) {
        case SequenceVerdict::probation:
        case SequenceVerdict::bad_sequence:
            return verdict;
        case SequenceVerdict::restarted:
            // A restarted source has a new timestamp base too: the transit time
            // before the restart says nothing about the one after.
            have_transit_ = false;
            break;
        case SequenceVerdict::in_order:
        case SequenceVerdict::reordered:
        case SequenceVerdict::duplicate:
            break;
    }
    update_jitter(rtp_timestamp, arrival);
    return verdict;
}

std::uint32_t ReceiveStatistics::to_rtp_time(Clock::time_point arrival) const noexcept {
    // Seconds and the fraction apart, so that neither product overflows.
    const auto since =
        std::chrono::duration_cast<std::chrono::nanoseconds>(arrival - first_arrival_);
    const std::int64_t ns = since.count();
    const std::int64_t seconds = ns / 1'000'000'000;
    const std::int64_t fraction = ns % 1'000'000'000;
    const std::int64_t units =
        seconds * std::int64_t{clock_rate_} + fraction * std::int64_t{clock_rate_} / 1'000'000'000;
    return static_cast<std::uint32_t>(units);  // modulo 2^32, as RTP time is
}

SequenceVerdict ReceiveStatistics::on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp,
                                             Clock::time_point arrival) noexcept {
    if (!have_arrival_) {
        have_arrival_ = true;
        first_arrival_ = arrival;
    }
    last_arrival_ = arrival;
    return on_packet_rtp_time(sequence, rtp_timestamp, to_rtp_time(arrival));
}

void ReceiveStatistics::on_sender_report(std::uint64_t ntp_timestamp,
                                         Clock::time_point arrival) noexcept {
    last_sr_ = static_cast<std::uint32_t>(ntp_timestamp >> 16);
    last_sr_arrival_ = arrival;
}

std::int64_t ReceiveStatistics::expected() const {
    if (!valid()) return 0;
    return std::int64_t{extended_highest_sequence()} - std::int64_t{base_sequence_} + 1;
}

std::int32_t ReceiveStatistics::cumulative_lost() const {
    return static_cast<std::int32_t>(
        std::clamp<std::int64_t>(lost(), min_cumulative_lost, max_cumulative_lost));
}

std::uint32_t ReceiveStatistics::jitter() const {
    return static_cast<std::uint32_t>(
        std::min<std::uint64_t>(jitter_q4_ >> 4, std::numeric_limits<std::uint32_t>::max()));
}

std::optional<ReportBlock> ReceiveStatistics::next_report_block(Clock::time_point now) noexcept {
    if (!valid()) return std::nullopt;
    // RFC 3550 A.3: the fraction lost over the interval since the last report.
    const std::int64_t expected_now = expected();
    const std::int64_t expected_interval = expected_now - expected_prior_;
    expected_prior_ = expected_now;
    const auto received_interval = static_cast<std::int64_t>(received_ - received_prior_);
    received_prior_ = received_;
    const std::int64_t lost_interval = expected_interval - received_interval;
    std::uint8_t fraction = 0;
    if (expected_interval > 0 && lost_interval > 0) {
        // All lost would be 256/256: the 8-bit field saturates.
        fraction = static_cast<std::uint8_t>(
            std::min<std::int64_t>((lost_interval << 8) / expected_interval, 255));
    }

    ReportBlock block{
        .ssrc = ssrc_,
        .fraction_lost = fraction,
        .cumulative_lost = cumulative_lost(),
        .extended_highest_sequence = extended_highest_sequence(),
        .jitter = jitter(),
    };
    if (last_sr_) {
        // RFC 3550 §6.4.1: DLSR in units of 1/65536 s since that SR arrived.
        using Dlsr = std::chrono::duration<std::int64_t, std::ratio<1, 65536>>;
        const std::int64_t delay = std::chrono::duration_cast<Dlsr>(now - last_sr_arrival_).count();
        block.last_sr = *last_sr_;
        block.delay_since_last_sr = static_cast<std::uint32_t>(
            std::clamp<std::int64_t>(delay, 0, std::numeric_limits<std::uint32_t>::max()));
    }
    return block;
}

}  // namespace rtpsec::rtp
