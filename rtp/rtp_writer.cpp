// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstring>

#include <rtpsec/rtp/big_endian.hpp>
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "extension_layout.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t max_csrcs = 15;  // the 4-bit CC field

struct HeaderLayout {
    std::size_t size = 0;            // fixed header, CSRCs and extension
    std::size_t extension_size = 0;  // 0 without extension
    detail::ExtensionLayout rfc8285{ExtensionForm::one_byte, 0};
};

bool lay_out_raw_extension(const RawHeaderExtension& extension, HeaderLayout& layout,
                           std::error_code& ec) {
    // RFC 3550 §5.3.1: the length counts 32-bit words in a 16-bit field.
    if (extension.data.size() % 4 != 0) {
        ec = RtpError::field_out_of_range;
        return false;
    }
    if (extension.data.size() / 4 > 0xffff) {
        ec = RtpError::packet_too_large;
        return false;
    }
    layout.extension_size = 4 + extension.data.size();
    return true;
}

std::optional<HeaderLayout> lay_out(const RtpHeaderFields& fields, std::error_code& ec) {
    ec.clear();
    if (fields.payload_type > 0x7f) {
        ec = RtpError::field_out_of_range;
        return std::nullopt;
    }
    if (fields.csrcs.size() > max_csrcs) {
        ec = RtpError::too_many_entries;
        return std::nullopt;
    }
    HeaderLayout layout;
    if (const auto* list = std::get_if<HeaderExtensionList>(&fields.extension)) {
        const auto rfc8285 = detail::extension_layout(*list, ec);
        if (!rfc8285) return std::nullopt;
        layout.rfc8285 = *rfc8285;
        layout.extension_size = rfc8285->size;
    } else if (const auto* raw = std::get_if<RawHeaderExtension>(&fields.extension)) {
        if (!lay_out_raw_extension(*raw, layout, ec)) return std::nullopt;
    }
    layout.size = rtp_fixed_header_size + 4 * fields.csrcs.size() + layout.extension_size;
    return layout;
}

}  // namespace

std::size_t rtp_header_size(const RtpHeaderFields& fields, std::error_code& ec) noexcept {
    const auto layout = lay_out(fields, ec);
    return layout ? layout->size : 0;
}

std::size_t rtp_packet_size(const RtpHeaderFields& fields, std::size_t payload_size,
                            std::uint8_t padding_size, std::error_code& ec) noexcept {
    const auto layout = lay_out(fields, ec);
    return layout ? layout->size + payload_size + padding_size : 0;
}

std::size_t write_rtp_packet(std::span<std::byte> out, const RtpHeaderFields& fields,
                             std::span<const std::byte> payload, std::uint8_t padding_size,
                             std::error_code& ec) noexcept {
    const auto layout = lay_out(fields, ec);
    if (!layout) return 0;
    const std::size_t total = layout->size + payload.size() + padding_size;
    if (out.size() < total) {
        ec = RtpError::buffer_too_small;
        return total;
    }
    // The payload first: it may overlap the header area we are about to write.
    if (!payload.empty()) std::memmove(out.data() + layout->size, payload.data(), payload.size());

    store_u8(out, 0,
             static_cast<std::uint8_t>(2u << 6 | (padding_size != 0 ? 0x20u : 0u) |
                                       (layout->extension_size != 0 ? 0x10u : 0u) |
                                       fields.csrcs.size()));
    store_u8(out, 1, static_cast<std::uint8_t>((fields.marker ? 0x80u : 0u) | fields.payload_type));
    store_u16(out, 2, fields.sequence_number);
    store_u32(out, 4, fields.timestamp);
    store_u32(out, 8, fields.ssrc);
    std::size_t at = rtp_fixed_header_size;
    for (const std::uint32_t csrc : fields.csrcs) {
        store_u32(out, at, csrc);
        at += 4;
    }
    if (const auto* list = std::get_if<HeaderExtensionList>(&fields.extension)) {
        detail::store_header_extension(out.subspan(at), *list, layout->rfc8285);
    } else if (const auto* raw = std::get_if<RawHeaderExtension>(&fields.extension)) {
        store_u16(out, at, raw->profile);
        store_u16(out, at + 2, static_cast<std::uint16_t>(raw->data.size() / 4));
        if (!raw->data.empty())
            std::memcpy(out.data() + at + 4, raw->data.data(), raw->data.size());
    }
    if (padding_size != 0) {
        // RFC 3550 §5.1: the last padding octet counts the padding, itself included.
        const auto padding = out.subspan(layout->size + payload.size(), padding_size);
        std::fill(padding.begin(), padding.end(), std::byte{0});
        store_u8(padding, padding_size - 1u, padding_size);
    }
    return total;
}

}  // namespace rtpsec::rtp
