// SPDX-License-Identifier: BSD-3-Clause
// Socket I/O by bursts on a plain non-blocking UDP file descriptor, for any
// event loop (epoll, poll, io_uring's readiness mode, libuv's poll handles):
// receive what is waiting, hand it to the Endpoint datagram by datagram, then
// send what that produced with one system call. The packet code then runs
// warm over a burst instead of between every two system calls
// (docs/performance.md). UdpDriver (the Asio adaptor) does exactly this.
//
// Receiving is one recvfrom(MSG_DONTWAIT) per datagram into the burst's arena
// (each may be the largest UDP payload, so nothing is ever truncated);
// sending is sendmmsg(2) for the whole burst. An IPv4 peer of an IPv6
// socket bound to [::] is an IPv4 PeerAddress both ways.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <sys/socket.h>

#include <rtpsec/common/export.hpp>
#include <rtpsec/endpoint/datagram_burst.hpp>
#include <rtpsec/endpoint/peer_address.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT BurstReceived {
    bool drained = false;    // the socket had nothing more
    std::size_t errors = 0;  // e.g. ICMP port unreachable for an earlier send
};

// Clears `burst`, then receives from `fd` until it is full or drained.
RTPSEC_EXPORT BurstReceived receive_burst(int fd, DatagramBurst& burst);

struct RTPSEC_EXPORT BurstSent {
    std::size_t sent = 0;
    std::size_t dropped = 0;  // socket buffer full: dropped, as a router would
    std::size_t failed = 0;   // any other error (unreachable, bad address)
};

// Sends every datagram of `burst` in order, then clears it. A datagram that
// fails is counted and the rest still go.
RTPSEC_EXPORT BurstSent send_burst(int fd, DatagramBurst& burst);

// The same for one datagram.
RTPSEC_EXPORT BurstSent send_one(int fd, const PeerAddress& to,
                                 std::span<const std::byte> datagram);

// A socket address and the peer address it names (IPv4-mapped IPv6
// addresses become IPv4); nullopt for another family.
RTPSEC_EXPORT std::optional<PeerAddress> to_peer_address(const sockaddr* address, socklen_t length);
// `peer` as a socket address; returns its length.
RTPSEC_EXPORT socklen_t to_sockaddr(const PeerAddress& peer, sockaddr_storage& out);

}  // namespace rtpsec::endpoint
