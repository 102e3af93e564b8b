// SPDX-License-Identifier: BSD-3-Clause
// A SIP peer scripted by a test: one UDP socket on 127.0.0.1 that sends the
// texts a test writes and returns what arrives, with a timeout.
#pragma once

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace rtpsec::test {

class SipSocket {
  public:
    SipSocket() {
        fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
    }
    ~SipSocket() { ::close(fd_); }
    SipSocket(const SipSocket&) = delete;
    SipSocket& operator=(const SipSocket&) = delete;

    std::uint16_t port() const { return port_; }

    void send_to(std::uint16_t port, const std::string& text) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(port);
        ::sendto(fd_, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }

    // The next datagram, or nullopt after `timeout`.
    std::optional<std::string> receive(std::chrono::milliseconds timeout) {
        pollfd fd{fd_, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
        std::string buffer(65536, '\0');
        const auto size = ::recv(fd_, buffer.data(), buffer.size(), 0);
        if (size < 0) return std::nullopt;
        buffer.resize(static_cast<std::size_t>(size));
        return buffer;
    }

    // The next datagram whose first line starts with `start` ("SIP/2.0 488"),
    // skipping others, or nullopt after `timeout`.
    std::optional<std::string> receive_starting(const std::string& start,
                                                std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            auto message = receive(left);
            if (message && message->starts_with(start)) return message;
        }
        return std::nullopt;
    }

    // Sends `text` every 300 ms (a UDP client's retransmission; it also covers
    // a peer still starting up) until a datagram starting with `start`
    // arrives, for at most `timeout`.
    std::optional<std::string> request(std::uint16_t port, const std::string& text,
                                       const std::string& start,
                                       std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            send_to(port, text);
            if (auto reply = receive_starting(start, std::chrono::milliseconds(300))) return reply;
        }
        return std::nullopt;
    }

  private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace rtpsec::test
