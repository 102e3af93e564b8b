// SPDX-License-Identifier: BSD-3-Clause
#include "phone/phone.hpp"

#include <boost/asio/post.hpp>

#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>
#include <rtpsec/sip/address.hpp>

#include "common/address_family.hpp"
#include "common/app_error.hpp"

namespace rtpsec::apps {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds seconds(double s) {
    return std::chrono::milliseconds(static_cast<long>(s * 1000));
}

// How long we wait for the answer to our BYE (or CANCEL) before leaving
// anyway: the call is over for us, and a vanished peer must not keep a
// program running for Timer F's 32 s.
constexpr std::chrono::seconds hangup_grace{5};

std::string status_line(int status, const std::string& reason) {
    return std::to_string(status) + (reason.empty() ? "" : " " + reason);
}

}  // namespace

Phone::Phone(Strand strand, std::shared_ptr<const Context> context, PhoneConfig config,
             std::function<void(const PhoneOutcome&)> on_finished)
    : strand_(std::move(strand)),
      context_(std::move(context)),
      config_(std::move(config)),
      on_finished_(std::move(on_finished)),
      duration_timer_(strand_),
      setup_timer_(strand_),
      hangup_timer_(strand_) {
    if (config_.call_uri && !sip::uri_address(*config_.call_uri)) {
        throw AppError(exit_bad_input, "--call: '" + *config_.call_uri +
                                           "' is not a sip:USER@ADDRESS:PORT URI with an IP "
                                           "address");
    }
    auto socket = SipDriver::bind(strand_, config_.sip_bind);
    const auto bound = socket.local_endpoint();
    if (config_.call_uri) {
        // A callee of the other family than our SIP socket is said now, not
        // after timer B's 32 s of INVITEs that never left.
        const auto hop = config_.next_hop.value_or(*sip::uri_address(*config_.call_uri));
        boost::system::error_code ec;
        const auto ip = boost::asio::ip::make_address(hop.host, ec);
        if (!ec) reachable_peer(bound, {ip, hop.port}, "--call's address");
    }
    sip::UserAgentConfig agent;
    agent.user = config_.user;
    agent.local = config_.sip_advertise.value_or(sip::Address{
        bound.address().is_unspecified() ? std::string("127.0.0.1") : bound.address().to_string(),
        bound.port()});
    agent.timers = config_.timers;
    agent.user_agent = config_.user_agent;
    agent_ = std::make_unique<sip::UserAgent>(std::move(agent), Clock::now());
    driver_ = std::make_unique<SipDriver>(strand_, std::move(socket), *agent_,
                                          [this](sip::UserAgentEvent& e) { on_sip_event(e); });
    // The media ports are ready before any SIP: the offer names them, and a
    // callee's answer must not wait for a bind.
    media_ = make_media(caller());
}

Phone::~Phone() {
    driver_->stop();
}

void Phone::start() {
    boost::asio::post(strand_, [this] {
        driver_->start();
        if (caller()) start_call();
    });
}

std::unique_ptr<CallMedia> Phone::make_media(bool offerer) {
    auto config = config_.media;
    config.offerer = offerer;
    config.bind_rtcp_port = true;  // the other side may refuse rtcp-mux
    CallMedia::Handlers handlers;
    handlers.on_secured = [this](const endpoint::HandshakeDone&) { on_secured(); };
    handlers.on_failed = [this](const CallMediaFailure& failure) { on_media_failed(failure); };
    return std::make_unique<CallMedia>(strand_, context_, std::move(config), std::move(handlers));
}

void Phone::start_call() {
    sdp::OfferOptions options;
    options.local = media_->sdp_rtp();
    options.rtcp_port = media_->sdp_rtcp_port();
    options.fingerprints = {context_->certificate().fingerprint()};
    options.rtcp_mux = config_.offer_rtcp_mux;
    offer_ = sdp::build_offer(options);
    const auto next_hop = config_.next_hop.value_or(*sip::uri_address(*config_.call_uri));
    agent_->call(*config_.call_uri, next_hop, sdp::write(*offer_), Clock::now());
    driver_->flush();
    // Timer B bounds the wait for an answer; a callee that rings forever or
    // a handshake that never ends is bounded here.
    setup_timer_.expires_after(config_.timers.t1 * 64 + config_.media.handshake_timeout);
    setup_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !(media_ && media_->secured()))
            end_call(exit_handshake_failed, "the call was not set up in time");
    });
}

