// SPDX-License-Identifier: BSD-3-Clause
// Runs one of our programs (or another tool) as a child process for tests:
// arguments, stdout and stderr captured to files, exit code with a timeout.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rtpsec::test {

class Process {
  public:
    // Starts `program` (a path or a name on PATH) with `args`. stdin is
    // /dev/null, or with keep_stdin_open a pipe that closes when the test
    // calls close_stdin() or wait() (some tools end at end of input).
    Process(const std::string& program, std::vector<std::string> args,
            bool keep_stdin_open = false);
    void close_stdin();
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // The exit code, or -1 (after killing it) if it did not end in time.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));
    std::string out() const;
    std::string err() const;

  private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int exit_code_ = -2;
    std::filesystem::path out_;
    std::filesystem::path err_;
};

// bin/NAME of the build tree.
std::string program_path(const std::string& name);
// A fresh directory for one test's files.
std::filesystem::path scratch_directory(const std::string& name);

}  // namespace rtpsec::test
