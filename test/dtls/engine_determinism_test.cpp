// SPDX-License-Identifier: BSD-3-Clause
// Determinism under test control: the fuzz targets replay an input only if a
// handshake is a function of its inputs once OpenSSL's clock and randomness
// are fixed.
#include <catch2/catch.hpp>
#include <vector>

#include <rtpsec/dtls/engine.hpp>

#include "deterministic_openssl_random.hpp"
#include "identities.hpp"
#include "simulated_clock.hpp"

using namespace rtpsec;
using dtls::Role;
using test::SimulatedClock;

namespace {

// Every datagram of one handshake, in order.
std::vector<std::vector<std::byte>> recorded_handshake() {
    SimulatedClock clock;
    dtls::Engine client(
        test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        clock.now());
    dtls::Engine server(
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
        clock.now());
    std::vector<std::vector<std::byte>> wire;
    for (int round = 0; round < 8; ++round) {
        for (auto [from, to] : {std::pair{&client, &server}, std::pair{&server, &client}}) {
            while (auto datagram = from->poll_transmit()) {
                wire.emplace_back(datagram->begin(), datagram->end());
                to->handle_datagram(wire.back(), clock.now());
            }
            while (from->poll_event()) {
            }
        }
        clock.advance(std::chrono::milliseconds(10));
    }
    CHECK(client.state() == dtls::Engine::State::established);
    return wire;
}

}  // namespace

TEST_CASE("a seeded handshake on simulated time is the same, byte for byte, every time") {
    // A first handshake initialises what OpenSSL and the test build once per
    // process (identities, contexts, tables), so that nothing later draws from
    // the seed but the handshakes themselves; the fuzz targets do the same in
    // LLVMFuzzerInitialize.
    (void)recorded_handshake();
    std::vector<std::vector<std::byte>> first;
    {
        test::SeededOpensslRandom seeded(42);
        first = recorded_handshake();
    }
    test::SeededOpensslRandom seeded(42);
    const auto second = recorded_handshake();
    CHECK(first.size() >= 4);
    REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        INFO("datagram " << i);
        CHECK(first[i] == second[i]);
    }
}
