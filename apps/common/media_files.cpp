// SPDX-License-Identifier: BSD-3-Clause
#include "common/media_files.hpp"

#include <memory>

#include "common/app_error.hpp"
#include "common/input_file.hpp"
#include "media/audio_source.hpp"
#include "media/wav_file.hpp"

namespace rtpsec::apps {

void prepare_media_files(MediaOptions& media) {
    if (media.tone_hz) {
        try {
            media::ToneSource check(*media.tone_hz);
        } catch (const std::exception& e) {
            throw AppError(exit_bad_input, std::string("--tone: ") + e.what());
        }
    }
    if (media.play && !media.play_audio) {
        check_input_file(*media.play, "--play", wav_file_cap);
        try {
            auto samples = media::read_audio_8k_mono(*media.play);
            if (samples.empty()) throw media::WavError("the WAV file holds no audio");
            media.play_audio =
                std::make_shared<const std::vector<std::int16_t>>(std::move(samples));
        } catch (const std::exception& e) {
            throw AppError(exit_bad_input, std::string("--play: ") + e.what());
        }
    }
    if (media.record) {
        // An empty recording now proves the path can be written; the call's
        // audio replaces it at the end.
        try {
            media::write_wav_8k_mono(*media.record, {});
        } catch (const std::exception& e) {
            throw AppError(exit_bad_input, std::string("--record: ") + e.what());
        }
    }
}

}  // namespace rtpsec::apps
