// SPDX-License-Identifier: BSD-3-Clause
// OpenSSL's random numbers from a seed, for fuzz targets and tests that must
// take the same path for the same input: handshake randoms, ECDHE keys and
// ECDSA nonces are then a function of the seed. Installed with OpenSSL's
// legacy RAND_METHOD hook, which OpenSSL 3.0 still honours before its own
// DRBG. Test-only: predictable randomness breaks every security property.
#pragma once

#include <cstdint>

namespace rtpsec::test {

// Installs the seeded method (if it is not yet) and restarts it from `seed`.
void reseed_openssl_random(std::uint64_t seed);
// Gives OpenSSL its own random generator back.
void restore_openssl_random();

// For one test: seeded from construction to destruction.
class SeededOpensslRandom {
  public:
    explicit SeededOpensslRandom(std::uint64_t seed) { reseed_openssl_random(seed); }
    ~SeededOpensslRandom() { restore_openssl_random(); }
    SeededOpensslRandom(const SeededOpensslRandom&) = delete;
    SeededOpensslRandom& operator=(const SeededOpensslRandom&) = delete;
};

}  // namespace rtpsec::test
