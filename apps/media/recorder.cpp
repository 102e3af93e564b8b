// SPDX-License-Identifier: BSD-3-Clause
#include "media/recorder.hpp"

#include "media/audio_format.hpp"
#include "media/g711.hpp"
#include "media/wav_file.hpp"

namespace rtpsec::media {

Recorder::Recorder(double max_seconds)
    : max_samples_(static_cast<std::size_t>(max_seconds * sample_rate)) {}

void Recorder::add_pcmu(std::uint32_t rtp_timestamp, std::span<const std::uint8_t> payload) {
    if (!first_timestamp_) first_timestamp_ = rtp_timestamp;
    // Modular distance from the first packet: a packet older than the first
    // (reordered ahead of it) wraps to a huge offset and is dropped below.
    const std::size_t offset = static_cast<std::uint32_t>(rtp_timestamp - *first_timestamp_);
    if (offset >= max_samples_ || payload.size() > max_samples_ - offset) return;
    if (samples_.size() < offset + payload.size()) samples_.resize(offset + payload.size(), 0);
    decode_ulaw(payload, std::span(samples_).subspan(offset, payload.size()));
}

void Recorder::write_wav(const std::filesystem::path& path) const {
    write_wav_8k_mono(path, samples_);
}

}  // namespace rtpsec::media
