// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <thread>

#include <rtpsec/sdp/parser.hpp>

#include "media/audio_format.hpp"
#include "media/tone_detector.hpp"
#include "media/wav_file.hpp"
#include "process.hpp"
#include "test_support.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {
std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("rtpsec-peer offerer and answerer call through SDP files; a 440 Hz tone arrives") {
    const auto dir = scratch_directory("peer-sdp");
    const auto offer = dir / "offer.sdp";
    const auto answer = dir / "answer.sdp";
    const auto recording = dir / "received.wav";
    Process offerer(program_path("rtpsec-peer"),
                    {"--offer", offer.string(), "--wait-answer", answer.string(), "--tone", "440",
                     "--duration", "2", "--json"});
    for (int i = 0; i < 500 && !std::filesystem::exists(offer); ++i)
        std::this_thread::sleep_for(10ms);
    REQUIRE(std::filesystem::exists(offer));
    Process answerer(program_path("rtpsec-peer"),
                     {"--answer-to", offer.string(), "--write-answer", answer.string(), "--record",
                      recording.string(), "--duration", "2.5", "--json"});
    REQUIRE(offerer.wait() == 0);
    REQUIRE(answerer.wait() == 0);

    const auto offer_report = last_json(offerer.out());
    const auto answer_report = last_json(answerer.out());
    CHECK(offer_report["ok"] == true);
    CHECK(answer_report["ok"] == true);
    CHECK(answer_report["role"] == "client");  // answerer says a=setup:active
    CHECK(offer_report["role"] == "server");
    // The peer each side verified is the one the other side's SDP named.
    rtpsec::sdp::ParseError error;
    const auto answer_sdp = rtpsec::sdp::parse(read_file(answer), error);
    REQUIRE(answer_sdp);
    const auto fingerprint = answer_sdp->media[0].attributes.find("fingerprint");
    REQUIRE(fingerprint);
    std::error_code ec;
    const auto advertised = rtpsec::dtls::Fingerprint::parse(*fingerprint, ec);
    REQUIRE(advertised);
    CHECK(advertised->to_string() == offer_report["peer_fingerprint"]);
    CHECK(offer_report["peer_fingerprint"] == answer_report["local_fingerprint"]);
    CHECK(answer_report["rtp"]["received"].get<int>() > 50);
    CHECK(answer_report["rtp"]["auth_failed"] == 0);
    CHECK(answer_report["dtls"]["close"] == "close_notify_received");

    const auto samples = rtpsec::media::read_audio_8k_mono(recording);
    CHECK(samples.size() > rtpsec::media::sample_rate);
    CHECK(rtpsec::media::tone_energy_ratio(samples, 440.0, rtpsec::media::sample_rate) > 0.9);
    CHECK(rtpsec::media::tone_energy_ratio(samples, 1000.0, rtpsec::media::sample_rate) < 0.05);
}

TEST_CASE("rtpsec-peer refuses a peer whose certificate does not match: exit 4, no keys") {
    const auto dir = scratch_directory("peer-mismatch");
    const auto client_identity = write_identity(dir, "client");
    const auto stranger = write_identity(dir, "stranger");
    const auto port = std::to_string(free_udp_port());
    // The server expects the stranger's certificate, the client presents its own.
    Process server(program_path("rtpsec-peer"),
                   {"--dtls", "server", "--bind", "127.0.0.1:" + port, "--peer-fingerprint",
                    stranger.fingerprint, "--export-keys", "--json", "--duration", "5",
                    "--handshake-timeout", "3"});
    std::this_thread::sleep_for(200ms);
    Process client(program_path("rtpsec-peer"),
                   {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", "127.0.0.1:" + port,
                    "--cert", client_identity.certificate.string(), "--key",
                    client_identity.key.string(), "--insecure-skip-peer-verification",
                    "--export-keys", "--json", "--handshake-timeout", "3"});
    CHECK(server.wait() == 4);
    CHECK(client.wait() == 3);
    const auto report = last_json(server.out());
    CHECK(report["ok"] == false);
    CHECK_FALSE(report.contains("keying_material"));
    CHECK_THAT(server.err(), Catch::Contains("fingerprint mismatch"));
    CHECK_THAT(server.err(), Catch::Contains(client_identity.fingerprint));
    const auto err = server.err();
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
}

