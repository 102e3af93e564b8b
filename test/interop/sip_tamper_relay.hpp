// A UDP relay between one SIP client and one SIP server that alters the
// a=fingerprint lines of every SDP body passing from the server to the client
// (one hex digit flipped, so Content-Length still holds): the attack a fingerprint
// check exists to catch.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace rtpsec::test {

class SipTamperRelay {
  public:
    // Listens on 127.0.0.1:listen_port; forwards to 127.0.0.1:server_port.
    SipTamperRelay(std::uint16_t listen_port, std::uint16_t server_port);
    ~SipTamperRelay();

    int tampered() const { return tampered_; }

  private:
    void run();

    int socket_ = -1;
    std::uint16_t server_port_;
    std::atomic<bool> stop_{false};
    std::atomic<int> tampered_{0};
    std::thread thread_;
};

}  // namespace rtpsec::test
