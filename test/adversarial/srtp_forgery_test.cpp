// SPDX-License-Identifier: BSD-3-Clause
// Attack 3: forged, replayed and truncated SRTP and SRTCP from the peer's
// own address, into an established call, both directions (the server
// echoes what it receives, so the client receives media too). Each is
// dropped and counted in the JSON report, and the call goes on.
#include <catch2/catch.hpp>

#include "media_tap.hpp"
#include "peer_call.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;

namespace {

// Each forged packet is counted once, as what it is; only the last few may
// arrive after the receiver ended its call (and are not counted then).
void expect_count(const nlohmann::json& counter, std::uint64_t sent) {
    const auto counted = counter.get<std::uint64_t>();
    CHECK(counted <= sent);
    CHECK(counted + 3 >= sent);
}

void expect_counted(const nlohmann::json& report, const MediaTap::Sent& sent) {
    INFO(report.dump());
    const auto& rtp = report["rtp"];
    const auto& rtcp = report["rtcp"];
    CHECK(sent.forwarded > 50);
    expect_count(rtp["replayed"], sent.replayed);
    expect_count(rtp["auth_failed"], sent.forged);
    expect_count(rtp["malformed"], sent.truncated);
    expect_count(rtcp["replayed"], sent.rtcp_replayed);
    expect_count(rtcp["auth_failed"], sent.rtcp_forged);
    expect_count(rtcp["malformed"], sent.rtcp_truncated);
    // Nothing the attacker sent was delivered: what was received is genuine.
    CHECK(rtp["received"].get<std::uint64_t>() <= sent.forwarded);
}

}  // namespace

TEST_CASE(
    "forged, replayed and truncated SRTP and SRTCP are dropped and counted, the call goes on") {
    PeerCall call("adv-srtp-forgery");
    call.duration_s = 4.0;  // long enough for a receiver report and the RTCP BYE
    call.start_server({"--echo"});
    MediaTap tap(call.client_port, call.server_port);
    CostMeter meter(call.server_pid);
    call.start_client(tap.port());
    call.expect_media_verified();
    meter.stop();
    const auto& to_server = tap.to_server();
    const auto& to_client = tap.to_client();
    const double attacks = static_cast<double>(to_server.replayed + to_server.forged +
                                               to_server.truncated + to_server.rtcp_replayed +
                                               to_server.rtcp_forged + to_server.rtcp_truncated);
    print_cost("forged/replayed/truncated SRTP+SRTCP",
               std::to_string(static_cast<int>(attacks)) + " to the server (one per packet)", meter,
               0, "dropped and counted, media verified");
    // Both programs have ended: nothing more crosses the tap.
    CHECK(to_server.rtcp_forwarded >= 1);
    expect_counted(call.server_report, to_server);
    expect_counted(call.client_report, to_client);
    CHECK(call.server_report["media"]["echoed"].get<int>() > 100);
}
