#include "random.hpp"

#include <cerrno>
#include <string_view>
#include <sys/random.h>
#include <system_error>

namespace rtpsec::sip::detail {

std::string random_token(std::size_t count) {
    static constexpr std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    // 252 = 7 * 36: rejection sampling above it keeps every character equally likely.
    constexpr unsigned limit = 252;
    std::string out;
    out.reserve(count);
    unsigned char pool[64];
    while (out.size() < count) {
        const ssize_t got = ::getrandom(pool, sizeof pool, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        for (ssize_t i = 0; i < got && out.size() < count; ++i) {
            if (pool[i] < limit) out += alphabet[pool[i] % alphabet.size()];
        }
    }
    return out;
}

}  // namespace rtpsec::sip::detail
