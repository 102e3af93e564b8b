// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>
#include <string>

#include <rtpsec/dtls/retransmission_policy.hpp>

namespace rtpsec::dtls {
namespace {

using std::chrono::microseconds;

// OpenSSL fails a flight itself after this many timeouts (DTLS1_TMO_ALERT_COUNT
// in <openssl/dtls1.h>); the policy must end the handshake before that.
constexpr unsigned openssl_retransmission_limit = 12;

// OpenSSL's timer takes microseconds in an unsigned int: about 71 minutes.
constexpr std::chrono::milliseconds longest_timeout{3'600'000};

// The longest deadline fitted_to() takes: with every timeout at
// longest_timeout, the 13th retransmission would be due after 13 hours.
constexpr std::chrono::milliseconds longest_handshake_timeout{12 * 3'600'000};

// The smallest value in [low, high] for which fits(value) holds, or nullopt;
// fits must be monotonic (false below some value, true from it on).
template <typename Fits>
std::optional<std::chrono::milliseconds> smallest_fitting(std::chrono::milliseconds low,
                                                          std::chrono::milliseconds high,
                                                          Fits fits) {
    if (low > high || !fits(high)) return std::nullopt;
    while (low < high) {
        const auto middle = low + (high - low) / 2;
        if (fits(middle)) {
            high = middle;
        } else {
            low = middle + std::chrono::milliseconds(1);
        }
    }
    return high;
}

}  // namespace

microseconds RetransmissionPolicy::backoff(microseconds first, unsigned n) const {
    const microseconds cap = max_timeout;
    microseconds timeout = std::min(first, cap);
    for (unsigned i = 1; i < n && timeout < cap; ++i)
        timeout = std::min(timeout * 2, cap);
    return timeout;
}

microseconds RetransmissionPolicy::adapted_first_timeout(std::optional<microseconds> rtt) const {
    if (!rtt) return initial_timeout;
    return std::clamp<microseconds>(*rtt * 2, min_timeout, max_timeout);
}

unsigned RetransmissionPolicy::retransmissions_before_deadline() const {
    // The first flight goes out at t = 0; the n-th retransmission at the sum
    // of the first n timeouts. A retransmission due exactly at the deadline
    // does not happen: the deadline is checked first.
    const microseconds first = initial_timeout;
    microseconds at{0};
    unsigned count = 0;
    while (true) {
        at += backoff(first, count + 1);
        if (at >= handshake_timeout) return count;
        ++count;
    }
}

unsigned RetransmissionPolicy::worst_case_retransmissions() const {
    RetransmissionPolicy worst = *this;
    worst.initial_timeout = std::min(initial_timeout, min_timeout);
    return worst.retransmissions_before_deadline();
}

void RetransmissionPolicy::validate() const {
    using std::chrono::milliseconds;
    const auto require = [](bool ok, const char* what) {
        if (!ok) throw std::invalid_argument(std::string("retransmission policy: ") + what);
    };
    require(initial_timeout > milliseconds::zero(), "initial_timeout must be positive");
    require(min_timeout > milliseconds::zero(), "min_timeout must be positive");
    require(min_timeout <= max_timeout, "min_timeout must not exceed max_timeout");
    require(initial_timeout <= max_timeout, "initial_timeout must not exceed max_timeout");
    require(handshake_timeout > milliseconds::zero(), "handshake_timeout must be positive");
    // OpenSSL's timer takes microseconds in an unsigned int.
    require(max_timeout <= longest_timeout, "max_timeout must be at most one hour");
    // The shortest first timeout a flight can get is the smaller of the two
    // floors; that flight must not outlast OpenSSL's retransmission limit.
    require(worst_case_retransmissions() <= openssl_retransmission_limit,
            "more than 12 retransmissions of one flight before handshake_timeout (OpenSSL's "
            "limit); raise max_timeout or lower handshake_timeout");
}

RetransmissionPolicy RetransmissionPolicy::fitted_to(std::chrono::milliseconds timeout) const {
    using std::chrono::milliseconds;
    if (timeout <= milliseconds::zero() || timeout > longest_handshake_timeout) {
        throw std::invalid_argument(
            "retransmission policy: handshake_timeout must be positive and at most 12 hours");
    }
    RetransmissionPolicy fitted = *this;
    fitted.handshake_timeout = timeout;
    const auto fits = [](const RetransmissionPolicy& policy) {
        return policy.worst_case_retransmissions() <= openssl_retransmission_limit;
    };
    if (fits(fitted)) return fitted;
    // A cap beyond the deadline changes nothing more, so the search ends there.
    const milliseconds ceiling = std::min(std::max(timeout, max_timeout), longest_timeout);
    const auto cap = smallest_fitting(max_timeout, ceiling, [&](milliseconds value) {
        RetransmissionPolicy candidate = fitted;
        candidate.max_timeout = value;
        return fits(candidate);
    });
    if (cap) {
        fitted.max_timeout = *cap;
        return fitted;
    }
    fitted.max_timeout = ceiling;
    const auto first =
        smallest_fitting(std::min(initial_timeout, min_timeout), ceiling, [&](milliseconds value) {
            RetransmissionPolicy candidate = fitted;
            candidate.initial_timeout = std::max(initial_timeout, value);
            candidate.min_timeout = std::max(min_timeout, value);
            return fits(candidate);
        });
    // Every first timeout at the one-hour cap spans 13 hours: a value is found.
    fitted.initial_timeout = std::max(initial_timeout, first.value_or(ceiling));
    fitted.min_timeout = std::max(min_timeout, first.value_or(ceiling));
    fitted.validate();
    return fitted;
}

}  // namespace rtpsec::dtls
