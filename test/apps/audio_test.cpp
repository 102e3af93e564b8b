// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <filesystem>
#include <sndfile.h>
#include <unistd.h>
#include <vector>

#include "media/audio_format.hpp"
#include "media/audio_source.hpp"
#include "media/g711.hpp"
#include "media/recorder.hpp"
#include "media/tone_detector.hpp"
#include "media/wav_file.hpp"

using namespace rtpsec::media;

namespace {

std::vector<std::int16_t> tone(double hz, std::size_t frames) {
    ToneSource source(hz);
    std::vector<std::int16_t> samples(frames * samples_per_packet);
    for (std::size_t i = 0; i < frames; ++i) {
        source.fill(std::span(samples).subspan(i * samples_per_packet, samples_per_packet));
    }
    return samples;
}

std::filesystem::path temp_file(const char* name) {
    return std::filesystem::temp_directory_path() /
           (std::string("rtpsec-") + std::to_string(::getpid()) + "-" + name);
}

}  // namespace

TEST_CASE("a 440 Hz tone has its energy at 440 Hz and not at 1 kHz") {
    const auto samples = tone(440.0, 50);
    CHECK(tone_energy_ratio(samples, 440.0, sample_rate) > 0.95);
    CHECK(tone_energy_ratio(samples, 1000.0, sample_rate) < 0.01);
    const std::vector<std::int16_t> silence(8000, 0);
    CHECK(tone_energy_ratio(silence, 440.0, sample_rate) == 0.0);
}

TEST_CASE("the tone survives mu-law coding") {
    const auto samples = tone(440.0, 50);
    std::vector<std::uint8_t> coded(samples.size());
    std::vector<std::int16_t> decoded(samples.size());
    encode_ulaw(samples, coded);
    decode_ulaw(coded, decoded);
    CHECK(tone_energy_ratio(decoded, 440.0, sample_rate) > 0.95);
}

TEST_CASE("tone frequencies outside 8 kHz audio are refused") {
    CHECK_THROWS_AS(ToneSource(0.0), std::invalid_argument);
    CHECK_THROWS_AS(ToneSource(4000.0), std::invalid_argument);
}

TEST_CASE("a WAV file round-trips at 8 kHz mono") {
    const auto path = temp_file("roundtrip.wav");
    const auto samples = tone(440.0, 10);
    write_wav_8k_mono(path, samples);
    CHECK(read_audio_8k_mono(path) == samples);
    std::filesystem::remove(path);
}

TEST_CASE("a 16 kHz stereo WAV is mixed down and resampled to 8 kHz") {
    const auto path = temp_file("stereo16k.wav");
    SF_INFO info{};
    info.samplerate = 16000;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    std::vector<std::int16_t> interleaved(16000 * 2);
    for (std::size_t i = 0; i < 16000; ++i) {
        const auto s = static_cast<std::int16_t>(
            16000.0 * std::sin(2.0 * M_PI * 440.0 * static_cast<double>(i) / 16000.0));
        interleaved[2 * i] = s;
        interleaved[2 * i + 1] = s;
    }
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    REQUIRE(file);
    REQUIRE(sf_writef_short(file, interleaved.data(), 16000) == 16000);
    sf_close(file);

    const auto mono = read_audio_8k_mono(path);
    CHECK(mono.size() >= 7990);
    CHECK(mono.size() <= 8010);
    CHECK(tone_energy_ratio(mono, 440.0, sample_rate) > 0.95);
    std::filesystem::remove(path);
}

TEST_CASE("unreadable and overlong audio files are refused with the file named") {
    const auto missing = temp_file("missing.wav");
    try {
        read_audio_8k_mono(missing);
        FAIL("no error");
    } catch (const WavError& e) {
        CHECK_THAT(e.what(), Catch::Contains(missing.string()));
    }
    const auto path = temp_file("long.wav");
    write_wav_8k_mono(path, tone(440.0, 100));  // 2 s
    CHECK_THROWS_AS(read_audio_8k_mono(path, 1.0), WavError);
    std::filesystem::remove(path);
}

TEST_CASE("the recorder places packets by timestamp: loss leaves silence, reordering is undone") {
    const auto samples = tone(440.0, 4);
    std::vector<std::uint8_t> coded(samples.size());
    encode_ulaw(samples, coded);
    const auto packet = [&](std::size_t i) {
        return std::span<const std::uint8_t>(coded).subspan(i * samples_per_packet,
                                                            samples_per_packet);
    };
    Recorder recorder(10.0);
    const std::uint32_t base = 0xFFFFFF00u;  // crosses the 32-bit timestamp wrap
    recorder.add_pcmu(base, packet(0));
    recorder.add_pcmu(base + 3 * 160, packet(3));
    recorder.add_pcmu(base + 1 * 160, packet(1));
    // packet 2 lost
    REQUIRE(recorder.samples().size() == 4 * samples_per_packet);
    for (std::size_t i = 0; i < samples_per_packet; ++i) {
        CHECK(recorder.samples()[2 * samples_per_packet + i] == 0);
        CHECK(recorder.samples()[3 * samples_per_packet + i] == decode_ulaw(packet(3)[i]));
        CHECK(recorder.samples()[1 * samples_per_packet + i] == decode_ulaw(packet(1)[i]));
    }
}

TEST_CASE("the recorder is bounded") {
    Recorder recorder(0.05);  // 400 samples
    const std::vector<std::uint8_t> payload(160, 0xFF);
    recorder.add_pcmu(1000, payload);
    recorder.add_pcmu(1000 + 160, payload);
    recorder.add_pcmu(1000 + 320, payload);  // would end at 480: dropped
    recorder.add_pcmu(999, payload);         // before the first: dropped
    CHECK(recorder.samples().size() == 320);
}
