// SPDX-License-Identifier: BSD-3-Clause
// The programs' exit codes: a stable interface (docs/design.md, "Exit codes").
#pragma once

namespace rtpsec::apps {

enum ExitCode : int {
    exit_success = 0,
    exit_bad_input = 2,         // flags, SDP, PEM, WAV
    exit_handshake_failed = 3,  // failed or timed out
    exit_fingerprint_mismatch = 4,
    exit_media_check_failed = 5,
};

}  // namespace rtpsec::apps
