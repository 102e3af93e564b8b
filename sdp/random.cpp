#include "random.hpp"

#include <cerrno>
#include <cstddef>
#include <stdexcept>
#include <sys/random.h>
#include <system_error>

namespace rtpsec::sdp::detail {
namespace {

void fill_random(void* buffer, std::size_t size) {
    auto* bytes = static_cast<unsigned char*>(buffer);
    while (size > 0) {
        const ssize_t got = ::getrandom(bytes, size, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        bytes += got;
        size -= static_cast<std::size_t>(got);
    }
}

}  // namespace

std::uint64_t random_bits(unsigned bits) {
    std::uint64_t value = 0;
    fill_random(&value, sizeof value);
    return bits >= 64 ? value : value & ((std::uint64_t{1} << bits) - 1);
}

std::string random_string(std::size_t count, std::string_view alphabet) {
    if (alphabet.empty() || alphabet.size() > 256) {
        throw std::invalid_argument("random_string: alphabet must have 1 to 256 characters");
    }
    // Rejection sampling keeps every character equally likely.
    const unsigned limit = 256 - 256 % static_cast<unsigned>(alphabet.size());
    std::string out;
    out.reserve(count);
    unsigned char pool[64];
    std::size_t used = sizeof pool;
    while (out.size() < count) {
        if (used == sizeof pool) {
            fill_random(pool, sizeof pool);
            used = 0;
        }
        const unsigned byte = pool[used++];
        if (byte < limit) out.push_back(alphabet[byte % alphabet.size()]);
    }
    return out;
}

}  // namespace rtpsec::sdp::detail
