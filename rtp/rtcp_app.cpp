// SPDX-License-Identifier: BSD-3-Clause
#include <cstring>

#include <rtpsec/rtp/rtcp_app.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t app_fixed_size = 8;  // SSRC/CSRC and name

}  // namespace

std::optional<ApplicationDefined> ApplicationDefined::parse(const RtcpPacket& packet,
                                                            std::error_code& ec) noexcept {
    if (!packet.is(RtcpPacketType::application)) {
        ec = RtpError::rtcp_wrong_packet_type;
        return std::nullopt;
    }
    if (packet.body().size() < app_fixed_size) {
        ec = RtpError::rtcp_packet_too_short;
        return std::nullopt;
    }
    ec.clear();
    return ApplicationDefined(packet.body(), packet.count());
}

std::size_t write_application_defined(std::span<std::byte> out, std::uint8_t subtype,
                                      std::uint32_t ssrc, std::string_view name,
                                      std::span<const std::byte> data,
                                      std::error_code& ec) noexcept {
    if (subtype > detail::max_rtcp_count || name.size() != 4 || data.size() % 4 != 0) {
        ec = RtpError::field_out_of_range;
        return 0;
    }
    const std::size_t size = rtcp_header_size + app_fixed_size + data.size();
    if (!detail::check_rtcp_room(out, size, ec)) return ec == RtpError::buffer_too_small ? size : 0;
    detail::store_rtcp_header(out, subtype, RtcpPacketType::application, size);
    store_u32(out, 4, ssrc);
    std::memcpy(out.data() + 8, name.data(), 4);
    if (!data.empty()) std::memcpy(out.data() + 12, data.data(), data.size());
    return size;
}

}  // namespace rtpsec::rtp
