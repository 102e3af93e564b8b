// SPDX-License-Identifier: BSD-3-Clause
#include "call/call_options.hpp"

#include <CLI/CLI.hpp>
#include <apps/version.hpp>

#include "common/app_error.hpp"
#include "common/cli_values.hpp"
#include "common/command_line.hpp"

namespace rtpsec::apps {

std::optional<CallOptions> parse_call_options(int argc, char** argv) {
    CLI::App app{
        "rtpsec-call: loopback call test. Runs caller and callee as SIP user agents with\n"
        "DTLS-SRTP media; SIP and media cross an impairing relay (both directions, handshake\n"
        "included); checks that every decrypted packet is exactly one that was sent, and\n"
        "reports per call and in aggregate.\n"
        "Exit codes: 0 every call verified, 2 bad usage, 3 a handshake failed, 5 media check "
        "failed (or more loss than --max-loss)."};
    app.set_version_flag("--version", version_line("rtpsec-call"));
    CallOptions options;
    std::string profile;
    double loss = 0, reorder = 0, duplicate = 0;
    app.add_option("--calls", options.calls, "concurrent calls")->check(CLI::Range(1, 20000));
    app.add_option("--duration", options.duration_s, "seconds of media per call")
        ->check(finite_range(0.1, 3600.0));
    app.add_option("--profile", profile, "SRTP profile to offer (default: all, GCM first)");
    app.add_option("--loss", loss, "probability a datagram is lost, each way")
        ->check(finite_range(0.0, 1.0));
    app.add_option("--reorder", reorder, "probability a datagram is held back 30 ms")
        ->check(finite_range(0.0, 1.0));
    app.add_option("--duplicate", duplicate, "probability a datagram is delivered twice")
        ->check(finite_range(0.0, 1.0));
    app.add_option("--seed", options.seed, "seed of the impairment model");
    app.add_option("--handshake-timeout", options.handshake_timeout_s,
                   "seconds before a handshake gives up")
        ->check(finite_range(min_handshake_timeout_s, max_handshake_timeout_s));
    app.add_option("--threads", options.threads, "I/O threads (default: one per core)")
        ->check(CLI::Range(0, 64));
    bool no_rtcp_mux = false;
    app.add_flag("--no-rtcp-mux", no_rtcp_mux,
                 "the caller offers RTCP on its own port (RFC 5764 §4.1) instead of rtcp-mux");
    double max_loss = 1.0;
    app.add_option("--max-loss", max_loss,
                   "fail (exit 5) when more than this share of media packets is lost, whatever "
                   "lost them (the impairment asked for or the rig falling behind)")
        ->check(finite_range(0.0, 1.0));
    app.add_flag("--json", options.json, "print the report as JSON");
    if (!parse_command_line(app, argc, argv)) return std::nullopt;
    if (!profile.empty()) options.profiles = parse_profiles(profile);
    options.rtcp_mux = !no_rtcp_mux;
    if (app.count("--max-loss") > 0) options.max_loss = max_loss;
    options.impairment.loss = loss;
    options.impairment.reorder = reorder;
    options.impairment.duplicate = duplicate;
    return options;
}

}  // namespace rtpsec::apps
