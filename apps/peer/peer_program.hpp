// SPDX-License-Identifier: BSD-3-Clause
// rtpsec-peer's run: one endpoint, one peer, from handshake to close_notify.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/sdp/offer_answer.hpp>

#include "common/call_report.hpp"
#include "common/exit_codes.hpp"
#include "common/media_session.hpp"
#include "common/progress_line.hpp"
#include "peer/peer_options.hpp"

namespace rtpsec::apps {

class PeerProgram {
  public:
    explicit PeerProgram(PeerOptions options);
    // Runs to the end; prints the report (--json) and the error line. Returns the exit code.
    int run();

  private:
    endpoint::EndpointConfig endpoint_config(dtls::Role role) const;
    void start_endpoint(endpoint::EndpointConfig config);
    void start_raw();
    void start_offerer();
    void start_answerer();
    void poll_answer();
    void use_negotiated(const sdp::NegotiatedMedia& media);
    sdp::TransportAddress advertised_address() const;
    void on_event(endpoint::EndpointEvent& event);
    void on_stranger_failed(bool fingerprint_mismatch, const std::string& message);
    void give_up_waiting();
    void on_handshake_done(const endpoint::PeerAddress& peer, endpoint::HandshakeDone& done);
    void arm_duration();
    void arm_progress();
    void hang_up();
    void finish(ExitCode code, std::optional<std::string> error = std::nullopt);

    PeerOptions options_;
    boost::asio::io_context io_;
    std::shared_ptr<const Context> context_;
    std::unique_ptr<endpoint::Endpoint> endpoint_;
    std::unique_ptr<endpoint::UdpDriver> driver_;
    std::optional<endpoint::PeerAddress> peer_;
    std::unique_ptr<MediaSession> media_;
    boost::asio::signal_set signals_;
    boost::asio::steady_timer duration_timer_;
    boost::asio::steady_timer progress_timer_;
    boost::asio::steady_timer answer_timer_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point media_started_;
    ProgressLine progress_;
    CallReport report_;
    std::optional<ExitCode> exit_code_;
    bool keyed_ = false;
    // Handshakes of others than the peer we serve that failed; the message
    // of the last one that presented a certificate we do not expect.
    std::uint64_t strangers_failed_ = 0;
    std::optional<std::string> last_mismatch_;
    std::optional<sdp::SessionDescription> offer_;
    std::chrono::steady_clock::time_point answer_deadline_;
};

}  // namespace rtpsec::apps
