// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstring>

#include <rtpsec/rtp/rtcp_sdes.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t max_item_text = 255;

std::size_t align4(std::size_t offset) {
    return (offset + 3) / 4 * 4;
}

// Walks the items of the chunk whose SSRC is at `chunk`; returns the offset of
// its terminating null octet. The chunk offsets are relative to the SDES body,
// which starts on a 32-bit boundary (after the 4-byte header), so chunk
// alignment (RFC 3550 §6.5) is alignment within the body.
std::optional<std::size_t> find_chunk_terminator(std::span<const std::byte> body, std::size_t chunk,
                                                 std::error_code& ec) {
    std::size_t at = chunk + 4;
    while (true) {
        if (at >= body.size()) {
            ec = RtpError::sdes_missing_end;
            return std::nullopt;
        }
        if (load_u8(body, at) == static_cast<std::uint8_t>(SdesItemType::end)) return at;
        if (body.size() - at < 2 || std::size_t{load_u8(body, at + 1)} > body.size() - at - 2) {
            ec = RtpError::sdes_item_past_end;
            return std::nullopt;
        }
        at += 2 + std::size_t{load_u8(body, at + 1)};
    }
}

// RFC 3550 §6.5: null octets pad the chunk to the next 32-bit boundary. A body
// that is not a whole number of words (an odd padding count) ends the last
// chunk early rather than overrunning.
std::size_t chunk_end(std::span<const std::byte> body, std::size_t terminator) {
    return std::min(align4(terminator + 1), body.size());
}

std::size_t chunk_size(const SdesChunkFields& chunk) {
    std::size_t size = 4;
    for (const SdesItem& item : chunk.items)
        size += 2 + item.text.size();
    return align4(size + 1);
}

}  // namespace

void SdesChunk::Iterator::load(std::size_t offset) noexcept {
    offset_ = offset;
    if (offset >= items_.size()) {
        offset_ = next_ = items_.size();
        current_ = {};
        return;
    }
    // SourceDescription::parse() has checked each item's length.
    const std::size_t size = load_u8(items_, offset + 1);
    current_ = {static_cast<SdesItemType>(load_u8(items_, offset)),
                std::string_view(reinterpret_cast<const char*>(items_.data() + offset + 2), size)};
    next_ = offset + 2 + size;
}

std::optional<std::string_view> SdesChunk::find(SdesItemType type) const noexcept {
    for (const SdesItem& item : *this) {
        if (item.type == type) return item.text;
    }
    return std::nullopt;
}

void SourceDescription::Iterator::load(std::size_t offset) noexcept {
    offset_ = offset;
    if (offset >= chunks_.size()) {
        offset_ = next_ = chunks_.size();
        current_ = SdesChunk(0, {});
        return;
    }
    // SourceDescription::parse() has checked every counted chunk.
    std::error_code unused;
    const std::size_t terminator =
        find_chunk_terminator(chunks_, offset, unused).value_or(offset + 4);
    current_ =
        SdesChunk(load_u32(chunks_, offset), chunks_.subspan(offset + 4, terminator - offset - 4));
    next_ = chunk_end(chunks_, terminator);
}

std::optional<SourceDescription> SourceDescription::parse(const RtcpPacket& packet,
                                                          std::error_code& ec) noexcept {
    if (!packet.is(RtcpPacketType::source_description)) {
        ec = RtpError::rtcp_wrong_packet_type;
        return std::nullopt;
    }
    const auto body = packet.body();
    std::size_t offset = 0;
    for (std::size_t i = 0; i < packet.count(); ++i) {
        if (body.size() - offset < 4) {
            ec = RtpError::rtcp_packet_too_short;
            return std::nullopt;
        }
        const auto terminator = find_chunk_terminator(body, offset, ec);
        if (!terminator) return std::nullopt;
        offset = chunk_end(body, *terminator);
    }
    ec.clear();
    return SourceDescription(body.first(offset), packet.count());
}

std::size_t write_source_description(std::span<std::byte> out,
                                     std::span<const SdesChunkFields> chunks,
                                     std::error_code& ec) noexcept {
    if (chunks.size() > detail::max_rtcp_count) {
        ec = RtpError::too_many_entries;
        return 0;
    }
    std::size_t size = rtcp_header_size;
    for (const SdesChunkFields& chunk : chunks) {
        for (const SdesItem& item : chunk.items) {
            if (item.type == SdesItemType::end) {
                ec = RtpError::field_out_of_range;
                return 0;
            }
            if (item.text.size() > max_item_text) {
                ec = RtpError::text_too_long;
                return 0;
            }
        }
        size += chunk_size(chunk);
    }
    if (!detail::check_rtcp_room(out, size, ec)) return ec == RtpError::buffer_too_small ? size : 0;

    detail::store_rtcp_header(out, chunks.size(), RtcpPacketType::source_description, size);
    std::size_t at = rtcp_header_size;
    for (const SdesChunkFields& chunk : chunks) {
        const std::size_t end = at + chunk_size(chunk);
        store_u32(out, at, chunk.ssrc);
        at += 4;
        for (const SdesItem& item : chunk.items) {
            store_u8(out, at, static_cast<std::uint8_t>(item.type));
            store_u8(out, at + 1, static_cast<std::uint8_t>(item.text.size()));
            if (!item.text.empty())
                std::memcpy(out.data() + at + 2, item.text.data(), item.text.size());
            at += 2 + item.text.size();
        }
        // The null item that ends the list, then null octets to the boundary.
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(at),
                  out.begin() + static_cast<std::ptrdiff_t>(end), std::byte{0});
        at = end;
    }
    return size;
}

}  // namespace rtpsec::rtp
