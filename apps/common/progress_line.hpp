// SPDX-License-Identifier: BSD-3-Clause
// A one-line progress display on stderr while a call runs, only when stderr
// is a terminal: elapsed time, packets each way, loss.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rtpsec::apps {

class ProgressLine {
  public:
    explicit ProgressLine(std::string program);
    ~ProgressLine();

    bool enabled() const { return enabled_; }
    void update(std::chrono::duration<double> elapsed, std::uint64_t sent, std::uint64_t received,
                std::int64_t lost);
    // Ends the line so later messages start on a fresh one.
    void finish();

  private:
    std::string program_;
    bool enabled_;
    bool drawn_ = false;
};

}  // namespace rtpsec::apps
