// SPDX-License-Identifier: BSD-3-Clause
// ByteBudget: how many bytes a group of holders may keep for peers that have
// not authenticated yet (early DTLS datagrams, early SRTP), so that strangers
// cannot make an endpoint hold more than its AdmissionPolicy allows.
//
// A holder takes bytes before it keeps them and gives them back when it frees
// them; a refused take means "drop and count". Shared by one endpoint's
// transports, which run on one thread: no locks.
#pragma once

#include <cstddef>

#include <rtpsec/common/export.hpp>

namespace rtpsec {

class RTPSEC_EXPORT ByteBudget {
  public:
    explicit ByteBudget(std::size_t limit) : limit_(limit) {}

    // Takes `bytes` if they fit; false (nothing taken) otherwise.
    bool try_take(std::size_t bytes) {
        if (bytes > limit_ - used_) return false;
        used_ += bytes;
        return true;
    }
    void give_back(std::size_t bytes) { used_ -= bytes < used_ ? bytes : used_; }

    std::size_t used() const { return used_; }
    std::size_t limit() const { return limit_; }

  private:
    std::size_t limit_;
    std::size_t used_ = 0;
};

}  // namespace rtpsec
