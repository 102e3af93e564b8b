// SPDX-License-Identifier: BSD-3-Clause
#include "media/wav_file.hpp"

#include <memory>
#include <samplerate.h>
#include <sndfile.h>
#include <string>

#include "media/audio_format.hpp"

namespace rtpsec::media {
namespace {

struct SndfileCloser {
    void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfileHandle = std::unique_ptr<SNDFILE, SndfileCloser>;

std::vector<float> resample(const std::vector<float>& in, int from_rate) {
    const double ratio = static_cast<double>(sample_rate) / from_rate;
    std::vector<float> out(static_cast<std::size_t>(static_cast<double>(in.size()) * ratio) + 16);
    SRC_DATA data{};
    data.data_in = in.data();
    data.input_frames = static_cast<long>(in.size());
    data.data_out = out.data();
    data.output_frames = static_cast<long>(out.size());
    data.src_ratio = ratio;
    if (const int error = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1); error != 0) {
        throw WavError(std::string("cannot resample audio: ") + src_strerror(error));
    }
    out.resize(static_cast<std::size_t>(data.output_frames_gen));
    return out;
}

}  // namespace

std::vector<std::int16_t> read_audio_8k_mono(const std::filesystem::path& path,
                                             double max_seconds) {
    SF_INFO info{};
    SndfileHandle file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) {
        throw WavError("cannot read audio file " + path.string() + ": " + sf_strerror(nullptr));
    }
    if (info.channels < 1 || info.samplerate < 1000 || info.frames < 1) {
        throw WavError("audio file " + path.string() + " has no usable audio");
    }
    if (static_cast<double>(info.frames) / info.samplerate > max_seconds) {
        throw WavError("audio file " + path.string() + " is longer than " +
                       std::to_string(static_cast<long>(max_seconds)) + " s");
    }
    const auto frames = static_cast<std::size_t>(info.frames);
    const auto channels = static_cast<std::size_t>(info.channels);
    std::vector<float> interleaved(frames * channels);
    const sf_count_t got = sf_readf_float(file.get(), interleaved.data(), info.frames);
    if (got <= 0) throw WavError("cannot read audio from " + path.string());

    std::vector<float> mono(static_cast<std::size_t>(got));
    for (std::size_t i = 0; i < mono.size(); ++i) {
        float sum = 0.0f;
        for (std::size_t c = 0; c < channels; ++c)
            sum += interleaved[i * channels + c];
        mono[i] = sum / static_cast<float>(channels);
    }
    if (info.samplerate != sample_rate) mono = resample(mono, info.samplerate);

    std::vector<std::int16_t> out(mono.size());
    src_float_to_short_array(mono.data(), out.data(), static_cast<int>(mono.size()));
    return out;
}

void write_wav_8k_mono(const std::filesystem::path& path, std::span<const std::int16_t> samples) {
    SF_INFO info{};
    info.samplerate = sample_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SndfileHandle file(sf_open(path.c_str(), SFM_WRITE, &info));
    if (!file) {
        throw WavError("cannot write audio file " + path.string() + ": " + sf_strerror(nullptr));
    }
    const auto count = static_cast<sf_count_t>(samples.size());
    if (sf_writef_short(file.get(), samples.data(), count) != count) {
        throw WavError("cannot write audio to " + path.string() + ": " + sf_strerror(file.get()));
    }
}

}  // namespace rtpsec::media
