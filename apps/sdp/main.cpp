// SPDX-License-Identifier: BSD-3-Clause
// rtpsec-sdp: SDP for people debugging DTLS-SRTP calls.
//
//   rtpsec-sdp inspect FILE|-      JSON summary of each media section
//   rtpsec-sdp answer FILE|- [--cert PEM --key PEM] [--port N] [--address A]
//                            [--setup active|passive]   the answer rtpsec would send
//
// Exit codes (README "The apps"): 0 success, 2 bad usage or bad input (SDP,
// PEM, an offer rtpsec cannot answer), with one line on stderr.
#include <CLI/CLI.hpp>
#include <apps/version.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/sdp/ice.hpp>
#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

#include "common/input_file.hpp"
#include "common/json_text.hpp"
#include "inspect_json.hpp"
#include "sdp_input.hpp"

namespace {

constexpr int exit_bad_input = 2;
constexpr const char* program = "rtpsec-sdp";

int fail(const std::string& message) {
    std::cerr << program << ": " << message << "\n";
    return exit_bad_input;
}

std::string source_name(const std::string& path) {
    return path == "-" ? "standard input" : path;
}

// Reads and parses FILE|-; on failure prints the one-line reason.
std::optional<rtpsec::sdp::SessionDescription> load(const std::string& path) {
    const rtpsec::sdp::ParseLimits limits;
    std::string error;
    const auto text = rtpsec::apps::sdp::read_sdp_input(path, limits.max_bytes, error);
    if (!text) {
        fail(error);
        return std::nullopt;
    }
    rtpsec::sdp::ParseError parse_error;
    auto description = rtpsec::sdp::parse(*text, parse_error, limits);
    if (!description) fail(source_name(path) + ": " + parse_error.message());
    return description;
}

int inspect(const std::string& path) {
    const auto description = load(path);
    if (!description) return exit_bad_input;
    std::cout << rtpsec::apps::json_text(rtpsec::apps::sdp::inspect_json(*description), 2) << "\n";
    return 0;
}

struct AnswerFlags {
    std::string certificate;
    std::string key;
    std::string address = "127.0.0.1";
    std::uint16_t port = 49170;
    std::string setup;
};

int answer(const std::string& path, const AnswerFlags& flags) {
    using namespace rtpsec;
    const auto offer = load(path);
    if (!offer) return exit_bad_input;

    std::optional<dtls::Certificate> certificate;
    try {
        if (!flags.certificate.empty()) {
            rtpsec::apps::check_input_file(flags.certificate, "--cert", rtpsec::apps::pem_file_cap);
            rtpsec::apps::check_input_file(flags.key, "--key", rtpsec::apps::pem_file_cap);
        }
        certificate = flags.certificate.empty()
                          ? dtls::Certificate::generate()
                          : dtls::Certificate::load_pem(flags.certificate, flags.key);
    } catch (const std::runtime_error& e) {  // CertificateError, AppError
        return fail(e.what());
    }

    sdp::AnswerOptions options;
    options.local = {flags.address, flags.port};
    options.fingerprints = {certificate->fingerprint()};
    if (flags.setup == "active") options.setup = sdp::Setup::active;
    if (flags.setup == "passive") options.setup = sdp::Setup::passive;
    // rtpsec answers ICE offers (browsers) as an ICE-lite endpoint on its one port.
    for (const auto& m : offer->media) {
        if (sdp::ice_parameters(*offer, m)) {
            options.ice = sdp::generate_ice_lite_parameters(options.local);
            break;
        }
    }

    std::string text;
    try {
        const auto result = sdp::build_answer(*offer, options);
        if (!result.accepted()) {
            return fail("cannot answer " + source_name(path) + ": " + result.error.message());
        }
        text = sdp::write(result.description);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    }
    std::cout << text;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "SDP for people debugging DTLS-SRTP calls: inspect an offer or answer, or "
        "print the answer rtpsec would send."};
    app.set_version_flag("--version", rtpsec::apps::version_line(program));
    app.require_subcommand(1);

    std::string inspect_path;
    auto* inspect_command =
        app.add_subcommand("inspect", "Print each media section of an SDP as JSON");
    inspect_command->add_option("FILE", inspect_path, "SDP file, or - for standard input")
        ->required();

    std::string answer_path;
    AnswerFlags flags;
    auto* answer_command =
        app.add_subcommand("answer", "Print the SDP answer rtpsec would send to an offer");
    answer_command->add_option("FILE", answer_path, "SDP offer file, or - for standard input")
        ->required();
    auto* cert = answer_command->add_option("--cert", flags.certificate,
                                            "PEM certificate (default: a fresh ECDSA P-256 one)");
    auto* key = answer_command->add_option("--key", flags.key, "PEM private key of --cert");
    cert->needs(key);
    key->needs(cert);
    answer_command->add_option("--port", flags.port, "our RTP port")
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    answer_command->add_option("--address", flags.address, "our IP address or host name")
        ->capture_default_str();
    answer_command
        ->add_option("--setup", flags.setup,
                     "our a=setup when the offer says actpass (default active: we are the DTLS "
                     "client)")
        ->check(CLI::IsMember({"active", "passive"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << program << ": " << e.what() << " (see " << program << " --help)\n";
        return exit_bad_input;
    }

    if (*inspect_command) return inspect(inspect_path);
    return answer(answer_path, flags);
}
