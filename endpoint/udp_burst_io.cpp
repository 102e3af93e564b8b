#include <array>
#include <boost/asio/buffer.hpp>
#include <cerrno>
#include <sys/socket.h>

#include <rtpsec/endpoint/udp_burst_io.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>

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

BurstReceived receive_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst) {
    BurstReceived outcome;
    burst.clear();
    for (std::size_t attempt = 0; attempt < DatagramBurst::max_datagrams; ++attempt) {
        const auto space = burst.receive_space();
        if (space.empty()) return outcome;
        boost::asio::ip::udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t size =
            socket.receive_from(boost::asio::buffer(space.data(), space.size()), from, 0, ec);
        if (ec == boost::asio::error::would_block) {
            outcome.drained = true;
            return outcome;
        }
        if (ec) {
            ++outcome.errors;
            continue;
        }
        burst.commit(to_peer_address(from), size);
    }
    return outcome;
}

BurstSent send_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst) {
    BurstSent outcome;
    const std::size_t count = burst.size();
    if (count == 0) return outcome;
    // Only the entries in use are written: zeroing all 64 headers would cost
    // more than a small burst's own work.
    std::array<boost::asio::ip::udp::endpoint, DatagramBurst::max_datagrams> to;
    std::array<iovec, DatagramBurst::max_datagrams> payload;
    std::array<mmsghdr, DatagramBurst::max_datagrams> messages;
    for (std::size_t i = 0; i < count; ++i) {
        const auto datagram = burst[i];
        to[i] = to_udp_endpoint(datagram.peer);
        payload[i] = {datagram.bytes.data(), datagram.bytes.size()};
        messages[i] = mmsghdr{};
        messages[i].msg_hdr.msg_name = to[i].data();
        messages[i].msg_hdr.msg_namelen = static_cast<socklen_t>(to[i].size());
        messages[i].msg_hdr.msg_iov = &payload[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    // sendmmsg stops at the first datagram that fails: count it, go on after it.
    for (std::size_t next = 0; next < count;) {
        const int sent = ::sendmmsg(socket.native_handle(), messages.data() + next,
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

BurstSent send_one(boost::asio::ip::udp::socket& socket, const PeerAddress& to,
                   std::span<const std::byte> datagram) {
    BurstSent outcome;
    boost::system::error_code ec;
    socket.send_to(boost::asio::buffer(datagram.data(), datagram.size()), to_udp_endpoint(to), 0,
                   ec);
    if (!ec) {
        ++outcome.sent;
    } else if (ec == boost::asio::error::would_block || ec == boost::asio::error::no_buffer_space) {
        ++outcome.dropped;
    } else {
        ++outcome.failed;
    }
    return outcome;
}

}  // namespace rtpsec::endpoint
