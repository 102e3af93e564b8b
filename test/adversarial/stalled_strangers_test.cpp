// SPDX-License-Identifier: BSD-3-Clause
// Attack 2: strangers that prove their address with the cookie and then go
// silent, each also sending what a DTLS stack might hold for it: fragments
// of a large handshake message, and fragments of later ones that must wait.
// The admission policy's byte budgets bound them; the real client, named by
// --peer-fingerprint, still connects while they hang.
#include <catch2/catch.hpp>

#include "dtls_records.hpp"
#include "dtls_stranger.hpp"
#include "peer_call.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

TEST_CASE("cookie-proven strangers that never finish stay within budget, the real peer connects") {
    PeerCall call("adv-stalled-strangers");
    call.start_server({"--handshake-timeout", "15"});
    const auto context = stranger_context();

    CostMeter meter(call.server_pid);
    // Fewer than AdmissionPolicy::max_pending_strangers (16): every one gets
    // a transport, so each costs what a stranger can cost.
    constexpr int strangers = 12;
    constexpr int fragments = 48;  // per stranger, 1,200 bytes each
    std::vector<std::unique_ptr<DtlsStranger>> stalled;
    std::size_t bytes = 0;
    for (int i = 0; i < strangers; ++i) {
        auto stranger = std::make_unique<DtlsStranger>(context, call.server_port);
        REQUIRE(stranger->prove_address(5s));
        // The server's flight arrives: it holds a transport for this stranger.
        REQUIRE(stranger->server_answers(1s));
        for (int f = 0; f < fragments; ++f) {
            // The client's next message is its Certificate (message 2); the
            // ones after it (3..12) may be buffered until it comes. Each
            // claims to be 100,000 bytes long.
            const auto message = static_cast<std::uint16_t>(2 + f % 11);
            const auto offset = static_cast<std::uint32_t>((f / 11) * 1188);
            const auto record = handshake_fragment(11, 100000, message, offset, 1188,
                                                   static_cast<std::uint64_t>(10 + f));
            stranger->send(record);
            bytes += record.size();
        }
        stalled.push_back(std::move(stranger));
    }
    // Everything sent has been read once the server answers again.
    REQUIRE(dtls_server_answers(call.server_port, 10s));
    meter.stop();
    print_cost("cookie-proven strangers that stall",
               std::to_string(strangers) + " strangers, " + std::to_string(bytes / 1024) +
                   " KiB of handshake fragments",
               meter, strangers * (fragments + 2), "bounded, real peer connects");
    CHECK(resident_kib(call.server_pid) > 0);
    // Each stranger holds one OpenSSL association in its handshake (tens of
    // KiB) and at most its early-byte budgets (16 KiB each).
    CHECK(meter.growth_kib() < strangers * 512 * memory_slack());

    call.start_client();
    call.expect_media_verified();
}
