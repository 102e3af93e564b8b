// SPDX-License-Identifier: BSD-3-Clause
#include "media_tap.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace rtpsec::test {
namespace {

// RFC 7983: 128-191 is RTP or RTCP; RFC 5761 §4: RTCP packet types 192-223
// in the second byte (200-204 in practice).
bool is_srtp_or_srtcp(const unsigned char* packet, std::size_t size) {
    return size >= 12 && packet[0] >= 128 && packet[0] <= 191;
}
bool is_srtcp(const unsigned char* packet) {
    return packet[1] >= 192 && packet[1] <= 223;
}

}  // namespace

MediaTap::MediaTap(std::uint16_t client_port, std::uint16_t server_port)
    : client_port_(client_port), server_port_(server_port) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("media tap: cannot bind a UDP socket");
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

MediaTap::~MediaTap() {
    running_ = false;
    thread_.join();
    ::close(fd_);
}

void MediaTap::send_to(std::uint16_t port, const unsigned char* data, std::size_t size) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(port);
    ::sendto(fd_, data, size, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

void MediaTap::run() {
    std::vector<unsigned char> buffer(65536);
    while (running_) {
        pollfd fd{fd_, POLLIN, 0};
        if (::poll(&fd, 1, 20) <= 0) continue;
        sockaddr_in from{};
        socklen_t length = sizeof from;
        const auto size = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &length);
        if (size < 0) continue;
        const bool from_client = ntohs(from.sin_port) == client_port_;
        const std::uint16_t to = from_client ? server_port_ : client_port_;
        const auto bytes = static_cast<std::size_t>(size);
        send_to(to, buffer.data(), bytes);
        if (is_srtp_or_srtcp(buffer.data(), bytes))
            attack(buffer.data(), bytes, to, from_client ? to_server_ : to_client_);
    }
}

void MediaTap::attack(const unsigned char* packet, std::size_t size, std::uint16_t to, Sent& sent) {
    const bool rtcp = is_srtcp(packet);
    (rtcp ? sent.rtcp_forwarded : sent.forwarded)++;
    // RTCP is rare (a report every few seconds, a BYE at the end): every one
    // is attacked three ways. RTP: one attack per packet, in turn.
    const auto kind = turn_++ % 3;
    std::vector<unsigned char> copy(packet, packet + size);
    if (rtcp || kind == 0) {
        send_to(to, copy.data(), copy.size());  // the same packet again
        (rtcp ? sent.rtcp_replayed : sent.replayed)++;
    }
    if (rtcp || kind == 1) {
        // Keep the header (and so the SSRC and sequence number the receiver
        // expects), change the rest: it cannot authenticate. The SRTCP index
        // is moved on so the forgery is not taken for a replay first.
        const std::size_t keep = rtcp ? 8 : 12;
        for (std::size_t i = keep; i < copy.size(); ++i)
            copy[i] ^= 0x5a;
        if (!rtcp) copy[3] = static_cast<unsigned char>(copy[3] + 1);
        send_to(to, copy.data(), copy.size());
        (rtcp ? sent.rtcp_forged : sent.forged)++;
    }
    if (rtcp || kind == 2) {
        // Shorter than the fixed header (RTP 12, SRTCP 8 + index + tag).
        send_to(to, packet, rtcp ? 6 : 8);
        (rtcp ? sent.rtcp_truncated : sent.truncated)++;
    }
}

}  // namespace rtpsec::test
