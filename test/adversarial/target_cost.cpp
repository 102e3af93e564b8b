// SPDX-License-Identifier: BSD-3-Clause
#include "target_cost.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace rtpsec::test {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Field 4 of /proc/PID/stat (after the parenthesised comm, which may hold spaces).
pid_t parent_of(pid_t pid) {
    const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream fields(stat.substr(close + 2));
    char state = 0;
    pid_t parent = -1;
    fields >> state >> parent;
    return parent;
}

std::int64_t status_kib(pid_t pid, const std::string& key) {
    std::istringstream status(read_text("/proc/" + std::to_string(pid) + "/status"));
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(key + ":")) return std::stoll(line.substr(key.size() + 1));
    }
    return 0;
}

}  // namespace

std::set<pid_t> children_named(const std::string& name) {
    std::set<pid_t> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const auto file = entry.path().filename().string();
        if (file.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = std::stoi(file);
        if (parent_of(pid) != ::getpid()) continue;
        auto comm = read_text("/proc/" + file + "/comm");
        if (!comm.empty() && comm.back() == '\n') comm.pop_back();
        if (comm == name.substr(0, 15)) found.insert(pid);
    }
    return found;
}

pid_t new_child(const std::string& name, const std::set<pid_t>& before) {
    // posix_spawn returns once the child exists, but its comm changes only at exec.
    for (int i = 0; i < 200; ++i) {
        for (const pid_t pid : children_named(name)) {
            if (!before.contains(pid)) return pid;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return -1;
}

std::int64_t resident_kib(pid_t pid) {
    return status_kib(pid, "VmRSS");
}
std::int64_t peak_resident_kib(pid_t pid) {
    return status_kib(pid, "VmHWM");
}

double cpu_seconds(pid_t pid) {
    const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    // After the comm: state is field 3; utime and stime are fields 14 and 15.
    std::istringstream fields(stat.substr(close + 2));
    std::string skip;
    for (int field = 3; field < 14; ++field)
        fields >> skip;
    double utime = 0;
    double stime = 0;
    fields >> utime >> stime;
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

CostMeter::CostMeter(pid_t pid)
    : pid_(pid),
      baseline_kib_(resident_kib(pid)),
      peak_kib_(baseline_kib_),
      cpu_start_(cpu_seconds(pid)),
      started_(std::chrono::steady_clock::now()) {
    cpu_last_ = cpu_start_;
    sampler_ = std::thread([this] {
        while (running_.load()) {
            sample();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
}

// A process that has ended (or is a zombie) reads as 0: the last sample
// taken while it ran stands.
void CostMeter::sample() {
    const auto now = resident_kib(pid_);
    if (now > peak_kib_.load()) peak_kib_.store(now);
    const double cpu = cpu_seconds(pid_);
    if (cpu > cpu_last_) cpu_last_ = cpu;
}

CostMeter::~CostMeter() {
    stop();
}

void CostMeter::stop() {
    if (!running_.exchange(false)) return;
    sampler_.join();
    sample();
    cpu_end_ = cpu_last_;
    wall_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void print_cost(const std::string& attack, const std::string& volume, const CostMeter& meter,
                double datagrams, const std::string& outcome) {
    char cpu[96];
    if (datagrams > 0) {
        std::snprintf(cpu, sizeof cpu, "%.1f ms CPU per 1000 datagrams (%.2f s in %.1f s)",
                      1000.0 * 1000.0 * meter.cpu_used() / datagrams, meter.cpu_used(),
                      meter.wall_seconds());
    } else {
        std::snprintf(cpu, sizeof cpu, "%.2f s CPU in %.1f s", meter.cpu_used(),
                      meter.wall_seconds());
    }
    // One line per case, picked up from `ctest -L adversarial -V` for docs/security.md.
    std::cout << "COST | " << attack << " | " << volume << " | RSS " << meter.baseline_kib()
              << " KiB -> peak " << meter.peak_kib() << " KiB (+" << meter.growth_kib()
              << " KiB) | " << cpu << " | " << outcome << std::endl;
}

}  // namespace rtpsec::test
