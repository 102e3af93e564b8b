#include "call/loopback_call.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <rtpsec/dtls/error.hpp>
#include <rtpsec/sdp/offer_answer.hpp>

#include "common/app_error.hpp"

namespace rtpsec::apps {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds seconds(double s) {
    return std::chrono::milliseconds(static_cast<long>(s * 1000));
}

// The callee keeps sending a little past the caller's hang-up, so a lost
// close_notify still ends its leg soon after the call.
constexpr std::chrono::milliseconds callee_grace{1000};
// The caller reads the answer a little after the callee has sent its
// ClientHello, as when a 200 OK races the handshake (seen with baresip).
constexpr std::chrono::milliseconds answer_delay{10};

}  // namespace

struct LoopbackCall::Leg {
    Leg(std::string leg_name, dtls::Certificate cert, double tone, Strand& strand)
        : name(std::move(leg_name)), certificate(std::move(cert)), tone_hz(tone), timer(strand) {}

    std::string name;
    dtls::Certificate certificate;
    double tone_hz;
    std::unique_ptr<endpoint::Endpoint> endpoint;
    std::unique_ptr<endpoint::UdpDriver> driver;
    std::optional<endpoint::PeerAddress> peer;
    std::unique_ptr<MediaSession> media;
    SentPacketLog sent{256};
    boost::asio::steady_timer timer;
    CallReport report;
    std::uint64_t verified = 0;
    std::uint64_t mismatched = 0;
    std::uint64_t unverifiable = 0;
    bool handshake_done = false;
    bool ended = false;
};

LoopbackCall::LoopbackCall(std::size_t id, Strand strand, const CallSetup& setup,
                           std::function<void()> on_finished)
    : id_(id),
      strand_(std::move(strand)),
      setup_(setup),
      on_finished_(std::move(on_finished)),
      caller_(std::make_unique<Leg>("caller", setup.caller_certificate, 440.0, strand_)),
      callee_(std::make_unique<Leg>("callee", setup.callee_certificate, 660.0, strand_)),
      deadline_(strand_) {
    const auto loopback =
        boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
    for (Leg* leg : {caller_.get(), callee_.get()}) {
        // The caller is the offerer: its role comes from the answer, and the
        // callee may start the handshake before the caller has read it.
        const auto role = leg == caller_.get() ? dtls::Role::server : dtls::Role::client;
        dtls::EngineConfig engine(role, leg->certificate);
        if (!setup.options.profiles.empty()) engine.srtp_profiles = setup.options.profiles;
        engine.retransmission.handshake_timeout = seconds(setup.options.handshake_timeout_s);
        endpoint::EndpointConfig config{endpoint::TransportConfig(std::move(engine))};
        config.accept_unknown_peers = leg == caller_.get();
        leg->report.role = std::string(dtls::role_name(role));
        leg->report.local_fingerprint = leg->certificate.fingerprint().to_string();
        leg->endpoint = std::make_unique<endpoint::Endpoint>(std::move(config), Clock::now());
        leg->driver = std::make_unique<endpoint::UdpDriver>(
            strand_, *leg->endpoint, loopback,
            [this, leg](endpoint::EndpointEvent& e) { on_event(*leg, e); });
    }
}

LoopbackCall::~LoopbackCall() = default;

boost::asio::ip::udp::endpoint LoopbackCall::caller_address() const {
    return caller_->driver->local_endpoint();
}
boost::asio::ip::udp::endpoint LoopbackCall::callee_address() const {
    return callee_->driver->local_endpoint();
}

LoopbackCall::Leg& LoopbackCall::other(const Leg& leg) {
    return &leg == caller_.get() ? *callee_ : *caller_;
}

void LoopbackCall::start() {
    boost::asio::post(strand_, [this] {
        caller_->driver->start();
        callee_->driver->start();
        const sdp::TransportAddress relay{setup_.relay.address().to_string(), setup_.relay.port()};
        const auto peer = endpoint::to_peer_address(setup_.relay);

        sdp::OfferOptions offer_options;
        offer_options.local = relay;
        offer_options.fingerprints = {caller_->certificate.fingerprint()};
        auto offer = std::make_shared<sdp::SessionDescription>(sdp::build_offer(offer_options));

        sdp::AnswerOptions answer_options;
        answer_options.local = relay;
        answer_options.fingerprints = {callee_->certificate.fingerprint()};
        const auto answer = sdp::build_answer(*offer, answer_options);
        if (!answer.accepted())
            throw AppError(exit_bad_input, "our own offer was refused: " + answer.error.message());

        callee_->peer = peer;
        callee_->report.role = std::string(dtls::role_name(answer.media->role));
        callee_->endpoint->connect(peer, answer.media->role, Clock::now());
        callee_->endpoint->set_peer_fingerprints(peer, answer.media->peer_fingerprints,
                                                 Clock::now());
        callee_->driver->flush();

        auto answer_description = std::make_shared<sdp::SessionDescription>(answer.description);
        caller_->timer.expires_after(answer_delay);
        caller_->timer.async_wait([this, offer, answer_description,
                                   peer](const boost::system::error_code& ec) {
            if (ec || caller_->ended) return;
            sdp::NegotiationError error;
            const auto media =
                sdp::negotiate(*offer, *answer_description, sdp::Side::offerer, error);
            if (!media) {
                caller_->report.error = "the answer does not fit the offer: " + error.message();
                end_leg(*caller_);
                return;
            }
            caller_->peer = peer;
            caller_->report.role = std::string(dtls::role_name(media->role));
            caller_->endpoint->connect(peer, media->role, Clock::now());
            caller_->endpoint->set_peer_fingerprints(peer, media->peer_fingerprints, Clock::now());
            caller_->driver->flush();
        });

        deadline_.expires_after(
            seconds(setup_.options.handshake_timeout_s + setup_.options.duration_s + 5.0));
        deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            for (Leg* leg : {caller_.get(), callee_.get()}) {
                if (!leg->ended && !leg->report.error)
                    leg->report.error = "the call did not end in time";
                end_leg(*leg);
            }
        });
    });
}

