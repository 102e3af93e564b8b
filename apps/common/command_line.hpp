// SPDX-License-Identifier: BSD-3-Clause
// Running a program's CLI11 parser the same way everywhere.
#pragma once

#include <CLI/CLI.hpp>

#include "common/app_error.hpp"

namespace rtpsec::apps {

// Parses argv. False after --help or --version was printed (exit 0); throws
// AppError (exit 2) with CLI11's reason for bad flags.
inline bool parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
        return true;
    } catch (const CLI::CallForHelp& e) {
        app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        app.exit(e);
    } catch (const CLI::ParseError& e) {
        throw AppError(exit_bad_input, std::string(e.what()) + " (see --help)");
    }
    return false;
}

}  // namespace rtpsec::apps
