// SPDX-License-Identifier: BSD-3-Clause
#include "media/g711.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using rtpsec::media::decode_ulaw;
using rtpsec::media::encode_ulaw;

TEST_CASE("G.711 mu-law reference points") {
    // ITU-T G.711 Table 2a: code words as transmitted (bits inverted).
    CHECK(encode_ulaw(0) == 0xFF);
    CHECK(encode_ulaw(32767) == 0x80);
    CHECK(encode_ulaw(-32768) == 0x00);
    CHECK(decode_ulaw(0xFF) == 0);
    CHECK(decode_ulaw(0x7F) == 0);  // "negative zero"
    CHECK(decode_ulaw(0x80) == 32124);
    CHECK(decode_ulaw(0x00) == -32124);
    CHECK(decode_ulaw(0xF0) == 120);  // first step of segment 0 is 8 in 16-bit units
    CHECK(decode_ulaw(0xEF) == 132);
}

TEST_CASE("every mu-law code word survives decode then encode") {
    for (int code = 0; code < 256; ++code) {
        if (code == 0x7F) continue;  // negative zero decodes to 0, which encodes as 0xFF
        CHECK(encode_ulaw(decode_ulaw(static_cast<std::uint8_t>(code))) == code);
    }
}

TEST_CASE("mu-law quantisation error stays within half a step of its segment") {
    for (int sample = -32768; sample <= 32767; sample += 7) {
        const int decoded = decode_ulaw(encode_ulaw(static_cast<std::int16_t>(sample)));
        const int magnitude = std::abs(sample);
        // Step size doubles with each segment: 8 up to ~256, ..., 1024 at the top.
        const int allowed = magnitude < 256 ? 8 : magnitude < 8192 ? magnitude / 16 : 1024;
        INFO("sample " << sample << " decoded " << decoded);
        CHECK(std::abs(decoded - std::clamp(sample, -32635, 32635)) <= allowed);
    }
}
