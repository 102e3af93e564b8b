// SPDX-License-Identifier: BSD-3-Clause
// Interop with an independent DTLS-SRTP implementation: OpenSSL's own
// s_server and s_client over real loopback UDP. Both sides export the
// RFC 5764 keying material; it must be equal byte for byte.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <thread>

#include <rtpsec/srtp/profile.hpp>

#include "process.hpp"
#include "test_support.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

// The hex after "Keying material: " in s_server's or s_client's output, lower case.
std::string openssl_keying_material(const std::string& output) {
    static const std::string label = "Keying material: ";
    const auto at = output.find(label);
    if (at == std::string::npos) return {};
    std::string hex;
    for (auto i = at + label.size();
         i < output.size() && std::isxdigit(static_cast<unsigned char>(output[i])); ++i) {
        hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(output[i]))));
    }
    return hex;
}

}  // namespace

TEST_CASE("our DTLS client against openssl s_server: same keying material for every profile") {
    const auto dir = scratch_directory("interop-client");
    const auto server_identity = write_identity(dir, "server");
    for (const auto& profile : rtpsec::srtp::all_profiles()) {
        DYNAMIC_SECTION(profile.name) {
            const auto port = std::to_string(free_udp_port());
            const auto length = std::to_string(profile.keying_material_length());
            Process server("openssl",
                           {"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                            "-cert", server_identity.certificate.string(), "-key",
                            server_identity.key.string(), "-use_srtp", std::string(profile.name),
                            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length},
                           true);
            std::this_thread::sleep_for(300ms);
            Process client(program_path("rtpsec-peer"),
                           {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer",
                            "127.0.0.1:" + port, "--peer-fingerprint", server_identity.fingerprint,
                            "--profiles", std::string(profile.name), "--export-keys", "--json"});
            REQUIRE(client.wait(20s) == 0);
            // Our client settled on completion; the close_notify it prepared
            // then is what ends s_server's connection (before its input ends).
            bool closed_by_our_alert = false;
            for (int i = 0; i < 500 && !closed_by_our_alert; ++i) {
                closed_by_our_alert = server.out().find("CONNECTION CLOSED") != std::string::npos;
                if (!closed_by_our_alert) std::this_thread::sleep_for(10ms);
            }
            server.close_stdin();
            server.wait(10s);
            const auto report = last_json(client.out());
            INFO(server.out() << server.err());
            CHECK(closed_by_our_alert);
            CHECK(report["dtls"]["settled"] == true);
            CHECK(report["dtls"]["close"] == "close_notify_sent");
            CHECK(report["srtp_profile"] == profile.name);
            CHECK(report["peer_fingerprint"] == server_identity.fingerprint);
            const auto ours = report["keying_material"].get<std::string>();
            CHECK(ours.size() == 2 * profile.keying_material_length());
            CHECK(ours == openssl_keying_material(server.out()));
        }
    }
}

TEST_CASE("openssl s_client against our DTLS server (cookie exchange on): same keying material") {
    const auto dir = scratch_directory("interop-server");
    const auto client_identity = write_identity(dir, "client");
    for (const auto& profile : rtpsec::srtp::all_profiles()) {
        DYNAMIC_SECTION(profile.name) {
            const auto port = std::to_string(free_udp_port());
            const auto length = std::to_string(profile.keying_material_length());
            Process server(program_path("rtpsec-peer"),
                           {"--dtls", "server", "--bind", "127.0.0.1:" + port, "--peer-fingerprint",
                            client_identity.fingerprint, "--profiles", std::string(profile.name),
                            "--export-keys", "--json", "--duration", "20"});
            std::this_thread::sleep_for(200ms);
            Process client("openssl",
                           {"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port, "-cert",
                            client_identity.certificate.string(), "-key",
                            client_identity.key.string(), "-use_srtp", std::string(profile.name),
                            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", length},
                           true);
            // s_client ends (with close_notify) at the end of its input, once
            // its handshake is done: closing its input earlier ends it without one.
            for (int i = 0; i < 1000 && openssl_keying_material(client.out()).empty(); ++i) {
                std::this_thread::sleep_for(10ms);
            }
            std::this_thread::sleep_for(100ms);
            client.close_stdin();
            client.wait(10s);
            REQUIRE(server.wait(20s) == 0);
            const auto report = last_json(server.out());
            INFO(client.out() << client.err() << server.err());
            CHECK(report["srtp_profile"] == profile.name);
            CHECK(report["dtls"]["close"] == "close_notify_received");
            CHECK(report["keying_material"].get<std::string>() ==
                  openssl_keying_material(client.out()));
        }
    }
}
