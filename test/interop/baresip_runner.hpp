// SPDX-License-Identifier: BSD-3-Clause
// Runs baresip headless for interop tests: a config directory (-f) with one
// account using DTLS-SRTP (mediaenc=dtls_srtp, no ICE, auto-answer), PCMU,
// a WAV file as the audio source (aufile), the received audio dumped to WAV
// files by the sndfile module, and -t to quit on its own.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"

namespace rtpsec::test {

struct BaresipOptions {
    std::filesystem::path directory;  // config, accounts, logs and dumps go here
    std::uint16_t sip_port = 5080;
    bool rtcp_mux = false;  // baresip's default is off
    std::filesystem::path source_wav;
    int quit_after_s = 10;
    std::optional<std::string> dial;  // a URI to call once ready
};

class Baresip {
  public:
    explicit Baresip(BaresipOptions options);

    // Waits until baresip says it is ready (false if it did not in time).
    bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // stdout + stderr, without terminal colour codes.
    std::string log() const;
    // The decoded (received) audio baresip dumped, 8 kHz mono; empty if none.
    std::vector<std::int16_t> received_audio() const;
    std::string uri() const;

  private:
    BaresipOptions options_;
    std::unique_ptr<Process> process_;
};

// A WAV file of a sine tone, 8 kHz mono.
void write_tone_wav(const std::filesystem::path& path, double frequency_hz, double seconds);

}  // namespace rtpsec::test