void Phone::on_sip_event(sip::UserAgentEvent& event) {
    std::visit(
        [&](auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, sip::ua_event::IncomingCall>) {
                on_incoming_call(e.offer_sdp);
            } else if constexpr (std::is_same_v<E, sip::ua_event::Answered>) {
                on_answered(e.answer_sdp);
            } else if constexpr (std::is_same_v<E, sip::ua_event::ReOffer>) {
                on_reoffer(e.offer_sdp);
            } else if constexpr (std::is_same_v<E, sip::ua_event::CallFailed>) {
                if (pending_outcome_) {
                    finish();  // the answer to our CANCEL, or the end of a call we ended
                    return;
                }
                end_call(exit_handshake_failed,
                         caller() ? "the call failed: " + status_line(e.status, e.reason)
                                  : "the call ended before it was set up: " +
                                        status_line(e.status, e.reason));
            } else if constexpr (std::is_same_v<E, sip::ua_event::CallEnded>) {
                if (e.by == sip::ua_event::CallEnded::By::remote) {
                    if (!hung_up_by_) hung_up_by_ = "remote";
                    end_call(exit_success, std::nullopt);
                } else {
                    bye_status_ = e.status;
                }
                finish();
            }
        },
        event);
}

std::optional<sdp::SessionDescription> Phone::parse_offer(const std::string& offer_sdp) {
    sdp::ParseError parse_error;
    auto offer = sdp::parse(offer_sdp, parse_error);
    if (!offer) {
        ++rejected_offers_;
        agent_->reject(488, "the SDP offer does not parse: " + parse_error.message(), Clock::now());
    }
    return offer;
}

sdp::AnswerOptions Phone::answer_options() const {
    sdp::AnswerOptions options;
    options.local = media_->sdp_rtp();
    options.rtcp_port = media_->sdp_rtcp_port();
    options.fingerprints = {context_->certificate().fingerprint()};
    return options;
}

void Phone::on_incoming_call(const std::string& offer_sdp) {
    const auto offer = parse_offer(offer_sdp);
    if (!offer) return;
    const auto answer = sdp::build_answer(*offer, answer_options());
    if (!answer.accepted()) {
        // RFC 3261 §13.3.1.3: an offer we cannot secure is refused, with why.
        ++rejected_offers_;
        agent_->reject(488, "rtpsec accepts only DTLS-SRTP audio: " + answer.error.message(),
                       Clock::now());
        return;
    }
    try {
        // An answerer that is the DTLS client sends its ClientHello now, which
        // may reach the caller before our 200 OK does.
        media_->use(*answer.media);
    } catch (const AppError& e) {
        ++rejected_offers_;
        agent_->reject(488, e.what(), Clock::now());
        return;
    }
    negotiated_ = *answer.media;
    local_answer_sdp_ = sdp::write(answer.description);
    agent_->accept(*local_answer_sdp_, Clock::now());
    setup_timer_.expires_after(config_.timers.t1 * 64 + config_.media.handshake_timeout);
    setup_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !(media_ && media_->secured()))
            end_call(exit_handshake_failed, "the call was not secured in time");
    });
}

void Phone::on_answered(const std::string& answer_sdp) {
    sdp::ParseError parse_error;
    const auto answer = sdp::parse(answer_sdp, parse_error);
    if (!answer) {
        end_call(exit_bad_input, "the SDP answer does not parse: " + parse_error.message());
        return;
    }
    sdp::NegotiationError error;
    const auto media = sdp::negotiate(*offer_, *answer, sdp::Side::offerer, error);
    if (!media) {
        end_call(exit_bad_input, "the SDP answer cannot be used: " + error.message());
        return;
    }
    try {
        media_->use(*media);
    } catch (const AppError& e) {
        end_call(e.code(), e.what());
        return;
    }
    negotiated_ = *media;
}

// RFC 3264 §8: a re-INVITE that changes nothing gets the same session back.
// A change that needs a new DTLS association (RFC 8842 §5) is refused.
void Phone::on_reoffer(const std::string& offer_sdp) {
    const auto offer = parse_offer(offer_sdp);
    if (!offer) return;
    if (!negotiated_) {
        agent_->reject(488, "no DTLS-SRTP session to update yet", Clock::now());
        return;
    }
    auto options = answer_options();
    options.setup =
        negotiated_->role == dtls::Role::client ? sdp::Setup::active : sdp::Setup::passive;
    if (negotiated_->local_tls_id) options.tls_id = *negotiated_->local_tls_id;
    const auto answer = sdp::build_answer(*offer, options);
    if (!answer.accepted() || sdp::needs_new_dtls_association(*negotiated_, *answer.media) ||
        answer.media->rtcp_mux != negotiated_->rtcp_mux) {
        agent_->reject(488, "rtpsec keeps its DTLS association for the whole call", Clock::now());
        return;
    }
    if (!local_answer_sdp_) local_answer_sdp_ = sdp::write(answer.description);
    agent_->accept(*local_answer_sdp_, Clock::now());
}

