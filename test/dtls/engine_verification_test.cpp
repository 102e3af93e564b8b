// SPDX-License-Identifier: BSD-3-Clause
// Peer authentication by fingerprint (RFC 5763 §5, RFC 8122 §5), the early
// ClientHello, and closing.
#include <catch2/catch.hpp>

#include <rtpsec/dtls/engine.hpp>

#include "engine_pair.hpp"
#include "identities.hpp"

using namespace rtpsec;
using dtls::Role;
using test::EnginePair;
using test::Impairment;
using test::SimulatedClock;
using namespace std::chrono_literals;

namespace {

Impairment ten_ms() {
    Impairment link;
    link.delay = 10ms;
    return link;
}

const dtls::Certificate& alice() {
    return test::ecdsa_identity(0);
}
const dtls::Certificate& bob() {
    return test::ecdsa_identity(1);
}
const dtls::Certificate& mallory() {
    return test::rsa2048_identity(0);
}

}  // namespace

TEST_CASE("a server presenting the wrong certificate: the client fails, no keys anywhere") {
    SimulatedClock clock;
    // The client expects Bob, Mallory answers.
    EnginePair pair(clock, test::config_for(Role::client, alice(), bob()),
                    test::config_for(Role::server, mallory(), alice()), ten_ms(), ten_ms(), 1);
    CHECK(!pair.run_handshake());
    pair.run_to_quiescence();
    REQUIRE(pair.client.failed);
    CHECK(pair.client.failed->error == dtls::Error::fingerprint_mismatch);
    CHECK(dtls::is_fatal(pair.client.failed->error));
    // Both values, so the user can see which side's SDP is stale.
    CHECK_THAT(
        pair.client.failed->message,
        Catch::StartsWith("fingerprint mismatch: expected " + bob().fingerprint().to_string()) &&
            Catch::Contains("peer presented " + mallory().fingerprint().to_string()));
    // The client's bad_certificate alert ends the server too.
    REQUIRE(pair.server.failed);
    CHECK(pair.server.failed->error == dtls::Error::peer_alert);
    CHECK_THAT(pair.server.failed->message, Catch::Contains("bad certificate"));
    CHECK(!pair.client.complete);
    CHECK(!pair.server.complete);
    CHECK(!pair.client.verified);
}

TEST_CASE("a client presenting the wrong certificate: the server fails, no keys anywhere") {
    SimulatedClock clock;
    EnginePair pair(clock, test::config_for(Role::client, mallory(), bob()),
                    test::config_for(Role::server, bob(), alice()), ten_ms(), ten_ms(), 1);
    CHECK(!pair.run_handshake());
    pair.run_to_quiescence();
    REQUIRE(pair.server.failed);
    CHECK(pair.server.failed->error == dtls::Error::fingerprint_mismatch);
    CHECK_THAT(pair.server.failed->message,
               Catch::Contains(alice().fingerprint().to_string()) &&
                   Catch::Contains(mallory().fingerprint().to_string()));
    REQUIRE(pair.client.failed);
    CHECK(pair.client.failed->error == dtls::Error::peer_alert);
    CHECK(!pair.client.complete);
    CHECK(!pair.server.complete);
    // The client did verify the server (it was Bob), but never got keys.
    CHECK(pair.client.verified);
}

TEST_CASE("several expected fingerprints: a match with the last one is enough") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, alice(), bob());
    client.expected_peer_fingerprints = {mallory().fingerprint(),
                                         mallory().fingerprint(dtls::HashAlgorithm::sha1),
                                         bob().fingerprint(dtls::HashAlgorithm::sha512)};
    EnginePair pair(clock, std::move(client), test::config_for(Role::server, bob(), alice()),
                    ten_ms(), ten_ms(), 1);
    REQUIRE(pair.run_handshake());
    CHECK(pair.client.complete->matched == bob().fingerprint(dtls::HashAlgorithm::sha512));
    CHECK(pair.client.complete->peer_fingerprint == bob().fingerprint());
}

TEST_CASE("an unknown hash name beside a good fingerprint is skipped, not fatal") {
    const std::string good = bob().fingerprint().to_string();
    const std::string_view values[] = {"sha-3-256 AB:CD:EF", good};
    std::error_code ec;
    auto expected = dtls::parse_expected_fingerprints(values, ec);
    REQUIRE(expected);
    REQUIRE(expected->size() == 1);

    SimulatedClock clock;
    auto client = test::config_for(Role::client, alice(), bob());
    client.expected_peer_fingerprints = std::move(*expected);
    EnginePair pair(clock, std::move(client), test::config_for(Role::server, bob(), alice()),
                    ten_ms(), ten_ms(), 1);
    REQUIRE(pair.run_handshake());

    // A malformed value of a known hash is an error, not something to skip.
    const std::string_view broken[] = {"sha-256 AB:CD", good};
    CHECK(!dtls::parse_expected_fingerprints(broken, ec));
    CHECK(ec == dtls::FingerprintError::wrong_length);
}

TEST_CASE("an md5 fingerprint never authenticates, even when it matches") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, alice(), bob());
    client.expected_peer_fingerprints = {bob().fingerprint(dtls::HashAlgorithm::md5)};
    EnginePair pair(clock, std::move(client), test::config_for(Role::server, bob(), alice()),
                    ten_ms(), ten_ms(), 1);
    CHECK(!pair.run_handshake());
    REQUIRE(pair.client.failed);
    CHECK(pair.client.failed->error == dtls::Error::no_trusted_fingerprint);
    CHECK_THAT(pair.client.failed->message, Catch::Contains("RFC 8122"));
}

