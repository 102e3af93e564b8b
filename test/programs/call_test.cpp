// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include "process.hpp"
#include "test_support.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

void check_every_call_verified(const nlohmann::json& report, std::size_t calls) {
    REQUIRE(report["calls"].size() == calls);
    for (const auto& call : report["calls"]) {
        INFO(call.dump());
        CHECK(call["ok"] == true);
        for (const char* leg : {"caller", "callee"}) {
            CHECK(call[leg]["media"]["mismatched"] == 0);
            CHECK(call[leg]["media"]["verified"].get<int>() > 0);
            CHECK(call[leg]["srtp_profile"].is_string());
        }
    }
    CHECK(report["packets"]["mismatched"] == 0);
    CHECK(report["handshake_ms"]["max"].get<double>() >=
          report["handshake_ms"]["p50"].get<double>());
}

}  // namespace

TEST_CASE("rtpsec-call without impairment: every call verifies and ends with close_notify") {
    Process call(program_path("rtpsec-call"), {"--calls", "3", "--duration", "1", "--json"});
    REQUIRE(call.wait(60s) == 0);
    const auto report = last_json(call.out());
    CHECK(report["ok"] == true);
    check_every_call_verified(report, 3);
    for (const auto& c : report["calls"]) {
        CHECK(c["caller"]["dtls"]["close"] == "close_notify_sent");
        CHECK(c["callee"]["dtls"]["close"] == "close_notify_received");
        CHECK(c["callee"]["rtp"]["lost"] == 0);
        // Both DTLS ends freed OpenSSL's state once media proved the peer keyed.
        CHECK(c["caller"]["dtls"]["settled"] == true);
        CHECK(c["callee"]["dtls"]["settled"] == true);
    }
    CHECK(report["packets"]["lost"].get<int>() <= 6);  // packets in flight at hang-up
}

TEST_CASE("rtpsec-call reports the memory each established call holds") {
    Process call(program_path("rtpsec-call"), {"--calls", "20", "--duration", "3", "--json"});
    REQUIRE(call.wait(60s) == 0);
    const auto report = last_json(call.out());
    REQUIRE(report["memory"].is_object());
    CHECK(report["memory"]["resident_kb_established"].get<double>() >
          report["memory"]["resident_kb_before_calls"].get<double>());
    CHECK(report["memory"]["resident_kb_per_call"].get<double>() > 0);
    CHECK(report["memory"]["heap_kb_per_call"].get<double>() >= 0);
}

TEST_CASE(
    "rtpsec-call with 20 % loss, 10 % reordering and 5 % duplication verifies for several seeds") {
    for (const char* seed : {"1", "2", "3", "4"}) {
        INFO("seed " << seed);
        Process call(program_path("rtpsec-call"),
                     {"--calls", "3", "--duration", "1.5", "--loss", "0.2", "--reorder", "0.1",
                      "--duplicate", "0.05", "--seed", seed, "--json"});
        REQUIRE(call.wait(90s) == 0);
        const auto report = last_json(call.out());
        check_every_call_verified(report, 3);
        CHECK(report["relay"]["lost"].get<int>() > 0);
        CHECK(report["relay"]["reordered"].get<int>() > 0);
        CHECK(report["relay"]["duplicated"].get<int>() > 0);
    }
}

TEST_CASE("rtpsec-call with every profile") {
    for (const char* profile : {"SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_32",
                                "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM"}) {
        Process call(program_path("rtpsec-call"),
                     {"--duration", "0.5", "--profile", profile, "--json"});
        REQUIRE(call.wait(60s) == 0);
        const auto report = last_json(call.out());
        CHECK(report["calls"][0]["caller"]["srtp_profile"] == profile);
        CHECK(report["calls"][0]["callee"]["srtp_profile"] == profile);
    }
}

TEST_CASE("rtpsec-call where no datagram gets through fails its handshakes: exit 3") {
    Process call(program_path("rtpsec-call"),
                 {"--duration", "0.5", "--loss", "1", "--handshake-timeout", "1", "--json"});
    CHECK(call.wait(60s) == 3);
    CHECK(last_json(call.out())["ok"] == false);
    CHECK_THAT(call.err(), Catch::Contains("1 of 1 calls failed"));
}

TEST_CASE("rtpsec-call without rtcp-mux: RTCP on its own port and association, through loss") {
    Process call(program_path("rtpsec-call"), {"--calls", "2", "--duration", "6", "--no-rtcp-mux",
                                               "--loss", "0.1", "--seed", "5", "--json"});
    REQUIRE(call.wait(90s) == 0);
    const auto report = last_json(call.out());
    check_every_call_verified(report, 2);
    CHECK(report["rtcp_mux"] == false);
    for (const auto& c : report["calls"]) {
        for (const char* leg : {"caller", "callee"}) {
            INFO(c[leg].dump());
            CHECK(c[leg]["rtcp_mux"] == false);
            CHECK(c[leg]["rtcp"]["port"] == "separate");
            CHECK(c[leg]["rtcp"]["auth_failed"] == 0);
            CHECK(c[leg]["dtls_rtcp"]["datagrams_received"].get<int>() > 0);
        }
    }
}

TEST_CASE("rtpsec-call runs its calls on SIP: INVITE, 200, ACK and BYE cross the lossy relay") {
    Process call(program_path("rtpsec-call"),
                 {"--calls", "4", "--duration", "1", "--loss", "0.3", "--seed", "11", "--json"});
    REQUIRE(call.wait(120s) == 0);
    const auto report = last_json(call.out());
    check_every_call_verified(report, 4);
    // At 30 % loss some SIP message of four calls is lost and retransmitted.
    CHECK(report["sip"]["retransmissions"].get<int>() > 0);
    for (const auto& c : report["calls"]) {
        CHECK(c["caller"]["sip"]["final_status"] == 200);
        CHECK(c["caller"]["sip"]["hangup"] == "local");
        CHECK(c["callee"]["sip"]["hangup"] == "remote");
    }
}

TEST_CASE("rtpsec-call reports the rig's own loss and fails past --max-loss") {
    // Loss asked for: more than --max-loss allows, so the run fails (exit 5)
    // although every call verified.
    Process lossy(program_path("rtpsec-call"), {"--calls", "2", "--duration", "1", "--loss", "0.3",
                                                "--seed", "5", "--max-loss", "0.05", "--json"});
    CHECK(lossy.wait(60s) == 5);
    const auto report = last_json(lossy.out());
    INFO(report.dump());
    CHECK(report["ok"] == false);
    CHECK(report["failures"] == 0);
    CHECK(report["max_loss"] == 0.05);
    CHECK(report["packets"]["loss_rate"].get<double>() > 0.05);
    CHECK_THAT(report["error"].get<std::string>(), Catch::Contains("--max-loss"));
    CHECK_THAT(lossy.err(), Catch::Contains("--max-loss"));
    // The impairment explains the loss: the rig kept up.
    CHECK(report["rig"]["lost_not_impaired"].get<int>() <= 4);

    // Within the limit: ok, and the rig's figures are there.
    Process clean(program_path("rtpsec-call"),
                  {"--calls", "2", "--duration", "1", "--max-loss", "0.5", "--json"});
    CHECK(clean.wait(60s) == 0);
    const auto clean_report = last_json(clean.out());
    CHECK(clean_report["ok"] == true);
    CHECK(clean_report["rig"]["fell_behind"].is_boolean());
    CHECK(clean_report["rig"]["lost_not_impaired"].is_number());
    CHECK(clean_report["packets"]["loss_rate"].get<double>() < 0.5);
}
