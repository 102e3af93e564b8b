// SPDX-License-Identifier: BSD-3-Clause
// Parses arbitrary bytes; whatever parses must write and read back to the same
// model, and the DTLS-SRTP readers must not fail on it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rtpsec::sdp;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ParseError error;
    const auto parsed = parse(text, error);
    if (!parsed) {
        if (!error.code) std::abort();
        return 0;
    }
    const std::string written = write(*parsed);
    ParseError again;
    const auto reparsed = parse(written, again);
    if (!reparsed || !(*reparsed == *parsed)) std::abort();
    if (write(*reparsed) != written) std::abort();

    // Exercise the typed readers and the answerer on whatever parsed.
    for (const auto& media : parsed->media) {
        (void)media.codecs();
        (void)media.rtcp();
        (void)dtls_parameters(*parsed, media);
        (void)ice_parameters(*parsed, media);
    }
    static const auto fingerprint = [] {
        std::error_code ec;
        return *rtpsec::dtls::Fingerprint::parse(
            "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:1B:0A:"
            "3E:F5:3E:8B:6A:50:B7",
            ec);
    }();
    AnswerOptions options;
    options.local = {"192.0.2.1", 5000};
    options.fingerprints = {fingerprint};
    options.tls_id = "abc3de65cddef001be82";
    options.session_id = "1";
    const auto answer = build_answer(*parsed, options);
    if (answer.accepted() == static_cast<bool>(answer.error)) std::abort();
    NegotiationError negotiation;
    (void)negotiate(*parsed, *parsed, Side::offerer, negotiation);
    return 0;
}
