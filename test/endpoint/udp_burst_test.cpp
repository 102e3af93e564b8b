// SPDX-License-Identifier: BSD-3-Clause
// Bursts: the arena that holds them, socket I/O by bursts on real loopback
// UDP, and UdpDriver echoing a burst of SRTP through queued sends.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <poll.h>
#include <stdexcept>

#include <rtpsec/endpoint/datagram_burst.hpp>
#include <rtpsec/endpoint/udp_burst_io.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>
#include <rtpsec/srtp/session.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;
using udp = boost::asio::ip::udp;

namespace {

std::vector<std::byte> pattern(std::size_t size, int seed) {
    std::vector<std::byte> bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::byte>((seed * 31 + i) & 0xff);
    return bytes;
}

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

udp::socket loopback_socket(boost::asio::io_context& io) {
    udp::socket socket(io, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
    socket.non_blocking(true);
    return socket;
}

// Waits (up to a second) until `socket` is readable.
void wait_readable(udp::socket& socket) {
    pollfd fd{socket.native_handle(), POLLIN, 0};
    REQUIRE(::poll(&fd, 1, 1000) == 1);
}

EndpointConfig server_config() {
    TransportConfig transport = transport_for(dtls::Role::server, certificate_a(), certificate_b());
    transport.send_rtcp_reports = false;
    EndpointConfig config(std::move(transport));
    config.accept_unknown_peers = true;  // cookie exchange on
    return config;
}

EndpointConfig client_config() {
    TransportConfig transport = transport_for(dtls::Role::client, certificate_b(), certificate_a());
    transport.send_rtcp_reports = false;
    return EndpointConfig(std::move(transport));
}

// A server and a client Endpoint, each run by a UdpDriver on loopback, on one
// io_context run by the test's thread. The server answers every RTP packet
// with on_server_media (by default: echo()); the client records the sequence
// numbers of the RTP it receives.
struct DriverPair {
    DriverPair()
        : server(server_config(), Clock::now()),
          client(client_config(), Clock::now()),
          server_driver(io, server, loopback, [this](EndpointEvent& event) { on_server(event); }),
          client_driver(io, client, loopback, [this](EndpointEvent& event) { on_client(event); }),
          server_address(to_peer_address(server_driver.local_endpoint())),
          client_address(to_peer_address(client_driver.local_endpoint())) {}

    void handshake() {
        boost::asio::post(server_driver.strand(), [this] { server_driver.start(); });
        boost::asio::post(client_driver.strand(), [this] {
            client_driver.start();
            client.connect(server_address, Clock::now());
            client_driver.flush();
        });
        run_until([this] { return keyed; });
        REQUIRE(keyed);
    }

    // RTP packets 0..count-1 from the client, all in one handler, so the
    // server's socket holds them all when it wakes.
    void send_from_client(int count) {
        boost::asio::post(client_driver.strand(), [this, count] {
            std::array<std::byte, 1500> frame{};
            for (int i = 0; i < count; ++i) {
                rtp::RtpHeaderFields fields;
                fields.sequence_number = static_cast<std::uint16_t>(i);
                fields.ssrc = 0x11223344;
                std::error_code ec;
                const auto length = rtp::write_rtp_packet(frame, fields, silence, 0, ec);
                const auto size =
                    client.protect_rtp(server_address, frame, length, Clock::now(), ec);
                REQUIRE_FALSE(ec);
                client_driver.send(server_address, std::span(frame).first(size));
            }
        });
    }

    // The server's answer to one packet: the same packet, protected again, sent back.
    void echo(const EndpointEvent& event, const MediaReceived& media) {
        std::copy(media.packet.begin(), media.packet.end(), echo_buffer.begin());
        std::error_code ec;
        const auto size =
            server.protect_rtp(event.peer, echo_buffer, media.packet.size(), Clock::now(), ec);
        REQUIRE_FALSE(ec);
        server_driver.send(event.peer, std::span(echo_buffer).first(size));
    }

    template <class Done>
    void run_until(Done done) {
        const auto limit = Clock::now() + std::chrono::seconds(5);
        while (!done() && Clock::now() < limit)
            io.run_one_for(std::chrono::milliseconds(50));
    }

    void stop() {
        server_driver.stop();
        client_driver.stop();
    }

    void on_server(EndpointEvent& event) {
        const auto* media = std::get_if<MediaReceived>(&event.event);
        if (!media || media->kind != MediaKind::rtp) return;
        if (on_server_media) {
            on_server_media(event, *media);
        } else {
            echo(event, *media);
        }
    }
    void on_client(EndpointEvent& event) {
        if (std::holds_alternative<HandshakeDone>(event.event)) keyed = true;
        if (const auto* media = std::get_if<MediaReceived>(&event.event)) {
            if (media->kind == MediaKind::rtp)
                echoed.push_back(rtp::peek_rtp_fixed_header(media->packet)->sequence_number);
        }
    }

    static inline const udp::endpoint loopback{boost::asio::ip::address_v4::loopback(), 0};
    static inline const std::array<std::byte, 160> silence{};

    boost::asio::io_context io;
    Endpoint server;
    Endpoint client;
    UdpDriver server_driver;
    UdpDriver client_driver;
    PeerAddress server_address;
    PeerAddress client_address;
    std::function<void(const EndpointEvent&, const MediaReceived&)> on_server_media;
    std::array<std::byte, 1500> echo_buffer{};
    bool keyed = false;
    std::vector<std::uint16_t> echoed;
};

}  // namespace

TEST_CASE("a datagram burst packs datagrams on 16-byte boundaries, bounded by bytes and count") {
    const auto peer = PeerAddress::ipv4({192, 0, 2, 7}, 5004);
    DatagramBurst small(1024);
    CHECK(small.receive_space().empty());  // no room for a largest datagram
    std::size_t pushed = 0;
    while (small.push(peer, pattern(100, static_cast<int>(pushed))))
        ++pushed;
    CHECK(pushed == 9);  // 9 × 112 = 1008; a tenth needs 1108
    for (std::size_t i = 0; i < small.size(); ++i) {
        const auto datagram = small[i];
        CHECK(datagram.peer == peer);
        CHECK(reinterpret_cast<std::uintptr_t>(datagram.bytes.data()) % 16 ==
              reinterpret_cast<std::uintptr_t>(small[0].bytes.data()) % 16);
        CHECK(same(datagram.bytes, pattern(100, static_cast<int>(i))));
    }
    small.clear();
    CHECK(small.empty());
    CHECK(small.push(peer, pattern(1000, 1)));

    DatagramBurst burst;
    for (std::size_t i = 0; i < DatagramBurst::max_datagrams; ++i) {
        const auto space = burst.receive_space();
        REQUIRE(space.size() == DatagramBurst::largest_datagram);
        burst.commit(peer, 20);
    }
    CHECK(burst.receive_space().empty());  // full by count
    CHECK_FALSE(burst.push(peer, pattern(20, 0)));
}

TEST_CASE(
    "bursts over loopback UDP: all waiting datagrams in, the largest too; out in order, "
    "a failing one counted") {
    boost::asio::io_context io;
    auto a = loopback_socket(io);
    auto b = loopback_socket(io);
    const auto a_address = to_peer_address(a.local_endpoint());
    const auto b_address = to_peer_address(b.local_endpoint());

    std::vector<std::vector<std::byte>> sent;
    for (int i = 0; i < 10; ++i)
        sent.push_back(pattern(static_cast<std::size_t>(i) * 100 + 1, i));
    sent.push_back(pattern(60000, 99));  // far over any MTU: nothing is truncated
    for (const auto& datagram : sent)
        REQUIRE(send_one(a, b_address, datagram).sent == 1);

    wait_readable(b);
    DatagramBurst burst;
    const auto received = receive_burst(b, burst);
    CHECK(received.drained);
    CHECK(received.errors == 0);
    REQUIRE(burst.size() == sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        CHECK(burst[i].peer == a_address);
        CHECK(same(burst[i].bytes, sent[i]));
    }

    // Out: an IPv6 destination cannot leave an IPv4 socket; the others go, in order.
    std::array<std::uint8_t, 16> v6{};
    v6[15] = 1;
    DatagramBurst out;
    for (int i = 0; i < 5; ++i) {
        const auto to = i == 2 ? PeerAddress::ipv6(v6, 5004) : b_address;
        REQUIRE(out.push(to, pattern(50, 200 + i)));
    }
    const auto outcome = send_burst(a, out);
    CHECK(outcome.sent == 4);
    CHECK(outcome.failed == 1);
    CHECK(outcome.dropped == 0);
    CHECK(out.empty());

    wait_readable(b);
    const auto again = receive_burst(b, burst);
    CHECK(again.drained);
    REQUIRE(burst.size() == 4);
    const int seeds[] = {200, 201, 203, 204};
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(same(burst[i].bytes, pattern(50, seeds[i])));
}

TEST_CASE("UdpDriver echoes SRTP that arrives all at once: in bursts, every packet, in order") {
    DriverPair pair;
    pair.handshake();
    constexpr int packets = 150;  // well inside the default receive buffer (~200 KB)
    pair.send_from_client(packets);
    pair.run_until([&] { return pair.echoed.size() >= packets; });
    pair.stop();

    REQUIRE(pair.echoed.size() == packets);
    for (int i = 0; i < packets; ++i)
        CHECK(pair.echoed[static_cast<std::size_t>(i)] == i);
    const auto* transport = pair.server.find(pair.client_address);
    REQUIRE(transport);
    CHECK(transport->stats().rtp_received.packets == packets);
    CHECK(transport->stats().rtp_sent.packets == packets);
    const auto& stats = pair.server_driver.stats();
    CHECK(stats.datagrams_sent >= packets);
    // The client's 150 were all waiting when the server woke: a few bursts of up to 64.
    CHECK(stats.bursts < 12);
    CHECK(stats.send_errors == 0);
}

TEST_CASE("a handler that throws in a burst: what it queued still leaves from its own socket") {
    DriverPair pair;
    pair.on_server_media = [&](const EndpointEvent& event, const MediaReceived& media) {
        pair.echo(event, media);  // queued for the burst's end
        throw std::runtime_error("the application's handler failed");
    };
    pair.handshake();
    pair.send_from_client(1);
    CHECK_THROWS_AS(pair.run_until([&] { return !pair.echoed.empty(); }), std::runtime_error);
    // The echo went out from the server's socket: the client takes it as the
    // server's (had the next drain on this thread sent it, it would come from
    // the client's own socket, a stranger's address, and be dropped).
    pair.run_until([&] { return !pair.echoed.empty(); });
    pair.stop();
    REQUIRE(pair.echoed.size() == 1);
    CHECK(pair.echoed[0] == 0);
    CHECK(pair.server_driver.stats().datagrams_sent >= 1);
}
