// SPDX-License-Identifier: BSD-3-Clause
// Writing RTP header extension elements in an RFC 8285 form.
//
// The writer lays out the elements in the order given, each in the chosen form,
// and pads the body with zero bytes to a 32-bit boundary (RFC 8285 §4.1.1,
// RFC 3550 §5.3.1). It writes the whole extension: the 4-byte header
// (profile, length in words) and the body. No allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/rtp/header_extensions.hpp>

namespace rtpsec::rtp {

struct RTPSEC_EXPORT HeaderExtensionList {
    std::span<const HeaderExtension> elements{};
    // nullopt picks the one-byte form when every element fits it (IDs 1..14,
    // 1..16 bytes of data; RFC 8285 §4.2), else the two-byte form (IDs 1..255,
    // 0..255 bytes; RFC 8285 §4.3).
    std::optional<ExtensionForm> form{};
    // The two-byte form's 4 application bits (RFC 8285 §4.3).
    std::uint8_t app_bits = 0;
};

// The smallest form that carries every element, or nullopt when one does not
// fit even the two-byte form (ID 0, or more than 255 bytes of data).
RTPSEC_EXPORT std::optional<ExtensionForm> smallest_extension_form(
    std::span<const HeaderExtension> elements) noexcept;

// Bytes write_header_extension() writes: 4 + the padded body; 0 for an empty
// list (no extension at all). 0 with `ec` set when an element does not fit the
// form: RtpError::extension_id_out_of_range, extension_size_out_of_range,
// field_out_of_range (app_bits), packet_too_large (more than 65535 words).
RTPSEC_EXPORT std::size_t header_extension_size(const HeaderExtensionList& list,
                                                std::error_code& ec) noexcept;

// Writes the extension at the start of `out` and returns its size. When `out`
// is too small, writes nothing, sets RtpError::buffer_too_small and returns
// the size needed; on the errors of header_extension_size() returns 0.
RTPSEC_EXPORT std::size_t write_header_extension(std::span<std::byte> out,
                                                 const HeaderExtensionList& list,
                                                 std::error_code& ec) noexcept;

}  // namespace rtpsec::rtp
