// SPDX-License-Identifier: BSD-3-Clause
#include "spoofed_udp.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace rtpsec::test {

SpoofedUdp::SpoofedUdp() {
    // IPPROTO_RAW implies IP_HDRINCL: we write the whole IP header.
    fd_ = ::socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd_ < 0) {
        error_ = std::string("raw socket: ") + std::strerror(errno);
        return;
    }
    // A flood of large datagrams should queue, not fail at once.
    const int buffer = 4 * 1024 * 1024;
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
}

SpoofedUdp::~SpoofedUdp() {
    if (fd_ >= 0) ::close(fd_);
}

bool SpoofedUdp::send(std::uint16_t source_port, std::uint16_t to_port,
                      std::span<const std::byte> payload, std::uint8_t source_host) {
    constexpr std::size_t max_payload = 65535 - sizeof(iphdr) - sizeof(udphdr);
    if (fd_ < 0 || payload.size() > max_payload) return false;
    const std::size_t total = sizeof(iphdr) + sizeof(udphdr) + payload.size();
    std::vector<std::byte> packet(total);
    auto* ip = reinterpret_cast<iphdr*>(packet.data());
    ip->version = 4;
    ip->ihl = 5;
    ip->ttl = 64;
    ip->protocol = IPPROTO_UDP;
    ip->id = htons(ip_id_++);
    ip->saddr = htonl(0x7f000000u | source_host);
    ip->daddr = htonl(INADDR_LOOPBACK);
    // The kernel fills in tot_len and the IP checksum for IP_HDRINCL.
    auto* udp = reinterpret_cast<udphdr*>(packet.data() + sizeof(iphdr));
    udp->source = htons(source_port);
    udp->dest = htons(to_port);
    udp->len = htons(static_cast<std::uint16_t>(sizeof(udphdr) + payload.size()));
    udp->check = 0;  // no checksum: allowed over IPv4 (RFC 768)
    if (!payload.empty()) {
        std::memcpy(packet.data() + sizeof(iphdr) + sizeof(udphdr), payload.data(), payload.size());
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to),
                    sizeof to) == static_cast<ssize_t>(packet.size());
}

}  // namespace rtpsec::test
