// SPDX-License-Identifier: BSD-3-Clause
// Helpers shared by the sdp tests: loading the captured samples and parsing
// with a clear failure message.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/session_description.hpp>

namespace rtpsec::sdp::test {

inline std::string read_sample(const std::string& name) {
    const std::string path = std::string(RTPSEC_TEST_DATA_DIR) + "/sdp/" + name;
    std::ifstream in(path, std::ios::binary);
    INFO("sample " << path);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline SessionDescription parse_ok(std::string_view text) {
    ParseError error;
    auto parsed = parse(text, error);
    INFO("parse error: " << error.message());
    REQUIRE(parsed.has_value());
    return std::move(*parsed);
}

inline SessionDescription sample(const std::string& name) {
    return parse_ok(read_sample(name));
}

// LF line ends to CRLF, as our writer emits them.
inline std::string with_crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

inline constexpr const char* offer_samples[] = {
    "baresip100_offer_rtcpmux.sdp",     "baresip100_offer_no_rtcpmux.sdp",
    "foreign_offer_to_baresip.sdp",     "chromium156_loopback_offer.sdp",
    "chromium156_offer_to_icelite.sdp",
};

inline constexpr const char* all_samples[] = {
    "baresip100_answer_no_rtcpmux.sdp",       "baresip100_answer_rtcpmux.sdp",
    "baresip100_answer_to_foreign_offer.sdp", "baresip100_offer_no_rtcpmux.sdp",
    "baresip100_offer_rtcpmux.sdp",           "chromium156_loopback_answer.sdp",
    "chromium156_loopback_offer.sdp",         "chromium156_offer_to_icelite.sdp",
    "foreign_offer_to_baresip.sdp",           "icelite_answer_to_chromium.sdp",
};

}  // namespace rtpsec::sdp::test
