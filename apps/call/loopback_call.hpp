// SPDX-License-Identifier: BSD-3-Clause
// One loopback call: a caller and a callee Phone (SIP user agent + DTLS-SRTP
// media, as rtpsec-phone runs them), each on its own UDP ports, joined
// through the impairing relay: INVITE/200/ACK/BYE, DTLS, SRTP, SRTCP and
// close_notify all cross it. Both advertise the relay as their address, as
// endpoints behind a NAT would.
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
#include <utility>
#include <vector>

#include <rtpsec/context.hpp>

#include "call/call_options.hpp"
#include "call/sent_packet_log.hpp"
#include "phone/phone.hpp"

namespace rtpsec::apps {

struct CallSetup {
    const CallOptions& options;
    std::shared_ptr<const Context> caller_context;
    std::shared_ptr<const Context> callee_context;
    boost::asio::ip::udp::endpoint relay;  // where both legs send
};

class LoopbackCall {
  public:
    using Strand = Phone::Strand;
    using udp = boost::asio::ip::udp;

    // Binds both legs' sockets; start() begins the call on `strand`;
    // on_media runs (on the strand) once both legs are keyed, on_finished
    // once both legs have ended.
    LoopbackCall(std::size_t id, Strand strand, const CallSetup& setup,
                 std::function<void()> on_media, std::function<void()> on_finished);
    ~LoopbackCall();

    // The caller's and callee's sockets the relay joins: SIP, RTP, RTCP.
    std::vector<std::pair<udp::endpoint, udp::endpoint>> routes() const;

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
        std::uint64_t sip_retransmissions = 0;
    };
    Totals totals() const;

  private:
    struct Leg;
    PhoneConfig leg_config(bool caller) const;
    void watch_media(Leg& leg, MediaSession& session);
    void on_leg_finished();
    Leg& other(const Leg& leg);

    std::size_t id_;
    Strand strand_;
    const CallSetup& setup_;
    std::function<void()> on_media_;
    std::function<void()> on_finished_;
    std::unique_ptr<Leg> caller_;
    std::unique_ptr<Leg> callee_;
    boost::asio::steady_timer deadline_;
    boost::asio::steady_timer media_timer_;  // the call's duration, from both legs keyed
    int secured_legs_ = 0;
    bool finished_ = false;
};

}  // namespace rtpsec::apps
