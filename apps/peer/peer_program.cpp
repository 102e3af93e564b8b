// SPDX-License-Identifier: BSD-3-Clause
#include "peer/peer_program.hpp"

#include <boost/asio/post.hpp>
#include <csignal>
#include <iostream>

#include <rtpsec/dtls/error.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

#include "common/address_family.hpp"
#include "common/app_error.hpp"
#include "common/cli_values.hpp"
#include "common/json_text.hpp"
#include "common/program_context.hpp"
#include "common/text_file.hpp"

namespace rtpsec::apps {
namespace {

using Clock = std::chrono::steady_clock;

// Recording is bounded: the call's length plus slack, or ten minutes.
double max_record_seconds(const PeerOptions& options) {
    return options.duration_s ? *options.duration_s + 5.0 : 600.0;
}

}  // namespace

PeerProgram::PeerProgram(PeerOptions options)
    : options_(std::move(options)),
      context_(make_program_context(load_or_generate_certificate(options_.cert, options_.key))),
      signals_(io_, SIGINT, SIGTERM),
      duration_timer_(io_),
      progress_timer_(io_),
      answer_timer_(io_),
      started_(Clock::now()),
      progress_("rtpsec-peer") {
    report_.local_fingerprint = context_->certificate().fingerprint().to_string();
}

endpoint::EndpointConfig PeerProgram::endpoint_config(dtls::Role role) const {
    endpoint::TransportConfig transport = context_->transport_config(role);
    dtls::EngineConfig& engine = transport.dtls;
    engine.expected_peer_fingerprints = options_.peer_fingerprints;
    engine.insecure_skip_peer_verification = options_.insecure_skip_peer_verification;
    engine.srtp_profiles = options_.profiles;
    engine.mtu = options_.mtu;
    // The user's timeout, with the retransmission schedule stretched to it.
    engine.retransmission = engine.retransmission.fitted_to(
        std::chrono::milliseconds(static_cast<long>(options_.handshake_timeout_s * 1000)));
    if (options_.keylog) engine.keylog = open_keylog(*options_.keylog);
    transport.keep_keying_material = options_.export_keys;
    return endpoint::EndpointConfig(std::move(transport));
}

int PeerProgram::run() {
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
        if (!ec) hang_up();
    });
    if (options_.offer_out) {
        start_offerer();
    } else if (options_.answer_to) {
        start_answerer();
    } else {
        start_raw();
    }
    io_.run();
    progress_.finish();

    const auto* transport = peer_ && endpoint_ ? endpoint_->find(*peer_) : nullptr;
    report_.take_stats(transport, media_.get());
    report_.add("strangers_failed", strangers_failed_);
    ExitCode code = exit_code_.value_or(exit_success);
    if (code == exit_success && media_ && (options_.media.record || options_.media.echo) &&
        media_->counters().received == 0) {
        code = exit_media_check_failed;
        report_.error = "no media received from the peer (it sent nothing we could decrypt)";
    }
    report_.ok = code == exit_success;
    if (options_.json) std::cout << json_text(report_.to_json()) << std::endl;
    if (report_.error) std::cerr << "rtpsec-peer: " << *report_.error << "\n";
    return code;
}

void PeerProgram::start_raw() {
    const dtls::Role role = *options_.dtls_role;
    report_.role = std::string(dtls::role_name(role));
    auto config = endpoint_config(role);
    // A server without --peer takes the first client that passes the cookie exchange.
    config.accept_unknown_peers = role == dtls::Role::server && !options_.peer;
    start_endpoint(std::move(config));
    if (options_.peer) {
        peer_ = endpoint::to_peer_address(
            reachable_peer(driver_->local_endpoint(), *options_.peer, "--peer"));
        endpoint_->connect(*peer_, Clock::now());
        driver_->flush();
    }
    // A server waiting for an unknown client: --duration bounds the wait too.
    if (!options_.peer && options_.duration_s) {
        duration_timer_.expires_after(std::chrono::milliseconds(
            static_cast<long>((*options_.duration_s + options_.handshake_timeout_s) * 1000)));
        duration_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec && !keyed_) give_up_waiting();
        });
    }
}

// A client that is not the peer we wait for failed its handshake (another
// certificate, or it stalled): the peer we wait for may still come, so the
// wait goes on; the failure is counted and explains the end if none comes.
void PeerProgram::on_stranger_failed(bool fingerprint_mismatch, const std::string& message) {
    ++strangers_failed_;
    if (fingerprint_mismatch) last_mismatch_ = message;
}

