// SPDX-License-Identifier: BSD-3-Clause
#include <cstdint>
#include <cstdlib>

#include <rtpsec/dtls/fingerprint.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::error_code ec;
    const auto fp = rtpsec::dtls::Fingerprint::parse(
        std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (fp) {
        // Whatever parses must format back to something that parses to the same value.
        std::error_code again;
        const auto reparsed = rtpsec::dtls::Fingerprint::parse(fp->to_string(), again);
        if (!reparsed || !(*reparsed == *fp)) std::abort();
    } else if (!ec) {
        std::abort();
    }
    return 0;
}
