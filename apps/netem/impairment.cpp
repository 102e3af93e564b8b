// SPDX-License-Identifier: BSD-3-Clause
#include "netem/impairment.hpp"

#include <stdexcept>
#include <string>

namespace rtpsec::netem {
namespace {

void check_rate(double rate, const char* name) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
        throw std::invalid_argument(std::string(name) + " must be between 0 and 1, got " +
                                    std::to_string(rate));
    }
}

}  // namespace

void ImpairmentConfig::validate() const {
    check_rate(loss, "loss");
    check_rate(reorder, "reorder");
    check_rate(duplicate, "duplicate");
    if (delay.count() < 0 || reorder_delay.count() < 0 || duplicate_gap.count() < 0) {
        throw std::invalid_argument("impairment delays must not be negative");
    }
}

ImpairmentModel::ImpairmentModel(ImpairmentConfig config, std::uint64_t seed)
    : config_(config), random_(seed) {
    config_.validate();
}

bool ImpairmentModel::chance(double probability) {
    // Always draw, so one decision never shifts the random stream of the next
    // and changing one rate leaves the other impairments of a seed unchanged.
    return random_.next_unit() < probability;
}

DeliveryPlan ImpairmentModel::next() {
    const bool lose = chance(config_.loss);
    const bool hold_back = chance(config_.reorder);
    const bool duplicate = chance(config_.duplicate);
    DeliveryPlan plan;
    if (lose) return plan;
    auto delay = config_.delay;
    if (hold_back) {
        delay += config_.reorder_delay;
        plan.reordered = true;
    }
    plan.delays[plan.count++] = delay;
    if (duplicate) plan.delays[plan.count++] = delay + config_.duplicate_gap;
    return plan;
}

}  // namespace rtpsec::netem
