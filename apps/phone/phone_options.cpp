// SPDX-License-Identifier: BSD-3-Clause
#include "phone/phone_options.hpp"

#include <CLI/CLI.hpp>
#include <apps/version.hpp>

#include <rtpsec/sip/address.hpp>

#include "common/app_error.hpp"
#include "common/cli_values.hpp"
#include "common/command_line.hpp"
#include "common/media_files.hpp"
#include "common/media_flags.hpp"

namespace rtpsec::apps {

std::optional<PhoneOptions> parse_phone_options(int argc, char** argv) {
    CLI::App app{
        "rtpsec-phone: a minimal SIP user agent with DTLS-SRTP media, one call.\n"
        "Caller:  rtpsec-phone --sip-bind ADDR:PORT --call sip:USER@ADDR:PORT [media] "
        "[--duration S]\n"
        "Callee:  rtpsec-phone --sip-bind ADDR:PORT --answer [media] [--duration S]\n"
        "Exit codes: 0 ok, 2 bad usage or input, 3 call or handshake failed or timed out,\n"
        "4 peer certificate does not match the SDP fingerprint, 5 media check failed."};
    app.set_version_flag("--version", version_line("rtpsec-phone"));

    std::string sip_bind, call, media_bind, user;
    double duration = 0;
    unsigned rtp_port = 0;
    bool answer = false, no_rtcp_mux = false;
    PhoneOptions options;
    MediaFlags media;

    app.add_option("--sip-bind", sip_bind, "our SIP UDP address, e.g. 127.0.0.1:5060")->required();
    auto* call_opt = app.add_option("--call", call, "call this URI: sip:USER@ADDRESS:PORT");
    auto* answer_opt = app.add_flag("--answer", answer, "wait for a call and answer it");
    call_opt->excludes(answer_opt);
    app.add_option("--user", user, "our SIP user name (default rtpsec)");
    app.add_option("--media-bind", media_bind,
                   "address for the RTP/RTCP ports (default: the --sip-bind address)");
    app.add_option("--rtp-port", rtp_port, "RTP port (RTCP uses the next one; default: free pair)")
        ->check(CLI::Range(1, 65534));
    app.add_flag("--no-rtcp-mux", no_rtcp_mux,
                 "caller: offer RTCP on its own port (RFC 5764 §4.1) instead of rtcp-mux");
    media.add_to(app);
    app.add_option("--duration", duration,
                   "seconds of media before hanging up (callee default: until BYE)")
        ->check(finite_range(0.0, max_duration_s));
    app.add_flag("--json", options.json, "print a JSON report on stdout at the end");

    if (!parse_command_line(app, argc, argv)) return std::nullopt;

    if (call.empty() == !answer) {
        throw AppError(exit_bad_input, "choose --call sip:USER@ADDRESS:PORT or --answer");
    }
    auto& phone = options.phone;
    phone.sip_bind = parse_udp_address(sip_bind, "--sip-bind");
    if (!call.empty()) {
        if (!sip::uri_address(call)) {
            throw AppError(exit_bad_input, "--call: '" + call +
                                               "' is not sip:USER@ADDRESS:PORT with an IP "
                                               "address (no DNS or registrar here)");
        }
        phone.call_uri = call;
    }
    if (!user.empty()) phone.user = user;
    phone.media.bind = media_bind.empty()
                           ? phone.sip_bind.address()
                           : parse_udp_address(media_bind + ":0", "--media-bind").address();
    phone.media.rtp_port = static_cast<std::uint16_t>(rtp_port);
    phone.offer_rtcp_mux = !no_rtcp_mux;
    phone.media.profiles = media.profiles();
    options.cert = media.cert();
    options.key = media.key();
    phone.media.media = media.media();
    if (app.count("--duration") > 0) {
        if (!(duration > 0))
            throw AppError(exit_bad_input, "--duration must be a positive number of seconds");
        phone.duration_s = duration;
        phone.media.max_record_seconds = duration + 5.0;
    }
    phone.media.handshake_timeout = media.handshake_timeout();
    phone.media.mtu = media.mtu();
    phone.media.export_keys = media.export_keys();
    if (const auto keylog = media.keylog()) phone.media.keylog = open_keylog(*keylog);
    phone.user_agent = version_line("rtpsec-phone");
    // Last: it writes the empty --record file, which a usage error must not leave.
    prepare_media_files(phone.media.media);
    return options;
}

}  // namespace rtpsec::apps
