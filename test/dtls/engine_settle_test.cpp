// SPDX-License-Identifier: BSD-3-Clause
// Settling: once the peer has proven it holds the keys, the engine frees
// OpenSSL's association and keeps a prepared close_notify and the keys that
// open the peer's alerts. Closing must work exactly as before, in both
// directions and against an engine that still runs OpenSSL.
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include <rtpsec/dtls/engine.hpp>
#include <rtpsec/dtls/error.hpp>

#include "engine_pair.hpp"
#include "identities.hpp"

using namespace rtpsec;
using dtls::Role;
using test::EnginePair;
using test::Impairment;
using test::SimulatedClock;

namespace {

using Bytes = std::vector<std::byte>;

struct Handshaken {
    Handshaken()
        : pair(clock,
               test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
               test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
               Impairment{}, Impairment{}, 1) {
        REQUIRE(pair.run_handshake());
        pair.run_to_quiescence(std::chrono::seconds(1));
    }
    void settle_server() {
        pair.server.engine.confirm_peer_keyed(clock.now());
        REQUIRE_FALSE(pair.server.engine.poll_transmit());
        REQUIRE(pair.server.engine.settled());
    }
    SimulatedClock clock;
    EnginePair pair;
};

// The one datagram `engine` sends now.
Bytes only_datagram(dtls::Engine& engine) {
    auto datagram = engine.poll_transmit();
    REQUIRE(datagram);
    Bytes bytes(datagram->begin(), datagram->end());
    CHECK_FALSE(engine.poll_transmit());
    return bytes;
}

Bytes flipped(Bytes bytes, std::size_t at) {
    bytes.at(at) ^= std::byte{0x01};
    return bytes;
}

std::optional<dtls::Closed> closed_event(dtls::Engine& engine) {
    std::optional<dtls::Closed> closed;
    while (auto event = engine.poll_event()) {
        if (auto* c = std::get_if<dtls::Closed>(&*event)) closed = *c;
    }
    return closed;
}

}  // namespace

TEST_CASE("a client settles on completion, a server once told its peer is keyed") {
    Handshaken h;
    CHECK(h.pair.client.engine.settled());
    CHECK_FALSE(h.pair.server.engine.settled());
    // Told, the server settles when its output has left (at once here).
    h.pair.server.engine.confirm_peer_keyed(h.clock.now());
    CHECK_FALSE(h.pair.server.engine.settled());
    CHECK_FALSE(h.pair.server.engine.poll_transmit());
    CHECK(h.pair.server.engine.settled());
    CHECK(h.pair.server.engine.state() == dtls::Engine::State::established);
    CHECK_FALSE(h.pair.server.engine.next_deadline());
}

TEST_CASE("close_notify works both ways between settled and OpenSSL-backed engines") {
    const bool server_settled = GENERATE(false, true);
    const bool client_closes = GENERATE(false, true);
    Handshaken h;
    if (server_settled) h.settle_server();
    dtls::Engine& closer = client_closes ? h.pair.client.engine : h.pair.server.engine;
    dtls::Engine& other = client_closes ? h.pair.server.engine : h.pair.client.engine;
    CAPTURE(server_settled, client_closes);

    closer.close(h.clock.now());
    const Bytes close_notify = only_datagram(closer);
    CHECK(std::to_integer<int>(close_notify[0]) == 21);  // an alert record
    const auto sent = closed_event(closer);
    REQUIRE(sent);
    CHECK(sent->reason == dtls::CloseReason::close_notify_sent);

    CHECK_FALSE(other.handle_datagram(close_notify, h.clock.now()));
    const auto received = closed_event(other);
    REQUIRE(received);
    CHECK(received->reason == dtls::CloseReason::close_notify_received);
    // The receiver answers with its own close_notify (RFC 5246 §7.2.1).
    const Bytes answer = only_datagram(other);
    CHECK(std::to_integer<int>(answer[0]) == 21);
    CHECK(other.state() == dtls::Engine::State::closed);
}

TEST_CASE("a settled engine drops what does not authenticate and stays established") {
    Handshaken h;
    h.settle_server();
    h.pair.server.engine.close(h.clock.now());
    const Bytes close_notify = only_datagram(h.pair.server.engine);
    dtls::Engine& client = h.pair.client.engine;

    REQUIRE(close_notify.size() > 13);
    const Bytes tampered = flipped(close_notify, close_notify.size() - 1);  // the tag
    const Bytes other_sequence = flipped(close_notify, 10);  // in the AAD and the nonce
    const Bytes plaintext_alert = {std::byte{21}, std::byte{0xfe}, std::byte{0xfd}, std::byte{0},
                                   std::byte{1},  std::byte{0},    std::byte{0},    std::byte{0},
                                   std::byte{0},  std::byte{0},    std::byte{9},    std::byte{0},
                                   std::byte{2},  std::byte{1},    std::byte{0}};
    Bytes as_handshake = close_notify;
    as_handshake.at(0) = std::byte{22};
    const Bytes truncated(close_notify.begin(), close_notify.end() - 3);
    for (const Bytes& forged :
         {tampered, other_sequence, plaintext_alert, as_handshake, truncated}) {
        const auto ec = client.handle_datagram(forged, h.clock.now());
        CHECK(ec == dtls::Error::no_authentic_alert);
        CHECK_FALSE(dtls::is_fatal(ec));
        CHECK_FALSE(client.poll_transmit());
        CHECK_FALSE(closed_event(client));
        CHECK(client.state() == dtls::Engine::State::established);
    }
    CHECK_FALSE(client.handle_datagram(close_notify, h.clock.now()));
    const auto closed = closed_event(client);
    REQUIRE(closed);
    CHECK(closed->reason == dtls::CloseReason::close_notify_received);
}
