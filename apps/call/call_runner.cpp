// SPDX-License-Identifier: BSD-3-Clause
#include "call/call_runner.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <thread>

#include "call/loopback_call.hpp"
#include "call/memory_sample.hpp"
#include "call/udp_drops.hpp"
#include "common/program_context.hpp"
#include "netem/udp_relay.hpp"

namespace rtpsec::apps {
namespace {

// Six sockets per call (SIP, RTP and RTCP each side), plus the relay and a
// few for the process.
void raise_file_limit(std::size_t calls) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t wanted = static_cast<rlim_t>(calls * 6 + 64);
    if (limit.rlim_cur >= wanted) return;
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
}

// Packets a call can lose without anything being wrong: those in flight,
// one each way, when the caller hangs up.
constexpr std::uint64_t lost_in_flight_per_call = 2;

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

}  // namespace

CallRunResult run_calls(const CallOptions& options) {
    raise_file_limit(options.calls);
    boost::asio::io_context io;
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    netem::UdpRelay relay(io, {loopback, 0}, options.impairment, options.seed);
    // One identity per side serves every call, as one softphone would.
    const CallSetup setup{options, make_program_context(dtls::Certificate::generate()),
                          make_program_context(dtls::Certificate::generate()), relay.address()};

    // Memory per established call: before any call exists, and a second
    // after the last call's media started (both DTLS ends settled by then),
    // once the setup burst's freed buffers went back to the system.
    const MemorySample before = sample_memory();
    const auto buffer_drops_before = udp_receive_buffer_errors();
    std::optional<MemorySample> established;
    boost::asio::steady_timer memory_timer(io);
    std::atomic<std::size_t> with_media{0};
    const auto on_media = [&] {
        if (++with_media != options.calls) return;
        boost::asio::post(io, [&] {
            memory_timer.expires_after(std::chrono::seconds(1));
            memory_timer.async_wait([&](const boost::system::error_code& ec) {
                if (ec) return;
                release_free_memory();
                established = sample_memory();
            });
        });
    };

    std::atomic<std::size_t> remaining{options.calls};
    std::vector<std::unique_ptr<LoopbackCall>> calls;
    calls.reserve(options.calls);
    for (std::size_t i = 0; i < options.calls; ++i) {
        calls.push_back(
            std::make_unique<LoopbackCall>(i, boost::asio::make_strand(io), setup, on_media, [&] {
                if (--remaining == 0) io.stop();
            }));
        for (const auto& [caller, callee] : calls.back()->routes())
            relay.add_route(caller, callee);
    }
    relay.start();
    for (auto& call : calls)
        call->start();

    const std::size_t threads =
        options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < threads; ++i)
        pool.emplace_back([&] { io.run(); });
    io.run();
    for (auto& t : pool)
        t.join();
    const auto buffer_drops_after = udp_receive_buffer_errors();

    CallRunResult result{exit_success, nlohmann::json::object(), {}};
    std::vector<double> handshakes;
    std::size_t failures = 0;
    bool any_handshake_failed = false;
    LoopbackCall::Totals totals;
    nlohmann::json per_call = nlohmann::json::array();
    std::ostringstream summary;
    for (const auto& call : calls) {
        const auto j = call->to_json();
        per_call.push_back(j);
        if (const auto ms = call->handshake_ms()) handshakes.push_back(*ms);
        if (!call->verified()) {
            ++failures;
            any_handshake_failed |= call->handshake_failed();
            summary << "call " << j["id"] << " FAILED: " << j["error"].get<std::string>() << "\n";
        }
        const auto t = call->totals();
        totals.sent += t.sent;
        totals.received += t.received;
        totals.verified += t.verified;
        totals.mismatched += t.mismatched;
        totals.lost += t.lost;
        totals.sip_retransmissions += t.sip_retransmissions;
    }
    const nlohmann::json handshake_ms = {
        {"p50", percentile(handshakes, 0.50)},
        {"p99", percentile(handshakes, 0.99)},
        {"max",
         handshakes.empty() ? 0.0 : *std::max_element(handshakes.begin(), handshakes.end())}};
    const auto& relay_stats = relay.stats();
    nlohmann::json memory = nullptr;  // the calls ended before the sample
    if (established) {
        const auto kb_per_call = [&](std::size_t now_kb, std::size_t before_kb) {
            return static_cast<double>(now_kb > before_kb ? now_kb - before_kb : 0) /
                   static_cast<double>(options.calls);
        };
        memory = {
            {"resident_kb_before_calls", before.resident_kb},
            {"resident_kb_established", established->resident_kb},
            {"resident_kb_per_call", kb_per_call(established->resident_kb, before.resident_kb)},
            {"heap_kb_per_call", kb_per_call(established->heap_in_use_kb, before.heap_in_use_kb)}};
    }
    // Loss the impairment did not cause: the rig itself fell behind (a full
    // socket buffer, a thread late to send). The relay's drops include SIP
    // and DTLS, so this is a lower bound.
    const std::uint64_t lost_not_impaired =
        totals.lost > relay_stats.lost ? totals.lost - relay_stats.lost : 0;
    nlohmann::json buffer_drops = nullptr;
    std::uint64_t buffer_drop_count = 0;
    if (buffer_drops_before && buffer_drops_after) {
        buffer_drop_count = *buffer_drops_after - *buffer_drops_before;
        buffer_drops = buffer_drop_count;
    }
    const bool fell_behind =
        buffer_drop_count > 0 || lost_not_impaired > lost_in_flight_per_call * options.calls;
    const double loss_rate =
        totals.sent == 0 ? 0.0
                         : static_cast<double>(totals.lost) / static_cast<double>(totals.sent);
    const bool too_lossy = options.max_loss && loss_rate > *options.max_loss;
    std::optional<std::string> error;
    if (failures > 0) {
        error = std::to_string(failures) + " of " + std::to_string(options.calls) + " calls failed";
    } else if (too_lossy) {
        std::ostringstream text;
        text << "packet loss " << loss_rate * 100 << " % is more than --max-loss "
             << *options.max_loss * 100 << " %";
        if (fell_behind) text << " (the rig fell behind: see \"rig\")";
        error = text.str();
    }
    result.report = {{"ok", !error},
                     {"calls", per_call},
                     {"handshake_ms", handshake_ms},
                     {"packets",
                      {{"sent", totals.sent},
                       {"received", totals.received},
                       {"verified", totals.verified},
                       {"mismatched", totals.mismatched},
                       {"lost", totals.lost},
                       {"loss_rate", loss_rate}}},
                     {"rig",
                      {{"fell_behind", fell_behind},
                       {"lost_not_impaired", lost_not_impaired},
                       {"receive_buffer_drops", buffer_drops}}},
                     {"max_loss", options.max_loss ? nlohmann::json(*options.max_loss)
                                                   : nlohmann::json(nullptr)},
                     {"sip", {{"retransmissions", totals.sip_retransmissions}}},
                     {"rtcp_mux", options.rtcp_mux},
                     {"memory", memory},
                     {"failures", failures},
                     {"impairment",
                      {{"loss", options.impairment.loss},
                       {"reorder", options.impairment.reorder},
                       {"duplicate", options.impairment.duplicate},
                       {"seed", options.seed}}},
                     {"relay",
                      {{"forwarded", relay_stats.forwarded},
                       {"lost", relay_stats.lost},
                       {"reordered", relay_stats.reordered},
                       {"duplicated", relay_stats.duplicated}}},
                     {"error", error ? nlohmann::json(*error) : nlohmann::json(nullptr)}};
    summary << options.calls << " calls, " << failures << " failed; handshake ms p50 "
            << handshake_ms["p50"] << " p99 " << handshake_ms["p99"] << " max "
            << handshake_ms["max"] << "; packets sent " << totals.sent << ", received and verified "
            << totals.verified << ", lost " << totals.lost << ", not as sent " << totals.mismatched
            << "\n";
    if (fell_behind) {
        summary << "the rig fell behind: " << lost_not_impaired
                << " packets lost that the impairment did not drop";
        if (buffer_drop_count > 0)
            summary << ", " << buffer_drop_count << " datagrams dropped by full socket buffers";
        summary << "\n";
    }
    result.summary = summary.str();
    if (failures > 0) {
        result.exit_code = any_handshake_failed ? exit_handshake_failed : exit_media_check_failed;
    } else if (too_lossy) {
        result.exit_code = exit_media_check_failed;
    }
    return result;
}

}  // namespace rtpsec::apps
