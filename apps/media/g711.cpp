// SPDX-License-Identifier: BSD-3-Clause
#include "media/g711.hpp"

#include <algorithm>
#include <cassert>

namespace rtpsec::media {
namespace {

// G.711 μ-law works on 14-bit magnitudes biased by 0x84 (33 in 14-bit units),
// which makes every segment boundary a power of two.
constexpr int bias = 0x84;
constexpr int clip = 32635;

}  // namespace

std::uint8_t encode_ulaw(std::int16_t sample) {
    int value = sample;
    const int sign = value < 0 ? 0x80 : 0x00;
    if (value < 0) value = -value;
    value = std::min(value, clip) + bias;
    int exponent = 7;
    for (int mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1)
        --exponent;
    const int mantissa = (value >> (exponent + 3)) & 0x0f;
    // Code words are transmitted with every bit inverted.
    return static_cast<std::uint8_t>(~(sign | exponent << 4 | mantissa));
}

std::int16_t decode_ulaw(std::uint8_t code) {
    const int inverted = ~code & 0xff;
    const int exponent = (inverted >> 4) & 0x07;
    const int mantissa = inverted & 0x0f;
    const int magnitude = ((mantissa << 3) + bias) << exponent;
    return static_cast<std::int16_t>((inverted & 0x80) ? bias - magnitude : magnitude - bias);
}

void encode_ulaw(std::span<const std::int16_t> in, std::span<std::uint8_t> out) {
    assert(out.size() >= in.size());
    std::transform(in.begin(), in.end(), out.begin(),
                   [](std::int16_t s) { return encode_ulaw(s); });
}

void decode_ulaw(std::span<const std::uint8_t> in, std::span<std::int16_t> out) {
    assert(out.size() >= in.size());
    std::transform(in.begin(), in.end(), out.begin(),
                   [](std::uint8_t c) { return decode_ulaw(c); });
}

}  // namespace rtpsec::media