void LoopbackCall::on_event(Leg& leg, endpoint::EndpointEvent& event) {
    if (leg.ended) return;
    std::visit(
        [&](auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, endpoint::HandshakeDone>) {
                on_handshake_done(leg, e);
            } else if constexpr (std::is_same_v<E, endpoint::MediaReceived>) {
                if (leg.media) leg.media->on_media(e);
            } else if constexpr (std::is_same_v<E, endpoint::TransportFailed>) {
                leg.report.error = e.message;
                end_leg(leg);
            } else if constexpr (std::is_same_v<E, endpoint::TransportClosed>) {
                leg.report.close = close_field(e.reason);
                end_leg(leg);
            }
        },
        event.event);
}

void LoopbackCall::on_handshake_done(Leg& leg, endpoint::HandshakeDone& done) {
    leg.handshake_done = true;
    leg.peer = leg.peer.value_or(endpoint::to_peer_address(setup_.relay));
    leg.report.srtp_profile = std::string(done.profile->name);
    leg.report.handshake_ms =
        std::chrono::duration<double, std::milli>(done.telemetry.time_to_complete).count();
    leg.report.peer_fingerprint = done.peer_fingerprint.to_string();

    MediaOptions media;
    media.tone_hz = leg.tone_hz;
    leg.media = std::make_unique<MediaSession>(*leg.endpoint, *leg.driver, *leg.peer, media,
                                               setup_.options.duration_s + 5.0);
    leg.media->observe_sent([&leg](std::span<const std::byte> rtp) { leg.sent.record(rtp); });
    Leg& sender = other(leg);
    leg.media->observe_received([&leg, &sender](std::span<const std::byte> rtp) {
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
    leg.media->start();

    const bool caller = &leg == caller_.get();
    leg.timer.expires_after(seconds(setup_.options.duration_s) +
                            (caller ? std::chrono::milliseconds(0) : callee_grace));
    leg.timer.async_wait([this, &leg](const boost::system::error_code& ec) {
        if (ec || leg.ended) return;
        // Hang up: RTCP BYE, then close_notify; TransportClosed ends the leg.
        leg.endpoint->close(*leg.peer, Clock::now());
        leg.driver->flush();
        end_leg(leg);
    });
}

void LoopbackCall::end_leg(Leg& leg) {
    if (leg.ended) return;
    leg.ended = true;
    leg.timer.cancel();
    if (leg.media) leg.media->stop();
    leg.report.take_stats(leg.peer ? leg.endpoint->find(*leg.peer) : nullptr, leg.media.get());
    leg.driver->stop();
    if (caller_->ended && callee_->ended && !finished_) {
        finished_ = true;
        deadline_.cancel();
        if (on_finished_) on_finished_();
    }
}

bool LoopbackCall::handshake_failed() const {
    return !caller_->handshake_done || !callee_->handshake_done;
}

bool LoopbackCall::verified() const {
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!leg->handshake_done || leg->mismatched > 0 || leg->verified == 0) return false;
    }
    return true;
}

std::optional<double> LoopbackCall::handshake_ms() const {
    if (handshake_failed()) return std::nullopt;
    return std::max(*caller_->report.handshake_ms, *callee_->report.handshake_ms);
}

LoopbackCall::Totals LoopbackCall::totals() const {
    Totals t;
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!leg->media) continue;
        t.sent += leg->media->counters().sent;
        t.received += leg->media->counters().received;
        t.verified += leg->verified;
        t.mismatched += leg->mismatched;
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
        auto j = leg->report.to_json();
        j["ok"] = leg->handshake_done && leg->mismatched == 0 && leg->verified > 0;
        j["media"] = {{"sent", leg->media ? leg->media->counters().sent : 0},
                      {"received", leg->media ? leg->media->counters().received : 0},
                      {"verified", leg->verified},
                      {"mismatched", leg->mismatched},
                      {"unverifiable", leg->unverifiable}};
        call[leg->name] = j;
    }
    // An explicit failure (handshake, timeout) explains more than what
    // follows from it, whichever leg it happened on.
    std::optional<std::string> error;
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (leg->report.error && !error) error = leg->name + ": " + *leg->report.error;
    }
    for (const Leg* leg : {caller_.get(), callee_.get()}) {
        if (!error && leg->mismatched > 0)
            error = leg->name + " received packets that were never sent";
        if (!error && leg->handshake_done && leg->verified == 0)
            error = leg->name + " received no media";
    }
    call["error"] = error ? nlohmann::json(*error) : nlohmann::json(nullptr);
    return call;
}

}  // namespace rtpsec::apps
