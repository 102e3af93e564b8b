// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/rtp/big_endian.hpp>
#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_extensions.hpp>

namespace rtpsec::rtp {
namespace {

// RFC 8285 §4.2: ID 15 is reserved; processing stops at it and its length is ignored.
constexpr std::uint8_t one_byte_stop_id = 15;

// RFC 8285 §4.1.1: a padding byte is a single 0 with neither ID nor length.
std::size_t skip_padding(std::span<const std::byte> data, std::size_t offset) {
    while (offset < data.size() && load_u8(data, offset) == 0)
        ++offset;
    return offset;
}

// The element starting at `offset` of an extension parse() has validated, and
// where the next one starts.
HeaderExtension decode_element(std::span<const std::byte> data, ExtensionForm form,
                               std::size_t offset, std::size_t& next) {
    const std::uint8_t first = load_u8(data, offset);
    if (form == ExtensionForm::one_byte) {
        const std::size_t size = (first & 0x0fu) + 1u;
        next = offset + 1 + size;
        return {static_cast<std::uint8_t>(first >> 4), data.subspan(offset + 1, size)};
    }
    const std::size_t size = load_u8(data, offset + 1);
    next = offset + 2 + size;
    return {first, data.subspan(offset + 2, size)};
}

}  // namespace

void HeaderExtensions::Iterator::load(std::size_t offset) noexcept {
    offset_ = skip_padding(data_, offset);
    if (offset_ >= data_.size()) {
        offset_ = next_ = data_.size();
        current_ = {};
        return;
    }
    current_ = decode_element(data_, form_, offset_, next_);
}

std::optional<HeaderExtensions> HeaderExtensions::parse(std::uint16_t profile,
                                                        std::span<const std::byte> data,
                                                        std::error_code& ec) noexcept {
    ExtensionForm form;
    std::uint8_t app_bits = 0;
    if (profile == one_byte_extension_profile) {
        form = ExtensionForm::one_byte;
    } else if ((profile & 0xfff0u) == two_byte_extension_profile) {
        form = ExtensionForm::two_byte;
        app_bits = static_cast<std::uint8_t>(profile & 0x0fu);
    } else {
        ec = RtpError::not_rfc8285_extension;
        return std::nullopt;
    }

    std::size_t offset = skip_padding(data, 0);
    while (offset < data.size()) {
        const std::uint8_t first = load_u8(data, offset);
        std::size_t element_size;
        if (form == ExtensionForm::one_byte) {
            const std::uint8_t id = first >> 4;
            if (id == 0) {
                // A zero byte was skipped as padding; ID 0 with a length is neither
                // padding nor an element (RFC 8285 §4.2: ID 0 is not an identifier).
                ec = RtpError::extension_bad_padding;
                return std::nullopt;
            }
            if (id == one_byte_stop_id) {
                data = data.first(offset);
                break;
            }
            element_size = 1 + (first & 0x0fu) + 1;
        } else {
            if (data.size() - offset < 2) {
                ec = RtpError::extension_element_past_end;
                return std::nullopt;
            }
            element_size = 2 + std::size_t{load_u8(data, offset + 1)};
        }
        if (element_size > data.size() - offset) {
            ec = RtpError::extension_element_past_end;
            return std::nullopt;
        }
        offset = skip_padding(data, offset + element_size);
    }
    ec.clear();
    return HeaderExtensions(data, form, app_bits);
}

std::optional<std::span<const std::byte>> HeaderExtensions::find(std::uint8_t id) const noexcept {
    // The per-packet lookup (audio level, transport sequence number...): a
    // plain walk, without the iterator's bookkeeping.
    std::size_t next = 0;
    for (std::size_t at = skip_padding(data_, 0); at < data_.size();
         at = skip_padding(data_, next)) {
        const HeaderExtension element = decode_element(data_, form_, at, next);
        if (element.id == id) return element.data;
    }
    return std::nullopt;
}

}  // namespace rtpsec::rtp
