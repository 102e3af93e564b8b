// SPDX-License-Identifier: BSD-3-Clause
// SipDriver: runs a sip::UserAgent on a UDP socket with Boost.Asio, the way
// endpoint::UdpDriver runs an Endpoint: one strand, reactor-style receive,
// one timer for the user agent's exact next deadline, and after every input
// the calling rule (send, hand out events, re-arm). Socket errors are
// counted, never fatal.
#pragma once

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <optional>

#include <rtpsec/endpoint/deadline_timer.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/sip/user_agent.hpp>

namespace rtpsec::apps {

struct SipDriverStats {
    std::uint64_t datagrams_received = 0;
    std::uint64_t datagrams_sent = 0;
    std::uint64_t send_errors = 0;
    std::uint64_t receive_errors = 0;
    std::uint64_t unroutable = 0;  // a destination that is not an IP address
};

class SipDriver {
  public:
    using udp = boost::asio::ip::udp;
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
    using EventHandler = std::function<void(sip::UserAgentEvent& event)>;

    // Binds a socket on the strand (boost::system::system_error naming the
    // address if it cannot); the user agent's address needs its port.
    static udp::socket bind(Strand& strand, const udp::endpoint& address);
    SipDriver(Strand strand, udp::socket socket, sip::UserAgent& agent, EventHandler on_event);

    void start();
    void stop();
    // Call after driving the user agent directly (call, accept, hang_up).
    void flush();

    udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
    const SipDriverStats& stats() const { return stats_; }

  private:
    void wait_readable();
    void drain_socket();
    void send(const sip::OutgoingDatagram& datagram);
    void arm_timer();

    sip::UserAgent& agent_;
    Strand strand_;
    udp::socket socket_;
    endpoint::DeadlineTimer timer_;
    EventHandler on_event_;
    bool running_ = false;
    bool flushing_ = false;
    SipDriverStats stats_;
};

}  // namespace rtpsec::apps
