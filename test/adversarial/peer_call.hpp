// SPDX-License-Identifier: BSD-3-Clause
// A real call between two rtpsec-peer processes in raw DTLS mode, the
// target of most attacks: a server that waits for the client's fingerprint
// and records, a client that sends a 440 Hz tone, each with its own
// certificate, both on fixed loopback ports so an attacker can spoof either.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

#include "process.hpp"
#include "test_support.hpp"

namespace rtpsec::test {

class PeerCall {
  public:
    explicit PeerCall(const std::string& name);

    // Starts the server and returns once it answers a ClientHello.
    void start_server(std::vector<std::string> extra = {});
    // Starts the client towards the server, or towards `via_port` (a relay
    // that forwards to the server).
    void start_client(std::uint16_t via_port = 0, std::vector<std::string> extra = {});
    // Both ended with exit 0 within `timeout`, their reports say ok, and
    // what the server recorded is the client's tone. Reports are kept.
    void expect_media_verified(std::chrono::milliseconds timeout = std::chrono::seconds(40));

    std::filesystem::path dir;
    PemFiles server_identity;
    PemFiles client_identity;
    std::uint16_t server_port;
    std::uint16_t client_port;
    double duration_s = 2.0;  // of the client's media; the server waits longer
    std::unique_ptr<Process> server;
    std::unique_ptr<Process> client;
    pid_t server_pid = -1;
    pid_t client_pid = -1;
    nlohmann::json server_report;
    nlohmann::json client_report;
};

// The recording holds mostly `hz` (the tone the peer sent), at least a second of it.
void expect_tone(const std::filesystem::path& recording, double hz = 440.0);

}  // namespace rtpsec::test
