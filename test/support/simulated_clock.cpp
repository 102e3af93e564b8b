// SPDX-License-Identifier: BSD-3-Clause
#include "simulated_clock.hpp"

#include <atomic>
#include <stdexcept>
#include <sys/time.h>
#include <time.h>

namespace rtpsec::test {
namespace {

std::atomic<const SimulatedClock*> active{nullptr};

// 2025-01-01T00:00:00Z: a plausible wall time for the simulated steady epoch.
constexpr std::chrono::seconds wall_epoch{1'735'689'600};
// Where simulated steady time starts (not zero: engines subtract time points).
constexpr SimulatedClock::Clock::time_point start{std::chrono::hours(1000)};

}  // namespace

SimulatedClock::SimulatedClock() : now_(start) {
    const SimulatedClock* expected = nullptr;
    if (!active.compare_exchange_strong(expected, this)) {
        throw std::logic_error("only one SimulatedClock may exist at a time");
    }
}

SimulatedClock::~SimulatedClock() {
    active.store(nullptr);
}

void SimulatedClock::advance_to(Clock::time_point t) {
    if (t > now_) now_ = t;
}

std::chrono::microseconds SimulatedClock::wall_time() const {
    return wall_epoch +
           std::chrono::duration_cast<std::chrono::microseconds>(now_.time_since_epoch()) - lag_;
}

}  // namespace rtpsec::test

// Interposes the C library's gettimeofday for this executable (see header).
extern "C" int gettimeofday(struct timeval* tv, void* /*timezone*/) noexcept {
    if (const auto* clock = rtpsec::test::active.load()) {
        const auto wall = clock->wall_time();
        tv->tv_sec = static_cast<time_t>(wall.count() / 1'000'000);
        tv->tv_usec = static_cast<suseconds_t>(wall.count() % 1'000'000);
        return 0;
    }
    timespec real{};
    clock_gettime(CLOCK_REALTIME, &real);
    tv->tv_sec = real.tv_sec;
    tv->tv_usec = static_cast<suseconds_t>(real.tv_nsec / 1000);
    return 0;
}
