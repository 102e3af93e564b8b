// A seeded network impairment model: decides, datagram by datagram, whether a
// datagram is lost, duplicated or held back so later ones overtake it.
//
// Sans-IO: it only returns delivery delays; the relay (or an in-memory test
// link) does the delivering. The same seed and the same sequence of calls give
// the same decisions, so an impaired run can be replayed exactly.
#pragma once

#include <chrono>
#include <cstdint>

#include "netem/delivery_plan.hpp"

namespace rtpsec::netem {

struct ImpairmentConfig {
    double loss = 0.0;                   // probability a datagram is dropped
    double reorder = 0.0;                // probability a datagram is held back by reorder_delay
    double duplicate = 0.0;              // probability a datagram is delivered twice
    std::chrono::microseconds delay{0};  // added to every datagram
    std::chrono::microseconds reorder_delay{30'000};  // hold-back of a reordered one
    std::chrono::microseconds duplicate_gap{1'000};   // the copy trails the original by this

    // Throws std::invalid_argument naming the bad field (rates must be in [0, 1]).
    void validate() const;
};

// SplitMix64 (Steele, Lea and Flood, 2014): 8 bytes of state where
// std::mt19937_64 keeps 2.5 KB, and a relay holds two models per route.
class SplitMix64 {
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

class ImpairmentModel {
  public:
    ImpairmentModel(ImpairmentConfig config, std::uint64_t seed);

    // The fate of the next datagram.
    DeliveryPlan next();

    const ImpairmentConfig& config() const { return config_; }

  private:
    bool chance(double probability);

    ImpairmentConfig config_;
    SplitMix64 random_;
};

}  // namespace rtpsec::netem
