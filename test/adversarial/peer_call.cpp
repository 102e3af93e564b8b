// SPDX-License-Identifier: BSD-3-Clause
#include "peer_call.hpp"

#include <catch2/catch.hpp>

#include "dtls_stranger.hpp"
#include "media/audio_format.hpp"
#include "media/tone_detector.hpp"
#include "media/wav_file.hpp"
#include "target_cost.hpp"

namespace rtpsec::test {

PeerCall::PeerCall(const std::string& name)
    : dir(scratch_directory(name)),
      server_identity(write_identity(dir, "server")),
      client_identity(write_identity(dir, "client")),
      server_port(free_udp_port()),
      client_port(free_udp_port()) {}

void PeerCall::start_server(std::vector<std::string> extra) {
    std::vector<std::string> args{"--dtls",
                                  "server",
                                  "--bind",
                                  "127.0.0.1:" + std::to_string(server_port),
                                  "--cert",
                                  server_identity.certificate.string(),
                                  "--key",
                                  server_identity.key.string(),
                                  "--peer-fingerprint",
                                  client_identity.fingerprint,
                                  "--record",
                                  (dir / "received.wav").string(),
                                  "--duration",
                                  std::to_string(duration_s + 3),
                                  "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto before = children_named("rtpsec-peer");
    server = std::make_unique<Process>(program_path("rtpsec-peer"), args);
    server_pid = new_child("rtpsec-peer", before);
    REQUIRE(server_pid > 0);
    REQUIRE(dtls_server_answers(server_port, std::chrono::seconds(20)));
}

void PeerCall::start_client(std::uint16_t via_port, std::vector<std::string> extra) {
    std::vector<std::string> args{
        "--dtls",
        "client",
        "--bind",
        "127.0.0.1:" + std::to_string(client_port),
        "--peer",
        "127.0.0.1:" + std::to_string(via_port != 0 ? via_port : server_port),
        "--cert",
        client_identity.certificate.string(),
        "--key",
        client_identity.key.string(),
        "--peer-fingerprint",
        server_identity.fingerprint,
        "--tone",
        "440",
        "--duration",
        std::to_string(duration_s),
        "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto before = children_named("rtpsec-peer");
    client = std::make_unique<Process>(program_path("rtpsec-peer"), args);
    client_pid = new_child("rtpsec-peer", before);
    REQUIRE(client_pid > 0);
}

void PeerCall::expect_media_verified(std::chrono::milliseconds timeout) {
    const int client_exit = client->wait(timeout);
    const int server_exit = server->wait(timeout);
    client_report = last_json(client->out());
    server_report = last_json(server->out());
    INFO("client: " << client->err() << client_report.dump());
    INFO("server: " << server->err() << server_report.dump());
    REQUIRE(client_exit == 0);
    REQUIRE(server_exit == 0);
    CHECK(client_report["ok"] == true);
    CHECK(server_report["ok"] == true);
    CHECK(server_report["peer_fingerprint"] == client_identity.fingerprint);
    CHECK(server_report["rtp"]["received"].get<int>() > 25 * duration_s);
    expect_tone(dir / "received.wav");
}

void expect_tone(const std::filesystem::path& recording, double hz) {
    const auto samples = media::read_audio_8k_mono(recording);
    CHECK(samples.size() > media::sample_rate);
    CHECK(media::tone_energy_ratio(samples, hz, media::sample_rate) > 0.9);
}

}  // namespace rtpsec::test
