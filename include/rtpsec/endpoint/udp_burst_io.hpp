// Socket I/O by bursts for a non-blocking Asio UDP socket: what UdpDriver
// does, and what a plain echo compared with it must do too (bench/).
//
// Receiving is one non-blocking receive_from per datagram into the burst's
// arena (each may be the largest UDP payload, so nothing is ever truncated);
// sending is sendmmsg(2): one system call for the whole burst.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstddef>

#include <rtpsec/common/export.hpp>
#include <rtpsec/endpoint/datagram_burst.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT BurstReceived {
    bool drained = false;    // the socket had nothing more
    std::size_t errors = 0;  // e.g. ICMP port unreachable for an earlier send
};

// Clears `burst`, then receives until it is full or the socket is drained.
RTPSEC_EXPORT BurstReceived receive_burst(boost::asio::ip::udp::socket& socket,
                                          DatagramBurst& burst);

struct RTPSEC_EXPORT BurstSent {
    std::size_t sent = 0;
    std::size_t dropped = 0;  // socket buffer full: dropped, as a router would
    std::size_t failed = 0;   // any other error (unreachable, bad address)
};

// Sends every datagram of `burst` in order, then clears it. A datagram that
// fails is counted and the rest still go.
RTPSEC_EXPORT BurstSent send_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst);

// The same for one datagram.
RTPSEC_EXPORT BurstSent send_one(boost::asio::ip::udp::socket& socket, const PeerAddress& to,
                                 std::span<const std::byte> datagram);

}  // namespace rtpsec::endpoint
