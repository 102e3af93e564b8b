// SPDX-License-Identifier: BSD-3-Clause
// Runs rtpsec-call's N concurrent loopback calls through one impairing relay
// on a pool of I/O threads, and builds the report.
#pragma once

#include <nlohmann/json.hpp>

#include "call/call_options.hpp"
#include "common/exit_codes.hpp"

namespace rtpsec::apps {

struct CallRunResult {
    ExitCode exit_code;
    nlohmann::json report;
    std::string summary;  // for people: one line per failed call, then the totals
};

CallRunResult run_calls(const CallOptions& options);

}  // namespace rtpsec::apps
