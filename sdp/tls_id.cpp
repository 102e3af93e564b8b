// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/common/random_source.hpp>
#include <rtpsec/sdp/tls_id.hpp>

#include "text.hpp"

namespace rtpsec::sdp {

bool is_valid_tls_id(std::string_view value) {
    if (value.size() < 20 || value.size() > 255) return false;
    for (char c : value) {
        if (!detail::is_alpha(c) && !detail::is_digit(c) && c != '+' && c != '/' && c != '-' &&
            c != '_') {
            return false;
        }
    }
    return true;
}

std::string generate_tls_id() {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    return random_string(*os_random_source(), 32, alphabet);
}

}  // namespace rtpsec::sdp
