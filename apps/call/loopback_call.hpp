// One loopback call: a caller and a callee, each an Endpoint on its own UDP
// port, joined through the impairing relay. The SDP offer/answer is exchanged
// in process; DTLS, SRTP, SRTCP and close_notify go over the network.
//
// Both legs run on one strand, so each can check the packets it decrypts
// against the other's log of what it sent, without locks.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>

#include "call/call_options.hpp"
#include "call/sent_packet_log.hpp"
#include "common/call_report.hpp"
#include "common/media_session.hpp"

namespace rtpsec::apps {

struct CallSetup {
    const CallOptions& options;
    dtls::Certificate caller_certificate;
    dtls::Certificate callee_certificate;
    boost::asio::ip::udp::endpoint relay;  // where both legs send
};

class LoopbackCall {
  public:
    using Strand = endpoint::UdpDriver::Strand;

    // Binds both legs' sockets; start() begins the call on `strand`;
    // on_finished runs (on the strand) once both legs have ended.
    LoopbackCall(std::size_t id, Strand strand, const CallSetup& setup,
                 std::function<void()> on_finished);
    ~LoopbackCall();

    boost::asio::ip::udp::endpoint caller_address() const;
    boost::asio::ip::udp::endpoint callee_address() const;

    void start();

    // After the I/O threads have stopped.
    bool verified() const;
    bool handshake_failed() const;
    std::optional<double> handshake_ms() const;  // the slower of the two legs
    nlohmann::json to_json() const;

    struct Totals {
        std::uint64_t sent = 0;
        std::uint64_t received = 0;
        std::uint64_t verified = 0;
        std::uint64_t mismatched = 0;
        std::uint64_t lost = 0;
    };
    Totals totals() const;

  private:
    struct Leg;
    void on_event(Leg& leg, endpoint::EndpointEvent& event);
    void on_handshake_done(Leg& leg, endpoint::HandshakeDone& done);
    void end_leg(Leg& leg);
    Leg& other(const Leg& leg);

    std::size_t id_;
    Strand strand_;
    const CallSetup& setup_;
    std::function<void()> on_finished_;
    std::unique_ptr<Leg> caller_;
    std::unique_ptr<Leg> callee_;
    boost::asio::steady_timer deadline_;
    bool finished_ = false;
};

}  // namespace rtpsec::apps
