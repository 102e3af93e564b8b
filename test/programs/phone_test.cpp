// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <thread>

#include "media/audio_format.hpp"
#include "media/tone_detector.hpp"
#include "media/wav_file.hpp"
#include "process.hpp"
#include "sip_relay.hpp"
#include "sip_socket.hpp"
#include "test_support.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

// An INVITE from the scripted peer on `from_port` with `sdp` as its body.
std::string invite(std::uint16_t from_port, std::uint16_t to_port, const std::string& sdp,
                   const std::string& branch = "z9hG4bK-test-1") {
    const std::string to = "sip:rtpsec@127.0.0.1:" + std::to_string(to_port);
    const std::string me = "127.0.0.1:" + std::to_string(from_port);
    return "INVITE " + to + " SIP/2.0\r\n" + "Via: SIP/2.0/UDP " + me + ";branch=" + branch +
           ";rport\r\n" + "Max-Forwards: 70\r\n" + "From: <sip:test@" + me + ">;tag=test-tag\r\n" +
           "To: <" + to + ">\r\n" + "Call-ID: test-call-1@127.0.0.1\r\n" + "CSeq: 1 INVITE\r\n" +
           "Contact: <sip:test@" + me + ">\r\n" + "Content-Type: application/sdp\r\n" +
           "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

const std::string plain_rtp_offer =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

}  // namespace

TEST_CASE("rtpsec-phone calls rtpsec-phone over SIP; a 440 Hz tone arrives; BYE ends both") {
    const bool rtcp_mux = GENERATE(true, false);
    DYNAMIC_SECTION((rtcp_mux ? "rtcp-mux" : "RTCP on its own port")) {
        const auto dir = scratch_directory(rtcp_mux ? "phone-call-mux" : "phone-call");
        const auto recording = dir / "received.wav";
        const auto callee_port = std::to_string(free_udp_port());
        Process callee(program_path("rtpsec-phone"),
                       {"--sip-bind", "127.0.0.1:" + callee_port, "--answer", "--record",
                        recording.string(), "--json"});
        std::this_thread::sleep_for(200ms);
        std::vector<std::string> args{
            "--sip-bind", "127.0.0.1:0", "--call",     "sip:bob@127.0.0.1:" + callee_port,
            "--tone",     "440",         "--duration", "2",
            "--json"};
        if (!rtcp_mux) args.push_back("--no-rtcp-mux");
        Process caller(program_path("rtpsec-phone"), args);
        REQUIRE(caller.wait(30s) == 0);
        REQUIRE(callee.wait(30s) == 0);
        const auto caller_report = last_json(caller.out());
        const auto callee_report = last_json(callee.out());
        INFO(caller_report.dump() << "\n" << callee_report.dump());
        CHECK(caller_report["sip"]["final_status"] == 200);
        CHECK(caller_report["sip"]["hangup"] == "local");
        CHECK(caller_report["sip"]["bye_status"] == 200);
        CHECK(callee_report["sip"]["hangup"] == "remote");
        CHECK(caller_report["rtcp_mux"] == rtcp_mux);
        CHECK(callee_report["rtcp_mux"] == rtcp_mux);
        CHECK(caller_report["role"] == "server");
        CHECK(callee_report["role"] == "client");
        CHECK(caller_report["peer_fingerprint"] == callee_report["local_fingerprint"]);
        CHECK(callee_report["peer_fingerprint"] == caller_report["local_fingerprint"]);
        CHECK(caller_report["dtls"]["close"] == "close_notify_sent");
        CHECK(callee_report["dtls"]["close"] == "close_notify_received");
        CHECK(callee_report["rtp"]["received"].get<int>() > 50);
        CHECK(callee_report["rtp"]["auth_failed"] == 0);
        // RTCP reports the same receive counters as RTP, on either port.
        for (const char* counter :
             {"auth_failed_before_keys", "replayed", "malformed", "dropped_before_keys"}) {
            CHECK(callee_report["rtcp"][counter] == 0);
        }
        if (!rtcp_mux) {
            CHECK(caller_report["rtcp"]["port"] == "separate");
            // The BYE report at least crossed the RTCP port's own association.
            CHECK(callee_report["rtcp"]["received"].get<int>() >= 1);
            CHECK(callee_report["rtcp"]["auth_failed"] == 0);
        }
        const auto samples = rtpsec::media::read_audio_8k_mono(recording);
        CHECK(samples.size() > rtpsec::media::sample_rate);
        CHECK(rtpsec::media::tone_energy_ratio(samples, 440.0, rtpsec::media::sample_rate) > 0.9);
    }
}

