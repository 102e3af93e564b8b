// AppError: the one way a program fails. It carries the exit code and the one
// line the user sees on stderr, which says what was wrong and what to do.
#pragma once

#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "common/exit_codes.hpp"

namespace rtpsec::apps {

class AppError : public std::runtime_error {
  public:
    AppError(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

  private:
    ExitCode code_;
};

// Runs body() and turns every failure into the documented exit code and one
// stderr line prefixed with the program's name.
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
