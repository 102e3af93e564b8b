// SPDX-License-Identifier: BSD-3-Clause
// The one place the programs turn JSON into text. Report strings carry bytes
// from outside (an SDP's s= or c= line, a SIP reason phrase, a file name), and
// nlohmann's dump() throws type_error.316 on invalid UTF-8: every report goes
// through json_text, which replaces invalid sequences with U+FFFD instead.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace rtpsec::apps {

// `json` as text (one line, or indented by `indent`), always valid UTF-8.
template <typename Json>
std::string json_text(const Json& json, int indent = -1) {
    return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rtpsec::apps
