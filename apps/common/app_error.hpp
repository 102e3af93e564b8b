// SPDX-License-Identifier: BSD-3-Clause
// AppError: the one way a program fails. It carries the exit code and the one
// line the user sees on stderr, which says what was wrong and what to do.
#pragma once

#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/exit_codes.hpp"
#include "common/json_text.hpp"

namespace rtpsec::apps {

class AppError : public std::runtime_error {
  public:
    AppError(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

  private:
    ExitCode code_;
};

// True when the command line asks for the JSON report (--json before any "--").
inline bool wants_json_report(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") return false;
        if (arg == "--json") return true;
    }
    return false;
}

// Runs body() and turns every failure into the documented exit code and one
// stderr line prefixed with the program's name. Failures that escape body()
// happen before a program prints its report (bad flags, files, ports), so
// with --json the report is printed here: {"ok": false, "error": ...}, and a
// script reading stdout gets one report whatever went wrong.
template <typename Body>
int run_program(const char* program, int argc, char** argv, Body&& body) {
    const auto failed = [&](ExitCode code, const char* message) {
        if (wants_json_report(argc, argv)) {
            const nlohmann::json report = {{"ok", false}, {"error", message}};
            std::cout << json_text(report) << std::endl;
        }
        std::cerr << program << ": " << message << "\n";
        return code;
    };
    try {
        return body();
    } catch (const AppError& e) {
        return failed(e.code(), e.what());
    } catch (const std::exception& e) {
        // Setup failures below the programs (certificates, sockets) throw with a
        // message of their own; they are bad input or environment, never a crash.
        return failed(exit_bad_input, e.what());
    }
}

}  // namespace rtpsec::apps
