// SPDX-License-Identifier: BSD-3-Clause
#include "call/loopback_call.hpp"

#include <boost/asio/post.hpp>

#include "common/app_error.hpp"

namespace rtpsec::apps {
namespace {

std::chrono::milliseconds seconds(double s) {
    return std::chrono::milliseconds(static_cast<long>(s * 1000));
}

constexpr std::chrono::seconds leg_grace{2};
// Packets a receiver can still check against what was sent: 2.5 s of 20 ms
// audio, far beyond any reordering the relay does (30 ms).
constexpr std::size_t sent_log_window = 128;

}  // namespace

struct LoopbackCall::Leg {
    std::string name;
    double tone_hz;
    std::unique_ptr<Phone> phone;
    SentPacketLog sent{sent_log_window};
    std::uint64_t verified = 0;
    std::uint64_t mismatched = 0;
    std::uint64_t unverifiable = 0;
    std::optional<CallReport> report;  // taken when the leg ends
};

LoopbackCall::LoopbackCall(std::size_t id, Strand strand, const CallSetup& setup,
                           std::function<void()> on_media, std::function<void()> on_finished)
    : id_(id),
      strand_(std::move(strand)),
      setup_(setup),
      on_media_(std::move(on_media)),
      on_finished_(std::move(on_finished)),
      caller_(std::make_unique<Leg>(
          Leg{"caller", 440.0, nullptr, SentPacketLog{sent_log_window}, 0, 0, 0, std::nullopt})),
      callee_(std::make_unique<Leg>(
          Leg{"callee", 660.0, nullptr, SentPacketLog{sent_log_window}, 0, 0, 0, std::nullopt})),
      deadline_(strand_),
      media_timer_(strand_) {
    for (Leg* leg : {caller_.get(), callee_.get()}) {
        const bool caller = leg == caller_.get();
        leg->phone =
            std::make_unique<Phone>(strand_, caller ? setup.caller_context : setup.callee_context,
                                    leg_config(caller), [this, leg](const PhoneOutcome&) {
                                        leg->report = leg->phone->report();
                                        on_leg_finished();
                                    });
        leg->phone->on_media_started(
            [this, leg](MediaSession& session) { watch_media(*leg, session); });
    }
}

LoopbackCall::~LoopbackCall() = default;

PhoneConfig LoopbackCall::leg_config(bool caller) const {
    const auto& options = setup_.options;
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    const sip::Address relay_sip{setup_.relay.address().to_string(), setup_.relay.port()};
    const sdp::TransportAddress relay_media{setup_.relay.address().to_string(),
                                            setup_.relay.port()};
    PhoneConfig config;
    config.sip_bind = udp::endpoint(loopback, 0);
    config.sip_advertise = relay_sip;
    config.user = caller ? "caller" : "callee";
    config.media.bind = loopback;
    config.media.advertise_rtp = relay_media;
    config.media.advertise_rtcp = relay_media;
    if (!options.profiles.empty()) config.media.profiles = options.profiles;
    config.media.handshake_timeout = seconds(options.handshake_timeout_s);
    config.media.media.tone_hz = caller ? 440.0 : 660.0;
    config.media.max_record_seconds = options.duration_s + 5.0;
    config.offer_rtcp_mux = options.rtcp_mux;
    if (caller) {
        config.call_uri = "sip:callee@" + relay_sip.host + ":" + std::to_string(relay_sip.port);
        config.next_hop = relay_sip;
        // No duration of its own: the call hangs up `duration` after both
        // legs are keyed (see watch_media), so a callee whose handshake ends
        // late under loss still gets its seconds of media.
    }
    return config;
}

std::vector<std::pair<LoopbackCall::udp::endpoint, LoopbackCall::udp::endpoint>>
LoopbackCall::routes() const {
    const auto& caller = *caller_->phone;
    const auto& callee = *callee_->phone;
    std::vector<std::pair<udp::endpoint, udp::endpoint>> routes{
        {caller.sip_address(), callee.sip_address()},
        {caller.media().local_rtp(), callee.media().local_rtp()}};
    if (caller.media().local_rtcp() && callee.media().local_rtcp())
        routes.emplace_back(*caller.media().local_rtcp(), *callee.media().local_rtcp());
    return routes;
}

LoopbackCall::Leg& LoopbackCall::other(const Leg& leg) {
    return &leg == caller_.get() ? *callee_ : *caller_;
}

void LoopbackCall::start() {
    callee_->phone->start();
    caller_->phone->start();
    boost::asio::post(strand_, [this] {
        // SIP timer B, the handshake, the call and the BYE's answer, with slack.
        deadline_.expires_after(
            seconds(32.0 + setup_.options.handshake_timeout_s + setup_.options.duration_s + 10.0));
        deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            for (Leg* leg : {caller_.get(), callee_.get()})
                leg->phone->hang_up();
        });
    });
}

