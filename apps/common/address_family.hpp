// SPDX-License-Identifier: BSD-3-Clause
// Matching a peer's address to the family of the socket we send from. A
// socket bound to an IPv4 address cannot reach an IPv6 peer (nor the other
// way round), and sending there would put DTLS into nothing for the whole
// handshake timeout; a socket bound to [::] serves both families, IPv4 peers
// appearing as IPv4-mapped addresses (::ffff:a.b.c.d, RFC 4291 §2.5.5.2).
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <string>
#include <string_view>

namespace rtpsec::apps {

// `peer` as the socket bound to `local` reaches it and sees its datagrams
// come from: IPv4-mapped on a dual-stack [::] socket, plain IPv4 on an IPv4
// one. AppError (exit 2) when `local`'s family cannot reach `peer`, naming
// `what` (e.g. "the peer's SDP address"), both addresses and what to do.
boost::asio::ip::udp::endpoint reachable_peer(const boost::asio::ip::udp::endpoint& local,
                                              const boost::asio::ip::udp::endpoint& peer,
                                              std::string_view what);

// An address for people and for headers: IPv4-mapped addresses as IPv4.
boost::asio::ip::address plain_address(const boost::asio::ip::address& address);

}  // namespace rtpsec::apps
