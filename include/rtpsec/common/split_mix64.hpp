// SPDX-License-Identifier: BSD-3-Clause
// SplitMix64 (Steele, Lea and Flood, 2014): a seeded generator with 8 bytes of
// state where std::mt19937_64 keeps 2.5 KB, the same on every platform and
// standard library (std::uniform_real_distribution is not), so a seed
// reproduces a run. For timer jitter and test impairments, not for secrets.
#pragma once

#include <cstdint>

#include <rtpsec/common/export.hpp>

namespace rtpsec {

class RTPSEC_EXPORT SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1), from the top 53 bits.
    double next_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  private:
    std::uint64_t state_;
};

}  // namespace rtpsec
