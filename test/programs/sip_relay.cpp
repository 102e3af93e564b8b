// SPDX-License-Identifier: BSD-3-Clause
#include "sip_relay.hpp"

#include <arpa/inet.h>
#include <deque>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace rtpsec::test {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    return address;
}

// Flips the first hex digit of every "a=fingerprint:<hash> <hex>" (session
// and media level alike).
bool tamper(std::string& message) {
    bool changed = false;
    for (auto at = message.find("a=fingerprint:"); at != std::string::npos;
         at = message.find("a=fingerprint:", at + 1)) {
        const auto space = message.find(' ', at);
        if (space == std::string::npos || space + 1 >= message.size()) break;
        char& digit = message[space + 1];
        digit = digit == '0' ? '1' : '0';
        changed = true;
    }
    return changed;
}

struct Held {
    Clock::time_point due;
    std::string message;
};

}  // namespace

SipRelay::SipRelay(std::uint16_t listen_port, std::uint16_t server_port, SipRelayOptions options)
    : server_port_(server_port), options_(options) {
    socket_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    const auto address = loopback(listen_port);
    if (::bind(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("the SIP relay cannot bind its port");
    thread_ = std::thread([this] { run(); });
}

SipRelay::~SipRelay() {
    stop_ = true;
    thread_.join();
    ::close(socket_);
}

void SipRelay::run() {
    sockaddr_in client{};
    bool have_client = false;
    std::deque<Held> held;  // from the server, in order, each with its due time
    std::string buffer(65536, '\0');
    auto send = [&](const std::string& message, const sockaddr_in& to) {
        ::sendto(socket_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                 sizeof to);
    };
    while (!stop_) {
        while (!held.empty() && held.front().due <= Clock::now()) {
            send(held.front().message, client);
            held.pop_front();
        }
        pollfd fd{socket_, POLLIN, 0};
        if (::poll(&fd, 1, 5) <= 0) continue;
        sockaddr_in from{};
        socklen_t length = sizeof from;
        const auto size = ::recvfrom(socket_, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &length);
        if (size <= 0) continue;
        std::string message(buffer.data(), static_cast<std::size_t>(size));
        if (ntohs(from.sin_port) != server_port_) {
            client = from;
            have_client = true;
            send(message, loopback(server_port_));
            continue;
        }
        if (!have_client) continue;
        if (options_.tamper_fingerprint && tamper(message)) ++tampered_;
        if (options_.server_delay.count() > 0) {
            ++delayed_;
            held.push_back({Clock::now() + options_.server_delay, std::move(message)});
        } else {
            send(message, client);
        }
    }
}

}  // namespace rtpsec::test
