// SPDX-License-Identifier: BSD-3-Clause
// Attack 4: plaintext alerts forged from each side's address to the other
// (about one per millisecond each way) and from other addresses, from
// before the handshake to the end of the call. During the handshake alerts
// are unauthenticated epoch-0 records and must be ignored (counted in
// dtls.unauthenticated_alerts); after it only alerts under the peer's keys
// count, the rest is dropped (dtls.datagrams_dropped).
#include <catch2/catch.hpp>

#include "dtls_records.hpp"
#include "peer_call.hpp"
#include "repeating_attack.hpp"
#include "spoofed_udp.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

TEST_CASE("forged alerts from the peer's address and others end neither handshake nor call") {
    SpoofedUdp spoofed;
    if (!spoofed.available()) {
        WARN("SKIPPED: cannot spoof UDP (" << spoofed.error() << "); run as root");
        return;
    }
    PeerCall call("adv-forged-alerts");
    call.start_server();
    CostMeter meter(call.server_pid);
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> to_server{0};
    // warning close_notify, fatal handshake_failure, fatal bad_record_mac,
    // fatal decrypt_error (RFC 5246 §7.2).
    const std::array<std::pair<std::uint8_t, std::uint8_t>, 4> alerts{
        {{1, 0}, {2, 40}, {2, 20}, {2, 51}}};
    RepeatingAttack attack(1ms, [&](std::uint64_t round) {
        const auto [level, description] = alerts[round % alerts.size()];
        const auto alert = plaintext_alert(level, description, round + 1);
        spoofed.send(call.client_port, call.server_port, alert);  // "from the client"
        spoofed.send(call.server_port, call.client_port, alert);  // "from the server"
        // From elsewhere: another port of the client's host, another host.
        spoofed.send(static_cast<std::uint16_t>(call.client_port + 1), call.server_port, alert);
        spoofed.send(call.client_port, call.server_port, alert, 7);
        sent += 4;
        to_server += 3;
    });
    call.start_client();
    const int client_exit = call.client->wait(40s);
    const int server_exit = call.server->wait(40s);
    attack.stop();
    meter.stop();
    print_cost("forged plaintext alerts, both ways",
               std::to_string(sent.load()) + " alerts at 4 per ms, whole call", meter,
               static_cast<double>(to_server.load()), "ignored; both complete, call ends cleanly");
    INFO("client: " << call.client->err() << call.client->out());
    INFO("server: " << call.server->err() << call.server->out());
    REQUIRE(client_exit == 0);
    REQUIRE(server_exit == 0);
    const auto client_report = last_json(call.client->out());
    const auto server_report = last_json(call.server->out());
    CHECK(client_report["dtls"]["unauthenticated_alerts"].get<int>() > 0);
    CHECK(server_report["dtls"]["unauthenticated_alerts"].get<int>() > 0);
    CHECK(client_report["dtls"]["datagrams_dropped"].get<int>() > 100);
    CHECK(server_report["dtls"]["datagrams_dropped"].get<int>() > 100);
    CHECK(server_report["dtls"]["close"] == "close_notify_received");
    CHECK(server_report["rtp"]["received"].get<int>() > 50);
    expect_tone(call.dir / "received.wav");
}
