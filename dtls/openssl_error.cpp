// SPDX-License-Identifier: BSD-3-Clause
#include "openssl_error.hpp"

#include <openssl/err.h>

namespace rtpsec::dtls::detail {

std::string take_openssl_errors() {
    std::string text;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty()) text += "; ";
        // "error:0A000086:SSL routines::certificate verify failed": keep the
        // part after the last "::"/":" pair that carries the reason.
        std::string entry(buffer);
        if (const auto reason = entry.rfind(':'); reason != std::string::npos) {
            const auto tail = entry.substr(reason + 1);
            text += tail.empty() ? entry : tail;
        } else {
            text += entry;
        }
    }
    return text;
}

void clear_openssl_errors() {
    ERR_clear_error();
}

}  // namespace rtpsec::dtls::detail
