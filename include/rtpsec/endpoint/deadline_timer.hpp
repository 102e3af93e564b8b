// SPDX-License-Identifier: BSD-3-Clause
// One Asio timer kept armed for a sans-IO core's exact next deadline. It is
// re-armed only when the deadline changes, so a busy packet path, whose
// deadline rarely moves, does not touch the timer queue per datagram.
//
// Threading: use from the executor (strand) the timer was made on; the
// expiry handler runs there.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include <rtpsec/common/export.hpp>

namespace rtpsec::endpoint {

class RTPSEC_EXPORT DeadlineTimer {
  public:
    using Clock = std::chrono::steady_clock;

    template <typename Executor>
    explicit DeadlineTimer(const Executor& executor) : timer_(executor) {}

    // Arms for `deadline` (disarms for nullopt) unless already armed for it;
    // on_expiry runs once when it passes, not after cancel() or a re-arm.
    void arm(std::optional<Clock::time_point> deadline, std::function<void()> on_expiry) {
        if (deadline == armed_for_) return;
        armed_for_ = deadline;
        if (!deadline) {
            timer_.cancel();
            return;
        }
        timer_.expires_at(*deadline);
        timer_.async_wait(
            [this, on_expiry = std::move(on_expiry)](const boost::system::error_code& ec) {
                if (ec) return;
                armed_for_.reset();
                on_expiry();
            });
    }

    void cancel() {
        armed_for_.reset();
        timer_.cancel();
    }

  private:
    boost::asio::steady_timer timer_;
    std::optional<Clock::time_point> armed_for_;
};

}  // namespace rtpsec::endpoint
