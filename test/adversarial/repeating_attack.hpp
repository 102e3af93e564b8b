// SPDX-License-Identifier: BSD-3-Clause
// Runs one round of an attack on its own thread every `period` until
// stop(): the attacker keeps going while the programs under attack run.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>

namespace rtpsec::test {

class RepeatingAttack {
  public:
    RepeatingAttack(std::chrono::microseconds period, std::function<void(std::uint64_t)> round)
        : thread_([this, period, round = std::move(round)] {
              auto next = std::chrono::steady_clock::now();
              while (running_) {
                  round(rounds_++);
                  next += period;
                  std::this_thread::sleep_until(next);
              }
          }) {}
    ~RepeatingAttack() { stop(); }
    RepeatingAttack(const RepeatingAttack&) = delete;
    RepeatingAttack& operator=(const RepeatingAttack&) = delete;

    void stop() {
        running_ = false;
        if (thread_.joinable()) thread_.join();
    }
    std::uint64_t rounds() const { return rounds_; }

  private:
    std::atomic<bool> running_{true};
    std::atomic<std::uint64_t> rounds_{0};
    std::thread thread_;
};

}  // namespace rtpsec::test