void LoopbackCall::watch_media(Leg& leg, MediaSession& session) {
    if (++secured_legs_ == 2) {
        media_timer_.expires_after(seconds(setup_.options.duration_s));
        media_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) caller_->phone->hang_up();
        });
        if (on_media_) on_media_();
    }
    session.observe_sent([&leg](std::span<const std::byte> rtp) { leg.sent.record(rtp); });
    Leg& sender = other(leg);
    session.observe_received([&leg, &sender](std::span<const std::byte> rtp) {
        switch (sender.sent.check(rtp)) {
            case SentPacketLog::Verdict::match:
                ++leg.verified;
                break;
            case SentPacketLog::Verdict::mismatch:
                ++leg.mismatched;
                break;
            case SentPacketLog::Verdict::unknown:
                ++leg.unverifiable;
                break;
        }
    });
}

void LoopbackCall::on_leg_finished() {
    if (finished_) return;
    if (!caller_->report || !callee_->report) {
        // One leg is over: the other gets a moment to finish on its own
        // (a BYE in flight), then hangs up, e.g. a callee no INVITE reached.
        deadline_.expires_after(leg_grace);
        deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            for (Leg* leg : {caller_.get(), callee_.get()})
                leg->phone->hang_up();
        });
        return;
    }
    finished_ = true;
    deadline_.cancel();
    media_timer_.cancel();
    if (on_finished_) on_finished_();
}

bool LoopbackCall::handshake_failed() const {
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!leg->report || !leg->report->srtp_profile) return true;
    }
    return false;
}

bool LoopbackCall::verified() const {
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!leg->report || !leg->report->ok || leg->mismatched > 0 || leg->verified == 0)
            return false;
    }
    return true;
}

std::optional<double> LoopbackCall::handshake_ms() const {
    if (handshake_failed()) return std::nullopt;
    return std::max(*caller_->report->handshake_ms, *callee_->report->handshake_ms);
}

LoopbackCall::Totals LoopbackCall::totals() const {
    Totals t;
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        t.sent += leg->phone->packets_sent();
        t.received += leg->phone->packets_received();
        t.verified += leg->verified;
        t.mismatched += leg->mismatched;
        if (leg->report) {
            const auto json = leg->report->to_json();
            t.sip_retransmissions += json["sip"]["retransmissions"].get<std::uint64_t>();
        }
    }
    t.lost = t.sent > t.received ? t.sent - t.received : 0;
    return t;
}

nlohmann::json LoopbackCall::to_json() const {
    nlohmann::json call;
    call["id"] = id_;
    call["ok"] = verified();
    const auto ms = handshake_ms();
    call["handshake_ms"] = ms ? nlohmann::json(*ms) : nlohmann::json(nullptr);
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        auto j = leg->report ? leg->report->to_json() : nlohmann::json::object();
        j["ok"] = leg->report && leg->report->ok && leg->mismatched == 0 && leg->verified > 0;
        j["media"] = {{"sent", leg->phone->packets_sent()},
                      {"received", leg->phone->packets_received()},
                      {"verified", leg->verified},
                      {"mismatched", leg->mismatched},
                      {"unverifiable", leg->unverifiable}};
        call[leg->name] = j;
    }
    // An explicit failure (SIP, handshake, timeout) explains more than what
    // follows from it, whichever leg it happened on.
    std::optional<std::string> error;
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (leg->report && leg->report->error && !error)
            error = leg->name + ": " + *leg->report->error;
    }
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!error && leg->mismatched > 0)
            error = leg->name + " received packets that were never sent";
        if (!error && leg->verified == 0) error = leg->name + " received no media";
    }
    call["error"] = error ? nlohmann::json(*error) : nlohmann::json(nullptr);
    return call;
}

}  // namespace rtpsec::apps
