// SPDX-License-Identifier: BSD-3-Clause
#include "peer/peer_options.hpp"

#include <CLI/CLI.hpp>
#include <apps/version.hpp>
#include <iostream>

#include "common/app_error.hpp"
#include "common/cli_values.hpp"
#include "common/command_line.hpp"
#include "common/media_files.hpp"
#include "common/media_flags.hpp"

namespace rtpsec::apps {

std::optional<PeerOptions> parse_peer_options(int argc, char** argv) {
    CLI::App app{
        "rtpsec-peer: one DTLS-SRTP endpoint on one UDP port.\n"
        "Raw DTLS mode:  rtpsec-peer --dtls client|server --bind ADDR:PORT [--peer ADDR:PORT] ...\n"
        "SDP offerer:    rtpsec-peer --offer OUT.sdp --wait-answer IN.sdp [--bind ADDR:PORT] ...\n"
        "SDP answerer:   rtpsec-peer --answer-to IN.sdp --write-answer OUT.sdp [--bind ADDR:PORT] "
        "...\n"
        "Exit codes: 0 ok, 2 bad usage or input, 3 handshake failed or timed out,\n"
        "4 peer certificate does not match the expected fingerprint, 5 media check failed."};
    app.set_version_flag("--version", version_line("rtpsec-peer"));

    std::string role, bind, peer;
    std::vector<std::string> fingerprints;
    std::string offer, wait_answer, answer_to, write_answer;
    double duration = 0;
    PeerOptions options;
    MediaFlags media;

    app.add_option("--dtls", role, "DTLS role in raw DTLS mode")
        ->check(CLI::IsMember({"client", "server"}));
    app.add_option("--bind", bind, "local UDP address (default 127.0.0.1:0 in SDP mode)");
    app.add_option("--peer", peer, "the peer's UDP address (client: required)");
    app.add_option("--peer-fingerprint", fingerprints,
                   "expected peer certificate fingerprint, e.g. \"sha-256 AB:CD:...\"; repeatable, "
                   "any match is accepted");
    app.add_flag(
        "--insecure-skip-peer-verification", options.insecure_skip_peer_verification,
        "accept any peer certificate (INSECURE: anyone on the path can read and forge the media)");
    app.add_option("--offer", offer, "SDP mode: write our offer to this file");
    app.add_option("--wait-answer", wait_answer, "SDP mode: wait for the answer in this file");
    app.add_option("--answer-to", answer_to, "SDP mode: answer the offer in this file");
    app.add_option("--write-answer", write_answer, "SDP mode: write our answer to this file");
    media.add_to(app);
    app.add_option("--duration", duration,
                   "seconds of media before closing (default: end after the handshake)")
        ->check(finite_range(0.0, max_duration_s));
    app.add_flag("--json", options.json, "print a JSON report on stdout at the end");

    if (!parse_command_line(app, argc, argv)) return std::nullopt;

    if (!role.empty())
        options.dtls_role = role == "client" ? dtls::Role::client : dtls::Role::server;
    if (!bind.empty()) options.bind = parse_udp_address(bind, "--bind");
    if (!peer.empty()) options.peer = parse_udp_address(peer, "--peer");
    options.peer_fingerprints = parse_fingerprints(fingerprints);
    options.profiles = media.profiles();
    if (!offer.empty()) options.offer_out = offer;
    if (!wait_answer.empty()) options.wait_answer = wait_answer;
    if (!answer_to.empty()) options.answer_to = answer_to;
    if (!write_answer.empty()) options.write_answer = write_answer;
    options.cert = media.cert();
    options.key = media.key();
    options.media = media.media();
    if (app.count("--duration") > 0) {
        if (!(duration > 0))
            throw AppError(exit_bad_input, "--duration must be a positive number of seconds");
        options.duration_s = duration;
    }
    options.handshake_timeout_s = media.handshake_timeout_s();
    options.mtu = media.mtu();
    options.export_keys = media.export_keys();
    options.keylog = media.keylog();

    const bool raw = options.dtls_role.has_value();
    if (raw == options.sdp_mode() || (options.offer_out && options.answer_to)) {
        throw AppError(exit_bad_input,
                       "choose one mode: --dtls client|server, or --offer with --wait-answer, or "
                       "--answer-to with --write-answer (see --help)");
    }
    if (options.offer_out.has_value() != options.wait_answer.has_value()) {
        throw AppError(exit_bad_input, "--offer and --wait-answer go together");
    }
    if (options.answer_to.has_value() != options.write_answer.has_value()) {
        throw AppError(exit_bad_input, "--answer-to and --write-answer go together");
    }
    if (raw) {
        if (!options.bind)
            throw AppError(exit_bad_input, "--bind ADDR:PORT is required with --dtls");
        if (options.dtls_role == dtls::Role::client && !options.peer) {
            throw AppError(exit_bad_input, "--dtls client needs --peer ADDR:PORT");
        }
        if (options.peer_fingerprints.empty() && !options.insecure_skip_peer_verification) {
            throw AppError(
                exit_bad_input,
                "no --peer-fingerprint: give the peer's certificate fingerprint (e.g. from "
                "'openssl x509 -noout -fingerprint -sha256'), or "
                "--insecure-skip-peer-verification");
        }
    }
    // Last: it writes the empty --record file, which a usage error must not leave.
    prepare_media_files(options.media);
    return options;
}

}  // namespace rtpsec::apps
