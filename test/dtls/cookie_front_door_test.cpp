// SPDX-License-Identifier: BSD-3-Clause
// The stateless cookie front door (RFC 6347 §4.2.1) and a server engine that
// continues after it.
#include <catch2/catch.hpp>
#include <iostream>
#include <malloc.h>

#include <rtpsec/dtls/cookie_front_door.hpp>
#include <rtpsec/dtls/engine.hpp>

#include "fixture_datagrams.hpp"
#include "identities.hpp"
#include "simulated_clock.hpp"

using namespace rtpsec;
using dtls::CookieFrontDoor;
using dtls::Role;
using namespace std::chrono_literals;
using Action = CookieFrontDoor::Action;
using DropReason = CookieFrontDoor::DropReason;

namespace {

using Bytes = std::vector<std::byte>;

Bytes address(std::uint8_t last_octet, std::uint16_t port = 5004) {
    return {std::byte{192},        std::byte{0},         std::byte{2},
            std::byte{last_octet}, std::byte(port >> 8), std::byte(port & 0xff)};
}

unsigned u8(const Bytes& b, std::size_t i) {
    return std::to_integer<unsigned>(b.at(i));
}

Bytes first_datagram(dtls::Engine& engine) {
    auto datagram = engine.poll_transmit();
    REQUIRE(datagram);
    Bytes bytes(datagram->begin(), datagram->end());
    while (engine.poll_transmit()) {
    }
    return bytes;
}

dtls::Engine client_engine(test::SimulatedClock& clock) {
    return dtls::Engine(
        test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        clock.now());
}

// Our client's ClientHello after a HelloVerifyRequest from `door`: it carries the cookie.
Bytes cookie_client_hello(test::SimulatedClock& clock, dtls::Engine& client, CookieFrontDoor& door,
                          const Bytes& from) {
    const auto hello = first_datagram(client);
    const auto decision = door.handle(hello, from, clock.now());
    REQUIRE(decision.action == Action::send_hello_verify_request);
    client.handle_datagram(decision.reply, clock.now());
    return first_datagram(client);
}

}  // namespace

TEST_CASE("a ClientHello without cookie gets a well-formed HelloVerifyRequest") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    auto client = client_engine(clock);
    const auto hello = first_datagram(client);
    const auto decision = door.handle(hello, address(1), clock.now());
    REQUIRE(decision.action == Action::send_hello_verify_request);
    const Bytes reply(decision.reply.begin(), decision.reply.end());
    REQUIRE(reply.size() == 13 + 12 + 3 + 32);
    CHECK(u8(reply, 0) == 22);                            // handshake
    CHECK((u8(reply, 1) << 8 | u8(reply, 2)) == 0xfeff);  // DTLS 1.0 (RFC 6347 §4.2.1)
    CHECK(std::equal(reply.begin() + 3, reply.begin() + 11, hello.begin() + 3));  // record seq
    CHECK((u8(reply, 11) << 8 | u8(reply, 12)) == 12 + 3 + 32);
    CHECK(u8(reply, 13) == 3);                              // hello_verify_request
    CHECK((u8(reply, 17) << 8 | u8(reply, 18)) == 0);       // message_seq 0
    CHECK((u8(reply, 25) << 8 | u8(reply, 26)) == 0xfeff);  // server_version
    CHECK(u8(reply, 27) == 32);                             // cookie length
    // Stateless and deterministic: the same ClientHello gets the same cookie.
    const auto again = door.handle(hello, address(1), clock.now());
    CHECK(Bytes(again.reply.begin(), again.reply.end()) == reply);
}

TEST_CASE("through the front door: our client, a cookie round, then a server engine") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    auto client = client_engine(clock);
    const auto from = address(7);
    const auto second_hello = cookie_client_hello(clock, client, door, from);
    REQUIRE(door.handle(second_hello, from, clock.now()).action == Action::accept);

    auto config = test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
    config.after_cookie_exchange = true;
    dtls::Engine server(std::move(config), clock.now());
    CHECK(!server.handle_datagram(second_hello, clock.now()));

    std::optional<dtls::HandshakeComplete> client_done, server_done;
    for (int i = 0; i < 10 && !(client_done && server_done); ++i) {
        clock.advance(5ms);
        while (auto d = server.poll_transmit())
            client.handle_datagram(Bytes(d->begin(), d->end()), clock.now());
        while (auto d = client.poll_transmit())
            server.handle_datagram(Bytes(d->begin(), d->end()), clock.now());
        for (auto* side : {&client, &server}) {
            while (auto event = side->poll_event()) {
                if (auto* failed = std::get_if<dtls::Failed>(&*event)) FAIL(failed->message);
                if (auto* done = std::get_if<dtls::HandshakeComplete>(&*event)) {
                    (side == &client ? client_done : server_done).emplace(std::move(*done));
                }
            }
        }
    }
    REQUIRE(client_done);
    REQUIRE(server_done);
    CHECK(client_done->keying_material.size() == server_done->keying_material.size());
    CHECK(std::equal(client_done->keying_material.span().begin(),
                     client_done->keying_material.span().end(),
                     server_done->keying_material.span().begin()));
    // ClientHello, ClientHello with cookie, the certificate flight; no second cookie round.
    CHECK(client_done->telemetry.flights_sent == 3);
    CHECK(client_done->telemetry.retransmissions == 0);
}

