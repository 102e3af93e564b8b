// Template body of run_program(); included by app_error.hpp only.
#pragma once

#include <exception>
#include <iostream>

namespace rtpsec::apps {

template <typename Body>
int run_program(const char* program, Body&& body) {
    try {
        return body();
    } catch (const AppError& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return e.code();
    } catch (const std::exception& e) {
        // Setup failures below the programs (certificates, sockets) throw with a
        // message of their own; they are bad input or environment, never a crash.
        std::cerr << program << ": " << e.what() << "\n";
        return exit_bad_input;
    }
}

}  // namespace rtpsec::apps
