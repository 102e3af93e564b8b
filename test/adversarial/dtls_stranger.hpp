// SPDX-License-Identifier: BSD-3-Clause
// A DTLS client that is not the peer a server waits for: rtpsec's own client
// endpoint in this process, on its own UDP socket, driven one step at a time
// so a case can stop it wherever an attacker would (after its ClientHello,
// after proving its address with the cookie, ...).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/endpoint.hpp>

namespace rtpsec::test {

// One context (certificate and policy) for every stranger of a case.
std::shared_ptr<const Context> stranger_context();

class DtlsStranger {
  public:
    DtlsStranger(std::shared_ptr<const Context> context, std::uint16_t server_port);
    ~DtlsStranger();
    DtlsStranger(const DtlsStranger&) = delete;
    DtlsStranger& operator=(const DtlsStranger&) = delete;

    std::uint16_t port() const { return port_; }
    // The first ClientHello this client sent (no cookie): what a spoofed
    // flood replays from other addresses.
    const std::vector<std::byte>& first_client_hello() const { return client_hello_; }

    // Sends the ClientHello (again every 100 ms) until the HelloVerifyRequest
    // comes, then answers it with the second ClientHello, carrying the
    // cookie; false if no HelloVerifyRequest came in `timeout`.
    bool prove_address(std::chrono::milliseconds timeout);
    // Datagrams the server sent since (its flight and retransmissions of
    // it), read for up to `timeout`; the stranger never answers them.
    std::size_t ignore_server(std::chrono::milliseconds timeout);
    // Whether the server answered the second ClientHello (its flight) within
    // `timeout`: it holds a transport for this stranger.
    bool server_answers(std::chrono::milliseconds timeout);
    // Sends `datagram` as is from this stranger's address.
    void send(std::span<const std::byte> datagram);

  private:
    void send_output();
    bool receive(std::chrono::milliseconds timeout);

    std::unique_ptr<endpoint::Endpoint> endpoint_;
    endpoint::PeerAddress server_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::uint16_t server_port_;
    std::vector<std::byte> client_hello_;
    std::vector<std::byte> buffer_;
};

// Waits until a DTLS server on `port` answers a ClientHello (its
// HelloVerifyRequest): the program under test is up. No state is left there.
bool dtls_server_answers(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace rtpsec::test
