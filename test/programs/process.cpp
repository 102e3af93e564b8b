// SPDX-License-Identifier: BSD-3-Clause
#include "process.hpp"

#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace rtpsec::test {

std::string program_path(const std::string& name) {
    return std::string(RTPSEC_BIN_DIR) + "/" + name;
}

std::filesystem::path scratch_directory(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() /
               ("rtpsec-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

Process::Process(const std::string& program, std::vector<std::string> args, bool keep_stdin_open) {
    static int counter = 0;
    const auto base =
        std::filesystem::temp_directory_path() /
        ("rtpsec-proc-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    out_ = base.string() + ".out";
    err_ = base.string() + ".err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int pipe_fds[2] = {-1, -1};
    if (keep_stdin_open && ::pipe2(pipe_fds, O_CLOEXEC) == 0) {
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], 0);
        stdin_ = pipe_fds[1];
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
    if (rc != 0) throw std::runtime_error("cannot start " + program);
}

Process::~Process() {
    if (exit_code_ == -2) wait(std::chrono::seconds(5));
    std::filesystem::remove(out_);
    std::filesystem::remove(err_);
}

void Process::close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
}

int Process::wait(std::chrono::milliseconds timeout) {
    if (exit_code_ != -2) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            close_stdin();
            return exit_code_ = -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    close_stdin();
    return exit_code_;
}

namespace {
std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

std::string Process::out() const {
    return slurp(out_);
}
std::string Process::err() const {
    return slurp(err_);
}

}  // namespace rtpsec::test