TEST_CASE("rtpsec-peer facing a silent peer gives up after its deadline: exit 3") {
    const auto port = std::to_string(free_udp_port());
    const auto started = std::chrono::steady_clock::now();
    Process client(program_path("rtpsec-peer"),
                   {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", "127.0.0.1:" + port,
                    "--insecure-skip-peer-verification", "--handshake-timeout", "1.5", "--json"});
    CHECK(client.wait(10s) == 3);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 1500ms);
    CHECK(took < 6s);
    CHECK_THAT(client.err(), Catch::Contains("timed out"));
    CHECK(last_json(client.out())["ok"] == false);
}

TEST_CASE("rtpsec-peer bad usage: exit 2 with one line saying what to do") {
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--dtls", "client", "--bind", "127.0.0.1:0"}, "--peer"},
        {{"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", "127.0.0.1:9"},
         "--peer-fingerprint"},
        {{"--dtls", "server", "--bind", "nonsense"}, "ADDRESS:PORT"},
        {{"--dtls", "server", "--bind", "127.0.0.1:0", "--insecure-skip-peer-verification",
          "--profiles", "SRTP_NULL"},
         "unknown SRTP profile"},
        {{"--dtls", "server", "--bind", "127.0.0.1:0", "--insecure-skip-peer-verification",
          "--cert", "/nonexistent.pem", "--key", "/nonexistent.key"},
         "/nonexistent.pem"},
        {{"--answer-to", "/nonexistent.sdp", "--write-answer", "/tmp/x.sdp"}, "/nonexistent.sdp"},
        {{"--bogus"}, "--bogus"},
    };
    for (const auto& c : cases) {
        Process peer(program_path("rtpsec-peer"), c.args);
        INFO(c.says);
        CHECK(peer.wait() == 2);
        CHECK_THAT(peer.err(), Catch::Contains(c.says));
    }
}

TEST_CASE("rtpsec-peer names its libsrtp backend in --version") {
    Process peer(program_path("rtpsec-peer"), {"--version"});
    CHECK(peer.wait() == 0);
    CHECK_THAT(peer.out(), Catch::Contains("libsrtp2") && Catch::Contains("OpenSSL"));
}

TEST_CASE("rtpsec-peer waiting for a known fingerprint outlasts a stranger and serves the client") {
    const auto dir = scratch_directory("peer-stranger");
    const auto server_identity = write_identity(dir, "server");
    const auto client_identity = write_identity(dir, "client");
    const auto stranger_identity = write_identity(dir, "stranger");
    const auto recording = dir / "received.wav";
    const auto port = free_udp_port();
    const auto address = "127.0.0.1:" + std::to_string(port);
    Process server(
        program_path("rtpsec-peer"),
        {"--dtls", "server", "--bind", address, "--cert", server_identity.certificate.string(),
         "--key", server_identity.key.string(), "--peer-fingerprint", client_identity.fingerprint,
         "--record", recording.string(), "--duration", "6", "--handshake-timeout", "3", "--json"});
    REQUIRE(wait_for_udp_port(port));
    // First a client with another certificate: its handshake fails...
    Process stranger(
        program_path("rtpsec-peer"),
        {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", address, "--cert",
         stranger_identity.certificate.string(), "--key", stranger_identity.key.string(),
         "--insecure-skip-peer-verification", "--handshake-timeout", "3", "--json"});
    CHECK(stranger.wait(20s) == 3);
    // ...and the server still takes the client it waits for.
    Process client(program_path("rtpsec-peer"),
                   {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", address, "--cert",
                    client_identity.certificate.string(), "--key", client_identity.key.string(),
                    "--peer-fingerprint", server_identity.fingerprint, "--tone", "440",
                    "--duration", "2", "--json"});
    REQUIRE(client.wait(30s) == 0);
    REQUIRE(server.wait(30s) == 0);
    const auto report = last_json(server.out());
    INFO(report.dump());
    CHECK(report["ok"] == true);
    CHECK(report["strangers_failed"] == 1);
    CHECK(report["peer_fingerprint"] == client_identity.fingerprint);
    CHECK(report["rtp"]["received"].get<int>() > 50);
    CHECK(report["rtp"]["auth_failed"] == 0);
    const auto samples = rtpsec::media::read_audio_8k_mono(recording);
    CHECK(samples.size() > rtpsec::media::sample_rate);
    CHECK(rtpsec::media::tone_energy_ratio(samples, 440.0, rtpsec::media::sample_rate) > 0.9);
}

