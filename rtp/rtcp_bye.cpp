// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstring>

#include <rtpsec/rtp/rtcp_bye.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t max_reason = 255;

std::size_t reason_size(std::string_view reason) {
    return reason.empty() ? 0 : (1 + reason.size() + 3) / 4 * 4;
}

}  // namespace

std::optional<Goodbye> Goodbye::parse(const RtcpPacket& packet, std::error_code& ec) noexcept {
    if (!packet.is(RtcpPacketType::goodbye)) {
        ec = RtpError::rtcp_wrong_packet_type;
        return std::nullopt;
    }
    const auto body = packet.body();
    const std::size_t sources_size = 4 * std::size_t{packet.count()};
    if (body.size() < sources_size) {
        ec = RtpError::rtcp_packet_too_short;
        return std::nullopt;
    }
    std::string_view reason;
    if (body.size() > sources_size) {
        // RFC 3550 §6.6: "the packet MAY include an 8-bit octet count followed by
        // that many octets of text"; a zero count is an empty reason.
        const std::size_t length = load_u8(body, sources_size);
        if (length > body.size() - sources_size - 1) {
            ec = RtpError::bye_reason_past_end;
            return std::nullopt;
        }
        reason =
            std::string_view(reinterpret_cast<const char*>(body.data() + sources_size + 1), length);
    }
    ec.clear();
    return Goodbye(body, packet.count(), reason);
}

std::size_t write_goodbye(std::span<std::byte> out, std::span<const std::uint32_t> ssrcs,
                          std::string_view reason, std::error_code& ec) noexcept {
    if (ssrcs.size() > detail::max_rtcp_count) {
        ec = RtpError::too_many_entries;
        return 0;
    }
    if (reason.size() > max_reason) {
        ec = RtpError::text_too_long;
        return 0;
    }
    const std::size_t size = rtcp_header_size + 4 * ssrcs.size() + reason_size(reason);
    if (!detail::check_rtcp_room(out, size, ec)) return ec == RtpError::buffer_too_small ? size : 0;
    detail::store_rtcp_header(out, ssrcs.size(), RtcpPacketType::goodbye, size);
    std::size_t at = rtcp_header_size;
    for (const std::uint32_t ssrc : ssrcs) {
        store_u32(out, at, ssrc);
        at += 4;
    }
    if (!reason.empty()) {
        store_u8(out, at, static_cast<std::uint8_t>(reason.size()));
        std::memcpy(out.data() + at + 1, reason.data(), reason.size());
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(at + 1 + reason.size()),
                  out.begin() + static_cast<std::ptrdiff_t>(size), std::byte{0});
    }
    return size;
}

}  // namespace rtpsec::rtp
