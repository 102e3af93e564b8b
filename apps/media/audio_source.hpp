// SPDX-License-Identifier: BSD-3-Clause
// Where the programs' outgoing audio comes from: a sine tone or a WAV file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace rtpsec::media {

class AudioSource {
  public:
    virtual ~AudioSource() = default;
    // Fills one frame of 8 kHz mono samples.
    virtual void fill(std::span<std::int16_t> frame) = 0;
};

class ToneSource final : public AudioSource {
  public:
    // amplitude as a fraction of full scale.
    explicit ToneSource(double frequency_hz, double amplitude = 0.5);
    void fill(std::span<std::int16_t> frame) override;

  private:
    double phase_ = 0.0;
    double step_;
    double amplitude_;
};

// Plays a WAV file (already converted to 8 kHz mono), looping at its end.
class WavSource final : public AudioSource {
  public:
    explicit WavSource(std::vector<std::int16_t> samples);
    void fill(std::span<std::int16_t> frame) override;

  private:
    std::vector<std::int16_t> samples_;
    std::size_t position_ = 0;
};

}  // namespace rtpsec::media
