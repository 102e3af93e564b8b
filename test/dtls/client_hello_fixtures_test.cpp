// SPDX-License-Identifier: BSD-3-Clause
// Real ClientHellos from baresip, GStreamer and Chromium get a DTLS 1.2
// ServerHello flight from our server engine.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include <rtpsec/dtls/engine.hpp>

#include "fixture_datagrams.hpp"
#include "identities.hpp"
#include "simulated_clock.hpp"

using namespace rtpsec;
using dtls::Role;

namespace {

struct Handshake {
    unsigned type = 0;
    std::vector<std::uint8_t> body;  // the first fragment's bytes
};

// The epoch-0 handshake fragments with offset 0 in what the server sent.
std::vector<Handshake> first_fragments(const std::vector<std::vector<std::byte>>& datagrams) {
    std::vector<Handshake> messages;
    for (const auto& d : datagrams) {
        std::size_t at = 0;
        while (at + 13 <= d.size()) {
            const auto byte = [&](std::size_t i) { return std::to_integer<unsigned>(d.at(i)); };
            const std::size_t length = byte(at + 11) << 8 | byte(at + 12);
            if (byte(at) == 22 && byte(at + 3) == 0 && byte(at + 4) == 0) {
                const std::size_t offset = byte(at + 19) << 16 | byte(at + 20) << 8 | byte(at + 21);
                if (offset == 0) {
                    Handshake h{byte(at + 13), {}};
                    for (std::size_t i = at + 25; i < at + 13 + length; ++i)
                        h.body.push_back(static_cast<std::uint8_t>(byte(i)));
                    messages.push_back(std::move(h));
                }
            }
            at += 13 + length;
        }
    }
    return messages;
}

struct ServerHello {
    unsigned version = 0;
    unsigned cipher_suite = 0;
    std::optional<unsigned> srtp_profile;
};

// RFC 5246 §7.4.1.3 ServerHello; use_srtp per RFC 5764 §4.1.1.
ServerHello parse_server_hello(const std::vector<std::uint8_t>& b) {
    ServerHello hello;
    hello.version = b.at(0) << 8 | b.at(1);
    std::size_t at = 2 + 32;
    at += 1 + b.at(at);  // session_id
    hello.cipher_suite = b.at(at) << 8 | b.at(at + 1);
    at += 3;  // suite, compression
    const std::size_t end = at + 2 + (b.at(at) << 8 | b.at(at + 1));
    at += 2;
    while (at + 4 <= end) {
        const unsigned type = b.at(at) << 8 | b.at(at + 1);
        const std::size_t length = b.at(at + 2) << 8 | b.at(at + 3);
        if (type == 14 && length >= 5) hello.srtp_profile = b.at(at + 6) << 8 | b.at(at + 7);
        at += 4 + length;
    }
    return hello;
}

// Feeds a captured ClientHello to a fresh server engine and returns what it sends.
std::vector<std::vector<std::byte>> answer(const std::string& fixture,
                                           std::vector<srtp::ProfileId> profiles) {
    test::SimulatedClock clock;
    auto config = test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
    config.srtp_profiles = std::move(profiles);
    dtls::Engine server(std::move(config), clock.now());
    std::vector<std::vector<std::byte>> sent;
    for (const auto& datagram : test::load_fixture_datagrams(fixture)) {
        CHECK(!server.handle_datagram(datagram, clock.now()));
        while (auto out = server.poll_transmit())
            sent.emplace_back(out->begin(), out->end());
    }
    CHECK(server.state() == dtls::Engine::State::handshaking);
    CHECK(!server.poll_event());  // no failure
    return sent;
}

void check_server_flight(const std::vector<std::vector<std::byte>>& sent, unsigned profile) {
    REQUIRE(!sent.empty());
    for (const auto& d : sent)
        CHECK(d.size() <= 1200);
    const auto messages = first_fragments(sent);
    std::vector<unsigned> types;
    for (const auto& m : messages)
        types.push_back(m.type);
    // ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone.
    CHECK(types == std::vector<unsigned>{2, 11, 12, 13, 14});
    const auto hello = parse_server_hello(messages.at(0).body);
    CHECK(hello.version == 0xfefd);  // DTLS 1.2
    const std::set<unsigned> ours{0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9};
    CHECK(ours.count(hello.cipher_suite) == 1);
    REQUIRE(hello.srtp_profile);
    CHECK(*hello.srtp_profile == profile);
}

}  // namespace

TEST_CASE("baresip's ClientHello gets a ServerHello flight") {
    check_server_flight(answer("baresip100_clienthello.hex", dtls::default_srtp_profiles()),
                        0x0001);
}

TEST_CASE("GStreamer's ClientHello in two fragments gets a ServerHello flight") {
    check_server_flight(answer("gst122_clienthello.hex", dtls::default_srtp_profiles()), 0x0001);
}

TEST_CASE(
    "Chromium's fragmented DTLS 1.3 + ML-KEM ClientHello is reassembled and answered with 1.2") {
    // Chromium offers 1, 8, 7: its first choice wins over our GCM preference.
    check_server_flight(answer("chromium156_clienthello.hex", {srtp::ProfileId::aead_aes_128_gcm,
                                                               srtp::ProfileId::aes128_cm_sha1_80}),
                        0x0001);
    // Offered only what Chromium lists later, the server takes Chromium's next choice.
    check_server_flight(answer("chromium156_clienthello.hex", {srtp::ProfileId::aead_aes_128_gcm,
                                                               srtp::ProfileId::aead_aes_256_gcm}),
                        0x0008);
}

TEST_CASE("the second fragment alone is kept until the first arrives") {
    const auto datagrams = test::load_fixture_datagrams("chromium156_clienthello.hex");
    test::SimulatedClock clock;
    dtls::Engine server(
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
        clock.now());
    server.handle_datagram(datagrams.at(1), clock.now());
    CHECK(!server.poll_transmit());
    server.handle_datagram(datagrams.at(0), clock.now());
    std::vector<std::vector<std::byte>> sent;
    while (auto out = server.poll_transmit())
        sent.emplace_back(out->begin(), out->end());
    check_server_flight(sent, 0x0001);
}
