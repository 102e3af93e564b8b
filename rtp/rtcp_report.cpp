// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>

#include <rtpsec/rtp/rtcp_report.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {
namespace {

// RFC 3550 §6.4.1: SSRC of sender, then NTP (8), RTP timestamp, packet and
// octet counts; RFC 3550 §6.4.2: an RR has only the SSRC.
constexpr std::size_t sender_report_fixed_size = 4 + 20;
constexpr std::size_t receiver_report_fixed_size = 4;

std::int32_t sign_extend_24(std::uint32_t value) {
    return (value & 0x800000u) != 0 ? static_cast<std::int32_t>(value) - 0x1000000
                                    : static_cast<std::int32_t>(value);
}

bool check_report_body(const RtcpPacket& packet, RtcpPacketType type, std::size_t fixed_size,
                       std::error_code& ec) {
    if (!packet.is(type)) {
        ec = RtpError::rtcp_wrong_packet_type;
        return false;
    }
    if (packet.body().size() < fixed_size + report_block_size * packet.count()) {
        ec = RtpError::rtcp_packet_too_short;
        return false;
    }
    ec.clear();
    return true;
}

std::size_t write_report(std::span<std::byte> out, RtcpPacketType type, std::uint32_t sender_ssrc,
                         const SenderInfo* info, std::span<const ReportBlock> blocks,
                         std::error_code& ec) {
    if (blocks.size() > max_report_blocks) {
        ec = RtpError::too_many_entries;
        return 0;
    }
    const std::size_t fixed = info ? sender_report_fixed_size : receiver_report_fixed_size;
    const std::size_t size = rtcp_header_size + fixed + report_block_size * blocks.size();
    if (!detail::check_rtcp_room(out, size, ec)) return ec == RtpError::buffer_too_small ? size : 0;
    detail::store_rtcp_header(out, blocks.size(), type, size);
    store_u32(out, 4, sender_ssrc);
    if (info) {
        store_u64(out, 8, info->ntp_timestamp);
        store_u32(out, 16, info->rtp_timestamp);
        store_u32(out, 20, info->packet_count);
        store_u32(out, 24, info->octet_count);
    }
    std::size_t at = rtcp_header_size + fixed;
    for (const ReportBlock& block : blocks) {
        store_report_block(out.subspan(at, report_block_size), block);
        at += report_block_size;
    }
    return size;
}

}  // namespace

ReportBlock read_report_block(std::span<const std::byte> bytes) noexcept {
    return ReportBlock{
        .ssrc = load_u32(bytes, 0),
        .fraction_lost = load_u8(bytes, 4),
        .cumulative_lost = sign_extend_24(load_u24(bytes, 5)),
        .extended_highest_sequence = load_u32(bytes, 8),
        .jitter = load_u32(bytes, 12),
        .last_sr = load_u32(bytes, 16),
        .delay_since_last_sr = load_u32(bytes, 20),
    };
}

void store_report_block(std::span<std::byte> bytes, const ReportBlock& block) noexcept {
    const std::int32_t lost =
        std::clamp(block.cumulative_lost, min_cumulative_lost, max_cumulative_lost);
    store_u32(bytes, 0, block.ssrc);
    store_u8(bytes, 4, block.fraction_lost);
    store_u24(bytes, 5, static_cast<std::uint32_t>(lost) & 0xffffffu);
    store_u32(bytes, 8, block.extended_highest_sequence);
    store_u32(bytes, 12, block.jitter);
    store_u32(bytes, 16, block.last_sr);
    store_u32(bytes, 20, block.delay_since_last_sr);
}

std::optional<SenderReport> SenderReport::parse(const RtcpPacket& packet,
                                                std::error_code& ec) noexcept {
    if (!check_report_body(packet, RtcpPacketType::sender_report, sender_report_fixed_size, ec))
        return std::nullopt;
    return SenderReport(packet.body(), packet.count());
}

SenderInfo SenderReport::sender_info() const {
    return SenderInfo{
        .ntp_timestamp = load_u64(body_, 4),
        .rtp_timestamp = load_u32(body_, 12),
        .packet_count = load_u32(body_, 16),
        .octet_count = load_u32(body_, 20),
    };
}

ReportBlock SenderReport::report_block(std::size_t i) const {
    return read_report_block(
        body_.subspan(sender_report_fixed_size + i * report_block_size, report_block_size));
}

std::span<const std::byte> SenderReport::profile_extension() const {
    return body_.subspan(sender_report_fixed_size + report_count_ * report_block_size);
}

std::optional<ReceiverReport> ReceiverReport::parse(const RtcpPacket& packet,
                                                    std::error_code& ec) noexcept {
    if (!check_report_body(packet, RtcpPacketType::receiver_report, receiver_report_fixed_size, ec))
        return std::nullopt;
    return ReceiverReport(packet.body(), packet.count());
}

ReportBlock ReceiverReport::report_block(std::size_t i) const {
    return read_report_block(
        body_.subspan(receiver_report_fixed_size + i * report_block_size, report_block_size));
}

std::span<const std::byte> ReceiverReport::profile_extension() const {
    return body_.subspan(receiver_report_fixed_size + report_count_ * report_block_size);
}

std::size_t write_sender_report(std::span<std::byte> out, std::uint32_t sender_ssrc,
                                const SenderInfo& info, std::span<const ReportBlock> blocks,
                                std::error_code& ec) noexcept {
    return write_report(out, RtcpPacketType::sender_report, sender_ssrc, &info, blocks, ec);
}

std::size_t write_receiver_report(std::span<std::byte> out, std::uint32_t sender_ssrc,
                                  std::span<const ReportBlock> blocks,
                                  std::error_code& ec) noexcept {
    return write_report(out, RtcpPacketType::receiver_report, sender_ssrc, nullptr, blocks, ec);
}

}  // namespace rtpsec::rtp
