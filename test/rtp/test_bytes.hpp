// SPDX-License-Identifier: BSD-3-Clause
// Byte-vector helpers for the rtp/ tests: packets are written as hex strings
// so each test shows the wire bytes it checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rtpsec::rtp::test {

using Bytes = std::vector<std::byte>;

// "80 00 ab" -> {0x80, 0x00, 0xab}; spaces and line breaks are ignored.
inline Bytes hex(std::string_view text) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::invalid_argument("bad hex digit in test vector");
    };
    Bytes out;
    int high = -1;
    for (const char c : text) {
        if (c == ' ' || c == '\n') continue;
        const int value = nibble(c);
        if (high < 0) {
            high = value;
        } else {
            out.push_back(static_cast<std::byte>(high << 4 | value));
            high = -1;
        }
    }
    if (high >= 0) throw std::invalid_argument("odd number of hex digits in test vector");
    return out;
}

inline Bytes text_bytes(std::string_view text) {
    Bytes out;
    for (const char c : text)
        out.push_back(static_cast<std::byte>(c));
    return out;
}

// `size` bytes counting up from `first`, so a misplaced byte shows.
inline Bytes pattern(std::size_t size, std::uint8_t first = 0) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[i] = static_cast<std::byte>(first + i);
    return out;
}

inline std::string to_hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out.push_back(' ');
        const auto b = std::to_integer<unsigned>(bytes[i]);
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0f]);
    }
    return out;
}

}  // namespace rtpsec::rtp::test