void PeerProgram::give_up_waiting() {
    const std::string waited = "no client completed a DTLS handshake in time";
    if (last_mismatch_) {
        // Someone came with the wrong certificate: that is what the user must fix.
        finish(exit_fingerprint_mismatch,
               waited + " (" + std::to_string(strangers_failed_) +
                   " failed; the last with another certificate: " + *last_mismatch_ + ")");
    } else if (strangers_failed_ > 0) {
        finish(exit_handshake_failed,
               waited + " (" + std::to_string(strangers_failed_) + " clients failed)");
    } else {
        finish(exit_handshake_failed, waited);
    }
}

void PeerProgram::on_event(endpoint::EndpointEvent& event) {
    std::visit(
        [&](auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, endpoint::HandshakeDone>) {
                on_handshake_done(event.peer, e);
            } else if constexpr (std::is_same_v<E, endpoint::MediaReceived>) {
                if (media_ && event.peer == media_->peer()) media_->on_media(e);
            } else if constexpr (std::is_same_v<E, endpoint::TransportFailed>) {
                const bool mismatch = e.error == dtls::Error::fingerprint_mismatch;
                if (!peer_ || event.peer != *peer_) {
                    on_stranger_failed(mismatch, e.message);
                    return;
                }
                finish(mismatch ? exit_fingerprint_mismatch : exit_handshake_failed,
                       (mismatch ? "" : "DTLS handshake failed: ") + e.message);
            } else if constexpr (std::is_same_v<E, endpoint::TransportClosed>) {
                if (!peer_ || event.peer != *peer_) return;  // a stranger's
                report_.close = close_field(e.reason);
                if (e.reason == dtls::CloseReason::close_notify_received ||
                    e.reason == dtls::CloseReason::fatal_alert_received) {
                    finish(exit_success);
                }
            }
        },
        event.event);
}

void PeerProgram::on_handshake_done(const endpoint::PeerAddress& peer,
                                    endpoint::HandshakeDone& done) {
    if (keyed_) return;  // a server serves its first client only
    keyed_ = true;
    peer_ = peer;
    duration_timer_.cancel();
    report_.srtp_profile = std::string(done.profile->name);
    report_.handshake_ms =
        std::chrono::duration<double, std::milli>(done.telemetry.time_to_complete).count();
    report_.peer_fingerprint = done.peer_fingerprint.to_string();
    if (done.keying_material) {
        report_.keying_material_hex = to_hex(done.keying_material->span());
        if (!options_.json) {
            std::cout << "srtp_profile " << done.profile->name << "\nkeying_material "
                      << *report_.keying_material_hex << std::endl;
        }
    }
    media_ = std::make_unique<MediaSession>(*endpoint_, *driver_, peer, options_.media,
                                            max_record_seconds(options_));
    media_->start();
    media_started_ = Clock::now();
    if (!options_.duration_s && !options_.media.any()) {
        // Nothing but the handshake was asked for: a client ends here; a server
        // waits for the client's close_notify.
        if (report_.role == "client") boost::asio::post(driver_->strand(), [this] { hang_up(); });
        return;
    }
    arm_duration();
    arm_progress();
}

void PeerProgram::arm_duration() {
    if (!options_.duration_s) return;
    duration_timer_.expires_after(
        std::chrono::milliseconds(static_cast<long>(*options_.duration_s * 1000)));
    duration_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) boost::asio::post(driver_->strand(), [this] { hang_up(); });
    });
}

void PeerProgram::arm_progress() {
    if (!progress_.enabled()) return;
    progress_timer_.expires_after(std::chrono::seconds(1));
    progress_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || exit_code_) return;
        const auto* transport = endpoint_->find(*peer_);
        if (transport && media_) {
            progress_.update(Clock::now() - media_started_, media_->counters().sent,
                             media_->counters().received, transport->stats().rtp_received.lost);
        }
        arm_progress();
    });
}

// Our side ends the call: BYE + close_notify, then exit.
void PeerProgram::hang_up() {
    if (exit_code_) return;
    if (endpoint_ && peer_) {
        endpoint_->close(*peer_, Clock::now());
        if (driver_) driver_->flush();
    }
    if (!keyed_ && !exit_code_) {
        finish(exit_handshake_failed, "interrupted before the DTLS handshake completed");
        return;
    }
    finish(exit_success);
}

void PeerProgram::finish(ExitCode code, std::optional<std::string> error) {
    if (exit_code_) return;
    exit_code_ = code;
    if (error) report_.error = std::move(error);
    if (media_) {
        try {
            media_->stop();
        } catch (const AppError& e) {
            exit_code_ = e.code();
            report_.error = e.what();
        }
    }
    if (driver_) driver_->stop();
    signals_.cancel();
    duration_timer_.cancel();
    progress_timer_.cancel();
    answer_timer_.cancel();
    io_.stop();
}

