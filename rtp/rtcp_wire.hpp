// SPDX-License-Identifier: BSD-3-Clause
// Private to rtp/: the common steps of every RTCP packet writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

#include <rtpsec/rtp/big_endian.hpp>
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp::detail {

// RFC 3550 §6.4.1: a 16-bit length in 32-bit words minus one.
inline constexpr std::size_t max_rtcp_packet_size = 4 * (std::size_t{0xffff} + 1);
// The 5-bit count field: report blocks, sources, chunks, subtype or FMT.
inline constexpr std::size_t max_rtcp_count = 31;

// The writers' convention: nothing written and `size` returned when `out` is
// too small (so an empty span measures), 0 on a field error.
inline bool check_rtcp_room(std::span<const std::byte> out, std::size_t size, std::error_code& ec) {
    if (size > max_rtcp_packet_size) {
        ec = RtpError::packet_too_large;
        return false;
    }
    if (out.size() < size) {
        ec = RtpError::buffer_too_small;
        return false;
    }
    ec.clear();
    return true;
}

// `size` is the whole packet in bytes, a multiple of 4.
inline void store_rtcp_header(std::span<std::byte> out, std::size_t count, RtcpPacketType type,
                              std::size_t size) {
    store_u8(out, 0, static_cast<std::uint8_t>(2u << 6 | count));
    store_u8(out, 1, static_cast<std::uint8_t>(type));
    store_u16(out, 2, static_cast<std::uint16_t>(size / 4 - 1));
}

}  // namespace rtpsec::rtp::detail
