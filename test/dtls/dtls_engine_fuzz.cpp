// SPDX-License-Identifier: BSD-3-Clause
// libFuzzer target: arbitrary datagrams into a server engine, a client engine
// waiting for the server's flight, a client engine further in (after a real
// server flight), the cookie front door, and a post-cookie server engine
// (mid-handshake after a real client's cookie round, and from its start), and
// a settled pair (OpenSSL freed, only the alert opener left): nothing a fuzzer
// sends may close or fail it.
//
// Input: one mode byte, then datagrams as [2-byte big-endian length][bytes].
//
// Deterministic: every input starts from the same simulated time (OpenSSL's
// gettimeofday included) and the same seeded randomness (OpenSSL's and the
// cookie secrets), so an input found once replays the same path anywhere.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <rtpsec/common/random_source.hpp>
#include <rtpsec/dtls/cookie_front_door.hpp>
#include <rtpsec/dtls/engine.hpp>

#include "deterministic_openssl_random.hpp"
#include "simulated_clock.hpp"

namespace {

using namespace rtpsec;
using Clock = std::chrono::steady_clock;

const dtls::Certificate& identity(int index) {
    static const dtls::Certificate identities[2] = {dtls::Certificate::generate(),
                                                    dtls::Certificate::generate()};
    return identities[index];
}

dtls::EngineConfig config(dtls::Role role) {
    const int mine = role == dtls::Role::client ? 0 : 1;
    static const auto openssl = std::make_shared<const dtls::Context>();
    dtls::EngineConfig c(role, identity(mine), openssl);
    c.expected_peer_fingerprints = {identity(1 - mine).fingerprint()};
    return c;
}

std::vector<std::span<const std::byte>> split(std::span<const std::byte> input) {
    std::vector<std::span<const std::byte>> datagrams;
    while (input.size() >= 2) {
        const std::size_t length =
            std::to_integer<std::size_t>(input[0]) << 8 | std::to_integer<std::size_t>(input[1]);
        input = input.subspan(2);
        const std::size_t n = std::min(length, input.size());
        datagrams.push_back(input.first(n));
        input = input.subspan(n);
    }
    return datagrams;
}

// Drains like a caller must, checking the engine's promises on the way.
void drain(dtls::Engine& engine, std::size_t mtu, std::vector<std::vector<std::byte>>* sink) {
    while (auto datagram = engine.poll_transmit()) {
        if (datagram->empty() || datagram->size() > mtu) __builtin_trap();
        if (sink) sink->emplace_back(datagram->begin(), datagram->end());
    }
    while (auto event = engine.poll_event()) {
        if (auto* failed = std::get_if<dtls::Failed>(&*event)) {
            if (!dtls::is_fatal(failed->error) || failed->message.empty()) __builtin_trap();
        }
        // A fuzzed peer cannot hold our peer's private key: no keys, ever.
        if (std::holds_alternative<dtls::HandshakeComplete>(*event)) __builtin_trap();
    }
}

void feed(dtls::Engine& engine, const std::vector<std::span<const std::byte>>& datagrams,
          test::SimulatedClock& clock) {
    for (const auto datagram : datagrams) {
        const auto ec = engine.handle_datagram(datagram, clock.now());
        if (ec && dtls::is_fatal(ec) && engine.state() != dtls::Engine::State::failed) {
            __builtin_trap();
        }
        drain(engine, 1200, nullptr);
        clock.advance(std::chrono::milliseconds(20));
        const auto now = clock.now();
        if (const auto deadline = engine.next_deadline(); deadline && *deadline <= now) {
            engine.handle_timeout(now);
            drain(engine, 1200, nullptr);
        }
    }
}

// A real handshake between the two, then both settled.
void settle_pair(dtls::Engine& client, dtls::Engine& server, Clock::time_point now) {
    for (int round = 0; round < 8; ++round) {
        while (auto d = client.poll_transmit())
            server.handle_datagram(*d, now);
        while (client.poll_event()) {
        }
        while (auto d = server.poll_transmit())
            client.handle_datagram(*d, now);
        while (server.poll_event()) {
        }
    }
    server.confirm_peer_keyed(now);
    while (server.poll_transmit()) {
    }
    while (client.poll_transmit()) {
    }
    if (!client.settled() || !server.settled()) __builtin_trap();
}

}  // namespace

