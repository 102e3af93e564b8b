// SPDX-License-Identifier: BSD-3-Clause
// Socket I/O by bursts for an Asio UDP socket: socket_burst_io.hpp's
// functions on its descriptor. What UdpDriver does, and what a plain echo
// compared with it must do too (bench/).
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstddef>

#include <rtpsec/common/export.hpp>
#include <rtpsec/endpoint/datagram_burst.hpp>
#include <rtpsec/endpoint/socket_burst_io.hpp>

namespace rtpsec::endpoint {

// Clears `burst`, then receives until it is full or the socket is drained.
RTPSEC_EXPORT BurstReceived receive_burst(boost::asio::ip::udp::socket& socket,
                                          DatagramBurst& burst);

// Sends every datagram of `burst` in order, then clears it. A datagram that
// fails is counted and the rest still go.
RTPSEC_EXPORT BurstSent send_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst);

// The same for one datagram.
RTPSEC_EXPORT BurstSent send_one(boost::asio::ip::udp::socket& socket, const PeerAddress& to,
                                 std::span<const std::byte> datagram);

}  // namespace rtpsec::endpoint
