// SPDX-License-Identifier: BSD-3-Clause
// SDP parse, write and answer on a captured Chromium offer. There is no
// library underneath the SDP layer, so the floor it is measured against is
// the cheapest possible pass over the same text: finding every line end.
#include <benchmark/benchmark.h>
#include <cstring>
#include <string>

#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

namespace {

// test/data/sdp/chromium156_loopback_offer.sdp, in CRLF.
constexpr const char* chromium_offer =
    "v=0\r\n"
    "o=- 7965900171544723886 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=audio 56977 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=candidate:1171798025 1 udp 2122260223 127.0.0.1 56977 typ host generation 0 network-id 1 "
    "network-cost 50\r\n"
    "a=ice-ufrag:7kw9\r\n"
    "a=ice-pwd:H5fHKTnkixC3TmCemPEaGyQq\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 "
    "C4:40:8F:1C:D6:5E:BA:09:71:F3:EB:7C:DD:03:09:5B:CF:83:5C:1C:50:30:60:F0:C4:B3:7E:48:8B:53:04:"
    "C9\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=sendrecv\r\n"
    "a=msid:- e046c3d6-3f6a-4a86-8a46-61268cee7248\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtcp-xr:rcvr-rtt=all\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtcp-fb:111 transport-cc\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:63 red/48000/2\r\n"
    "a=fmtp:63 111/111\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:13 CN/8000\r\n"
    "a=rtpmap:110 telephone-event/48000\r\n"
    "a=rtpmap:126 telephone-event/8000\r\n"
    "a=ssrc:2923622712 cname:XQBuvHTHDL218bpH\r\n"
    "a=ssrc:2923622712 msid:- e046c3d6-3f6a-4a86-8a46-61268cee7248\r\n";

const std::string& offer_text() {
    static const std::string text = chromium_offer;
    return text;
}

void BM_line_scan_floor(benchmark::State& state) {
    const std::string& text = offer_text();
    for (auto _ : state) {
        std::size_t lines = 0;
        const char* p = text.data();
        const char* end = p + text.size();
        while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
            p = static_cast<const char*>(nl) + 1;
            ++lines;
        }
        benchmark::DoNotOptimize(lines);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_line_scan_floor);

void BM_parse(benchmark::State& state) {
    const std::string& text = offer_text();
    for (auto _ : state) {
        rtpsec::sdp::ParseError error;
        auto parsed = rtpsec::sdp::parse(text, error);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_parse);

void BM_write(benchmark::State& state) {
    rtpsec::sdp::ParseError error;
    const auto parsed = rtpsec::sdp::parse(offer_text(), error);
    for (auto _ : state) {
        auto text = rtpsec::sdp::write(*parsed);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_write);

void BM_parse_and_answer(benchmark::State& state) {
    std::error_code ec;
    rtpsec::sdp::AnswerOptions options;
    options.local = {"192.0.2.1", 40000};
    options.fingerprints = {*rtpsec::dtls::Fingerprint::parse(
        "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:1B:0A:3E:"
        "F5:3E:8B:6A:50:B7",
        ec)};
    for (auto _ : state) {
        rtpsec::sdp::ParseError error;
        const auto offer = rtpsec::sdp::parse(offer_text(), error);
        auto answer = rtpsec::sdp::build_answer(*offer, options);
        auto text = rtpsec::sdp::write(answer.description);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_parse_and_answer);

}  // namespace

BENCHMARK_MAIN();