void Phone::on_secured() {
    setup_timer_.cancel();
    if (on_media_started_ && media_->media()) on_media_started_(*media_->media());
    const bool any_media = config_.media.media.any();
    if (!config_.duration_s && !any_media && caller()) {
        // Nothing but the handshake was asked for: the caller hangs up now.
        boost::asio::post(strand_, [this] { hang_up(); });
        return;
    }
    arm_duration();
}

void Phone::arm_duration() {
    if (!config_.duration_s) return;
    duration_timer_.expires_after(seconds(*config_.duration_s));
    duration_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) hang_up();
    });
}

void Phone::on_media_failed(const CallMediaFailure& failure) {
    end_call(failure.fingerprint_mismatch ? exit_fingerprint_mismatch : exit_handshake_failed,
             failure.message);
}

void Phone::hang_up() {
    if (outcome_ || pending_outcome_) return;
    if (!media_ || !media_->secured()) {
        end_call(exit_handshake_failed, caller() ? "hung up before the call was set up"
                                                 : "no call was set up before the end");
        return;
    }
    end_call(exit_success, std::nullopt);
}

void Phone::end_call(ExitCode code, std::optional<std::string> error) {
    if (outcome_) return;
    const bool first = !pending_outcome_;
    if (first) {
        pending_outcome_ = PhoneOutcome{code, std::move(error)};
        if (!hung_up_by_) hung_up_by_ = "local";
    }
    duration_timer_.cancel();
    setup_timer_.cancel();
    if (media_) {
        try {
            media_->close();
        } catch (const AppError& e) {
            if (pending_outcome_->code == exit_success) pending_outcome_ = {e.code(), e.what()};
        }
    }
    if (!first) return;
    agent_->hang_up(Clock::now());
    driver_->flush();
    if (outcome_) return;  // the user agent had nothing to end
    const auto state = agent_->state();
    if (state == sip::CallState::idle || state == sip::CallState::ended) {
        finish();
        return;
    }
    hangup_timer_.expires_after(hangup_grace);
    hangup_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) finish();
    });
}

void Phone::finish() {
    if (outcome_) return;
    if (!pending_outcome_) {
        // The dialog ended without us deciding anything: the peer hung up.
        end_call(exit_success, std::nullopt);
        if (outcome_) return;
    }
    PhoneOutcome outcome = *pending_outcome_;
    const auto* session = media_ ? media_->media() : nullptr;
    if (outcome.code == exit_success && (config_.media.media.record || config_.media.media.echo) &&
        (!session || session->counters().received == 0)) {
        outcome = {exit_media_check_failed,
                   "no media received from the peer (it sent nothing we could decrypt)"};
    }
    outcome_ = outcome;
    duration_timer_.cancel();
    setup_timer_.cancel();
    hangup_timer_.cancel();
    driver_->stop();
    if (on_finished_) on_finished_(*outcome_);
}

CallReport Phone::report() const {
    CallReport report;
    report.local_fingerprint = context_->certificate().fingerprint().to_string();
    if (media_) media_->fill_report(report);
    if (outcome_) {
        report.ok = outcome_->code == exit_success;
        report.error = outcome_->error;
    }
    const auto& stats = agent_->stats();
    nlohmann::json sip = {
        {"role", caller() ? "caller" : "callee"},
        {"final_status", agent_->final_status() ? nlohmann::json(*agent_->final_status())
                                                : nlohmann::json(nullptr)},
        {"hangup", hung_up_by_ ? nlohmann::json(*hung_up_by_) : nlohmann::json(nullptr)},
        {"bye_status", bye_status_ ? nlohmann::json(*bye_status_) : nlohmann::json(nullptr)},
        {"rejected_offers", rejected_offers_},
        {"retransmissions", stats.retransmissions_sent},
        {"malformed_dropped", stats.malformed_dropped},
        {"rate_limited", stats.rate_limited},
        {"refused_overloaded", stats.refused_overloaded},
        {"refused_transactions_evicted", stats.refused_transactions_evicted},
        {"datagrams_sent", driver_->stats().datagrams_sent},
        {"datagrams_received", driver_->stats().datagrams_received}};
    report.add("sip", std::move(sip));
    if (negotiated_) report.add("rtcp_mux", negotiated_->rtcp_mux);
    return report;
}

std::uint64_t Phone::packets_sent() const {
    const auto* session = media_ ? media_->media() : nullptr;
    return session ? session->counters().sent : 0;
}

std::uint64_t Phone::packets_received() const {
    const auto* session = media_ ? media_->media() : nullptr;
    return session ? session->counters().received : 0;
}

std::uint64_t Phone::packets_lost() const {
    return media_ ? media_->packets_lost() : 0;
}

}  // namespace rtpsec::apps
