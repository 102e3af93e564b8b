// SPDX-License-Identifier: BSD-3-Clause
// A seeded network impairment model: decides, datagram by datagram, whether a
// datagram is lost, duplicated or held back so later ones overtake it.
//
// Sans-IO: it only returns delivery delays; the relay (or an in-memory test
// link) does the delivering. The same seed and the same sequence of calls give
// the same decisions, so an impaired run can be replayed exactly.
#pragma once

#include <chrono>
#include <cstdint>

#include <rtpsec/common/split_mix64.hpp>

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
