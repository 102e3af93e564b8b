// SPDX-License-Identifier: BSD-3-Clause
#include "dtls_stranger.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace rtpsec::test {
namespace {

using Clock = std::chrono::steady_clock;

bool is_hello_verify_request(std::span<const std::byte> datagram) {
    // A DTLS handshake record (type 22) whose message is HelloVerifyRequest (3).
    return datagram.size() > 13 && datagram[0] == std::byte{22} && datagram[13] == std::byte{3};
}

}  // namespace

std::shared_ptr<const Context> stranger_context() {
    return Context::create(ContextOptions(dtls::Certificate::generate()));
}

DtlsStranger::DtlsStranger(std::shared_ptr<const Context> context, std::uint16_t server_port)
    : server_(endpoint::PeerAddress::ipv4({127, 0, 0, 1}, server_port)),
      server_port_(server_port),
      buffer_(65536) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("stranger: cannot bind a UDP socket");
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);

    auto config = context->endpoint_config(dtls::Role::client);
    // It never gets as far as checking the server's certificate.
    config.transport.dtls.insecure_skip_peer_verification = true;
    endpoint_ = std::make_unique<endpoint::Endpoint>(std::move(config), Clock::now());
    endpoint_->connect(server_, Clock::now());
    // Keep the ClientHello, then hold it back until prove_address() sends it.
    while (auto transmit = endpoint_->poll_transmit()) {
        if (client_hello_.empty())
            client_hello_.assign(transmit->datagram.begin(), transmit->datagram.end());
    }
    while (endpoint_->poll_event()) {
    }
}

DtlsStranger::~DtlsStranger() {
    if (fd_ >= 0) ::close(fd_);
}

void DtlsStranger::send(std::span<const std::byte> datagram) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(server_port_);
    ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

// The calling rule: every transmit, then every event, after each input.
void DtlsStranger::send_output() {
    while (auto transmit = endpoint_->poll_transmit())
        send(transmit->datagram);
    while (endpoint_->poll_event()) {
    }
}

bool DtlsStranger::receive(std::chrono::milliseconds timeout) {
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return false;
    const auto size = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    if (size < 0) return false;
    buffer_.resize(static_cast<std::size_t>(size));
    return true;
}

bool DtlsStranger::prove_address(std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
        send(client_hello_);
        const auto resend_at = Clock::now() + std::chrono::milliseconds(100);
        while (Clock::now() < resend_at) {
            buffer_.resize(65536);
            if (!receive(std::chrono::duration_cast<std::chrono::milliseconds>(resend_at -
                                                                               Clock::now())))
                break;
            if (!is_hello_verify_request(buffer_)) continue;
            endpoint_->handle_datagram(server_, buffer_, Clock::now());
            send_output();  // the second ClientHello, with the cookie
            return true;
        }
    }
    return false;
}

std::size_t DtlsStranger::ignore_server(std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    std::size_t received = 0;
    while (Clock::now() < until) {
        buffer_.resize(65536);
        if (!receive(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now())))
            break;
        ++received;
    }
    return received;
}

bool DtlsStranger::server_answers(std::chrono::milliseconds timeout) {
    buffer_.resize(65536);
    return receive(timeout);
}

bool dtls_server_answers(std::uint16_t port, std::chrono::milliseconds timeout) {
    static const auto context = stranger_context();
    DtlsStranger probe(context, port);
    // It stops at the HelloVerifyRequest: a second ClientHello would make
    // the server hold a transport for the probe.
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
        probe.send(probe.first_client_hello());
        if (probe.ignore_server(std::chrono::milliseconds(100)) > 0) return true;
    }
    return false;
}

}  // namespace rtpsec::test
