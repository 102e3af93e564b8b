// SPDX-License-Identifier: BSD-3-Clause
// Simulated time for deterministic engine tests.
//
// The engines take `now` as an input, but OpenSSL's DTLS timer reads the wall
// clock through gettimeofday() (ssl/d1_lib.c, get_current_time). This test
// support defines gettimeofday() in the test executable; libssl's calls bind
// to it, and while a SimulatedClock exists it returns the simulated time, so
// OpenSSL's timer and the engine's deadline agree exactly however fast the
// test runs. With no SimulatedClock alive it returns the real time. Nothing
// of this reaches the library: production never links it.
//
// One SimulatedClock at a time per process (tests run sequentially).
#pragma once

#include <chrono>

namespace rtpsec::test {

class SimulatedClock {
  public:
    using Clock = std::chrono::steady_clock;

    // Starts at an arbitrary fixed steady time point.
    SimulatedClock();
    ~SimulatedClock();
    SimulatedClock(const SimulatedClock&) = delete;
    SimulatedClock& operator=(const SimulatedClock&) = delete;

    Clock::time_point now() const { return now_; }
    // Never backwards.
    void advance_to(Clock::time_point t);
    void advance(Clock::duration d) { advance_to(now_ + d); }

    // Makes the wall clock OpenSSL reads run `lag` behind the simulated
    // steady clock, as after a wall-clock step backwards.
    void set_wall_clock_lag(std::chrono::microseconds lag) { lag_ = lag; }

    // The wall-clock time OpenSSL sees now.
    std::chrono::microseconds wall_time() const;

  private:
    Clock::time_point now_;
    std::chrono::microseconds lag_{0};
};

}  // namespace rtpsec::test
