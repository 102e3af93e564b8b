// SPDX-License-Identifier: BSD-3-Clause
// G.711 μ-law (PCMU, RTP payload type 0), ITU-T G.711 §3.
#pragma once

#include <cstdint>
#include <span>

namespace rtpsec::media {

std::uint8_t encode_ulaw(std::int16_t sample);
std::int16_t decode_ulaw(std::uint8_t code);

// Whole frames; `out` must be as long as `in`.
void encode_ulaw(std::span<const std::int16_t> in, std::span<std::uint8_t> out);
void decode_ulaw(std::span<const std::uint8_t> in, std::span<std::int16_t> out);

}  // namespace rtpsec::media
