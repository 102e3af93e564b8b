// SPDX-License-Identifier: BSD-3-Clause
// Caps on the files the programs read. A path from the command line can name
// anything (/dev/zero, a FIFO, a multi-gigabyte file); each is checked against
// its cap before a byte is read, so it fails at once with the file and the cap
// named instead of growing memory without end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace rtpsec::apps {

// PEM certificates and keys: a chain of a few certificates is a few KiB.
constexpr std::uintmax_t pem_file_cap = 1024 * 1024;
// WAV files for --play: an hour of 8 kHz 16-bit mono is 57.6 MB.
constexpr std::uintmax_t wav_file_cap = 64 * 1024 * 1024;

// AppError (exit 2) naming `flag`, `path` and `cap` unless `path` is a
// regular file of at most `cap` bytes.
void check_input_file(const std::filesystem::path& path, std::string_view flag, std::uintmax_t cap);

}  // namespace rtpsec::apps