TEST_CASE("rtpsec-peer takes every --handshake-timeout from 0.1 s to an hour") {
    const auto dir = scratch_directory("peer-handshake-timeout");
    const auto server_identity = write_identity(dir, "server");
    const auto client_identity = write_identity(dir, "client");
    // 25 s and an hour used to be refused ("more than 12 retransmissions").
    for (const char* timeout : {"0.5", "15", "25", "600", "3600"}) {
        INFO("--handshake-timeout " << timeout);
        const auto port = free_udp_port();
        const auto address = "127.0.0.1:" + std::to_string(port);
        Process server(
            program_path("rtpsec-peer"),
            {"--dtls", "server", "--bind", address, "--cert", server_identity.certificate.string(),
             "--key", server_identity.key.string(), "--peer-fingerprint",
             client_identity.fingerprint, "--handshake-timeout", timeout, "--json"});
        REQUIRE(wait_for_udp_port(port));
        Process client(program_path("rtpsec-peer"),
                       {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", address, "--cert",
                        client_identity.certificate.string(), "--key", client_identity.key.string(),
                        "--peer-fingerprint", server_identity.fingerprint, "--handshake-timeout",
                        timeout, "--json"});
        CHECK(client.wait(30s) == 0);
        CHECK(server.wait(30s) == 0);
        CHECK(last_json(client.out())["srtp_profile"].is_string());
    }
    // The shortest: a silent peer is given up on after 0.1 s.
    const auto started = std::chrono::steady_clock::now();
    Process client(program_path("rtpsec-peer"),
                   {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer",
                    "127.0.0.1:" + std::to_string(free_udp_port()),
                    "--insecure-skip-peer-verification", "--handshake-timeout", "0.1", "--json"});
    CHECK(client.wait(10s) == 3);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK_THAT(client.err(), Catch::Contains("timed out"));
}

TEST_CASE("a handshake timeout outside 0.1 s to an hour is refused, naming flag and range") {
    for (const char* timeout : {"0.05", "0", "-1", "3601", "86400", "nan", "inf"}) {
        for (const char* program : {"rtpsec-peer", "rtpsec-phone", "rtpsec-call"}) {
            std::vector<std::string> args;
            if (std::string(program) == "rtpsec-peer")
                args = {"--dtls", "server", "--bind", "127.0.0.1:0",
                        "--insecure-skip-peer-verification"};
            if (std::string(program) == "rtpsec-phone")
                args = {"--sip-bind", "127.0.0.1:0", "--answer"};
            args.insert(args.end(), {"--handshake-timeout", timeout});
            Process p(program_path(program), args);
            INFO(program << " --handshake-timeout " << timeout);
            CHECK(p.wait() == 2);
            CHECK_THAT(p.err(),
                       Catch::Contains("--handshake-timeout") && Catch::Contains("0.1 to 3600"));
        }
    }
}
