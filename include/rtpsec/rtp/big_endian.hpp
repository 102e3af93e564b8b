// SPDX-License-Identifier: BSD-3-Clause
// Network byte order loads and stores on byte spans (RFC 3550 §4: all fields
// are carried big-endian).
//
// The caller has checked the bounds: these helpers index the span and do no
// checks of their own beyond what std::span does in a hardened build. They are
// constexpr so the classifier and header peeks stay usable at compile time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace rtpsec::rtp {

constexpr std::uint8_t load_u8(std::span<const std::byte> bytes, std::size_t at) {
    return std::to_integer<std::uint8_t>(bytes[at]);
}

constexpr std::uint16_t load_u16(std::span<const std::byte> bytes, std::size_t at) {
    return static_cast<std::uint16_t>(load_u8(bytes, at) << 8 | load_u8(bytes, at + 1));
}

constexpr std::uint32_t load_u24(std::span<const std::byte> bytes, std::size_t at) {
    return std::uint32_t{load_u8(bytes, at)} << 16 | std::uint32_t{load_u16(bytes, at + 1)};
}

constexpr std::uint32_t load_u32(std::span<const std::byte> bytes, std::size_t at) {
    return std::uint32_t{load_u16(bytes, at)} << 16 | load_u16(bytes, at + 2);
}

constexpr std::uint64_t load_u64(std::span<const std::byte> bytes, std::size_t at) {
    return std::uint64_t{load_u32(bytes, at)} << 32 | load_u32(bytes, at + 4);
}

constexpr void store_u8(std::span<std::byte> bytes, std::size_t at, std::uint8_t value) {
    bytes[at] = std::byte{value};
}

constexpr void store_u16(std::span<std::byte> bytes, std::size_t at, std::uint16_t value) {
    store_u8(bytes, at, static_cast<std::uint8_t>(value >> 8));
    store_u8(bytes, at + 1, static_cast<std::uint8_t>(value));
}

constexpr void store_u24(std::span<std::byte> bytes, std::size_t at, std::uint32_t value) {
    store_u8(bytes, at, static_cast<std::uint8_t>(value >> 16));
    store_u16(bytes, at + 1, static_cast<std::uint16_t>(value));
}

constexpr void store_u32(std::span<std::byte> bytes, std::size_t at, std::uint32_t value) {
    store_u16(bytes, at, static_cast<std::uint16_t>(value >> 16));
    store_u16(bytes, at + 2, static_cast<std::uint16_t>(value));
}

constexpr void store_u64(std::span<std::byte> bytes, std::size_t at, std::uint64_t value) {
    store_u32(bytes, at, static_cast<std::uint32_t>(value >> 32));
    store_u32(bytes, at + 4, static_cast<std::uint32_t>(value));
}

}  // namespace rtpsec::rtp
