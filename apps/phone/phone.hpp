// SPDX-License-Identifier: BSD-3-Clause
// Phone: one SIP call with DTLS-SRTP media, as caller or as auto-answering
// callee (docs/design.md, "rtpsec-phone"). It joins a sip::UserAgent (the
// INVITE/200/ACK/BYE dialog carrying the SDP offer and answer) to CallMedia
// (the RTP port, and the RTCP port without rtcp-mux): the offer/answer decide
// the peer's addresses, fingerprints and DTLS role; BYE, sent or received,
// closes every DTLS association with close_notify.
//
// rtpsec-phone runs one Phone; rtpsec-call runs a caller and a callee Phone
// per call on one strand, through an impairing relay.
//
// Threading: everything runs on the strand it is given; construct and start()
// from anywhere before the io_context runs, then only through the strand.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <rtpsec/context.hpp>
#include <rtpsec/sdp/negotiation.hpp>
#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/session_description.hpp>
#include <rtpsec/sip/user_agent.hpp>

#include "common/call_media.hpp"
#include "common/call_report.hpp"
#include "common/exit_codes.hpp"
#include "phone/sip_driver.hpp"

namespace rtpsec::apps {

struct PhoneConfig {
    boost::asio::ip::udp::endpoint sip_bind;
    // Our SIP address as peers see it (Via, Contact); unset: the bound one.
    // rtpsec-call puts its relay here, as a NAT would.
    std::optional<sip::Address> sip_advertise;
    std::string user = "rtpsec";
    // Caller: the callee's URI ("sip:bob@127.0.0.1:5062") and where to send
    // the INVITE (unset: the URI's host and port). Unset URI: callee.
    std::optional<std::string> call_uri;
    std::optional<sip::Address> next_hop;
    CallMediaConfig media;
    bool offer_rtcp_mux = true;
    // Seconds of media before we hang up; unset: until the peer hangs up
    // (callee) or right after the handshake (caller with no media options).
    std::optional<double> duration_s;
    sip::TimerConfig timers;
    std::string user_agent;  // User-Agent header
};

struct PhoneOutcome {
    ExitCode code = exit_success;
    std::optional<std::string> error;
};

class Phone {
  public:
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

    // Binds the SIP port (AppError exit 2 when it cannot). on_finished runs on
    // the strand once the call has ended, with the outcome.
    Phone(Strand strand, std::shared_ptr<const Context> context, PhoneConfig config,
          std::function<void(const PhoneOutcome&)> on_finished);
    ~Phone();

    // Caller: sends the INVITE. Callee: waits for one.
    void start();
    // Ends the call from our side (SIGINT, the end of --duration): CANCEL or
    // BYE, and close_notify.
    void hang_up();

    // Runs when the media is secured, before the first packet leaves
    // (rtpsec-call checks every packet through the session's observers).
    void on_media_started(std::function<void(MediaSession&)> hook) {
        on_media_started_ = std::move(hook);
    }

    boost::asio::ip::udp::endpoint sip_address() const { return driver_->local_endpoint(); }
    bool finished() const { return outcome_.has_value(); }
    const std::optional<PhoneOutcome>& outcome() const { return outcome_; }
    const CallMedia& media() const { return *media_; }
    // The JSON report: the media's, plus "sip" and "rtcp_mux".
    CallReport report() const;
    // For the progress line: media packets sent, received, lost.
    std::uint64_t packets_sent() const;
    std::uint64_t packets_received() const;
    std::uint64_t packets_lost() const;

  private:
    bool caller() const { return config_.call_uri.has_value(); }
    std::unique_ptr<CallMedia> make_media(bool offerer);
    void start_call();
    void on_sip_event(sip::UserAgentEvent& event);
    // The offer, or nullopt after refusing it with 488 (RFC 3261 §13.3.1.3).
    std::optional<sdp::SessionDescription> parse_offer(const std::string& offer_sdp);
    sdp::AnswerOptions answer_options() const;
    void on_incoming_call(const std::string& offer_sdp);
    void on_answered(const std::string& answer_sdp);
    void on_reoffer(const std::string& offer_sdp);
    void on_secured();
    void on_media_failed(const CallMediaFailure& failure);
    void arm_duration();
    // Records the outcome (the first one wins), closes the media, hangs up
    // the SIP call, and finishes once the user agent has ended the dialog.
    void end_call(ExitCode code, std::optional<std::string> error);
    void finish();

    Strand strand_;
    std::shared_ptr<const Context> context_;
    PhoneConfig config_;
    std::function<void(const PhoneOutcome&)> on_finished_;
    std::function<void(MediaSession&)> on_media_started_;
    std::unique_ptr<sip::UserAgent> agent_;
    std::unique_ptr<SipDriver> driver_;
    std::unique_ptr<CallMedia> media_;
    std::optional<sdp::SessionDescription> offer_;
    std::optional<std::string> local_answer_sdp_;
    std::optional<sdp::NegotiatedMedia> negotiated_;
    boost::asio::steady_timer duration_timer_;
    boost::asio::steady_timer setup_timer_;
    boost::asio::steady_timer hangup_timer_;
    std::optional<PhoneOutcome> pending_outcome_;  // decided, waiting for the dialog to end
    std::optional<PhoneOutcome> outcome_;
    std::optional<std::string> hung_up_by_;  // "local" / "remote"
    std::optional<int> bye_status_;
    int rejected_offers_ = 0;
};

}  // namespace rtpsec::apps
