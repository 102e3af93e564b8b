// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <optional>

#include <rtpsec/endpoint/socket_burst_io.hpp>

namespace rtpsec::endpoint {
namespace {

void count_send_error(int error, BurstSent& outcome) {
    if (error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS) {
        ++outcome.dropped;
    } else {
        ++outcome.failed;
    }
}

}  // namespace

std::optional<PeerAddress> to_peer_address(const sockaddr* address, socklen_t length) {
    if (address->sa_family == AF_INET && length >= sizeof(sockaddr_in)) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        std::array<std::uint8_t, 4> bytes{};
        std::memcpy(bytes.data(), &v4->sin_addr, 4);
        return PeerAddress::ipv4(bytes, ntohs(v4->sin_port));
    }
    if (address->sa_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
        const std::uint16_t port = ntohs(v6->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
            std::array<std::uint8_t, 4> bytes{};
            std::memcpy(bytes.data(), v6->sin6_addr.s6_addr + 12, 4);
            return PeerAddress::ipv4(bytes, port);
        }
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), v6->sin6_addr.s6_addr, 16);
        return PeerAddress::ipv6(bytes, port);
    }
    return std::nullopt;
}

socklen_t to_sockaddr(const PeerAddress& peer, sockaddr_storage& out) {
    out = {};
    if (peer.is_ipv6()) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(peer.port());
        std::memcpy(v6->sin6_addr.s6_addr, peer.address().data(), 16);
        return sizeof(sockaddr_in6);
    }
    // An IPv6 socket that is not IPv6-only sends to an AF_INET address as
    // IPv4 (Linux udpv6_sendmsg), so one form serves both kinds of socket.
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(peer.port());
    std::memcpy(&v4->sin_addr, peer.address().data(), 4);
    return sizeof(sockaddr_in);
}

BurstReceived receive_burst(int fd, DatagramBurst& burst) {
    BurstReceived outcome;
    burst.clear();
    for (std::size_t attempt = 0; attempt < DatagramBurst::max_datagrams; ++attempt) {
        const auto space = burst.receive_space();
        if (space.empty()) return outcome;
        sockaddr_storage from{};
        socklen_t length = sizeof from;
        const ssize_t size = ::recvfrom(fd, space.data(), space.size(), MSG_DONTWAIT,
                                        reinterpret_cast<sockaddr*>(&from), &length);
        if (size < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                outcome.drained = true;
                return outcome;
            }
            if (errno != EINTR) ++outcome.errors;
            continue;
        }
        const auto peer = to_peer_address(reinterpret_cast<const sockaddr*>(&from), length);
        if (!peer) {
            ++outcome.errors;
            continue;
        }
        burst.commit(*peer, static_cast<std::size_t>(size));
    }
    return outcome;
}

BurstSent send_burst(int fd, DatagramBurst& burst) {
    BurstSent outcome;
    const std::size_t count = burst.size();
    if (count == 0) return outcome;
    // Only the entries in use are written: zeroing all 64 headers would cost
    // more than a small burst's own work.
    std::array<sockaddr_storage, DatagramBurst::max_datagrams> to;
    std::array<iovec, DatagramBurst::max_datagrams> payload;
    std::array<mmsghdr, DatagramBurst::max_datagrams> messages;
    for (std::size_t i = 0; i < count; ++i) {
        const auto datagram = burst[i];
        const socklen_t length = to_sockaddr(datagram.peer, to[i]);
        payload[i] = {datagram.bytes.data(), datagram.bytes.size()};
        messages[i] = mmsghdr{};
        messages[i].msg_hdr.msg_name = &to[i];
        messages[i].msg_hdr.msg_namelen = length;
        messages[i].msg_hdr.msg_iov = &payload[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    // sendmmsg stops at the first datagram that fails: count it, go on after it.
    for (std::size_t next = 0; next < count;) {
        const int sent = ::sendmmsg(fd, messages.data() + next,
                                    static_cast<unsigned int>(count - next), MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EINTR) continue;
            count_send_error(errno, outcome);
            ++next;
            continue;
        }
        if (sent == 0) {  // not expected; never spin on it
            outcome.dropped += count - next;
            break;
        }
        outcome.sent += static_cast<std::size_t>(sent);
        next += static_cast<std::size_t>(sent);
    }
    burst.clear();
    return outcome;
}

BurstSent send_one(int fd, const PeerAddress& to, std::span<const std::byte> datagram) {
    BurstSent outcome;
    sockaddr_storage address{};
    const socklen_t length = to_sockaddr(to, address);
    for (;;) {
        const ssize_t sent = ::sendto(fd, datagram.data(), datagram.size(), MSG_DONTWAIT,
                                      reinterpret_cast<const sockaddr*>(&address), length);
        if (sent >= 0) {
            ++outcome.sent;
        } else if (errno == EINTR) {
            continue;
        } else {
            count_send_error(errno, outcome);
        }
        return outcome;
    }
}

}  // namespace rtpsec::endpoint