// SDP offerer: our offer goes out first, so the answerer may start its
// handshake before we have read its answer (and its fingerprint). The endpoint
// therefore takes a ClientHello from any address, through the cookie
// exchange, and holds it until the answer says whom to trust.
void PeerProgram::start_offerer() {
    auto config = endpoint_config(dtls::Role::server);
    config.accept_unknown_peers = true;
    start_endpoint(std::move(config));
    sdp::OfferOptions offer;
    offer.local = advertised_address();
    offer.fingerprints = {context_->certificate().fingerprint()};
    offer_ = sdp::build_offer(offer);
    write_file_atomically(*options_.offer_out, sdp::write(*offer_));
    answer_deadline_ = Clock::now() + std::chrono::milliseconds(
                                          static_cast<long>(options_.handshake_timeout_s * 1000));
    poll_answer();
}

void PeerProgram::poll_answer() {
    std::error_code ignored;
    if (std::filesystem::exists(*options_.wait_answer, ignored)) {
        const auto text = read_sdp_file(*options_.wait_answer);
        sdp::ParseError parse_error;
        const auto answer = sdp::parse(text, parse_error);
        if (!answer) {
            finish(exit_bad_input, options_.wait_answer->string() + ": " + parse_error.message());
            return;
        }
        sdp::NegotiationError error;
        const auto media = sdp::negotiate(*offer_, *answer, sdp::Side::offerer, error);
        if (!media) {
            finish(exit_bad_input, options_.wait_answer->string() + ": " + error.message());
            return;
        }
        try {
            use_negotiated(*media);
        } catch (const AppError& e) {
            finish(e.code(), e.what());
        }
        return;
    }
    if (Clock::now() >= answer_deadline_) {
        finish(exit_handshake_failed,
               "no SDP answer appeared in " + options_.wait_answer->string());
        return;
    }
    answer_timer_.expires_after(std::chrono::milliseconds(20));
    answer_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) boost::asio::post(driver_->strand(), [this] { poll_answer(); });
    });
}

void PeerProgram::start_answerer() {
    const auto text = read_sdp_file(*options_.answer_to);
    sdp::ParseError parse_error;
    const auto offer = sdp::parse(text, parse_error);
    if (!offer) {
        throw AppError(exit_bad_input, options_.answer_to->string() + ": " + parse_error.message());
    }
    start_endpoint(endpoint_config(dtls::Role::client));
    sdp::AnswerOptions options;
    options.local = advertised_address();
    options.fingerprints = {context_->certificate().fingerprint()};
    const auto answer = sdp::build_answer(*offer, options);
    // A refusal is still an answer (the m= line with port 0, RFC 3264 §6).
    write_file_atomically(*options_.write_answer, sdp::write(answer.description));
    if (!answer.accepted()) {
        throw AppError(exit_bad_input,
                       options_.answer_to->string() + ": " + answer.error.message());
    }
    use_negotiated(*answer.media);
}

// The one place SDP decides the DTLS side: sdp::negotiate()'s role (RFC 5763
// §5 via sdp::negotiated_role) and the peer's fingerprints and address.
void PeerProgram::use_negotiated(const sdp::NegotiatedMedia& media) {
    const auto role = media.role;
    report_.role = std::string(dtls::role_name(role));
    const auto address =
        parse_udp_address(media.peer_rtp.address + ":" + std::to_string(media.peer_rtp.port),
                          "the peer's SDP address");
    peer_ = endpoint::to_peer_address(
        reachable_peer(driver_->local_endpoint(), address, "the peer's SDP address"));
    endpoint_->connect(*peer_, role, Clock::now());
    endpoint_->set_peer_fingerprints(*peer_, media.peer_fingerprints, Clock::now());
    driver_->flush();
}

void PeerProgram::start_endpoint(endpoint::EndpointConfig config) {
    endpoint_ = std::make_unique<endpoint::Endpoint>(std::move(config), Clock::now());
    const auto bind = options_.bind.value_or(
        boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    driver_ = std::make_unique<endpoint::UdpDriver>(
        io_, *endpoint_, bind, [this](endpoint::EndpointEvent& e) { on_event(e); });
    driver_->start();
}

sdp::TransportAddress PeerProgram::advertised_address() const {
    const auto local = driver_->local_endpoint();
    // An unspecified bind address is not one a peer can send to.
    const auto address =
        local.address().is_unspecified() ? std::string("127.0.0.1") : local.address().to_string();
    return {address, local.port()};
}

}  // namespace rtpsec::apps
