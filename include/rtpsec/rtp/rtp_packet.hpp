// SPDX-License-Identifier: BSD-3-Clause
// A validated, read-only view of one RTP packet (RFC 3550 §5.1).
//
// parse() checks every length once (fixed header, CSRC list, header extension,
// padding) so that the accessors afterwards read within bounds without further
// checks. The view owns nothing: it points into the caller's buffer, which must
// outlive it. No allocation, no exceptions; safe to use from any thread that
// may read the buffer.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// |                           timestamp                           |
// |           synchronization source (SSRC) identifier            |
// |            contributing source (CSRC) identifiers ...         |
// |      defined by profile       |           length              |  (X = 1)
// |                        header extension ...                   |
// |                    payload ...    | padding ... | pad count   |  (P = 1)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/big_endian.hpp>
#include <rtpsec/rtp/header_extensions.hpp>
#include <rtpsec/rtp/header_peek.hpp>

namespace rtpsec::rtp {

class RTPSEC_EXPORT RtpPacket {
  public:
    // Validates `packet` as one whole RTP packet. On failure returns nullopt
    // and sets `ec` to the RtpError naming the broken rule.
    static std::optional<RtpPacket> parse(std::span<const std::byte> packet,
                                          std::error_code& ec) noexcept;

    bool has_padding() const { return (first_byte() & 0x20) != 0; }
    bool has_extension() const { return (first_byte() & 0x10) != 0; }
    std::uint8_t csrc_count() const { return first_byte() & 0x0f; }
    bool marker() const { return (load_u8(bytes_, 1) & 0x80) != 0; }
    std::uint8_t payload_type() const { return load_u8(bytes_, 1) & 0x7f; }
    std::uint16_t sequence_number() const { return load_u16(bytes_, 2); }
    std::uint32_t timestamp() const { return load_u32(bytes_, 4); }
    std::uint32_t ssrc() const { return load_u32(bytes_, 8); }
    // i < csrc_count().
    std::uint32_t csrc(std::size_t i) const { return load_u32(bytes_, 12 + 4 * i); }

    // The 16-bit "defined by profile" field (0xBEDE, 0x100X for RFC 8285) and
    // the extension body after its 4-byte header; 0 and empty without X.
    std::uint16_t extension_profile() const {
        return has_extension() ? load_u16(bytes_, extension_offset_) : 0;
    }
    std::span<const std::byte> extension_data() const {
        if (!has_extension()) return {};
        return bytes_.subspan(extension_offset_ + 4, header_size_ - extension_offset_ - 4);
    }
    // The RFC 8285 elements of the extension; an empty list without X, and
    // RtpError::not_rfc8285_extension for any other extension profile.
    std::optional<HeaderExtensions> header_extensions(std::error_code& ec) const noexcept;

    // Fixed header, CSRCs and extension.
    std::size_t header_size() const { return header_size_; }
    std::span<const std::byte> payload() const {
        return bytes_.subspan(header_size_, bytes_.size() - header_size_ - padding_size_);
    }
    // Padding bytes including the count byte; 0 without P.
    std::size_t padding_size() const { return padding_size_; }
    // The whole packet as given to parse().
    std::span<const std::byte> bytes() const { return bytes_; }

  private:
    RtpPacket(std::span<const std::byte> bytes, std::size_t header_size,
              std::size_t extension_offset, std::size_t padding_size)
        : bytes_(bytes),
          header_size_(header_size),
          extension_offset_(extension_offset),
          padding_size_(padding_size) {}

    std::uint8_t first_byte() const { return load_u8(bytes_, 0); }

    std::span<const std::byte> bytes_;
    std::size_t header_size_;
    std::size_t extension_offset_;
    std::size_t padding_size_;
};

}  // namespace rtpsec::rtp
