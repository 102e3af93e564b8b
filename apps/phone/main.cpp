// SPDX-License-Identifier: BSD-3-Clause
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <iostream>

#include "common/app_error.hpp"
#include "common/cli_values.hpp"
#include "common/json_text.hpp"
#include "common/program_context.hpp"
#include "common/progress_line.hpp"
#include "phone/phone.hpp"
#include "phone/phone_options.hpp"

namespace rtpsec::apps {
namespace {

int run_phone(const PhoneOptions& options) {
    boost::asio::io_context io;
    auto strand = boost::asio::make_strand(io);
    const auto context =
        make_program_context(load_or_generate_certificate(options.cert, options.key));
    Phone phone(strand, context, options.phone, [&](const PhoneOutcome&) { io.stop(); });

    boost::asio::signal_set signals(strand, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) phone.hang_up();
    });
    ProgressLine progress("rtpsec-phone");
    boost::asio::steady_timer progress_timer(strand);
    const auto started = std::chrono::steady_clock::now();
    std::function<void()> tick = [&] {
        progress_timer.expires_after(std::chrono::seconds(1));
        progress_timer.async_wait([&](const boost::system::error_code& ec) {
            if (ec || phone.finished()) return;
            progress.update(std::chrono::steady_clock::now() - started, phone.packets_sent(),
                            phone.packets_received(),
                            static_cast<std::int64_t>(phone.packets_lost()));
            tick();
        });
    };
    if (progress.enabled()) tick();

    phone.start();
    io.run();
    progress.finish();

    const auto report = phone.report();
    const auto outcome = phone.outcome().value_or(
        PhoneOutcome{exit_handshake_failed, std::string("the call did not end cleanly")});
    if (options.json) std::cout << json_text(report.to_json()) << std::endl;
    if (!options.json && report.keying_material_hex && report.srtp_profile) {
        std::cout << "srtp_profile " << *report.srtp_profile << "\nkeying_material "
                  << *report.keying_material_hex << std::endl;
    }
    if (outcome.error) std::cerr << "rtpsec-phone: " << *outcome.error << "\n";
    return outcome.code;
}

}  // namespace
}  // namespace rtpsec::apps

int main(int argc, char** argv) {
    return rtpsec::apps::run_program("rtpsec-phone", argc, argv, [&] {
        const auto options = rtpsec::apps::parse_phone_options(argc, argv);
        if (!options) return 0;
        return rtpsec::apps::run_phone(*options);
    });
}
