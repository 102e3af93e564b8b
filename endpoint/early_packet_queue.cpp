// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <utility>

#include <rtpsec/endpoint/early_packet_queue.hpp>

namespace rtpsec::endpoint {

bool EarlyPacketQueue::push(std::span<const std::byte> packet) {
    const std::size_t offset = (used_ + 3) & ~std::size_t{3};
    if (entries_.size() >= limits_.packets || offset + packet.size() > limits_.bytes) return false;
    if (storage_.empty()) {
        if (budget_ && !budget_->try_take(limits_.bytes)) return false;
        storage_.resize(limits_.bytes);
        entries_.reserve(limits_.packets);
    }
    std::copy(packet.begin(), packet.end(), storage_.begin() + static_cast<std::ptrdiff_t>(offset));
    entries_.push_back({offset, packet.size()});
    used_ = offset + packet.size();
    return true;
}

EarlyPacketQueue& EarlyPacketQueue::operator=(EarlyPacketQueue&& other) noexcept {
    if (this != &other) {
        clear();
        limits_ = other.limits_;
        budget_ = std::move(other.budget_);
        storage_ = std::move(other.storage_);
        entries_ = std::move(other.entries_);
        used_ = std::exchange(other.used_, 0);
        other.storage_.clear();
        other.entries_.clear();
    }
    return *this;
}

void EarlyPacketQueue::clear() {
    if (budget_ && !storage_.empty()) budget_->give_back(storage_.size());
    std::vector<std::byte>().swap(storage_);
    std::vector<Entry>().swap(entries_);
    used_ = 0;
}

}  // namespace rtpsec::endpoint
