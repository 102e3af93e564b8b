// SPDX-License-Identifier: BSD-3-Clause
// rtpsec::Context: what an embedder hands to every endpoint, and that
// contexts in one process stay out of each other's way.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;

namespace {

constexpr std::uint64_t ntp_unix_offset = 2'208'988'800ull;

std::shared_ptr<const Context> context_with(ContextOptions options) {
    options.srtp.rtpsec_aes_gcm = true;
    options.srtp.rtpsec_hmac_sha1 = true;
    return Context::create(std::move(options));
}

WallClock fixed_wall_clock(std::int64_t unix_seconds) {
    return [unix_seconds] {
        return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
    };
}

std::vector<std::byte> protected_rtp(Side& from, const PeerAddress& to) {
    std::vector<std::byte> buffer(12 + 160 + srtp::max_protect_overhead);
    const std::vector<std::byte> payload(160, std::byte{0x42});
    rtp::RtpHeaderFields fields;
    fields.ssrc = from.endpoint.find(to)->local_ssrc();
    std::error_code ec;
    const std::size_t length = rtp::write_rtp_packet(buffer, fields, payload, 0, ec);
    REQUIRE(!ec);
    buffer.resize(from.endpoint.protect_rtp(to, buffer, length, Clock::now(), ec));
    REQUIRE(!ec);
    return buffer;
}

// The NTP seconds of the sender report `from` sends `to` at its next deadline.
std::uint64_t sender_report_ntp_seconds(EndpointPair& pair, Side& from, Side& to) {
    pair.inject(to, from.address, protected_rtp(from, to.address));
    const auto deadline = from.endpoint.find(to.address)->next_deadline();
    REQUIRE(deadline);
    to.rtcp.clear();
    from.endpoint.handle_timeout(*deadline);
    pair.drain(from);
    pair.run();
    REQUIRE(to.rtcp.size() == 1);
    std::error_code ec;
    const auto compound = rtp::RtcpCompound::parse(to.rtcp[0], ec);
    REQUIRE(compound);
    const rtp::RtcpPacket first = *compound->begin();
    const auto report = rtp::SenderReport::parse(first, ec);
    REQUIRE(report);
    return report->sender_info().ntp_timestamp >> 32;
}

// Endpoints on one simulated network: what one transmits to an address is
// handed to the endpoint there, unless `deliver` says no.
struct Network {
    std::map<PeerAddress, Endpoint*> hosts;
    std::function<bool(const PeerAddress& from, const PeerAddress& to)> deliver =
        [](const PeerAddress&, const PeerAddress&) { return true; };
    std::vector<EndpointEvent> events;

    void run(Clock::time_point now) {
        for (bool moved = true; moved;) {
            moved = false;
            for (auto& [address, endpoint] : hosts) {
                std::vector<std::pair<PeerAddress, std::vector<std::byte>>> out;
                while (auto transmit = endpoint->poll_transmit())
                    out.emplace_back(transmit->to,
                                     std::vector<std::byte>(transmit->datagram.begin(),
                                                            transmit->datagram.end()));
                while (auto event = endpoint->poll_event())
                    events.push_back(std::move(*event));
                for (auto& [to, datagram] : out) {
                    const auto host = hosts.find(to);
                    if (host == hosts.end() || !deliver(address, to)) continue;
                    host->second->handle_datagram(address, datagram, now);
                    moved = true;
                }
            }
        }
    }
};

PeerAddress loopback(std::uint16_t port) {
    return PeerAddress::ipv4({127, 0, 0, 1}, port);
}

}  // namespace

