// SPDX-License-Identifier: BSD-3-Clause
// Requests per source host, as a token bucket each: what one host may make a
// user agent answer.
//
// Keyed by host, not host and port: a stranger has as many ports as it likes.
// The table is bounded; when it is full the source seen longest ago makes
// room. Sources a call is with are not limited here (the user agent checks
// the dialog first).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

#include <rtpsec/common/export.hpp>
#include <rtpsec/sip/transaction.hpp>

namespace rtpsec::sip {

class RTPSEC_EXPORT SourceRateLimiter {
  public:
    // `per_second` requests on average, `burst` at once, from each of at most
    // `max_sources` hosts tracked at a time.
    SourceRateLimiter(double per_second, double burst, std::size_t max_sources);

    // Takes one request's token from `host`'s bucket; false when it is empty.
    bool allow(const std::string& host, Clock::time_point now);

  private:
    struct Bucket {
        double tokens;
        Clock::time_point refilled;
    };

    double per_second_;
    double burst_;
    std::size_t max_sources_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace rtpsec::sip
