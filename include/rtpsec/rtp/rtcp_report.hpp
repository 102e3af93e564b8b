// SPDX-License-Identifier: BSD-3-Clause
// RTCP sender and receiver reports (RFC 3550 §6.4.1, §6.4.2): reading and
// writing, with their 24-byte reception report blocks.
//
// The readers take a packet from RtcpCompound and check that its body holds
// the sender information and every block its count announces; bytes after the
// blocks are the profile-specific extension (§6.4.1). Views into the caller's
// buffer; no allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp {

// One reception report block (RFC 3550 §6.4.1).
struct RTPSEC_EXPORT ReportBlock {
    std::uint32_t ssrc = 0;                       // SSRC_n: the source reported on
    std::uint8_t fraction_lost = 0;               // lost / expected in the interval, × 256
    std::int32_t cumulative_lost = 0;             // signed 24 bits on the wire
    std::uint32_t extended_highest_sequence = 0;  // cycles << 16 | highest sequence
    std::uint32_t jitter = 0;                     // interarrival jitter, RTP timestamp units
    std::uint32_t last_sr = 0;                    // LSR: middle 32 bits of the SR's NTP time
    std::uint32_t delay_since_last_sr = 0;        // DLSR, units of 1/65536 s

    friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};

inline constexpr std::size_t report_block_size = 24;
inline constexpr std::size_t max_report_blocks = 31;
// RFC 3550 §6.4.1: cumulative loss is clamped, not wrapped, at the 24-bit limits.
inline constexpr std::int32_t max_cumulative_lost = 0x7fffff;
inline constexpr std::int32_t min_cumulative_lost = -0x800000;

// The sender information of an SR (RFC 3550 §6.4.1).
struct RTPSEC_EXPORT SenderInfo {
    std::uint64_t ntp_timestamp = 0;  // 32.32 fixed point seconds since 1900
    std::uint32_t rtp_timestamp = 0;  // the same instant on the RTP clock
    std::uint32_t packet_count = 0;   // RTP packets sent since the session started
    std::uint32_t octet_count = 0;    // payload octets sent since the session started

    friend bool operator==(const SenderInfo&, const SenderInfo&) = default;
};

// Decodes one block; `bytes` holds at least report_block_size bytes.
RTPSEC_EXPORT ReportBlock read_report_block(std::span<const std::byte> bytes) noexcept;
// Encodes one block, clamping cumulative_lost to the 24-bit range; `bytes`
// holds at least report_block_size bytes.
RTPSEC_EXPORT void store_report_block(std::span<std::byte> bytes,
                                      const ReportBlock& block) noexcept;

class RTPSEC_EXPORT SenderReport {
  public:
    // RtpError::rtcp_wrong_packet_type for a packet other than SR (200),
    // rtcp_packet_too_short when the body cannot hold its report blocks.
    static std::optional<SenderReport> parse(const RtcpPacket& packet,
                                             std::error_code& ec) noexcept;

    std::uint32_t sender_ssrc() const { return load_u32(body_, 0); }
    SenderInfo sender_info() const;
    std::size_t report_count() const { return report_count_; }
    // i < report_count().
    ReportBlock report_block(std::size_t i) const;
    std::span<const std::byte> profile_extension() const;

  private:
    SenderReport(std::span<const std::byte> body, std::size_t report_count)
        : body_(body), report_count_(report_count) {}

    std::span<const std::byte> body_;
    std::size_t report_count_;
};

class RTPSEC_EXPORT ReceiverReport {
  public:
    // RtpError::rtcp_wrong_packet_type for a packet other than RR (201),
    // rtcp_packet_too_short when the body cannot hold its report blocks.
    static std::optional<ReceiverReport> parse(const RtcpPacket& packet,
                                               std::error_code& ec) noexcept;

    std::uint32_t sender_ssrc() const { return load_u32(body_, 0); }
    std::size_t report_count() const { return report_count_; }
    // i < report_count().
    ReportBlock report_block(std::size_t i) const;
    std::span<const std::byte> profile_extension() const;

  private:
    ReceiverReport(std::span<const std::byte> body, std::size_t report_count)
        : body_(body), report_count_(report_count) {}

    std::span<const std::byte> body_;
    std::size_t report_count_;
};

// The RTCP writers write one packet at the start of `out` and return its size.
// When `out` is too small they write nothing, set RtpError::buffer_too_small
// and return the size needed (an empty span measures); on a field error they
// return 0 with `ec` set.

// RtpError::too_many_entries beyond 31 blocks.
RTPSEC_EXPORT std::size_t write_sender_report(std::span<std::byte> out, std::uint32_t sender_ssrc,
                                              const SenderInfo& info,
                                              std::span<const ReportBlock> blocks,
                                              std::error_code& ec) noexcept;
RTPSEC_EXPORT std::size_t write_receiver_report(std::span<std::byte> out, std::uint32_t sender_ssrc,
                                                std::span<const ReportBlock> blocks,
                                                std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
