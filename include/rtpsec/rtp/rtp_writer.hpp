// SPDX-License-Identifier: BSD-3-Clause
// Writing an RTP packet (RFC 3550 §5.1) into a caller's buffer.
//
// rtp_packet_size() tells the caller how much room a packet needs; the writer
// fills the fixed header, CSRC list, header extension, payload and padding,
// and never writes past `out`. The payload may already sit at its place in
// `out` (at rtp_header_size()), so a packetiser can fill the payload first and
// write the header around it without a copy. No allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <variant>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/header_extension_writer.hpp>

namespace rtpsec::rtp {

// An extension written as given (RFC 3550 §5.3.1): for profiles other than
// RFC 8285's, or to reproduce a received extension byte for byte. `data` is
// the body after the 4-byte header, a multiple of 4 bytes.
struct RTPSEC_EXPORT RawHeaderExtension {
    std::uint16_t profile = 0;
    std::span<const std::byte> data{};
};

struct RTPSEC_EXPORT RtpHeaderFields {
    bool marker = false;
    std::uint8_t payload_type = 0;  // 0..127
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::span<const std::uint32_t> csrcs{};  // at most 15
    // No extension, RFC 8285 elements (an empty list writes no extension), or
    // a raw one.
    std::variant<std::monostate, HeaderExtensionList, RawHeaderExtension> extension{};
};

// Bytes of the fixed header, CSRCs and extension; 0 with `ec` set when a field
// does not fit (RtpError::field_out_of_range, too_many_entries, the extension
// errors of header_extension_size()).
RTPSEC_EXPORT std::size_t rtp_header_size(const RtpHeaderFields& fields,
                                          std::error_code& ec) noexcept;

// The whole packet: header, payload and `padding_size` bytes of padding
// (0 for none; otherwise the count byte included, RFC 3550 §5.1).
RTPSEC_EXPORT std::size_t rtp_packet_size(const RtpHeaderFields& fields, std::size_t payload_size,
                                          std::uint8_t padding_size, std::error_code& ec) noexcept;

// Writes the packet at the start of `out` and returns its size. When `out` is
// too small, writes nothing, sets RtpError::buffer_too_small and returns the
// size needed; on a field error returns 0. `payload` may overlap `out`.
RTPSEC_EXPORT std::size_t write_rtp_packet(std::span<std::byte> out, const RtpHeaderFields& fields,
                                           std::span<const std::byte> payload,
                                           std::uint8_t padding_size, std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
