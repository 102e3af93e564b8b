// SPDX-License-Identifier: BSD-3-Clause
// Small text files the programs exchange (SDP offers and answers).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace rtpsec::apps {

// Reads at most 64 KiB + 1 bytes (enough for the SDP parser to refuse a huge
// file without reading it whole); AppError (exit 2) if it cannot be read.
std::string read_sdp_file(const std::filesystem::path& path);

// Writes to PATH.tmp and renames it over PATH, so a reader polling for PATH
// never sees half a file; AppError (exit 2) on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace rtpsec::apps