// What is built once per process (identities, the OpenSSL context, OpenSSL's
// own tables) is built here, before any input, so that the first input takes
// the same path as any later one.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    test::reseed_openssl_random(0x5eed);
    test::SimulatedClock clock;
    dtls::Engine client(config(dtls::Role::client), clock.now());
    dtls::Engine server(config(dtls::Role::server), clock.now());
    settle_pair(client, server, clock.now());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto input = std::span(reinterpret_cast<const std::byte*>(data), size);
    const auto datagrams = split(input.subspan(1));
    test::reseed_openssl_random(0x5eed);
    test::SimulatedClock clock;
    const auto now = clock.now();
    switch (data[0] % 6) {
        case 0: {
            dtls::Engine server(config(dtls::Role::server), now);
            feed(server, datagrams, clock);
            break;
        }
        case 1: {
            dtls::Engine client(config(dtls::Role::client), now);
            drain(client, 1200, nullptr);
            feed(client, datagrams, clock);
            break;
        }
        case 2: {
            // A real server flight first, then fuzzed datagrams in its place.
            dtls::Engine client(config(dtls::Role::client), now);
            dtls::Engine server(config(dtls::Role::server), now);
            std::vector<std::vector<std::byte>> hello, flight;
            drain(client, 1200, &hello);
            for (const auto& d : hello)
                server.handle_datagram(d, now);
            drain(server, 1200, &flight);
            for (const auto& d : flight)
                client.handle_datagram(d, now);
            drain(client, 1200, nullptr);
            feed(client, datagrams, clock);
            break;
        }
        case 3: {
            // The stateless front door on arbitrary datagrams, then a real
            // client through it and fuzzed datagrams into the post-cookie engine.
            dtls::CookieFrontDoor door(
                now, {std::chrono::seconds(60), std::make_shared<SeededRandomSource>(7)});
            const std::byte address[6] = {std::byte{10}, std::byte{0},    std::byte{0},
                                          std::byte{1},  std::byte{0x13}, std::byte{0x8c}};
            for (const auto datagram : datagrams) {
                const auto decision = door.handle(datagram, address, now);
                if (decision.action == dtls::CookieFrontDoor::Action::send_hello_verify_request &&
                    decision.reply.size() != 60) {
                    __builtin_trap();
                }
            }
            dtls::Engine client(config(dtls::Role::client), now);
            std::vector<std::vector<std::byte>> hello, second_hello;
            drain(client, 1200, &hello);
            const auto verify = door.handle(hello.at(0), address, now);
            client.handle_datagram(verify.reply, now);
            drain(client, 1200, &second_hello);
            if (door.handle(second_hello.at(0), address, now).action !=
                dtls::CookieFrontDoor::Action::accept) {
                __builtin_trap();
            }
            auto c = config(dtls::Role::server);
            c.after_cookie_exchange = true;
            dtls::Engine server(std::move(c), now);
            server.handle_datagram(second_hello.at(0), now);
            drain(server, 1200, nullptr);
            feed(server, datagrams, clock);
            break;
        }
        case 4: {
            // A post-cookie engine whose first datagrams are arbitrary.
            auto c = config(dtls::Role::server);
            c.after_cookie_exchange = true;
            dtls::Engine server(std::move(c), now);
            feed(server, datagrams, clock);
            break;
        }
        case 5: {
            dtls::Engine client(config(dtls::Role::client), now);
            dtls::Engine server(config(dtls::Role::server), now);
            settle_pair(client, server, now);
            feed(client, datagrams, clock);
            feed(server, datagrams, clock);
            if (client.state() != dtls::Engine::State::established ||
                server.state() != dtls::Engine::State::established) {
                __builtin_trap();
            }
            break;
        }
    }
    return 0;
}
