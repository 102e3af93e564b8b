// AppError: the one way a program fails. It carries the exit code and the one
// line the user sees on stderr, which says what was wrong and what to do.
#pragma once

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
int run_program(const char* program, Body&& body);

}  // namespace rtpsec::apps

#include "common/app_error_impl.hpp"
