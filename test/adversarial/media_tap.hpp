// SPDX-License-Identifier: BSD-3-Clause
// An on-path relay between two rtpsec-peer processes that attacks the SRTP
// and SRTCP it forwards: after each protected packet it sends, from the same
// address the real packet came through (so the target takes it as its
// peer's), a replay of it, a forgery (its header, other bytes) and a
// truncation, in turn. What it sent of each kind is counted per direction.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace rtpsec::test {

class MediaTap {
  public:
    struct Sent {
        std::atomic<std::uint64_t> forwarded{0};  // SRTP and SRTCP passed on
        std::atomic<std::uint64_t> replayed{0};
        std::atomic<std::uint64_t> forged{0};
        std::atomic<std::uint64_t> truncated{0};  // cut inside the header: malformed
        std::atomic<std::uint64_t> rtcp_forwarded{0};
        std::atomic<std::uint64_t> rtcp_replayed{0};
        std::atomic<std::uint64_t> rtcp_forged{0};
        std::atomic<std::uint64_t> rtcp_truncated{0};
    };

    // Relays between the client at client_port and the server at
    // server_port; the client is pointed at port().
    MediaTap(std::uint16_t client_port, std::uint16_t server_port);
    ~MediaTap();
    MediaTap(const MediaTap&) = delete;
    MediaTap& operator=(const MediaTap&) = delete;

    std::uint16_t port() const { return port_; }
    const Sent& to_server() const { return to_server_; }
    const Sent& to_client() const { return to_client_; }

  private:
    void run();
    void attack(const unsigned char* packet, std::size_t size, std::uint16_t to, Sent& sent);
    void send_to(std::uint16_t port, const unsigned char* data, std::size_t size);

    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::uint16_t client_port_;
    std::uint16_t server_port_;
    Sent to_server_;
    Sent to_client_;
    std::uint64_t turn_ = 0;
    std::atomic<bool> running_{true};
    std::thread thread_;
};

}  // namespace rtpsec::test
