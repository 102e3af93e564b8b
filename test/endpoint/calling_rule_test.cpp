// SPDX-License-Identifier: BSD-3-Clause
// The endpoint's calling rule: poll_output() as one call, and what happens
// when an embedder feeds input before taking the last one's output.
#include <catch2/catch.hpp>
#include <variant>
#include <vector>

#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;

namespace {

PeerAddress loopback(std::uint16_t port) {
    return PeerAddress::ipv4({127, 0, 0, 1}, port);
}

// The first datagram a fresh client endpoint at `address` sends to `server`.
std::vector<std::byte> client_hello(const PeerAddress& server) {
    Endpoint client(
        EndpointConfig(transport_for(dtls::Role::client, certificate_a(), certificate_b())),
        Clock::now());
    client.connect(server, Clock::now());
    const auto transmit = client.poll_transmit();
    REQUIRE(transmit);
    return {transmit->datagram.begin(), transmit->datagram.end()};
}

}  // namespace

TEST_CASE("poll_output gives every transmit, then every event, then the timeout") {
    Endpoint client(
        EndpointConfig(transport_for(dtls::Role::client, certificate_a(), certificate_b())),
        Clock::now());
    client.connect(loopback(5004), Clock::now());
    const Output first = client.poll_output();
    REQUIRE(std::holds_alternative<Transmit>(first));
    CHECK(std::get<Transmit>(first).to == loopback(5004));
    const Output last = client.poll_output();
    REQUIRE(std::holds_alternative<Timeout>(last));
    CHECK(std::get<Timeout>(last).at == client.next_deadline());
    CHECK(std::get<Timeout>(last).at.has_value());
    CHECK(client.stats().undrained_inputs == 0);
}

TEST_CASE("HelloVerifyRequests of inputs fed without taking output are all sent, and counted") {
    EndpointConfig config = context_for(certificate_b())->endpoint_config(dtls::Role::server);
    config.accept_unknown_peers = true;
    Endpoint server(std::move(config), Clock::now());
    const PeerAddress self = loopback(5004);
    for (std::uint16_t port = 6000; port < 6003; ++port) {
        auto hello = client_hello(self);
        server.handle_datagram(loopback(port), hello, Clock::now());  // no draining between
    }
    std::vector<PeerAddress> answered;
    while (auto transmit = server.poll_transmit()) {
        answered.push_back(transmit->to);
        CHECK(transmit->datagram[0] == std::byte{22});  // a handshake record
    }
    CHECK(answered == std::vector<PeerAddress>{loopback(6000), loopback(6001), loopback(6002)});
    CHECK(server.stats().hello_verify_sent == 3);
    CHECK(server.stats().undrained_inputs == 2);
    CHECK(server.stats().hello_verify_dropped == 0);
}

TEST_CASE("media events wait untaken across inputs, each with its own packet") {
    EndpointPair pair(
        EndpointConfig(transport_for(dtls::Role::client, certificate_a(), certificate_b())),
        EndpointConfig(transport_for(dtls::Role::server, certificate_b(), certificate_a())));
    pair.b.endpoint.connect(pair.a.address, Clock::now());
    pair.a.endpoint.connect(pair.b.address, Clock::now());
    pair.run();
    REQUIRE(pair.b.endpoint.find(pair.a.address)->keyed());

    // Two SRTP packets, each in a buffer of its own, handed to B one after
    // the other without taking B's output in between.
    std::vector<std::vector<std::byte>> buffers;
    for (const std::uint8_t fill : {std::uint8_t{0x11}, std::uint8_t{0x22}}) {
        std::vector<std::byte> buffer(12 + 160 + srtp::max_protect_overhead);
        rtp::RtpHeaderFields fields;
        fields.sequence_number = fill;
        fields.ssrc = 0x1234;
        std::error_code ec;
        const std::vector<std::byte> payload(160, std::byte{fill});
        std::size_t length = rtp::write_rtp_packet(buffer, fields, payload, 0, ec);
        length = pair.a.endpoint.protect_rtp(pair.b.address, buffer, length, Clock::now(), ec);
        REQUIRE(!ec);
        buffer.resize(length);
        buffers.push_back(std::move(buffer));
    }
    for (auto& buffer : buffers)
        pair.b.endpoint.handle_datagram(pair.a.address, buffer, Clock::now());

    std::vector<std::byte> fills;
    while (auto event = pair.b.endpoint.poll_event()) {
        if (const auto* media = std::get_if<MediaReceived>(&event->event))
            fills.push_back(media->packet[12]);
    }
    CHECK(fills == std::vector<std::byte>{std::byte{0x11}, std::byte{0x22}});
    CHECK(pair.b.endpoint.stats().undrained_inputs == 1);
    CHECK(pair.b.endpoint.find(pair.a.address)->stats().undrained_inputs == 1);
}
