#include "sip_tamper_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace rtpsec::test {
namespace {

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

}  // namespace

SipTamperRelay::SipTamperRelay(std::uint16_t listen_port, std::uint16_t server_port)
    : server_port_(server_port) {
    socket_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    const auto address = loopback(listen_port);
    if (::bind(socket_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("relay cannot bind");
    thread_ = std::thread([this] { run(); });
}

SipTamperRelay::~SipTamperRelay() {
    stop_ = true;
    thread_.join();
    ::close(socket_);
}

void SipTamperRelay::run() {
    sockaddr_in client{};
    bool have_client = false;
    std::string buffer(65536, '\0');
    while (!stop_) {
        pollfd fd{socket_, POLLIN, 0};
        if (::poll(&fd, 1, 50) <= 0) continue;
        sockaddr_in from{};
        socklen_t length = sizeof from;
        const auto size = ::recvfrom(socket_, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &length);
        if (size <= 0) continue;
        std::string message(buffer.data(), static_cast<std::size_t>(size));
        const bool from_server = ntohs(from.sin_port) == server_port_;
        sockaddr_in to{};
        if (from_server) {
            if (!have_client) continue;
            if (tamper(message)) ++tampered_;
            to = client;
        } else {
            client = from;
            have_client = true;
            to = loopback(server_port_);
        }
        ::sendto(socket_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                 sizeof to);
    }
}

}  // namespace rtpsec::test
