// SPDX-License-Identifier: BSD-3-Clause
// Attack 1: ClientHellos from spoofed addresses, as fast as a raw socket
// sends them. The cookie exchange (RFC 6347 §4.2.1) must keep the server
// stateless until an address is proven: its memory stays flat and the real
// client still gets through.
#include <catch2/catch.hpp>

#include "dtls_stranger.hpp"
#include "peer_call.hpp"
#include "spoofed_udp.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;

TEST_CASE(
    "a spoofed ClientHello flood from many ports leaves the server flat, the client connects") {
    SpoofedUdp spoofed;
    if (!spoofed.available()) {
        WARN("SKIPPED: cannot spoof UDP (" << spoofed.error() << "); run as root");
        return;
    }
    PeerCall call("adv-hello-flood");
    call.start_server();
    const auto context = stranger_context();
    DtlsStranger source(context, call.server_port);
    const auto& hello = source.first_client_hello();

    CostMeter meter(call.server_pid);
    constexpr int flood = 40000;
    int sent = 0;
    for (int i = 0; i < flood; ++i) {
        // 40,000 addresses: four hosts, 10,000 ports each.
        const auto port = static_cast<std::uint16_t>(20000 + i / 4);
        const auto host = static_cast<std::uint8_t>(2 + i % 4);
        if (spoofed.send(port, call.server_port, hello, host)) ++sent;
    }
    // The server has taken what the kernel queued once it answers again.
    REQUIRE(dtls_server_answers(call.server_port, std::chrono::seconds(10)));
    meter.stop();
    print_cost("spoofed ClientHello flood",
               std::to_string(sent) + " ClientHellos from " + std::to_string(flood) + " addresses",
               meter, sent, "no state kept, client connects");
    CHECK(sent > flood / 2);
    CHECK(resident_kib(call.server_pid) > 0);  // still running
    CHECK(meter.growth_kib() < 1024 * memory_slack());

    call.start_client();
    call.expect_media_verified();
}
