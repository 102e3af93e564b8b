// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>

#include <rtpsec/sip/source_rate_limiter.hpp>

namespace rtpsec::sip {

SourceRateLimiter::SourceRateLimiter(double per_second, double burst, std::size_t max_sources)
    : per_second_(per_second), burst_(burst), max_sources_(std::max<std::size_t>(max_sources, 1)) {}

bool SourceRateLimiter::allow(const std::string& host, Clock::time_point now) {
    auto it = buckets_.find(host);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_sources_) {
            buckets_.erase(std::min_element(buckets_.begin(), buckets_.end(),
                                            [](const auto& a, const auto& b) {
                                                return a.second.refilled < b.second.refilled;
                                            }));
        }
        it = buckets_.emplace(host, Bucket{burst_, now}).first;
    }
    Bucket& bucket = it->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * per_second_);
    bucket.refilled = now;
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
}

}  // namespace rtpsec::sip
