// SPDX-License-Identifier: BSD-3-Clause
// RTP header extension elements (RFC 8285): reading the one-byte (0xBEDE) and
// two-byte (0x100X) forms.
//
// parse() walks the extension body once and rejects any element that runs past
// its end; iteration afterwards yields the elements in order, skipping the zero
// padding bytes RFC 8285 §4.1.1 allows between and after them. A view into the
// packet's buffer: no allocation, no exceptions.
//
// One-byte form (RFC 8285 §4.2), data length = len + 1 (1..16 bytes):
//   |  ID   |  len  | data ...     ID 1..14; 0 is a padding byte; 15 stops parsing
// Two-byte form (RFC 8285 §4.3), data length = length (0..255 bytes):
//   |      ID       |    length     | data ...     ID 1..255; 0 is a padding byte
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::rtp {

enum class ExtensionForm : std::uint8_t { one_byte, two_byte };

// RFC 8285 §4.2: the "defined by profile" value of the one-byte form.
inline constexpr std::uint16_t one_byte_extension_profile = 0xBEDE;
// RFC 8285 §4.3: 0x100 followed by 4 application-dependent bits.
inline constexpr std::uint16_t two_byte_extension_profile = 0x1000;

// One element: its local identifier (negotiated with a=extmap) and its data.
struct RTPSEC_EXPORT HeaderExtension {
    std::uint8_t id = 0;
    std::span<const std::byte> data{};
};

class RTPSEC_EXPORT HeaderExtensions {
  public:
    class Iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = HeaderExtension;
        using difference_type = std::ptrdiff_t;
        using pointer = const HeaderExtension*;
        using reference = const HeaderExtension&;

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
            return a.data_.data() == b.data_.data() && a.offset_ == b.offset_;
        }

      private:
        friend class HeaderExtensions;
        Iterator(std::span<const std::byte> data, ExtensionForm form, std::size_t offset)
            : data_(data), form_(form) {
            load(offset);
        }
        // Moves to the first element at or after `offset`, past padding bytes.
        void load(std::size_t offset) noexcept;

        std::span<const std::byte> data_;
        ExtensionForm form_ = ExtensionForm::one_byte;
        std::size_t offset_ = 0;  // start of the current element; data_.size() at the end
        std::size_t next_ = 0;    // one past the current element
        HeaderExtension current_;
    };

    // The empty list (a packet without an extension).
    HeaderExtensions() = default;

    // `profile` is the extension's "defined by profile" field, `data` the body
    // after its 4-byte header. Fails with RtpError::not_rfc8285_extension for
    // other profiles, extension_element_past_end or extension_bad_padding.
    static std::optional<HeaderExtensions> parse(std::uint16_t profile,
                                                 std::span<const std::byte> data,
                                                 std::error_code& ec) noexcept;

    ExtensionForm form() const { return form_; }
    // The 4 "appbits" of the two-byte form (RFC 8285 §4.3); 0 for one-byte.
    std::uint8_t app_bits() const { return app_bits_; }

    Iterator begin() const { return Iterator(data_, form_, 0); }
    Iterator end() const { return Iterator(data_, form_, data_.size()); }
    bool empty() const { return begin() == end(); }
    // The data of the first element with this ID.
    std::optional<std::span<const std::byte>> find(std::uint8_t id) const noexcept;

  private:
    HeaderExtensions(std::span<const std::byte> data, ExtensionForm form, std::uint8_t app_bits)
        : data_(data), form_(form), app_bits_(app_bits) {}

    // Up to, not including, a one-byte ID 15 that ends parsing (RFC 8285 §4.2).
    std::span<const std::byte> data_;
    ExtensionForm form_ = ExtensionForm::one_byte;
    std::uint8_t app_bits_ = 0;
};

}  // namespace rtpsec::rtp
