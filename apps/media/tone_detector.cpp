// SPDX-License-Identifier: BSD-3-Clause
#include "media/tone_detector.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rtpsec::media {

double tone_power(std::span<const std::int16_t> samples, double frequency_hz, int rate) {
    if (samples.empty()) return 0.0;
    const double coefficient = 2.0 * std::cos(2.0 * std::numbers::pi * frequency_hz / rate);
    double s1 = 0.0;
    double s2 = 0.0;
    for (const std::int16_t sample : samples) {
        const double s0 = sample / 32768.0 + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    const double n = static_cast<double>(samples.size());
    return power / (n * n);
}

double tone_energy_ratio(std::span<const std::int16_t> samples, double frequency_hz, int rate,
                         double bandwidth_hz) {
    if (samples.empty()) return 0.0;
    double total = 0.0;
    for (const std::int16_t sample : samples)
        total += (sample / 32768.0) * (sample / 32768.0);
    total /= static_cast<double>(samples.size());
    if (total == 0.0) return 0.0;
    // Sum the Goertzel bins across the band, one bin width (rate / N) apart;
    // a sine of amplitude A has mean power A²/2 and a bin power of A²/4.
    const double bin = static_cast<double>(rate) / static_cast<double>(samples.size());
    double in_band = 0.0;
    for (double f = frequency_hz - bandwidth_hz; f <= frequency_hz + bandwidth_hz; f += bin) {
        if (f > 0.0) in_band += tone_power(samples, f, rate);
    }
    return std::min(1.0, 2.0 * in_band / total);
}

}  // namespace rtpsec::media
