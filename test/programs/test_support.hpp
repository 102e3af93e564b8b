// SPDX-License-Identifier: BSD-3-Clause
// Helpers shared by the program tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <rtpsec/dtls/certificate.hpp>

namespace rtpsec::test {

// A UDP port on 127.0.0.1 that was free a moment ago.
inline std::uint16_t free_udp_port() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

// True once some process has a UDP socket bound to `port` (any address,
// either family), read from /proc/net/udp and udp6, within `timeout`: a
// program's readiness signal that needs no probe socket of our own (which
// could take the port first).
inline bool wait_for_udp_port(std::uint16_t port,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
            std::ifstream in(table);
            std::string line;
            std::getline(in, line);  // the column names
            while (std::getline(in, line)) {
                std::istringstream fields(line);
                std::string slot, local;
                fields >> slot >> local;
                const auto colon = local.rfind(':');
                if (colon != std::string::npos &&
                    std::stoul(local.substr(colon + 1), nullptr, 16) == port)
                    return true;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

// The last line of `text` that parses as a JSON object.
inline nlohmann::json last_json(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    nlohmann::json found;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.front() == '{')
            found = nlohmann::json::parse(line, nullptr, false);
    }
    return found;
}

struct PemFiles {
    std::filesystem::path certificate;
    std::filesystem::path key;
    std::string fingerprint;  // "sha-256 AB:..."
};

// A fresh identity written as PEM files into `dir`.
inline PemFiles write_identity(const std::filesystem::path& dir, const std::string& name) {
    const auto identity = dtls::Certificate::generate();
    PemFiles files{dir / (name + ".crt"), dir / (name + ".key"),
                   identity.fingerprint().to_string()};
    std::ofstream(files.certificate) << identity.certificate_pem();
    const auto key = identity.private_key_pem();
    std::ofstream(files.key).write(reinterpret_cast<const char*>(key.data()),
                                   static_cast<std::streamsize>(key.size()));
    return files;
}

}  // namespace rtpsec::test
