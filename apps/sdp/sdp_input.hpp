// SPDX-License-Identifier: BSD-3-Clause
// Reading the SDP a user points rtpsec-sdp at: a file, or standard input for "-".
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace rtpsec::apps::sdp {

// Reads at most `limit` + 1 bytes, enough for the parser to tell the user
// the SDP is too large without reading a huge file whole. On failure returns
// nullopt and says why in `error`.
std::optional<std::string> read_sdp_input(const std::string& path, std::size_t limit,
                                          std::string& error);

}  // namespace rtpsec::apps::sdp