TEST_CASE("each context's wall clock dates its RTCP sender reports") {
    ContextOptions a(certificate_a());
    a.wall_clock = fixed_wall_clock(1'893'456'000);  // 2030-01-01
    ContextOptions b(certificate_b());
    b.wall_clock = fixed_wall_clock(978'307'200);  // 2001-01-01
    const auto context_a = context_with(std::move(a));
    const auto context_b = context_with(std::move(b));
    TransportConfig client = context_a->transport_config(dtls::Role::client);
    client.dtls.expected_peer_fingerprints = {certificate_b().fingerprint()};
    TransportConfig server = context_b->transport_config(dtls::Role::server);
    server.dtls.expected_peer_fingerprints = {certificate_a().fingerprint()};
    EndpointPair pair{EndpointConfig(std::move(client)), EndpointConfig(std::move(server))};
    pair.b.endpoint.connect(pair.a.address, Clock::now());
    pair.a.endpoint.connect(pair.b.address, Clock::now());
    pair.run();
    REQUIRE(pair.a.endpoint.find(pair.b.address)->keyed());

    // NTP time = the context's wall time at the transport's start + the steady
    // time since (the report goes out within a few seconds).
    const std::uint64_t from_a = sender_report_ntp_seconds(pair, pair.a, pair.b);
    CHECK(from_a >= 1'893'456'000 + ntp_unix_offset);
    CHECK(from_a <= 1'893'456'000 + ntp_unix_offset + 10);
    const std::uint64_t from_b = sender_report_ntp_seconds(pair, pair.b, pair.a);
    CHECK(from_b >= 978'307'200 + ntp_unix_offset);
    CHECK(from_b <= 978'307'200 + ntp_unix_offset + 10);
}

TEST_CASE("a seeded random source repeats SSRCs; the default source does not") {
    auto ssrc_with = [](std::shared_ptr<RandomSource> random) {
        ContextOptions options(certificate_a());
        options.random = std::move(random);
        const auto context = context_with(std::move(options));
        return MediaTransport(context->transport_config(dtls::Role::client), Clock::now())
            .local_ssrc();
    };
    CHECK(ssrc_with(std::make_shared<SeededRandomSource>(7)) ==
          ssrc_with(std::make_shared<SeededRandomSource>(7)));
    CHECK(ssrc_with(std::make_shared<SeededRandomSource>(7)) !=
          ssrc_with(std::make_shared<SeededRandomSource>(8)));
    CHECK(ssrc_with(nullptr) != ssrc_with(nullptr));
}

TEST_CASE("a context refuses a policy the engine could not run, before any endpoint exists") {
    ContextOptions mtu(certificate_a());
    mtu.dtls.mtu = 100;
    CHECK_THROWS_AS(Context::create(std::move(mtu)), std::invalid_argument);
    ContextOptions profiles(certificate_a());
    profiles.dtls.srtp_profiles.clear();
    CHECK_THROWS_AS(Context::create(std::move(profiles)), std::invalid_argument);
    ContextOptions ciphers(certificate_a());
    ciphers.dtls.openssl.cipher_suites = "NO-SUCH-SUITE";
    CHECK_THROWS_WITH(Context::create(std::move(ciphers)), Catch::Contains("NO-SUCH-SUITE"));
    ContextOptions groups(certificate_a());
    groups.dtls.openssl.groups = "P-1";
    CHECK_THROWS_AS(Context::create(std::move(groups)), std::invalid_argument);
}

TEST_CASE("contexts with different cipher suites negotiate what both allow") {
    ContextOptions a(certificate_a());
    a.dtls.openssl.cipher_suites = "ECDHE-ECDSA-CHACHA20-POLY1305";
    const auto context_a = context_with(std::move(a));
    const auto context_b = context_for(certificate_b());
    TransportConfig client = context_a->transport_config(dtls::Role::client);
    client.dtls.expected_peer_fingerprints = {certificate_b().fingerprint()};
    TransportConfig server = context_b->transport_config(dtls::Role::server);
    server.dtls.expected_peer_fingerprints = {certificate_a().fingerprint()};
    EndpointPair pair{EndpointConfig(std::move(client)), EndpointConfig(std::move(server))};
    pair.b.endpoint.connect(pair.a.address, Clock::now());
    pair.a.endpoint.connect(pair.b.address, Clock::now());
    pair.run();
    const auto& telemetry = pair.a.endpoint.find(pair.b.address)->stats().handshake;
    REQUIRE(telemetry);
    CHECK(telemetry->cipher_suite.find("CHACHA20") != std::string::npos);
}

TEST_CASE(
    "stalled strangers cannot take the expected peer's place, and failed ones are reclaimed") {
    std::vector<std::string> log;
    ContextOptions options(certificate_b());
    options.admission.max_peers = 4;
    options.admission.max_pending_strangers = 2;
    options.log = [&log](LogLevel level, std::string_view line) {
        log.push_back(std::string(log_level_name(level)) + " " + std::string(line));
    };
    options.log_level = LogLevel::debug;
    const auto server_context = context_with(std::move(options));
    EndpointConfig server_config = server_context->endpoint_config(dtls::Role::server);
    server_config.accept_unknown_peers = true;
    const auto start = Clock::now();
    Endpoint server(std::move(server_config), start);
    const PeerAddress server_address = loopback(5004);
    const PeerAddress expected = loopback(6000);
    server.set_peer_fingerprints(expected, {certificate_a().fingerprint()}, start);

    Network network;
    network.hosts[server_address] = &server;
    // Five strangers with certificate A too (they could be the peer's own
    // devices): each passes the cookie exchange, then its handshake stalls,
    // as the server has no fingerprint for it and holds it.
    std::vector<std::unique_ptr<Endpoint>> strangers;
    for (std::uint16_t i = 0; i < 5; ++i) {
        TransportConfig config =
            transport_for(dtls::Role::client, certificate_a(), certificate_b());
        strangers.push_back(std::make_unique<Endpoint>(EndpointConfig(std::move(config)), start));
        network.hosts[loopback(static_cast<std::uint16_t>(7000 + i))] = strangers.back().get();
        strangers.back()->connect(server_address, start);
        network.run(start);
    }
    CHECK(server.stats().hello_verify_sent == 5);
    CHECK(server.peer_count() == 2);
    CHECK(server.stats().peers_refused == 3);

    // The peer named by the SDP still gets its transport and completes.
    Endpoint peer(
        EndpointConfig(transport_for(dtls::Role::client, certificate_a(), certificate_b())), start);
    network.hosts[expected] = &peer;
    peer.connect(server_address, start);
    network.run(start);
    REQUIRE(server.find(expected) != nullptr);
    CHECK(server.find(expected)->keyed());
    CHECK(peer.find(server_address)->keyed());

    // The stalled strangers time out; their places come back at the next input.
    const auto later = start + std::chrono::seconds(16);
    server.handle_timeout(later);
    network.run(later);
    server.handle_timeout(later);
    CHECK(server.stats().strangers_reclaimed == 2);
    CHECK(server.peer_count() == 1);
    // A new stranger is admitted again.
    strangers[4]->close_all(later);
    strangers[4]->remove(server_address);
    strangers[4]->connect(server_address, later);
    network.run(later);
    CHECK(server.peer_count() == 2);

    bool logged_refusal = false;
    bool logged_reclaim = false;
    for (const auto& line : log) {
        logged_refusal |= line.find("refused") != std::string::npos;
        logged_reclaim |= line.find("handshake failed") != std::string::npos;
    }
    CHECK(logged_refusal);
    CHECK(logged_reclaim);
}

TEST_CASE("cookie-proven strangers cannot make an endpoint hold more than its byte budget") {
    ContextOptions options(certificate_b());
    options.admission.max_pending_strangers = 32;
    options.admission.early_dtls_bytes_per_peer = 16 * 1024;
    options.admission.strangers_early_bytes = 64 * 1024;
    const auto server_context = context_with(std::move(options));
    EndpointConfig server_config = server_context->endpoint_config(dtls::Role::server);
    server_config.accept_unknown_peers = true;  // no fingerprint for them: held
    const auto start = Clock::now();
    Endpoint server(std::move(server_config), start);
    const PeerAddress server_address = loopback(5004);

    Network network;
    network.hosts[server_address] = &server;
    std::vector<std::unique_ptr<Endpoint>> strangers;
    for (std::uint16_t i = 0; i < 8; ++i) {
        const PeerAddress address = loopback(static_cast<std::uint16_t>(7000 + i));
        strangers.push_back(std::make_unique<Endpoint>(
            EndpointConfig(transport_for(dtls::Role::client, certificate_a(), certificate_b())),
            start));
        network.hosts[address] = strangers.back().get();
        strangers.back()->connect(server_address, start);
        network.run(start);
        // Then large DTLS-looking datagrams, each held while the handshake is.
        for (int n = 0; n < 16; ++n) {
            std::vector<std::byte> junk(8000, std::byte{0x5a});
            junk[0] = std::byte{22};
            junk[1] = std::byte{0xfe};
            junk[2] = std::byte{0xfd};
            server.handle_datagram(address, junk, start);
            network.run(start);
        }
        CHECK(server.strangers_early_bytes() <= 64 * 1024);
        const auto* transport = server.find(address);
        REQUIRE(transport != nullptr);
        CHECK(transport->stats().dtls_datagrams_dropped >= 14);  // 16 KiB each at most
    }
    CHECK(server.peer_count() == 8);
    CHECK(server.strangers_early_bytes() > 32 * 1024);

    // Their handshakes time out; what they held is given back.
    const auto later = start + std::chrono::seconds(16);
    server.handle_timeout(later);
    network.run(later);
    server.handle_timeout(later);
    CHECK(server.peer_count() == 0);
    CHECK(server.strangers_early_bytes() == 0);
}
