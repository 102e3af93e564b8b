// SPDX-License-Identifier: BSD-3-Clause
// Alerts nobody can authenticate: while the handshake runs, every alert is a
// plaintext epoch-0 record that anyone who knows the addresses can forge. An
// engine ignores and counts them instead of giving up the handshake.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include <rtpsec/dtls/engine.hpp>

#include "identities.hpp"
#include "simulated_clock.hpp"

using namespace rtpsec;
using dtls::Role;
using test::SimulatedClock;

namespace {

// An epoch-0 DTLS 1.2 alert record: level, description, sequence number.
std::vector<std::byte> spoofed_alert(std::uint8_t level, std::uint8_t description,
                                     std::uint8_t sequence) {
    const std::uint8_t bytes[] = {21, 0xfe, 0xfd,     0, 0, 0,     0,          0,
                                  0,  0,    sequence, 0, 2, level, description};
    std::vector<std::byte> record(sizeof bytes);
    std::memcpy(record.data(), bytes, sizeof bytes);
    return record;
}

struct Forgery {
    std::uint8_t level;
    std::uint8_t description;
    const char* name;
};

// Runs a handshake in which a forged alert reaches each side before each
// real datagram; returns the two engines' states and the first failure.
void handshake_under_forged_alerts(const Forgery& forgery) {
    SimulatedClock clock;
    dtls::Engine client(
        test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        clock.now());
    dtls::Engine server(
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
        clock.now());
    std::uint8_t sequence = 0;
    std::size_t ignored = 0;
    auto pass = [&](dtls::Engine& from, dtls::Engine& to) {
        bool moved = false;
        while (auto datagram = from.poll_transmit()) {
            const std::vector<std::byte> copy(datagram->begin(), datagram->end());
            const auto forged = spoofed_alert(forgery.level, forgery.description, ++sequence);
            const auto ec = to.handle_datagram(forged, clock.now());
            if (ec == dtls::Error::unauthenticated_alert) ++ignored;
            CHECK_FALSE(dtls::is_fatal(ec));
            to.handle_datagram(copy, clock.now());
            moved = true;
        }
        while (auto event = to.poll_event()) {
            const auto* failed = std::get_if<dtls::Failed>(&*event);
            if (failed) FAIL("handshake failed: " << failed->message);
        }
        return moved;
    };
    for (int round = 0; round < 20; ++round) {
        const bool a = pass(client, server);
        const bool b = pass(server, client);
        if (!a && !b) break;
    }
    CHECK(client.state() == dtls::Engine::State::established);
    CHECK(server.state() == dtls::Engine::State::established);
    CHECK(ignored >= 3);
}

}  // namespace

TEST_CASE("forged warning close_notify alerts do not end a handshake") {
    handshake_under_forged_alerts({1, 0, "close_notify"});
}

TEST_CASE("forged fatal alerts do not end a handshake") {
    handshake_under_forged_alerts({2, 40, "handshake_failure"});
    handshake_under_forged_alerts({2, 42, "bad_certificate"});
}

TEST_CASE("a forged alert before the first flight is ignored too") {
    SimulatedClock clock;
    dtls::Engine server(
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
        clock.now());
    CHECK(server.handle_datagram(spoofed_alert(1, 0, 1), clock.now()) ==
          dtls::Error::unauthenticated_alert);
    CHECK(server.state() != dtls::Engine::State::failed);
    CHECK(server.state() != dtls::Engine::State::closed);
}
