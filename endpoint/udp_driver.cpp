// SPDX-License-Identifier: BSD-3-Clause
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/system/system_error.hpp>
#include <cstring>

#include <rtpsec/endpoint/datagram_burst.hpp>
#include <rtpsec/endpoint/udp_burst_io.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>

namespace rtpsec::endpoint {
namespace {

// How many datagrams one wake-up drains before yielding to timers and other
// endpoints on the same thread, so one busy socket cannot starve the rest.
constexpr std::size_t max_datagrams_per_wakeup = 256;

// One burst in and one out per thread serve every driver on it: a burst is
// received, handled and sent within one drain, and drains do not nest.
struct ThreadBursts {
    DatagramBurst received;
    DatagramBurst to_send;
};

ThreadBursts& thread_bursts() {
    thread_local ThreadBursts bursts;
    return bursts;
}

}  // namespace

std::span<std::byte> thread_receive_buffer() {
    thread_local std::vector<std::byte> buffer(65536);  // the largest UDP payload
    return buffer;
}

PeerAddress to_peer_address(const boost::asio::ip::udp::endpoint& endpoint) {
    return to_peer_address(endpoint.data(), static_cast<socklen_t>(endpoint.size()))
        .value_or(PeerAddress{});
}

boost::asio::ip::udp::endpoint to_udp_endpoint(const PeerAddress& peer) {
    sockaddr_storage address{};
    const socklen_t length = to_sockaddr(peer, address);
    boost::asio::ip::udp::endpoint endpoint;
    std::memcpy(endpoint.data(), &address, length);
    endpoint.resize(length);
    return endpoint;
}

UdpDriver::UdpDriver(boost::asio::io_context& io, Endpoint& endpoint, const udp::endpoint& bind,
                     EventHandler on_event)
    : UdpDriver(boost::asio::make_strand(io), endpoint, bind, std::move(on_event)) {}

UdpDriver::UdpDriver(Strand strand, Endpoint& endpoint, const udp::endpoint& bind,
                     EventHandler on_event)
    : endpoint_(endpoint),
      strand_(std::move(strand)),
      socket_(strand_),
      timer_(strand_),
      on_event_(std::move(on_event)) {
    boost::system::error_code ec;
    socket_.open(bind.protocol(), ec);
    // [::] serves IPv4 peers too (as ::ffff:a.b.c.d), whatever the host's
    // net.ipv6.bindv6only default.
    if (!ec && bind.address().is_v6() && bind.address().is_unspecified())
        socket_.set_option(boost::asio::ip::v6_only(false), ec);
    if (!ec) socket_.bind(bind, ec);
    if (ec) {
        throw boost::system::system_error(ec, "cannot bind UDP " + bind.address().to_string() +
                                                  ":" + std::to_string(bind.port()));
    }
    socket_.non_blocking(true);
}

void UdpDriver::start() {
    running_ = true;
    wait_readable();
    flush();
}

void UdpDriver::stop() {
    running_ = false;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
    timer_.cancel();
}

void UdpDriver::wait_readable() {
    socket_.async_wait(
        udp::socket::wait_read,
        boost::asio::bind_executor(strand_, [this](const boost::system::error_code& ec) {
            if (ec || !running_) return;
            drain_socket();
            wait_readable();
        }));
}

void UdpDriver::drain_socket() {
    auto& bursts = thread_bursts();
    std::size_t taken = 0;
    bool more = true;
    while (more && running_ && taken < max_datagrams_per_wakeup) {
        const auto received = receive_burst(socket_, bursts.received);
        stats_.receive_errors += received.errors;
        stats_.datagrams_received += bursts.received.size();
        if (!bursts.received.empty()) ++stats_.bursts;
        more = !received.drained;
        taken += bursts.received.size() + received.errors;
        in_burst_ = true;
        try {
            for (std::size_t i = 0; i < bursts.received.size() && running_; ++i) {
                const auto datagram = bursts.received[i];
                endpoint_.handle_datagram(datagram.peer, datagram.bytes, Endpoint::Clock::now());
                take_output();
            }
        } catch (...) {
            // A handler threw: what it queued still leaves from this socket,
            // not from the next driver that drains on this thread.
            in_burst_ = false;
            send_queued();
            throw;
        }
        in_burst_ = false;
        send_queued();
    }
    arm_timer();
}

void UdpDriver::take_output() {
    while (auto transmit = endpoint_.poll_transmit())
        send(transmit->to, transmit->datagram);
    while (auto event = endpoint_.poll_event()) {
        if (on_event_) on_event_(*event);
    }
    // An event handler may have driven the endpoint again (close, send).
    while (auto transmit = endpoint_.poll_transmit())
        send(transmit->to, transmit->datagram);
}

void UdpDriver::send(const PeerAddress& to, std::span<const std::byte> datagram) {
    if (in_burst_) {
        auto& queue = thread_bursts().to_send;
        if (queue.push(to, datagram)) return;
        send_queued();  // full: what is queued goes first, in order
        if (queue.push(to, datagram)) return;
    }
    send_now(to, datagram);
}

void UdpDriver::send_queued() {
    count(send_burst(socket_, thread_bursts().to_send));
}

void UdpDriver::send_now(const PeerAddress& to, std::span<const std::byte> datagram) {
    count(send_one(socket_, to, datagram));
}

void UdpDriver::count(const BurstSent& outcome) {
    stats_.datagrams_sent += outcome.sent;
    stats_.send_dropped += outcome.dropped;
    stats_.send_errors += outcome.failed;
}

void UdpDriver::flush() {
    take_output();
    arm_timer();
}

void UdpDriver::arm_timer() {
    if (!running_) return;
    timer_.arm(endpoint_.next_deadline(), [this] {
        if (!running_) return;
        endpoint_.handle_timeout(Endpoint::Clock::now());
        flush();
    });
}

}  // namespace rtpsec::endpoint
