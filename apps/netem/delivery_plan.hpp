// SPDX-License-Identifier: BSD-3-Clause
// What the impairment model decided for one datagram: up to two deliveries,
// each after a delay. No deliveries means it was lost.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

namespace rtpsec::netem {

struct DeliveryPlan {
    std::array<std::chrono::microseconds, 2> delays{};
    std::size_t count = 0;
    bool reordered = false;

    bool lost() const { return count == 0; }
};

}  // namespace rtpsec::netem
