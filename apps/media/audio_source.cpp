// SPDX-License-Identifier: BSD-3-Clause
#include "media/audio_source.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "media/audio_format.hpp"

namespace rtpsec::media {

ToneSource::ToneSource(double frequency_hz, double amplitude)
    : step_(2.0 * std::numbers::pi * frequency_hz / sample_rate), amplitude_(amplitude) {
    if (!(frequency_hz > 0.0 && frequency_hz < sample_rate / 2.0)) {
        throw std::invalid_argument("tone frequency must be between 0 and 4000 Hz (8 kHz audio)");
    }
}

void ToneSource::fill(std::span<std::int16_t> frame) {
    for (auto& sample : frame) {
        sample = static_cast<std::int16_t>(std::lround(amplitude_ * 32767.0 * std::sin(phase_)));
        phase_ = std::fmod(phase_ + step_, 2.0 * std::numbers::pi);
    }
}

WavSource::WavSource(std::vector<std::int16_t> samples) : samples_(std::move(samples)) {
    if (samples_.empty()) throw std::invalid_argument("the WAV file holds no audio");
}

void WavSource::fill(std::span<std::int16_t> frame) {
    for (auto& sample : frame) {
        sample = samples_[position_];
        position_ = (position_ + 1) % samples_.size();
    }
}

}  // namespace rtpsec::media
