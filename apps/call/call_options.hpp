// SPDX-License-Identifier: BSD-3-Clause
// rtpsec-call's command line (docs/design.md, "rtpsec-call").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <rtpsec/srtp/profile.hpp>

#include "netem/impairment.hpp"

namespace rtpsec::apps {

struct CallOptions {
    std::size_t calls = 1;
    double duration_s = 3.0;
    std::vector<srtp::ProfileId> profiles;  // empty: every profile, in our order
    netem::ImpairmentConfig impairment;
    std::uint64_t seed = 1;
    double handshake_timeout_s = 15.0;
    std::size_t threads = 0;  // 0: one per core
    bool rtcp_mux = true;     // false: RTCP on its own port and DTLS association
    bool json = false;
    // Fail the run (exit 5) when more than this share of media packets is lost.
    std::optional<double> max_loss;
};

// nullopt after --help/--version; AppError (exit 2) for bad flags.
std::optional<CallOptions> parse_call_options(int argc, char** argv);

}  // namespace rtpsec::apps
