// SPDX-License-Identifier: BSD-3-Clause
// UDP datagrams with any IPv4 source address and port on loopback, as an
// off-path attacker sends them: a raw socket (IP_HDRINCL) writes the IP and
// UDP headers itself. Needs root (CAP_NET_RAW).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace rtpsec::test {

class SpoofedUdp {
  public:
    // Opens the raw socket; available() says whether that worked (and
    // error() why not).
    SpoofedUdp();
    ~SpoofedUdp();
    SpoofedUdp(const SpoofedUdp&) = delete;
    SpoofedUdp& operator=(const SpoofedUdp&) = delete;

    bool available() const { return fd_ >= 0; }
    const std::string& error() const { return error_; }

    // One datagram (at most 65507 bytes) from source_host:source_port to
    // 127.0.0.1:to_port. source_host is the last byte of 127.0.0.x. Returns
    // false when the kernel refused it (e.g. its send buffer was full).
    bool send(std::uint16_t source_port, std::uint16_t to_port, std::span<const std::byte> payload,
              std::uint8_t source_host = 1);

  private:
    int fd_ = -1;
    std::string error_;
    std::uint16_t ip_id_ = 1;
};

}  // namespace rtpsec::test
