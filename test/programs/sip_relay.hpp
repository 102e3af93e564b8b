// SPDX-License-Identifier: BSD-3-Clause
// A UDP relay between one SIP client and one SIP server on 127.0.0.1, for
// tests that need the network to misbehave in a chosen way:
// - tamper_fingerprint: flips one hex digit of every a=fingerprint in what
//   the server sends (Content-Length still holds): the attack a fingerprint
//   check exists to catch;
// - server_delay: holds what the server sends back, e.g. so that a callee's
//   DTLS ClientHello (sent straight to the caller's RTP port) arrives well
//   before its 200 OK.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace rtpsec::test {

struct SipRelayOptions {
    bool tamper_fingerprint = false;
    std::chrono::milliseconds server_delay{0};
};

class SipRelay {
  public:
    // Listens on 127.0.0.1:listen_port; forwards to 127.0.0.1:server_port.
    SipRelay(std::uint16_t listen_port, std::uint16_t server_port, SipRelayOptions options);
    ~SipRelay();

    int tampered() const { return tampered_; }
    int delayed() const { return delayed_; }

  private:
    void run();

    int socket_ = -1;
    std::uint16_t server_port_;
    SipRelayOptions options_;
    std::atomic<bool> stop_{false};
    std::atomic<int> tampered_{0};
    std::atomic<int> delayed_{0};
    std::thread thread_;
};

}  // namespace rtpsec::test
