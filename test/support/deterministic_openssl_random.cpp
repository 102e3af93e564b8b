// SPDX-License-Identifier: BSD-3-Clause
// RAND_set_rand_method is deprecated in OpenSSL 3.0 (and kept): it is the one
// hook that reaches every RAND_bytes/RAND_priv_bytes call inside libssl.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "deterministic_openssl_random.hpp"

#include <cstring>
#include <openssl/rand.h>

#include <rtpsec/common/split_mix64.hpp>

namespace rtpsec::test {
namespace {

SplitMix64 generator{0};

int seeded_bytes(unsigned char* out, int count) {
    for (int at = 0; at < count;) {
        const std::uint64_t word = generator.next();
        const int take = count - at < 8 ? count - at : 8;
        std::memcpy(out + at, &word, static_cast<std::size_t>(take));
        at += take;
    }
    return 1;
}

int ignore_seed(const void*, int) {
    return 1;
}
int ignore_entropy(const void*, int, double) {
    return 1;
}
int always_ready() {
    return 1;
}

const RAND_METHOD seeded_method = {ignore_seed,    seeded_bytes, nullptr,
                                   ignore_entropy, seeded_bytes, always_ready};

}  // namespace

void reseed_openssl_random(std::uint64_t seed) {
    generator = SplitMix64(seed);
    if (RAND_get_rand_method() != &seeded_method) RAND_set_rand_method(&seeded_method);
}

void restore_openssl_random() {
    RAND_set_rand_method(nullptr);
}

}  // namespace rtpsec::test
