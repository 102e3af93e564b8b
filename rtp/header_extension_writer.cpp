// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cstring>

#include <rtpsec/rtp/big_endian.hpp>
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_extension_writer.hpp>

#include "extension_layout.hpp"

namespace rtpsec::rtp {
namespace {

constexpr std::size_t extension_header_size = 4;
constexpr std::size_t max_extension_words = 0xffff;

// RFC 8285 §4.2: IDs 1..14 (15 is reserved), 1..16 data bytes.
bool fits_one_byte(const HeaderExtension& element) {
    return element.id >= 1 && element.id <= 14 && !element.data.empty() &&
           element.data.size() <= 16;
}

// RFC 8285 §4.3: IDs 1..255, 0..255 data bytes.
bool fits_two_byte(const HeaderExtension& element) {
    return element.id >= 1 && element.data.size() <= 255;
}

RtpError why_not(const HeaderExtension& element, ExtensionForm form) {
    const bool id_fits =
        form == ExtensionForm::one_byte ? element.id >= 1 && element.id <= 14 : element.id >= 1;
    return id_fits ? RtpError::extension_size_out_of_range : RtpError::extension_id_out_of_range;
}

std::size_t element_header_size(ExtensionForm form) {
    return form == ExtensionForm::one_byte ? 1 : 2;
}

}  // namespace

namespace detail {

std::optional<ExtensionLayout> extension_layout(const HeaderExtensionList& list,
                                                std::error_code& ec) noexcept {
    ec.clear();
    if (list.elements.empty()) return ExtensionLayout{ExtensionForm::one_byte, 0};
    // One pass in the common case: every element fits the form asked for, or
    // the one-byte form when none is asked for.
    ExtensionForm form = list.form.value_or(ExtensionForm::one_byte);
    auto fits = [&form](const HeaderExtension& e) {
        return form == ExtensionForm::one_byte ? fits_one_byte(e) : fits_two_byte(e);
    };
    std::size_t data_size = 0;
    for (const HeaderExtension& element : list.elements) {
        if (!fits(element)) {
            if (list.form || form == ExtensionForm::two_byte) {
                ec = why_not(element, form);
                return std::nullopt;
            }
            // Automatic: what does not fit one byte is written in two (RFC 8285 §4.3).
            form = ExtensionForm::two_byte;
            const auto misfit =
                std::find_if_not(list.elements.begin(), list.elements.end(), fits_two_byte);
            if (misfit != list.elements.end()) {
                ec = why_not(*misfit, form);
                return std::nullopt;
            }
        }
        data_size += element.data.size();
    }
    if (form == ExtensionForm::two_byte && list.app_bits > 0x0f) {
        ec = RtpError::field_out_of_range;
        return std::nullopt;
    }
    const std::size_t body = list.elements.size() * element_header_size(form) + data_size;
    if ((body + 3) / 4 > max_extension_words) {
        ec = RtpError::packet_too_large;
        return std::nullopt;
    }
    return ExtensionLayout{form, extension_header_size + (body + 3) / 4 * 4};
}

void store_header_extension(std::span<std::byte> out, const HeaderExtensionList& list,
                            const ExtensionLayout& layout) noexcept {
    if (layout.size == 0) return;
    const bool one_byte = layout.form == ExtensionForm::one_byte;
    store_u16(out, 0,
              one_byte ? one_byte_extension_profile
                       : static_cast<std::uint16_t>(two_byte_extension_profile | list.app_bits));
    store_u16(out, 2, static_cast<std::uint16_t>((layout.size - extension_header_size) / 4));
    std::size_t at = extension_header_size;
    for (const HeaderExtension& element : list.elements) {
        const std::size_t size = element.data.size();
        if (one_byte) {
            store_u8(out, at++, static_cast<std::uint8_t>(element.id << 4 | (size - 1)));
        } else {
            store_u8(out, at++, element.id);
            store_u8(out, at++, static_cast<std::uint8_t>(size));
        }
        if (size != 0) std::memcpy(out.data() + at, element.data.data(), size);
        at += size;
    }
    // RFC 8285 §4.1.1: padding after the last element is zero bytes.
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(at),
              out.begin() + static_cast<std::ptrdiff_t>(layout.size), std::byte{0});
}

}  // namespace detail

std::optional<ExtensionForm> smallest_extension_form(
    std::span<const HeaderExtension> elements) noexcept {
    if (std::all_of(elements.begin(), elements.end(), fits_one_byte))
        return ExtensionForm::one_byte;
    if (std::all_of(elements.begin(), elements.end(), fits_two_byte))
        return ExtensionForm::two_byte;
    return std::nullopt;
}

std::size_t header_extension_size(const HeaderExtensionList& list, std::error_code& ec) noexcept {
    const auto layout = detail::extension_layout(list, ec);
    return layout ? layout->size : 0;
}

std::size_t write_header_extension(std::span<std::byte> out, const HeaderExtensionList& list,
                                   std::error_code& ec) noexcept {
    const auto layout = detail::extension_layout(list, ec);
    if (!layout) return 0;
    if (out.size() < layout->size) {
        ec = RtpError::buffer_too_small;
        return layout->size;
    }
    detail::store_header_extension(out, list, *layout);
    return layout->size;
}

}  // namespace rtpsec::rtp
