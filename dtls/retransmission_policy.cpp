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
    require(max_timeout <= milliseconds(3'600'000), "max_timeout must be at most one hour");
    // The shortest first timeout a flight can get is the smaller of the two
    // floors; that flight must not outlast OpenSSL's retransmission limit.
    RetransmissionPolicy worst = *this;
    worst.initial_timeout = std::min(initial_timeout, min_timeout);
    require(worst.retransmissions_before_deadline() <= openssl_retransmission_limit,
            "more than 12 retransmissions of one flight before handshake_timeout (OpenSSL's "
            "limit); raise max_timeout or lower handshake_timeout");
}

}  // namespace rtpsec::dtls