TEST_CASE("a post-cookie server engine ignores anything before the accepted ClientHello") {
    test::SimulatedClock clock;
    auto config = test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
    config.after_cookie_exchange = true;
    dtls::Engine server(std::move(config), clock.now());
    auto client = client_engine(clock);
    const auto cookieless = first_datagram(client);
    CHECK(!server.handle_datagram(cookieless, clock.now()));
    CHECK(!server.poll_transmit());  // no HelloVerifyRequest of its own, no ServerHello
    CHECK(server.state() == dtls::Engine::State::handshaking);
}

TEST_CASE("a cookie is bound to the client's address") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    auto client = client_engine(clock);
    const auto second_hello = cookie_client_hello(clock, client, door, address(1));
    CHECK(door.handle(second_hello, address(1), clock.now()).action == Action::accept);
    CHECK(door.handle(second_hello, address(2), clock.now()).action ==
          Action::send_hello_verify_request);
    CHECK(door.handle(second_hello, address(1, 5006), clock.now()).action ==
          Action::send_hello_verify_request);
}

TEST_CASE("the secret rotates: a cookie survives one rotation, not two") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now(), CookieFrontDoor::Options{std::chrono::seconds(60), nullptr});
    auto client = client_engine(clock);
    const auto second_hello = cookie_client_hello(clock, client, door, address(1));
    clock.advance(61s);
    CHECK(door.handle(second_hello, address(1), clock.now()).action == Action::accept);
    clock.advance(60s);
    CHECK(door.handle(second_hello, address(1), clock.now()).action ==
          Action::send_hello_verify_request);
}

TEST_CASE("the front door drops everything but a first ClientHello fragment") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    const auto from = address(3);
    auto client = client_engine(clock);
    const auto hello = first_datagram(client);

    auto application_data = hello;
    application_data[0] = std::byte{23};
    CHECK(door.handle(application_data, from, clock.now()).drop_reason ==
          DropReason::not_handshake);
    auto epoch_one = hello;
    epoch_one[4] = std::byte{1};
    CHECK(door.handle(epoch_one, from, clock.now()).drop_reason == DropReason::not_handshake);
    auto server_hello = hello;
    server_hello[13] = std::byte{2};
    CHECK(door.handle(server_hello, from, clock.now()).drop_reason == DropReason::not_client_hello);

    const auto chromium = test::load_fixture_datagrams("chromium156_clienthello.hex");
    CHECK(door.handle(chromium.at(1), from, clock.now()).drop_reason ==
          DropReason::not_first_fragment);
    CHECK(door.handle(chromium.at(0), from, clock.now()).action ==
          Action::send_hello_verify_request);

    // Every truncation is dropped as malformed, never read past its end.
    for (std::size_t n = 0; n < hello.size(); ++n) {
        const Bytes prefix(hello.begin(), hello.begin() + static_cast<std::ptrdiff_t>(n));
        const auto decision = door.handle(prefix, from, clock.now());
        INFO("prefix " << n);
        CHECK(decision.action == Action::drop);
    }
}

TEST_CASE("a valid cookie on a ClientHello that is not message_seq 1 is dropped") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    auto client = client_engine(clock);
    auto second_hello = cookie_client_hello(clock, client, door, address(1));
    second_hello[18] = std::byte{2};  // message_seq 2: a second cookie round
    CHECK(door.handle(second_hello, address(1), clock.now()).drop_reason ==
          DropReason::unexpected_sequence);
}

TEST_CASE("captured ClientHellos get a HelloVerifyRequest") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    for (const char* fixture :
         {"baresip100_clienthello.hex", "gst122_clienthello.hex", "chromium156_clienthello.hex"}) {
        INFO(fixture);
        const auto datagrams = test::load_fixture_datagrams(fixture);
        CHECK(door.handle(datagrams.at(0), address(9), clock.now()).action ==
              Action::send_hello_verify_request);
    }
}

TEST_CASE("a flood of 100 000 spoofed ClientHellos leaves memory flat") {
    test::SimulatedClock clock;
    CookieFrontDoor door(clock.now());
    auto client = client_engine(clock);
    auto hello = first_datagram(client);
    // Warm up once (lazy OpenSSL tables), then measure.
    door.handle(hello, address(1), clock.now());
    const auto before = mallinfo2();
    std::size_t answered = 0;
    for (std::uint32_t i = 0; i < 100'000; ++i) {
        // A different source address and client random every time.
        const std::byte from[6] = {std::byte(i >> 24), std::byte(i >> 16), std::byte(i >> 8),
                                   std::byte(i),       std::byte{0x13},    std::byte{0x8c}};
        hello[27] = std::byte(i);
        hello[28] = std::byte(i >> 8);
        if (door.handle(hello, from, clock.now()).action == Action::send_hello_verify_request)
            ++answered;
        clock.advance(10us);
    }
    const auto after = mallinfo2();
    CHECK(answered == 100'000);
    const auto grown = static_cast<long>(after.uordblks) - static_cast<long>(before.uordblks);
    INFO("heap in use grew by " << grown << " bytes");
    std::cout << "cookie front door: 100000 spoofed ClientHellos answered, heap in use grew by "
              << grown << " bytes\n";
    CHECK(grown <= 1024);
}
