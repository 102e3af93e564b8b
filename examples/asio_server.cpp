// SPDX-License-Identifier: BSD-3-Clause
// A media server on Boost.Asio: one UDP port, one Endpoint, many DTLS-SRTP
// peers. The server echoes every RTP packet it decrypts back to its sender,
// encrypted for that sender. To have peers, the same program runs N clients
// (one Endpoint and one port each, sharing one Context: one device running N
// calls). Each client, once keyed, sends a packet and the next one when the
// echo of the last comes back, 20 in all; exit 0 when every client got all of
// its packets back.
//
//   example_asio_server [PEERS]   (default 50)
//
// What a server like this sets in its Context: an admission policy that lets
// as many strangers handshake at once as it expects peers to arrive together
// (beyond that, a ClientHello is refused until a place frees up), and whom it
// trusts (here the clients' certificate fingerprint, as provisioned).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>
#include <rtpsec/srtp/profile.hpp>

using namespace rtpsec;
using Clock = std::chrono::steady_clock;
using udp = boost::asio::ip::udp;

namespace {

constexpr int packets_per_peer = 20;
constexpr std::size_t payload_size = 160;  // 20 ms of G.711

// Copies `packet` into `buffer` (with room for the SRTP tag), protects it for
// `to` and sends it through `driver`.
void protect_and_send(endpoint::Endpoint& endpoint, endpoint::UdpDriver& driver,
                      const endpoint::PeerAddress& to, std::span<const std::byte> packet) {
    std::array<std::byte, 1500> buffer{};
    if (packet.size() + srtp::max_protect_overhead > buffer.size()) return;
    std::copy(packet.begin(), packet.end(), buffer.begin());
    std::error_code ec;
    const std::size_t length = endpoint.protect_rtp(to, buffer, packet.size(), Clock::now(), ec);
    if (!ec) driver.send(to, std::span(buffer).first(length));
}

struct Client {
    std::unique_ptr<endpoint::Endpoint> endpoint;
    std::unique_ptr<endpoint::UdpDriver> driver;
    int echoes = 0;
};

// The client's packet number `echoes` (20 ms of silence).
void send_next(Client& client, const endpoint::PeerAddress& server) {
    const std::array<std::byte, payload_size> payload{};
    rtp::RtpHeaderFields fields;
    fields.sequence_number = static_cast<std::uint16_t>(client.echoes);
    fields.timestamp = static_cast<std::uint32_t>(client.echoes) * payload_size;
    fields.ssrc = client.endpoint->find(server)->local_ssrc();
    std::array<std::byte, 12 + payload_size> packet{};
    std::error_code ec;
    const std::size_t length = rtp::write_rtp_packet(packet, fields, payload, 0, ec);
    if (!ec) protect_and_send(*client.endpoint, *client.driver, server, {packet.data(), length});
}

}  // namespace

int main(int argc, char** argv) try {
    const int peers = argc > 1 ? std::atoi(argv[1]) : 50;
    if (peers < 1 || peers > 500) throw std::invalid_argument("PEERS must be 1 to 500");
    boost::asio::io_context io;

    // The clients' side: one Context, one certificate, for every call.
    const auto clients_context = Context::create(ContextOptions(dtls::Certificate::generate()));

    ContextOptions server_options(dtls::Certificate::generate());
    server_options.admission.max_pending_strangers = static_cast<std::size_t>(peers);
    server_options.srtp.rtpsec_aes_gcm = true;
    server_options.srtp.rtpsec_hmac_sha1 = true;
    const auto server_context = Context::create(std::move(server_options));
    auto server_config = server_context->endpoint_config(dtls::Role::server);
    server_config.accept_unknown_peers = true;  // behind the cookie exchange
    server_config.transport.dtls.expected_peer_fingerprints = {
        clients_context->certificate().fingerprint()};
    endpoint::Endpoint server(std::move(server_config), Clock::now());
    std::unique_ptr<endpoint::UdpDriver> server_driver;
    server_driver = std::make_unique<endpoint::UdpDriver>(
        io, server, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
        [&](endpoint::EndpointEvent& event) {
            const auto* media = std::get_if<endpoint::MediaReceived>(&event.event);
            if (media && media->kind == endpoint::MediaKind::rtp) {
                protect_and_send(server, *server_driver, event.peer, media->packet);
            }
        });
    server_driver->start();
    const auto server_address = endpoint::to_peer_address(server_driver->local_endpoint());

    std::vector<Client> clients(static_cast<std::size_t>(peers));
    int finished = 0;
    for (Client& client : clients) {
        auto config = clients_context->endpoint_config(dtls::Role::client);
        config.transport.dtls.expected_peer_fingerprints = {
            server_context->certificate().fingerprint()};
        client.endpoint = std::make_unique<endpoint::Endpoint>(std::move(config), Clock::now());
        client.driver = std::make_unique<endpoint::UdpDriver>(
            io, *client.endpoint, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            [&, c = &client](endpoint::EndpointEvent& event) {
                const auto* media = std::get_if<endpoint::MediaReceived>(&event.event);
                if (std::holds_alternative<endpoint::HandshakeDone>(event.event)) {
                    send_next(*c, server_address);
                } else if (media && media->kind == endpoint::MediaKind::rtp) {
                    if (++c->echoes < packets_per_peer) {
                        send_next(*c, server_address);
                    } else if (++finished == peers) {
                        io.stop();
                    }
                }
            });
        client.driver->start();
        client.endpoint->connect(server_address, Clock::now());
        client.driver->flush();
    }

    boost::asio::steady_timer limit(io, std::chrono::seconds(20));
    limit.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) io.stop();
    });
    io.run();

    std::printf("%d of %d peers got all %d packets echoed; the server holds %zu peers on port %u\n",
                finished, peers, packets_per_peer, server.peer_count(),
                server_driver->local_endpoint().port());
    std::printf("server: %llu HelloVerifyRequests, %llu refused\n",
                static_cast<unsigned long long>(server.stats().hello_verify_sent),
                static_cast<unsigned long long>(server.stats().peers_refused));
    return finished == peers ? 0 : 1;
} catch (const std::exception& e) {
    std::fprintf(stderr, "example_asio_server: %s\n", e.what());
    return 1;
}
