// SPDX-License-Identifier: BSD-3-Clause
// UdpDriver: runs an Endpoint on a real UDP socket with Boost.Asio.
//
// The adaptor owns the socket, one timer and all concurrency: every handler
// runs on one strand, so the sans-IO Endpoint needs no locks. Receiving is
// reactor style — wait until the socket is readable, then drain it with
// non-blocking receives — which measured 1.12× the CPU of a blocking loop,
// against 1.56× for one async completion per datagram (docs/performance.md).
//
// The drain works in bursts: receive what is waiting (up to a burst), then
// hand the datagrams to the Endpoint one after the other, then send what they
// produced. Each system call leaves the caches cold for the code after it, so
// SRTP and the endpoint run back to back over a burst rather than once between
// every receive and send (docs/performance.md). Per datagram the
// driver follows the Endpoint's calling rule: take every transmit (queued
// for the burst's end), hand every event to the handler, and after the burst
// re-arm the timer for the exact next deadline. Socket errors (ICMP port
// unreachable, a full send buffer) are counted, never fatal.
//
// Threading: construct, then use only from the strand (post() onto it).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <functional>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/endpoint/deadline_timer.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/udp_burst_io.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT UdpDriverStats {
    std::uint64_t datagrams_received = 0;
    std::uint64_t bursts = 0;  // receive bursts handled: datagrams_received / bursts is the mean
    std::uint64_t datagrams_sent = 0;
    std::uint64_t receive_errors = 0;  // e.g. ICMP port unreachable reported on receive
    std::uint64_t send_errors = 0;
    std::uint64_t send_dropped = 0;  // socket buffer full: dropped, as a router would
};

class RTPSEC_EXPORT UdpDriver {
  public:
    using udp = boost::asio::ip::udp;
    using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;
    using EventHandler = std::function<void(EndpointEvent&)>;

    // Binds the socket (throws boost::system::system_error with the address in
    // the message if it cannot).
    UdpDriver(boost::asio::io_context& io, Endpoint& endpoint, const udp::endpoint& bind,
              EventHandler on_event);
    // The same on a strand shared with other drivers (e.g. both legs of a
    // loopback call, so they may touch each other's state).
    UdpDriver(Strand strand, Endpoint& endpoint, const udp::endpoint& bind, EventHandler on_event);

    void start();
    // Cancels the socket wait and the timer; the endpoint is left as it is.
    void stop();

    // Call after driving the Endpoint directly (connect, close,
    // set_peer_fingerprints): sends what it queued and re-arms the timer.
    void flush();
    // Sends a protected media packet: from an event handler while a burst is
    // handled, a copy goes out with the burst's other datagrams; otherwise now
    // (zero copy).
    void send(const PeerAddress& to, std::span<const std::byte> datagram);

    udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
    Strand& strand() { return strand_; }
    const UdpDriverStats& stats() const { return stats_; }

  private:
    void wait_readable();
    void drain_socket();
    // Takes the Endpoint's transmits and events after one input.
    void take_output();
    void send_now(const PeerAddress& to, std::span<const std::byte> datagram);
    void send_queued();
    void count(const BurstSent& outcome);
    void arm_timer();

    Endpoint& endpoint_;
    Strand strand_;
    udp::socket socket_;
    DeadlineTimer timer_;
    EventHandler on_event_;
    bool running_ = false;
    bool in_burst_ = false;  // send() queues
    UdpDriverStats stats_;
};

// One receive buffer per thread for drivers that take one datagram at a time
// (the SIP socket): a datagram is handled completely, its events included,
// before the next receive, and a buffer per socket would cost 64 KiB per
// call. UdpDriver's bursts have their own per-thread storage.
RTPSEC_EXPORT std::span<std::byte> thread_receive_buffer();

RTPSEC_EXPORT PeerAddress to_peer_address(const boost::asio::ip::udp::endpoint& endpoint);
RTPSEC_EXPORT boost::asio::ip::udp::endpoint to_udp_endpoint(const PeerAddress& peer);

}  // namespace rtpsec::endpoint
