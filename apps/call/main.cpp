// SPDX-License-Identifier: BSD-3-Clause
#include <iostream>

#include "call/call_options.hpp"
#include "call/call_runner.hpp"
#include "common/app_error.hpp"
#include "common/json_text.hpp"

int main(int argc, char** argv) {
    return rtpsec::apps::run_program("rtpsec-call", argc, argv, [&] {
        const auto options = rtpsec::apps::parse_call_options(argc, argv);
        if (!options) return 0;
        const auto result = rtpsec::apps::run_calls(*options);
        if (options->json) {
            std::cout << rtpsec::apps::json_text(result.report) << std::endl;
        } else {
            std::cout << result.summary;
        }
        if (result.exit_code != rtpsec::apps::exit_success) {
            std::cerr << "rtpsec-call: " << result.report["error"].get<std::string>()
                      << " (run with --json for per-call details)\n";
        }
        return static_cast<int>(result.exit_code);
    });
}
