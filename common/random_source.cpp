// SPDX-License-Identifier: BSD-3-Clause
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <sys/random.h>
#include <system_error>

#include <rtpsec/common/random_source.hpp>

namespace rtpsec {
namespace {

class OsRandomSource final : public RandomSource {
  public:
    void fill(std::span<std::byte> out) override {
        auto* bytes = out.data();
        std::size_t left = out.size();
        while (left > 0) {
            const ssize_t got = ::getrandom(bytes, left, 0);
            if (got < 0) {
                if (errno == EINTR) continue;
                throw std::system_error(errno, std::generic_category(), "getrandom");
            }
            bytes += got;
            left -= static_cast<std::size_t>(got);
        }
    }
};

}  // namespace

std::shared_ptr<RandomSource> os_random_source() {
    return std::make_shared<OsRandomSource>();
}

void SeededRandomSource::fill(std::span<std::byte> out) {
    const std::lock_guard lock(mutex_);
    std::size_t at = 0;
    while (at < out.size()) {
        const std::uint64_t word = generator_.next();
        const std::size_t take = std::min(sizeof word, out.size() - at);
        std::memcpy(out.data() + at, &word, take);
        at += take;
    }
}

std::uint64_t random_bits(RandomSource& source, unsigned bits) {
    std::uint64_t value = 0;
    source.fill(std::as_writable_bytes(std::span(&value, 1)));
    return bits >= 64 ? value : value & ((std::uint64_t{1} << bits) - 1);
}

std::uint32_t random_nonzero_u32(RandomSource& source) {
    std::uint32_t value = 0;
    while (value == 0)
        value = static_cast<std::uint32_t>(random_bits(source, 32));
    return value;
}

std::string random_string(RandomSource& source, std::size_t count, std::string_view alphabet) {
    if (alphabet.empty() || alphabet.size() > 256) {
        throw std::invalid_argument("random_string: alphabet must have 1 to 256 characters");
    }
    // Rejection sampling keeps every character equally likely.
    const unsigned limit = 256 - 256 % static_cast<unsigned>(alphabet.size());
    std::string out;
    out.reserve(count);
    std::byte pool[64];
    std::size_t used = sizeof pool;
    while (out.size() < count) {
        if (used == sizeof pool) {
            source.fill(pool);
            used = 0;
        }
        const auto byte = std::to_integer<unsigned>(pool[used++]);
        if (byte < limit) out.push_back(alphabet[byte % alphabet.size()]);
    }
    return out;
}

}  // namespace rtpsec