TEST_CASE("turning verification off is explicit and accepts any peer") {
    SimulatedClock clock;
    dtls::EngineConfig client(Role::client, alice(), test::openssl_context());
    client.insecure_skip_peer_verification = true;
    EnginePair pair(clock, std::move(client), test::config_for(Role::server, mallory(), alice()),
                    ten_ms(), ten_ms(), 1);
    REQUIRE(pair.run_handshake());
    CHECK(pair.client.complete->peer_fingerprint == mallory().fingerprint());
    CHECK(!pair.client.complete->matched);
}

TEST_CASE("an early ClientHello waits for the fingerprint, then the handshake proceeds") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, alice(), bob());
    dtls::EngineConfig server(Role::server, bob(), test::openssl_context());  // no SDP answer yet
    EnginePair pair(clock, std::move(client), std::move(server), ten_ms(), ten_ms(), 1);
    CHECK(pair.server.engine.state() == dtls::Engine::State::awaiting_fingerprint);
    // 100 ms pass: the ClientHello and its resends are kept, nothing answered.
    pair.run_until([] { return false; }, 100ms);
    CHECK(pair.server.datagrams_sent == 0);
    CHECK(pair.client.datagrams_sent >= 2);
    CHECK(pair.server.engine.state() == dtls::Engine::State::awaiting_fingerprint);
    pair.server.engine.set_peer_fingerprints({alice().fingerprint()}, clock.now());
    CHECK(pair.server.engine.state() == dtls::Engine::State::handshaking);
    // The queued ClientHello is answered at once, not after the client's next resend.
    CHECK(pair.server.engine.poll_transmit());
    REQUIRE(pair.run_handshake());
    CHECK(pair.server.complete->peer_fingerprint == alice().fingerprint());
}

TEST_CASE("a server never given the fingerprint times out with a reason") {
    SimulatedClock clock;
    dtls::EngineConfig config(Role::server, bob(), test::openssl_context());
    dtls::Engine server(std::move(config), clock.now());
    CHECK(server.next_deadline() == clock.now() + 15s);
    clock.advance(15s);
    server.handle_timeout(clock.now());
    auto event = server.poll_event();
    REQUIRE(event);
    auto* failed = std::get_if<dtls::Failed>(&*event);
    REQUIRE(failed);
    CHECK(failed->error == dtls::Error::handshake_timeout);
    CHECK_THAT(failed->message, Catch::Contains("waiting for the peer's fingerprint"));
}

TEST_CASE("close_notify is reported on both sides, whichever side closes") {
    for (const bool client_closes : {true, false}) {
        INFO((client_closes ? "client closes" : "server closes"));
        SimulatedClock clock;
        EnginePair pair(clock, test::config_for(Role::client, alice(), bob()),
                        test::config_for(Role::server, bob(), alice()), ten_ms(), ten_ms(), 1);
        REQUIRE(pair.run_handshake());
        pair.run_to_quiescence();
        auto& closer = client_closes ? pair.client : pair.server;
        auto& other = client_closes ? pair.server : pair.client;
        auto& link = client_closes ? pair.to_server : pair.to_client;
        closer.engine.close(clock.now());
        while (auto datagram = closer.engine.poll_transmit())
            link.send(*datagram, clock.now());
        while (auto event = closer.engine.poll_event()) {
            if (auto* closed = std::get_if<dtls::Closed>(&*event)) closer.closed = *closed;
        }
        pair.run_to_quiescence();
        REQUIRE(closer.closed);
        CHECK(closer.closed->reason == dtls::CloseReason::close_notify_sent);
        REQUIRE(other.closed);
        CHECK(other.closed->reason == dtls::CloseReason::close_notify_received);
        CHECK(other.closed->alert == "close notify");
        CHECK(other.engine.state() == dtls::Engine::State::closed);
        CHECK(closer.engine.state() == dtls::Engine::State::closed);
        CHECK(!other.failed);
    }
}

TEST_CASE("datagrams that are not DTLS are dropped without harm") {
    SimulatedClock clock;
    EnginePair pair(clock, test::config_for(Role::client, alice(), bob()),
                    test::config_for(Role::server, bob(), alice()), ten_ms(), ten_ms(), 1);
    // RFC 7983: 0..3 STUN, 128..191 RTP/RTCP.
    const std::vector<std::byte> stun{std::byte{0}, std::byte{1}}, rtp{std::byte{0x80}};
    const auto ec = pair.server.engine.handle_datagram(stun, clock.now());
    CHECK(ec == dtls::Error::not_dtls);
    CHECK(!dtls::is_fatal(ec));
    CHECK(pair.server.engine.handle_datagram(rtp, clock.now()) == dtls::Error::not_dtls);
    CHECK(pair.server.engine.handle_datagram({}, clock.now()) == dtls::Error::not_dtls);
    REQUIRE(pair.run_handshake());
}

TEST_CASE("a client without the peer's fingerprint sends nothing until it is set") {
    SimulatedClock clock;
    dtls::Engine client(dtls::EngineConfig(Role::client, alice(), test::openssl_context()),
                        clock.now());
    CHECK(client.state() == dtls::Engine::State::awaiting_fingerprint);
    CHECK(!client.poll_transmit());
    client.set_peer_fingerprints({bob().fingerprint()}, clock.now());
    CHECK(client.state() == dtls::Engine::State::handshaking);
    CHECK(client.poll_transmit());  // the ClientHello
}
