// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>

#include <rtpsec/rtp/rtcp_app.hpp>
#include <rtpsec/rtp/rtcp_bye.hpp>
#include <rtpsec/rtp/rtcp_feedback.hpp>
#include <rtpsec/rtp/rtcp_writer.hpp>

#include "rtcp_wire.hpp"

namespace rtpsec::rtp {

template <typename Write>
bool RtcpCompoundWriter::append(Write write) noexcept {
    if (error_ && error_ != RtpError::buffer_too_small) return false;
    if (padded_) {
        // Padding belongs on the last packet only (RFC 3550 §6.4.1).
        error_ = RtpError::rtcp_padding_not_last;
        return false;
    }
    std::error_code ec;
    // Once out of room, only measure: a later, smaller packet must not land in
    // the gap the one that did not fit left behind.
    const auto free_space = error_ ? std::span<std::byte>() : buffer_.subspan(size_);
    const std::size_t written = write(free_space, ec);
    if (ec == RtpError::buffer_too_small) {
        required_ += written;
        error_ = ec;
        return false;
    }
    if (ec) {
        error_ = ec;
        return false;
    }
    if (error_) {
        required_ += written;
        return false;
    }
    last_packet_ = size_;
    size_ += written;
    required_ += written;
    return true;
}

bool RtcpCompoundWriter::add_sender_report(std::uint32_t ssrc, const SenderInfo& info,
                                           std::span<const ReportBlock> blocks) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_sender_report(out, ssrc, info, blocks, ec);
    });
}

bool RtcpCompoundWriter::add_receiver_report(std::uint32_t ssrc,
                                             std::span<const ReportBlock> blocks) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_receiver_report(out, ssrc, blocks, ec);
    });
}

bool RtcpCompoundWriter::add_source_description(std::span<const SdesChunkFields> chunks) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_source_description(out, chunks, ec);
    });
}

bool RtcpCompoundWriter::add_goodbye(std::span<const std::uint32_t> ssrcs,
                                     std::string_view reason) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_goodbye(out, ssrcs, reason, ec);
    });
}

bool RtcpCompoundWriter::add_application_defined(std::uint8_t subtype, std::uint32_t ssrc,
                                                 std::string_view name,
                                                 std::span<const std::byte> data) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_application_defined(out, subtype, ssrc, name, data, ec);
    });
}

bool RtcpCompoundWriter::add_feedback_message(RtcpPacketType type, std::uint8_t format,
                                              std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                                              std::span<const std::byte> fci) noexcept {
    return append([&](std::span<std::byte> out, std::error_code& ec) {
        return write_feedback_message(out, type, format, sender_ssrc, media_ssrc, fci, ec);
    });
}

bool RtcpCompoundWriter::pad_last_packet(std::uint8_t padding_size) noexcept {
    if (error_ && error_ != RtpError::buffer_too_small) return false;
    // RFC 3550 §6.4.1: the packet stays a whole number of 32-bit words.
    if (padding_size == 0 || padding_size % 4 != 0 || padded_ || required_ == 0) {
        error_ = RtpError::field_out_of_range;
        return false;
    }
    padded_ = true;
    required_ += padding_size;
    if (error_) return false;
    if (buffer_.size() - size_ < padding_size) {
        error_ = RtpError::buffer_too_small;
        return false;
    }
    const auto last = buffer_.subspan(last_packet_, size_ - last_packet_);
    const std::size_t padded_size = last.size() + padding_size;
    if (padded_size > detail::max_rtcp_packet_size) {
        error_ = RtpError::packet_too_large;
        return false;
    }
    const auto padding = buffer_.subspan(size_, padding_size);
    std::fill(padding.begin(), padding.end(), std::byte{0});
    store_u8(padding, padding_size - 1u, padding_size);
    store_u8(last, 0, static_cast<std::uint8_t>(load_u8(last, 0) | 0x20u));
    store_u16(last, 2, static_cast<std::uint16_t>(padded_size / 4 - 1));
    size_ += padding_size;
    return true;
}

}  // namespace rtpsec::rtp
