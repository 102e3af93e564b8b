// SPDX-License-Identifier: BSD-3-Clause
// Reading and writing WAV files for --play and --record (libsndfile, libsamplerate).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <vector>

namespace rtpsec::media {

class WavError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads any file libsndfile understands and converts it to 8 kHz mono 16-bit:
// channels are mixed down, other rates resampled. Refuses files longer than
// max_seconds rather than allocating without bound.
std::vector<std::int16_t> read_audio_8k_mono(const std::filesystem::path& path,
                                             double max_seconds = 3600.0);

// Writes 8 kHz mono 16-bit PCM WAV.
void write_wav_8k_mono(const std::filesystem::path& path, std::span<const std::int16_t> samples);

}  // namespace rtpsec::media
