// SPDX-License-Identifier: BSD-3-Clause
// RTCP source description, SDES (RFC 3550 §6.5): reading and writing.
//
// Each chunk is an SSRC/CSRC followed by items (type, length, text) and ends
// with one or more null octets up to the next 32-bit boundary. parse() checks
// every one of the count field's chunks; iteration afterwards walks chunks and
// their items. Item text is a view of the bytes as sent (RFC 3550 §6.5 says
// UTF-8, not checked here). No allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>

namespace rtpsec::rtp {

// RFC 3550 §12.2.
enum class SdesItemType : std::uint8_t {
    end = 0,
    cname = 1,
    name = 2,
    email = 3,
    phone = 4,
    location = 5,
    tool = 6,
    note = 7,
    priv = 8,
};

struct RTPSEC_EXPORT SdesItem {
    SdesItemType type = SdesItemType::end;
    std::string_view text{};  // at most 255 bytes

    friend bool operator==(const SdesItem&, const SdesItem&) = default;
};

// One chunk of a parsed SDES packet.
class RTPSEC_EXPORT SdesChunk {
  public:
    class Iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = SdesItem;
        using difference_type = std::ptrdiff_t;
        using pointer = const SdesItem*;
        using reference = const SdesItem&;

        Iterator() = default;
        reference operator*() const { return current_; }
        pointer operator->() const { return &current_; }
        Iterator& operator++() {
            load(next_);
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) {
            return a.items_.data() == b.items_.data() && a.offset_ == b.offset_;
        }

      private:
        friend class SdesChunk;
        Iterator(std::span<const std::byte> items, std::size_t offset) : items_(items) {
            load(offset);
        }
        void load(std::size_t offset) noexcept;

        std::span<const std::byte> items_;
        std::size_t offset_ = 0;
        std::size_t next_ = 0;
        SdesItem current_;
    };

    std::uint32_t ssrc() const { return ssrc_; }
    Iterator begin() const { return Iterator(items_, 0); }
    Iterator end() const { return Iterator(items_, items_.size()); }
    // The text of the first item of this type.
    std::optional<std::string_view> find(SdesItemType type) const noexcept;

  private:
    friend class SourceDescription;
    SdesChunk(std::uint32_t ssrc, std::span<const std::byte> items) : ssrc_(ssrc), items_(items) {}

    std::uint32_t ssrc_ = 0;
    std::span<const std::byte> items_;  // the items, without the terminating null octets
};

class RTPSEC_EXPORT SourceDescription {
  public:
    class Iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = SdesChunk;
        using difference_type = std::ptrdiff_t;
        using pointer = const SdesChunk*;
        using reference = const SdesChunk&;

        Iterator() = default;
        reference operator*() const { return current_; }
        pointer operator->() const { return &current_; }
        Iterator& operator++() {
            load(next_);
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) {
            return a.chunks_.data() == b.chunks_.data() && a.offset_ == b.offset_;
        }

      private:
        friend class SourceDescription;
        Iterator(std::span<const std::byte> chunks, std::size_t offset) : chunks_(chunks) {
            load(offset);
        }
        void load(std::size_t offset) noexcept;

        std::span<const std::byte> chunks_;
        std::size_t offset_ = 0;
        std::size_t next_ = 0;
        SdesChunk current_{0, {}};
    };

    // RtpError::rtcp_wrong_packet_type for a packet other than SDES (202),
    // rtcp_packet_too_short when a chunk's SSRC is missing, sdes_item_past_end,
    // sdes_missing_end. Bytes after the last counted chunk are ignored.
    static std::optional<SourceDescription> parse(const RtcpPacket& packet,
                                                  std::error_code& ec) noexcept;

    std::size_t chunk_count() const { return chunk_count_; }
    Iterator begin() const { return Iterator(chunks_, 0); }
    Iterator end() const { return Iterator(chunks_, chunks_.size()); }

  private:
    SourceDescription(std::span<const std::byte> chunks, std::size_t chunk_count)
        : chunks_(chunks), chunk_count_(chunk_count) {}

    std::span<const std::byte> chunks_;  // up to the end of the last counted chunk
    std::size_t chunk_count_ = 0;
};

// What write_source_description() puts in one chunk.
struct RTPSEC_EXPORT SdesChunkFields {
    std::uint32_t ssrc = 0;
    std::span<const SdesItem> items{};  // types other than `end`, texts up to 255 bytes
};

// Writes one SDES packet (see rtcp_report.hpp for the writers' convention).
// RtpError::too_many_entries beyond 31 chunks, text_too_long, and
// field_out_of_range for an item of type `end`.
RTPSEC_EXPORT std::size_t write_source_description(std::span<std::byte> out,
                                                   std::span<const SdesChunkFields> chunks,
                                                   std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
