// SPDX-License-Identifier: BSD-3-Clause
// Collects received PCMU payloads into a timeline for --record: each packet is
// placed by its RTP timestamp, so lost packets leave silence and reordered
// ones land where they belong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

namespace rtpsec::media {

class Recorder {
  public:
    // Holds at most max_seconds of audio; packets beyond that are ignored.
    explicit Recorder(double max_seconds);

    void add_pcmu(std::uint32_t rtp_timestamp, std::span<const std::uint8_t> payload);

    std::span<const std::int16_t> samples() const { return samples_; }
    void write_wav(const std::filesystem::path& path) const;

  private:
    std::size_t max_samples_;
    std::optional<std::uint32_t> first_timestamp_;
    std::vector<std::int16_t> samples_;
};

}  // namespace rtpsec::media
