// SPDX-License-Identifier: BSD-3-Clause
// What --tone, --play and --record need, checked when the program starts:
// a bad frequency, an unreadable or invalid WAV file or a recording that
// cannot be written fail at once (exit 2), not after the call, when the
// recording would be lost.
#pragma once

#include "common/media_session.hpp"

namespace rtpsec::apps {

// Checks the tone, loads --play into media.play_audio (within its cap), and
// writes an empty --record file where the recording will go. AppError
// (exit 2) naming the flag on failure.
void prepare_media_files(MediaOptions& media);

}  // namespace rtpsec::apps
