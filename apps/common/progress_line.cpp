// SPDX-License-Identifier: BSD-3-Clause
#include "common/progress_line.hpp"

#include <cstdio>
#include <unistd.h>

namespace rtpsec::apps {

ProgressLine::ProgressLine(std::string program)
    : program_(std::move(program)), enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
    finish();
}

void ProgressLine::update(std::chrono::duration<double> elapsed, std::uint64_t sent,
                          std::uint64_t received, std::int64_t lost) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r%s: %6.1f s  sent %llu  received %llu  lost %lld   ", program_.c_str(),
                 elapsed.count(), static_cast<unsigned long long>(sent),
                 static_cast<unsigned long long>(received), static_cast<long long>(lost));
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
}

}  // namespace rtpsec::apps