TEST_CASE("the caller takes the callee's ClientHello that arrives before the 200 OK") {
    // The callee (the DTLS client) starts its handshake as it answers; its
    // 200 OK is held 600 ms on the way, so the ClientHello wins the race, as
    // seen with baresip. The caller holds the handshake until the answer
    // gives it the fingerprint to check.
    const auto callee_port = free_udp_port();
    const auto relay_port = free_udp_port();
    SipRelay relay(relay_port, callee_port, {false, std::chrono::milliseconds(600)});
    Process callee(
        program_path("rtpsec-phone"),
        {"--sip-bind", "127.0.0.1:" + std::to_string(callee_port), "--answer", "--echo", "--json"});
    std::this_thread::sleep_for(200ms);
    Process caller(program_path("rtpsec-phone"), {"--sip-bind", "127.0.0.1:0", "--call",
                                                  "sip:bob@127.0.0.1:" + std::to_string(relay_port),
                                                  "--tone", "440", "--duration", "1", "--json"});
    REQUIRE(caller.wait(30s) == 0);
    REQUIRE(callee.wait(30s) == 0);
    const auto caller_report = last_json(caller.out());
    const auto callee_report = last_json(callee.out());
    INFO(caller_report.dump() << "\n" << callee_report.dump());
    CHECK(relay.delayed() >= 3);  // 100, 180 and 200 all held
    CHECK(caller_report["peer_fingerprint"] == callee_report["local_fingerprint"]);
    // The callee's handshake spans the wait for the 200 OK.
    CHECK(callee_report["handshake_ms"].get<double>() >= 500.0);
    // The caller's transport took the early (cookie-checked) ClientHello and
    // the retransmissions of it while it waited for the fingerprint; one made
    // only after the answer would have seen a ClientHello and a final flight.
    CHECK(caller_report["dtls"]["datagrams_received"].get<int>() >= 4);
    CHECK(callee_report["media"]["echoed"].get<int>() > 10);
    CHECK(caller_report["rtp"]["received"].get<int>() > 10);
}

TEST_CASE("rtpsec-phone answers a plain RTP/AVP offer with 488 and a Warning saying why") {
    const auto port = free_udp_port();
    Process callee(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:" + std::to_string(port), "--answer", "--json"});
    SipSocket peer;
    const auto trying =
        peer.request(port, invite(peer.port(), port, plain_rtp_offer), "SIP/2.0 100", 10s);
    REQUIRE(trying);
    const auto refused = peer.receive_starting("SIP/2.0 488", 2s);
    REQUIRE(refused);
    INFO(*refused);
    CHECK(contains(*refused, "Warning: 399 "));
    CHECK(contains(*refused, "DTLS-SRTP"));
    // RFC 3581: the Via we sent asked for rport; the answer says where it came from.
    CHECK(contains(*refused, "rport=" + std::to_string(peer.port())));
    // Still running: a rejected offer does not end an answering phone.
    callee.close_stdin();
    CHECK(callee.wait(500ms) == -1);
}

TEST_CASE("rtpsec-phone ignores malformed SIP datagrams and still answers OPTIONS") {
    const auto port = free_udp_port();
    Process callee(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:" + std::to_string(port), "--answer", "--json"});
    SipSocket peer;
    const std::string me = "127.0.0.1:" + std::to_string(peer.port());
    auto options = [&](const std::string& branch) {
        return "OPTIONS sip:rtpsec@127.0.0.1:" + std::to_string(port) +
               " SIP/2.0\r\nVia: SIP/2.0/UDP " + me + ";branch=" + branch +
               "\r\nMax-Forwards: 70\r\nFrom: <sip:test@" + me +
               ">;tag=t1\r\nTo: <sip:rtpsec@127.0.0.1>\r\nCall-ID: opt-1\r\nCSeq: 1 "
               "OPTIONS\r\nContent-Length: 0\r\n\r\n";
    };
    // Up and answering first, so the garbage reaches it.
    REQUIRE(peer.request(port, options("z9hG4bK-options-1"), "SIP/2.0 200", 10s));
    for (const std::string& garbage :
         {std::string("\x16\xfe\xfd garbage"), std::string("INVITE sip:x SIP/2.0\r\n\r\n"),
          std::string(65000, 'A'), std::string("SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n"),
          invite(peer.port(), port, "v=0\r\n").substr(0, 120)}) {
        peer.send_to(port, garbage);
    }
    const auto ok = peer.request(port, options("z9hG4bK-options-2"), "SIP/2.0 200", 5s);
    REQUIRE(ok);
    CHECK(contains(*ok, "Allow:"));
    CHECK(contains(*ok, "INVITE"));
    CHECK(callee.wait(300ms) == -1);  // still running
}

TEST_CASE("rtpsec-phone bad usage: exit 2 with one line saying what to do") {
    Process neither(program_path("rtpsec-phone"), {"--sip-bind", "127.0.0.1:0"});
    CHECK(neither.wait() == 2);
    CHECK(contains(neither.err(), "--call"));
    Process bad_uri(program_path("rtpsec-phone"),
                    {"--sip-bind", "127.0.0.1:0", "--call", "sip:bob@example.com"});
    CHECK(bad_uri.wait() == 2);
    CHECK(contains(bad_uri.err(), "IP address"));
}

TEST_CASE("rtpsec-phone calling nobody gives up with exit 3 after SIP timer B") {
    const auto port = free_udp_port();  // nothing listens there
    Process caller(program_path("rtpsec-phone"), {"--sip-bind", "127.0.0.1:0", "--call",
                                                  "sip:nobody@127.0.0.1:" + std::to_string(port),
                                                  "--handshake-timeout", "1", "--json"});
    // Timer B is 64·T1 = 32 s; ICMP port unreachable does not shorten it (UDP).
    CHECK(caller.wait(60s) == 3);
    const auto report = last_json(caller.out());
    CHECK(report["ok"] == false);
    CHECK(report["sip"]["final_status"] == 408);
    CHECK(contains(caller.err(), "408"));
}
