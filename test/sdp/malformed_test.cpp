// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <string>

#include <rtpsec/sdp/parser.hpp>

#include "sdp_test_support.hpp"

using namespace rtpsec::sdp;

namespace {

// A valid DTLS-SRTP offer; rows below replace one line or append one.
const std::string head =
    "v=0\r\n"                              // 1
    "o=- 1 1 IN IP4 192.0.2.1\r\n"         // 2
    "s=-\r\n"                              // 3
    "c=IN IP4 192.0.2.1\r\n"               // 4
    "t=0 0\r\n"                            // 5
    "m=audio 5000 UDP/TLS/RTP/SAVP 0\r\n"  // 6
    "a=setup:actpass\r\n";                 // 7

const std::string sha256 =
    "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:1B:0A:3E:F5:3E:"
    "8B:6A:50:B7";

// The first `count` lines of head.
std::string first_lines(std::size_t count) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < count; ++i)
        end = head.find('\n', end) + 1;
    return head.substr(0, end);
}

struct Row {
    const char* what;
    std::string text;
    SdpError code;
    std::size_t line;
    const char* detail;  // a piece the message must contain
};

}  // namespace

TEST_CASE("the base of the malformed table is valid") {
    rtpsec::sdp::test::parse_ok(head + "a=fingerprint:" + sha256 + "\r\n");
}

