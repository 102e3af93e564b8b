// SPDX-License-Identifier: BSD-3-Clause
// Measures how much of a signal's energy sits at one frequency (Goertzel), to
// check that a tone sent across a call arrived as that tone.
#pragma once

#include <cstdint>
#include <span>

namespace rtpsec::media {

// Power of `samples` at `frequency_hz` (Goertzel algorithm), normalised so a
// full-scale sine at that frequency gives about 0.25.
double tone_power(std::span<const std::int16_t> samples, double frequency_hz, int rate);

// Fraction (0..1) of the signal's total power found within ±bandwidth_hz of
// frequency_hz: near 1 for a clean tone, near 0 for silence or other tones.
double tone_energy_ratio(std::span<const std::int16_t> samples, double frequency_hz, int rate,
                         double bandwidth_hz = 20.0);

}  // namespace rtpsec::media
