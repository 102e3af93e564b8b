// SPDX-License-Identifier: BSD-3-Clause
// What an attack costs the program under attack, read from /proc: resident
// memory sampled on a thread (VmRSS, and the kernel's own peak VmHWM) and
// CPU time (utime + stime), so a case can say "RSS grew by X, CPU per 1000
// datagrams Y" and bound them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <sys/types.h>
#include <thread>

namespace rtpsec::test {

// Children of this process named `name` (/proc/PID/comm).
std::set<pid_t> children_named(const std::string& name);
// The child named `name` that is not in `before` (started since), waiting up
// to a second for it to appear; -1 if none.
pid_t new_child(const std::string& name, const std::set<pid_t>& before);

// /proc/PID/status VmRSS and VmHWM in KiB (0 once the process is gone).
std::int64_t resident_kib(pid_t pid);
std::int64_t peak_resident_kib(pid_t pid);
// utime + stime of the process, in seconds.
double cpu_seconds(pid_t pid);

// Samples one process's VmRSS every 10 ms from construction until stop(),
// keeping the first and the highest sample, and CPU time over the same span.
class CostMeter {
  public:
    explicit CostMeter(pid_t pid);
    ~CostMeter();
    CostMeter(const CostMeter&) = delete;
    CostMeter& operator=(const CostMeter&) = delete;

    void stop();
    std::int64_t baseline_kib() const { return baseline_kib_; }
    std::int64_t peak_kib() const { return peak_kib_.load(); }
    std::int64_t growth_kib() const { return peak_kib() - baseline_kib_; }
    double cpu_used() const { return cpu_end_ - cpu_start_; }
    double wall_seconds() const { return wall_; }

  private:
    void sample();

    pid_t pid_;
    std::int64_t baseline_kib_;
    std::atomic<std::int64_t> peak_kib_;
    double cpu_start_;
    double cpu_last_ = 0;  // written by the sampler until stop() joins it
    double cpu_end_ = 0;
    double wall_ = 0;
    std::chrono::steady_clock::time_point started_;
    std::atomic<bool> running_{true};
    std::thread sampler_;
};

// The figure line a case prints for docs/security.md ("What each attack
// cost"): attack, volume, RSS growth, CPU, outcome.
void print_cost(const std::string& attack, const std::string& volume, const CostMeter& meter,
                double datagrams, const std::string& outcome);

// Under AddressSanitizer freed memory waits in a quarantine of up to 256 MB
// before it is reused, so a target's RSS says nothing about what it holds:
// the memory bounds are checked in the plain build, and here scale away.
constexpr int memory_slack() {
#if defined(__SANITIZE_ADDRESS__)
    return 1 << 16;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 1 << 16;
#else
    return 1;
#endif
#else
    return 1;
#endif
}

}  // namespace rtpsec::test
