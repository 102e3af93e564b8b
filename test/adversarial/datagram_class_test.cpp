// SPDX-License-Identifier: BSD-3-Clause
// Attack 5: datagrams of 0, 1 and 65,507 bytes (the largest UDP payload over
// IPv4) with every first-byte class of RFC 7983 (STUN 0-3, ZRTP 16-19, DTLS
// 20-63, TURN channels 64-79, RTP/RTCP 128-191, and the unassigned ranges),
// from each side's address to the other and from other addresses, for the
// whole call. Each is dropped (what the report counts is counted) and the
// call goes on.
#include <catch2/catch.hpp>

#include "dtls_records.hpp"
#include "peer_call.hpp"
#include "repeating_attack.hpp"
#include "spoofed_udp.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

// Two of each class's range (its ends), the unassigned ranges, and RTCP's
// packet types in the second byte (RFC 5761 §4).
struct FirstBytes {
    std::uint8_t first;
    std::uint8_t second;
};
constexpr std::array<FirstBytes, 18> classes{{{0, 1},
                                              {3, 0},
                                              {16, 0},
                                              {19, 0},
                                              {20, 0},
                                              {22, 0xfe},
                                              {23, 0xfe},
                                              {63, 0},
                                              {64, 0},
                                              {79, 0},
                                              {128, 0},
                                              {191, 96},
                                              {128, 200},
                                              {129, 201},
                                              {4, 0},
                                              {100, 0},
                                              {192, 0},
                                              {255, 255}}};

}  // namespace

TEST_CASE(
    "0-, 1- and 65507-byte datagrams of every first-byte class are dropped, the call goes on") {
    SpoofedUdp spoofed;
    if (!spoofed.available()) {
        WARN("SKIPPED: cannot spoof UDP (" << spoofed.error() << "); run as root");
        return;
    }
    PeerCall call("adv-datagram-classes");
    call.duration_s = 3.0;
    call.start_server({"--echo"});
    std::vector<std::vector<std::byte>> datagrams{{}};  // the empty one
    for (const auto& c : classes) {
        datagrams.push_back(datagram_of_class(1, c.first));
        datagrams.push_back(datagram_of_class(65507, c.first, c.second));
    }
    CostMeter meter(call.server_pid);
    std::atomic<std::uint64_t> to_server{0};
    std::atomic<std::uint64_t> bytes{0};
    // One datagram per 2 ms towards each side from its peer's address, one
    // from elsewhere; the 64 KiB ones are one in two.
    RepeatingAttack attack(2ms, [&](std::uint64_t round) {
        const auto& datagram = datagrams[round % datagrams.size()];
        spoofed.send(call.client_port, call.server_port, datagram);
        spoofed.send(call.server_port, call.client_port, datagram);
        spoofed.send(static_cast<std::uint16_t>(40000 + round % 1000), call.server_port, datagram,
                     9);
        to_server += 2;
        bytes += 2 * datagram.size();
    });
    call.start_client();
    const int client_exit = call.client->wait(40s);
    const int server_exit = call.server->wait(40s);
    attack.stop();
    meter.stop();
    print_cost("0/1/65507-byte datagrams, every RFC 7983 class",
               std::to_string(to_server.load()) + " datagrams (" +
                   std::to_string(bytes.load() >> 20) + " MiB) to the server, whole call",
               meter, static_cast<double>(to_server.load()), "dropped; call goes on");
    INFO("client: " << call.client->err() << call.client->out());
    INFO("server: " << call.server->err() << call.server->out());
    REQUIRE(client_exit == 0);
    REQUIRE(server_exit == 0);
    const auto client_report = last_json(call.client->out());
    const auto server_report = last_json(call.server->out());
    for (const auto* report : {&client_report, &server_report}) {
        INFO(report->dump());
        const auto& r = *report;
        // The RTP and RTCP classes reach SRTP and fail there; DTLS records
        // reach the settled association and are dropped.
        CHECK(r["rtp"]["malformed"].get<int>() + r["rtp"]["auth_failed"].get<int>() > 0);
        CHECK(r["rtcp"]["malformed"].get<int>() + r["rtcp"]["auth_failed"].get<int>() > 0);
        CHECK(r["dtls"]["datagrams_dropped"].get<int>() > 0);
        CHECK(r["rtp"]["received"].get<int>() > 50);
    }
    CHECK(server_report["dtls"]["close"] == "close_notify_received");
    expect_tone(call.dir / "received.wav");
}
