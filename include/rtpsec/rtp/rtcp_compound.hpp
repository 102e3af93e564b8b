// SPDX-License-Identifier: BSD-3-Clause
// RTCP packets and compound packets (RFC 3550 §6.1, validity checks of A.2).
//
// RtcpCompound::parse() validates a whole datagram as it arrives, or as the
// SRTP layer hands it back after unprotect (SRTCP's index and tag already
// removed): every packet version 2, every length field inside the datagram and
// the lengths adding up to it exactly, padding only on the last packet, and the
// first packet a sender or receiver report. A lone packet may carry padding: it
// is the last one (A.2's mask rejects P on the first packet only because in a
// full compound the first is never the last). Iteration afterwards yields each
// packet as an RtcpPacket whose header is known to be sound; the typed readers
// (rtcp_report.hpp, rtcp_sdes.hpp, rtcp_bye.hpp, rtcp_app.hpp,
// rtcp_feedback.hpp) check each body. Views into the caller's buffer: no
// allocation, no exceptions.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  count  |      PT       |  length (32-bit words - 1)    |
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/big_endian.hpp>

namespace rtpsec::rtp {

// RTCP packet types: RFC 3550 §12.1, RFC 4585 §6.1 (feedback), RFC 3611 (XR).
enum class RtcpPacketType : std::uint8_t {
    sender_report = 200,
    receiver_report = 201,
    source_description = 202,
    goodbye = 203,
    application = 204,
    transport_feedback = 205,
    payload_feedback = 206,
    extended_report = 207,
};

inline constexpr std::size_t rtcp_header_size = 4;

// One packet of a compound whose header RtcpCompound::parse() has checked.
class RTPSEC_EXPORT RtcpPacket {
  public:
    // The 5-bit field after P: reception report count (SR, RR), source count
    // (SDES, BYE), subtype (APP) or feedback message type (RTPFB, PSFB).
    std::uint8_t count() const { return load_u8(bytes_, 0) & 0x1f; }
    std::uint8_t packet_type() const { return load_u8(bytes_, 1); }
    bool is(RtcpPacketType type) const { return packet_type() == static_cast<std::uint8_t>(type); }
    bool has_padding() const { return (load_u8(bytes_, 0) & 0x20) != 0; }
    // Padding bytes at the end of the packet, count byte included.
    std::size_t padding_size() const { return padding_size_; }
    // Everything after the 4-byte header, up to the padding.
    std::span<const std::byte> body() const {
        return bytes_.subspan(rtcp_header_size, bytes_.size() - rtcp_header_size - padding_size_);
    }
    // The whole packet, header and padding included.
    std::span<const std::byte> bytes() const { return bytes_; }

  private:
    friend class RtcpCompound;
    RtcpPacket(std::span<const std::byte> bytes, std::size_t padding_size)
        : bytes_(bytes), padding_size_(padding_size) {}

    std::span<const std::byte> bytes_;
    std::size_t padding_size_ = 0;
};

enum class RtcpValidation : std::uint8_t {
    // RFC 3550 §6.1 and A.2: the first packet is SR or RR.
    compound,
    // RFC 5506 reduced-size RTCP (negotiated with a=rtcp-rsize): any packet
    // type may come first; every other rule still holds.
    reduced_size,
};

class RTPSEC_EXPORT RtcpCompound {
  public:
    class Iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = RtcpPacket;
        using difference_type = std::ptrdiff_t;
        using pointer = const RtcpPacket*;
        using reference = const RtcpPacket&;

        Iterator() = default;
        reference operator*() const { return current_; }
        pointer operator->() const { return &current_; }
        Iterator& operator++() {
            load(offset_ + current_.bytes().size());
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) {
            return a.data_.data() == b.data_.data() && a.offset_ == b.offset_;
        }

      private:
        friend class RtcpCompound;
        Iterator(std::span<const std::byte> data, std::size_t offset) : data_(data) {
            load(offset);
        }
        void load(std::size_t offset) noexcept;

        std::span<const std::byte> data_;
        std::size_t offset_ = 0;
        RtcpPacket current_{{}, 0};
    };

    // Validates `datagram` as a compound RTCP packet. On failure returns
    // nullopt and sets `ec` to the RtpError naming the broken rule.
    static std::optional<RtcpCompound> parse(
        std::span<const std::byte> datagram, std::error_code& ec,
        RtcpValidation rules = RtcpValidation::compound) noexcept;

    Iterator begin() const { return Iterator(bytes_, 0); }
    Iterator end() const { return Iterator(bytes_, bytes_.size()); }
    std::size_t packet_count() const { return packet_count_; }
    std::span<const std::byte> bytes() const { return bytes_; }

  private:
    RtcpCompound(std::span<const std::byte> bytes, std::size_t packet_count)
        : bytes_(bytes), packet_count_(packet_count) {}

    std::span<const std::byte> bytes_;
    std::size_t packet_count_ = 0;
};

}  // namespace rtpsec::rtp
