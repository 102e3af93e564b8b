// SPDX-License-Identifier: BSD-3-Clause
// Two engines in memory: keys, profiles, suites, MTU, telemetry, key log.
#include <algorithm>
#include <catch2/catch.hpp>

#include <rtpsec/dtls/engine.hpp>

#include "engine_pair.hpp"
#include "identities.hpp"

using namespace rtpsec;
using dtls::Role;
using test::EnginePair;
using test::Impairment;
using test::SimulatedClock;

namespace {

struct SrtpKeys {
    std::vector<std::uint8_t> client_key, server_key, client_salt, server_salt;
};

// RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key |
// client_write_SRTP_master_salt | server_write_SRTP_master_salt.
SrtpKeys split(const SecretBytes& material, const srtp::Profile& profile) {
    const auto bytes = material.span();
    REQUIRE(bytes.size() == profile.keying_material_length());
    const auto take = [&](std::size_t at, std::size_t n) {
        return std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                         bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
    };
    const std::size_t k = profile.key_length, s = profile.salt_length;
    return {take(0, k), take(k, k), take(2 * k, s), take(2 * k + s, s)};
}

// What each side uses to protect what it sends (local) and to unprotect
// what it receives (remote).
struct Directional {
    std::vector<std::uint8_t> local_key, local_salt, remote_key, remote_salt;
};

Directional for_role(const SrtpKeys& keys, Role role) {
    if (role == Role::client) {
        return {keys.client_key, keys.client_salt, keys.server_key, keys.server_salt};
    }
    return {keys.server_key, keys.server_salt, keys.client_key, keys.client_salt};
}

// "CLIENT_RANDOM <64 hex digits> <96 hex digits>"
bool is_nss_client_random_line(std::string_view line) {
    const std::string_view label = "CLIENT_RANDOM ";
    if (line.substr(0, label.size()) != label) return false;
    line.remove_prefix(label.size());
    const auto hex = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(),
                           [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    return line.size() == 64 + 1 + 96 && line[64] == ' ' && hex(line.substr(0, 64)) &&
           hex(line.substr(65));
}

EnginePair lossless_pair(SimulatedClock& clock, dtls::EngineConfig client,
                         dtls::EngineConfig server) {
    Impairment link;
    link.delay = std::chrono::milliseconds(10);
    return EnginePair(clock, std::move(client), std::move(server), link, link, 1);
}

}  // namespace

TEST_CASE("every SRTP profile with both certificate types: same material, complementary keys") {
    for (const auto& profile : srtp::all_profiles()) {
        for (const bool rsa : {false, true}) {
            INFO(profile.name << (rsa ? " RSA-2048" : " ECDSA P-256"));
            SimulatedClock clock;
            const auto& client_identity = rsa ? test::rsa2048_identity(0) : test::ecdsa_identity(0);
            const auto& server_identity = rsa ? test::rsa2048_identity(1) : test::ecdsa_identity(1);
            auto client = test::config_for(Role::client, client_identity, server_identity);
            auto server = test::config_for(Role::server, server_identity, client_identity);
            client.srtp_profiles = {profile.id};
            server.srtp_profiles = {profile.id};
            auto pair = lossless_pair(clock, std::move(client), std::move(server));
            REQUIRE(pair.run_handshake());

            const auto& c = *pair.client.complete;
            const auto& s = *pair.server.complete;
            CHECK(c.profile == profile.id);
            CHECK(s.profile == profile.id);
            CHECK(c.role == Role::client);
            CHECK(s.role == Role::server);
            REQUIRE(c.keying_material.size() == profile.keying_material_length());
            CHECK(std::equal(c.keying_material.span().begin(), c.keying_material.span().end(),
                             s.keying_material.span().begin(), s.keying_material.span().end()));
            const auto client_view = for_role(split(c.keying_material, profile), Role::client);
            const auto server_view = for_role(split(s.keying_material, profile), Role::server);
            CHECK(client_view.local_key == server_view.remote_key);
            CHECK(client_view.local_salt == server_view.remote_salt);
            CHECK(client_view.remote_key == server_view.local_key);
            CHECK(client_view.remote_salt == server_view.local_salt);
            CHECK(client_view.local_key != client_view.remote_key);

            // Each side saw the other's certificate.
            CHECK(c.peer_fingerprint == server_identity.fingerprint());
            CHECK(s.peer_fingerprint == client_identity.fingerprint());
            CHECK(c.matched == server_identity.fingerprint());
            CHECK(pair.client.verified);
            CHECK(pair.server.verified);

            CHECK(c.telemetry.version == "DTLSv1.2");
            CHECK_THAT(c.telemetry.cipher_suite,
                       Catch::StartsWith(rsa ? "TLS_ECDHE_RSA_WITH_" : "TLS_ECDHE_ECDSA_WITH_"));
            CHECK(c.telemetry.cipher_suite == s.telemetry.cipher_suite);
            CHECK(pair.client.engine.state() == dtls::Engine::State::established);
            CHECK(!pair.client.engine.next_deadline());
        }
    }
}

TEST_CASE("the offerer's profile preference wins over the server's") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1));
    auto server = test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
    using srtp::ProfileId;
    client.srtp_profiles = {ProfileId::aes128_cm_sha1_32, ProfileId::aes128_cm_sha1_80,
                            ProfileId::aead_aes_128_gcm};
    server.srtp_profiles = {ProfileId::aead_aes_128_gcm, ProfileId::aes128_cm_sha1_80};
    auto pair = lossless_pair(clock, std::move(client), std::move(server));
    REQUIRE(pair.run_handshake());
    CHECK(pair.client.complete->profile == ProfileId::aes128_cm_sha1_80);
    CHECK(pair.server.complete->profile == ProfileId::aes128_cm_sha1_80);
}

