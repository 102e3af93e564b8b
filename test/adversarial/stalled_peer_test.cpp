// SPDX-License-Identifier: BSD-3-Clause
// Attack 7: peers that stall mid-flight — each sends its ClientHello and,
// after the cookie, the second one, then nothing. Enough of them fill the
// server's places for strangers (AdmissionPolicy::max_pending_strangers,
// 16): the next is refused. Their transports time out at the handshake
// deadline and are reclaimed, and the real client then connects.
#include <catch2/catch.hpp>

#include "dtls_stranger.hpp"
#include "peer_call.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

TEST_CASE("peers that stall mid-flight time out and are reclaimed, the real client then connects") {
    PeerCall call("adv-stalled-peer");
    constexpr double deadline_s = 3.0;
    call.start_server({"--handshake-timeout", std::to_string(deadline_s)});
    const auto context = stranger_context();
    CostMeter meter(call.server_pid);
    std::vector<std::unique_ptr<DtlsStranger>> stalled;
    const auto first_stalled = std::chrono::steady_clock::now();
    for (int i = 0; i < 16; ++i) {
        stalled.push_back(std::make_unique<DtlsStranger>(context, call.server_port));
        REQUIRE(stalled.back()->prove_address(5s));
        REQUIRE(stalled.back()->server_answers(1s));  // it got a transport
    }
    // Every place for a stranger is taken: a 17th proves its address, and
    // the server still does not answer it.
    DtlsStranger refused(context, call.server_port);
    REQUIRE(refused.prove_address(5s));
    CHECK_FALSE(refused.server_answers(300ms));

    // A place comes free only when a stalled transport reaches its deadline.
    std::unique_ptr<DtlsStranger> admitted;
    while (std::chrono::steady_clock::now() - first_stalled < std::chrono::seconds(10)) {
        auto next = std::make_unique<DtlsStranger>(context, call.server_port);
        if (resident_kib(call.server_pid) == 0) {
            call.server->wait(std::chrono::seconds(1));
            FAIL("the server ended when the stalled strangers timed out: " << call.server->err());
        }
        REQUIRE(next->prove_address(5s));
        if (next->server_answers(200ms)) {
            admitted = std::move(next);
            break;
        }
    }
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - first_stalled).count();
    meter.stop();
    print_cost("peers stalled mid-flight", "16 stalled handshakes filling every stranger's place",
               meter, 0, "reclaimed after the deadline, client connects");
    REQUIRE(admitted);
    CHECK(waited >= deadline_s);
    CHECK(resident_kib(call.server_pid) > 0);  // the stalled strangers did not end the server
    CHECK(meter.growth_kib() < 16 * 512 * memory_slack());

    // The reclaimed places are free for the real client too (one stranger,
    // `admitted`, holds one of them again).
    call.start_client();
    call.expect_media_verified();
}