TEST_CASE("malformed SDP is refused with the error, the line number and the reason") {
    const Row rows[] = {
        {"empty", "", SdpError::missing_line, 0, "empty"},
        {"only blank lines", "\r\n\r\n", SdpError::missing_line, 0, "empty"},
        {"no v= first", "o=- 1 1 IN IP4 192.0.2.1\r\n", SdpError::misplaced_line, 1, "v=0"},
        {"version 1", "v=1\r\n", SdpError::unsupported_version, 1, "'1'"},
        {"second v=", "v=0\r\nv=0\r\n", SdpError::duplicate_line, 2, "v="},
        {"not type=value", "v=0\r\nhello\r\n", SdpError::malformed_line, 2, "'hello'"},
        {"space before =", "v=0\r\no =- 1 1 IN IP4 1.2.3.4\r\n", SdpError::malformed_line, 2,
         "<type>=<value>"},
        {"unknown type", head + "x=1\r\n", SdpError::unknown_line_type, 8, "'x='"},
        {"upper-case type", "v=0\r\nO=- 1 1 IN IP4 1.2.3.4\r\n", SdpError::unknown_line_type, 2,
         "'O='"},
        {"NUL byte", head + std::string("a=foo\0bar\r\n", 11), SdpError::invalid_character, 8,
         "NUL"},
        {"bare CR", head + "a=foo\rbar\r\n", SdpError::invalid_character, 8, "carriage return"},
        {"missing o=", "v=0\r\ns=-\r\nt=0 0\r\n", SdpError::missing_line, 3, "o="},
        {"missing s=", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n",
         SdpError::missing_line, 4, "s="},
        {"missing t=", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", SdpError::missing_line, 3, "t="},
        {"second o=", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\no=- 1 1 IN IP4 1.2.3.4\r\n",
         SdpError::duplicate_line, 3, "o="},
        {"second session c=", first_lines(4) + "c=IN IP4 192.0.2.2\r\n", SdpError::duplicate_line,
         5, "c="},
        {"o= with 5 fields", "v=0\r\no=- 1 1 IN IP4\r\n", SdpError::malformed_origin, 2,
         "6 fields"},
        {"o= version not a number", "v=0\r\no=- 1 x IN IP4 1.2.3.4\r\n", SdpError::malformed_origin,
         2, "'x'"},
        {"c= bad IPv4", "v=0\r\nc=IN IP4 999.1.1.1\r\n", SdpError::malformed_connection, 2,
         "'999.1.1.1'"},
        {"c= IPv6 address as IP4", "v=0\r\nc=IN IP4 2001:db8::1\r\n",
         SdpError::malformed_connection, 2, "does not match"},
        {"c= IPv4 address as IP6", "v=0\r\nc=IN IP6 192.0.2.1\r\n", SdpError::malformed_connection,
         2, "does not match"},
        {"c= IP5", "v=0\r\nc=IN IP5 192.0.2.1\r\n", SdpError::malformed_connection, 2, "IP5"},
        {"c= two fields", "v=0\r\nc=IN IP4\r\n", SdpError::malformed_connection, 2, "<address>"},
        {"c= bad multicast suffix", "v=0\r\nc=IN IP4 233.252.0.1/x\r\n",
         SdpError::malformed_connection, 2, "multicast"},
        {"b= no value", "v=0\r\nb=AS\r\n", SdpError::malformed_bandwidth, 2, "<bwtype>"},
        {"t= one field", "v=0\r\nt=0\r\n", SdpError::malformed_timing, 2, "<start-time>"},
        {"r= before t=", "v=0\r\nr=7d 1h 0\r\n", SdpError::misplaced_line, 2, "r="},
        {"m= port too big", first_lines(5) + "m=audio 70000 RTP/AVP 0\r\n",
         SdpError::malformed_media, 6, "'70000'"},
        {"m= too few fields", first_lines(5) + "m=audio 5000\r\n", SdpError::malformed_media, 6,
         "<media>"},
        {"m= zero port count", first_lines(5) + "m=audio 5000/0 RTP/AVP 0\r\n",
         SdpError::malformed_media, 6, "number of ports"},
        {"m= bad proto", first_lines(5) + "m=audio 5000 RTP//AVP 0\r\n", SdpError::malformed_media,
         6, "transport protocol"},
        {"s= in a media section", head + "s=again\r\n", SdpError::misplaced_line, 8, "line 6"},
        {"t= in a media section", head + "t=0 0\r\n", SdpError::misplaced_line, 8, "session-level"},
        {"second media i=", head + "i=a\r\ni=b\r\n", SdpError::duplicate_line, 9, "i="},
        {"attribute without name", head + "a=:value\r\n", SdpError::malformed_attribute, 8,
         "no attribute name"},
        {"attribute name with a space", head + "a=bad name\r\n", SdpError::malformed_attribute, 8,
         "not a token"},
        {"setup value", head + "a=setup:both\r\n", SdpError::malformed_attribute, 8, "'both'"},
        {"setup without value", head + "a=setup\r\n", SdpError::malformed_attribute, 8, "a=setup"},
        {"two different setups", head + "a=setup:active\r\n", SdpError::conflicting_attribute, 8,
         "contradicts"},
        {"fingerprint too short", head + "a=fingerprint:sha-256 4A:AD\r\n",
         SdpError::malformed_attribute, 8, "length"},
        {"fingerprint without value", head + "a=fingerprint:sha-256\r\n",
         SdpError::malformed_attribute, 8, "no value"},
        {"fingerprint bad hex",
         head + "a=fingerprint:sha-1 GG:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:"
                "5D:49:6B:19:E5:7C:AB\r\n",
         SdpError::malformed_attribute, 8, "hex"},
        {"fingerprint empty", head + "a=fingerprint:\r\n", SdpError::malformed_attribute, 8,
         "empty"},
        {"tls-id too short", head + "a=tls-id:short\r\n", SdpError::malformed_attribute, 8,
         "RFC 8842"},
        {"tls-id bad character", head + "a=tls-id:abc3de65cddef001be82!\r\n",
         SdpError::malformed_attribute, 8, "RFC 8842"},
        {"two tls-ids", head + "a=tls-id:abc3de65cddef001be82\r\na=tls-id:abc3de65cddef001be83\r\n",
         SdpError::conflicting_attribute, 9, "contradicts"},
        {"rtpmap payload type 200", head + "a=rtpmap:200 PCMU/8000\r\n",
         SdpError::malformed_attribute, 8, "'200'"},
        {"rtpmap without clock rate", head + "a=rtpmap:0 PCMU\r\n", SdpError::malformed_attribute,
         8, "'PCMU'"},
        {"rtpmap zero clock rate", head + "a=rtpmap:0 PCMU/0\r\n", SdpError::malformed_attribute, 8,
         "clock rate"},
        {"rtcp port", head + "a=rtcp:abc\r\n", SdpError::malformed_attribute, 8, "'abc'"},
        {"rtcp address", head + "a=rtcp:5001 IN IP4\r\n", SdpError::malformed_attribute, 8,
         "a=rtcp address"},
        {"empty mid", head + "a=mid:\r\n", SdpError::malformed_attribute, 8, "a=mid"},
        {"two mids", head + "a=mid:a\r\na=mid:b\r\n", SdpError::conflicting_attribute, 9,
         "contradicts"},
        {"empty group", "v=0\r\na=group:\r\n", SdpError::malformed_attribute, 2, "a=group"},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        ParseError error;
        const auto parsed = parse(row.text, error);
        CHECK_FALSE(parsed);
        CHECK(error.code == make_error_code(row.code));
        CHECK(error.code.category().name() == std::string("rtpsec.sdp"));
        CHECK(error.line == row.line);
        INFO("message: " << error.message());
        CHECK(error.message().find(row.detail) != std::string::npos);
        if (row.line != 0) {
            CHECK(error.message().rfind("line " + std::to_string(row.line) + ": ", 0) == 0);
        }
    }
}

TEST_CASE("the same setup twice, in different case, is not a conflict") {
    const auto d = rtpsec::sdp::test::parse_ok(head + "a=SETUP:ACTPASS\r\n");
    CHECK(dtls_parameters(d, d.media.at(0)).setup == Setup::actpass);
}

TEST_CASE("limits bound what hostile input can make the parser allocate") {
    ParseError error;

    SECTION("total size") {
        const std::string big = head + std::string(70 * 1024, 'x');
        CHECK_FALSE(parse(big, error));
        CHECK(error.code == SdpError::too_large);
        CHECK(error.line == 0);
        CHECK(error.message().find("65536") != std::string::npos);
    }
    SECTION("line count") {
        std::string text = head;
        for (int i = 0; i < 20; ++i)
            text += "a=x\r\n";
        ParseLimits limits;
        limits.max_lines = 10;
        CHECK_FALSE(parse(text, error, limits));
        CHECK(error.code == SdpError::too_many_lines);
        CHECK(error.line == 11);
        // Blank lines count too: they cost parsing time.
        CHECK_FALSE(parse(std::string(5000, '\n'), error));
        CHECK(error.code == SdpError::too_many_lines);
    }
    SECTION("line length") {
        const std::string text = head + "a=x-long:" + std::string(5000, 'y') + "\r\n";
        CHECK_FALSE(parse(text, error));
        CHECK(error.code == SdpError::line_too_long);
        CHECK(error.line == 8);
    }
    SECTION("media sections") {
        std::string text = head;
        for (int i = 0; i < 64; ++i)
            text += "m=audio 0 RTP/AVP 0\r\n";
        CHECK_FALSE(parse(text, error));
        CHECK(error.code == SdpError::too_many_media_sections);
        CHECK(error.line == 7 + 64);
    }
    SECTION("attributes per section, media and session level") {
        std::string text = head;
        for (int i = 0; i < 511; ++i)
            text += "a=x\r\n";
        CHECK(parse(text, error));
        CHECK_FALSE(parse(text + "a=x\r\n", error));
        CHECK(error.code == SdpError::too_many_attributes);
        CHECK(error.line == 7 + 512);

        std::string session = "v=0\r\n";
        for (int i = 0; i < 513; ++i)
            session += "a=x\r\n";
        CHECK_FALSE(parse(session, error));
        CHECK(error.code == SdpError::too_many_attributes);
    }
}