TEST_CASE("no common SRTP profile fails both sides with a clear message") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1));
    auto server = test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
    client.srtp_profiles = {srtp::ProfileId::aes128_cm_sha1_32};
    server.srtp_profiles = {srtp::ProfileId::aead_aes_256_gcm};
    auto pair = lossless_pair(clock, std::move(client), std::move(server));
    CHECK(!pair.run_handshake());
    REQUIRE(pair.server.failed);
    CHECK(pair.server.failed->error == dtls::Error::no_common_srtp_profile);
    CHECK_THAT(pair.server.failed->message, Catch::Contains("SRTP_AES128_CM_SHA1_32") &&
                                                Catch::Contains("SRTP_AEAD_AES_256_GCM"));
    pair.run_to_quiescence();
    REQUIRE(pair.client.failed);
    CHECK(pair.client.failed->error == dtls::Error::peer_alert);
    CHECK_THAT(pair.client.failed->message, Catch::Contains("handshake failure"));
    CHECK(!pair.client.complete);
    CHECK(!pair.server.complete);
}

TEST_CASE("a lossless handshake takes two flights per side and two round trips") {
    SimulatedClock clock;
    auto pair = lossless_pair(
        clock, test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)));
    REQUIRE(pair.run_handshake());
    const auto& c = pair.client.complete->telemetry;
    const auto& s = pair.server.complete->telemetry;
    CHECK(c.flights_sent == 2);  // ClientHello; Certificate..Finished
    CHECK(s.flights_sent == 2);  // ServerHello..ServerHelloDone; ChangeCipherSpec, Finished
    CHECK(c.retransmissions == 0);
    CHECK(s.retransmissions == 0);
    CHECK(c.retransmissions_per_flight == std::vector<unsigned>{0, 0});
    // 10 ms each way: the client completes after two round trips.
    CHECK(c.time_to_complete == std::chrono::milliseconds(40));
    REQUIRE(c.rtt);
    CHECK(*c.rtt == std::chrono::milliseconds(20));
    // Each flight fits one 1200-byte datagram with an ECDSA certificate.
    CHECK(pair.client.datagrams_sent == 2);
    CHECK(pair.server.datagrams_sent == 2);
}

TEST_CASE("with an RSA-4096 certificate at MTU 576 no datagram exceeds the MTU") {
    for (const double loss : {0.0, 0.2}) {
        INFO("loss " << loss);
        SimulatedClock clock;
        auto client =
            test::config_for(Role::client, test::rsa4096_identity(), test::ecdsa_identity(1));
        auto server =
            test::config_for(Role::server, test::ecdsa_identity(1), test::rsa4096_identity());
        client.mtu = dtls::min_mtu;
        server.mtu = dtls::min_mtu;
        Impairment link;
        link.delay = std::chrono::milliseconds(10);
        link.loss = loss;
        link.mtu = dtls::min_mtu;  // the path drops anything larger
        EnginePair pair(clock, std::move(client), std::move(server), link, link, 7);
        REQUIRE(pair.run_handshake());
        pair.run_to_quiescence();
        CHECK(pair.client.largest_datagram <= dtls::min_mtu);
        CHECK(pair.server.largest_datagram <= dtls::min_mtu);
        CHECK(pair.to_server.statistics().too_big == 0);
        CHECK(pair.to_client.statistics().too_big == 0);
        // The client's certificate flight needs several datagrams, and they are packed full.
        CHECK(pair.client.datagrams_sent >= 4);
        CHECK(pair.client.largest_datagram >= dtls::min_mtu - 64);
    }
}

TEST_CASE("MTU and SRTP configuration errors are refused at construction") {
    SimulatedClock clock;
    auto config = test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1));
    config.mtu = dtls::min_mtu - 1;
    CHECK_THROWS_WITH(dtls::Engine(config, clock.now()), Catch::Contains("MTU"));
    config.mtu = 1200;
    config.srtp_profiles.clear();
    CHECK_THROWS_WITH(dtls::Engine(config, clock.now()), Catch::Contains("no SRTP profile"));
    config.srtp_profiles = {static_cast<srtp::ProfileId>(0x0005)};
    CHECK_THROWS_WITH(dtls::Engine(config, clock.now()), Catch::Contains("unknown SRTP profile"));
    config.srtp_profiles = dtls::default_srtp_profiles();
    config.retransmission.max_timeout = std::chrono::milliseconds(200);
    CHECK_THROWS_WITH(dtls::Engine(config, clock.now()), Catch::Contains("12 retransmissions"));
}

TEST_CASE("key log lines come only when a sink is set, in NSS format, equal on both sides") {
    std::vector<std::string> client_lines, server_lines;
    {
        SimulatedClock clock;
        auto client =
            test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1));
        auto server =
            test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0));
        client.keylog = [&](std::string_view line) { client_lines.emplace_back(line); };
        server.keylog = [&](std::string_view line) { server_lines.emplace_back(line); };
        auto pair = lossless_pair(clock, std::move(client), std::move(server));
        REQUIRE(pair.run_handshake());
    }
    REQUIRE(client_lines.size() == 1);
    CHECK(client_lines == server_lines);
    // NSS key log: CLIENT_RANDOM <32-byte client random> <48-byte master secret>.
    CHECK(is_nss_client_random_line(client_lines[0]));
    {
        // Engines without a sink log nothing, not even into another engine's sink.
        SimulatedClock clock;
        auto quiet = lossless_pair(
            clock, test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
            test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)));
        REQUIRE(quiet.run_handshake());
    }
    CHECK(client_lines.size() == 1);
}
