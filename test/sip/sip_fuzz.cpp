// SPDX-License-Identifier: BSD-3-Clause
// Parses arbitrary bytes as a SIP datagram; whatever parses must print and
// parse back to the same message, and the builders must accept it as a request
// to answer.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <rtpsec/sip/builder.hpp>
#include <rtpsec/sip/message.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rtpsec::sip;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::error_code error;
    const auto parsed = parse_message(text, error);
    if (!parsed) {
        if (!error) std::abort();
        return 0;
    }
    std::string printed;
    try {
        printed = to_string(*parsed);
    } catch (const std::invalid_argument&) {
        std::abort();  // parse_message() takes only what prints
    }
    // What parsed prints to SIP that parses back to the same message.
    std::error_code again;
    const auto reparsed = parse_message(printed, again);
    if (!reparsed || !(*reparsed == *parsed)) std::abort();
    if (parsed->is_request() && parsed->method != "ACK") {
        const auto response = make_response(*parsed, 481);
        try {
            (void)to_string(response);
        } catch (const std::invalid_argument&) {
        }
    }
    return 0;
}
