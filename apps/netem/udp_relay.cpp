// SPDX-License-Identifier: BSD-3-Clause
#include "netem/udp_relay.hpp"

#include <rtpsec/endpoint/udp_burst_io.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>

namespace rtpsec::netem {
namespace {

std::uint64_t direction_seed(std::uint64_t seed, std::size_t route, int direction) {
    // splitmix64 of the triple: nearby seeds and routes get unrelated streams.
    std::uint64_t z =
        seed + 0x9e3779b97f4a7c15ull * (2 * route + static_cast<unsigned>(direction) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

UdpRelay::UdpRelay(boost::asio::io_context& io, const udp::endpoint& bind, ImpairmentConfig config,
                   std::uint64_t seed, std::size_t max_queued)
    : strand_(boost::asio::make_strand(io)),
      socket_(strand_, bind),
      timer_(strand_),
      config_(config),
      seed_(seed),
      max_queued_(max_queued) {
    config_.validate();
    socket_.non_blocking(true);
    // Every call of a test goes through this one socket: at hundreds of calls
    // the default ~200 KB buffers overflow and the kernel drops what the
    // impairment model did not (measured: N = 300 calls lost half their
    // datagrams). The kernel caps the request at net.core.[rw]mem_max.
    boost::system::error_code ignored;
    socket_.set_option(boost::asio::socket_base::receive_buffer_size(8 << 20), ignored);
    socket_.set_option(boost::asio::socket_base::send_buffer_size(8 << 20), ignored);
}

void UdpRelay::add_route(const udp::endpoint& a, const udp::endpoint& b) {
    const std::size_t route = route_count_++;
    const auto from_a = endpoint::to_peer_address(a);
    const auto from_b = endpoint::to_peer_address(b);
    routes_.insert_or_assign(
        from_a, Direction{from_b, ImpairmentModel(config_, direction_seed(seed_, route, 0))});
    routes_.insert_or_assign(
        from_b, Direction{from_a, ImpairmentModel(config_, direction_seed(seed_, route, 1))});
}

void UdpRelay::start() {
    running_ = true;
    wait_readable();
}

void UdpRelay::stop() {
    running_ = false;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
    timer_.cancel();
}

void UdpRelay::wait_readable() {
    socket_.async_wait(udp::socket::wait_read, [this](const boost::system::error_code& ec) {
        if (ec || !running_) return;
        drain();
        wait_readable();
    });
}

// Reactor style, in bursts as UdpDriver: receive what is waiting, forward it,
// send the burst; until the socket is empty.
void UdpRelay::drain() {
    for (bool drained = false; !drained;) {
        const auto received = endpoint::receive_burst(socket_, received_);
        drained = received.drained;
        stats_.received += received_.size();
        const auto now = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < received_.size(); ++i) {
            const auto datagram = received_[i];
            const auto route = routes_.find(datagram.peer);
            if (route == routes_.end()) {
                ++stats_.unrouted;
                continue;
            }
            forward(route->second, datagram.bytes, now);
        }
        send_queued();
    }
    arm_timer();
}

void UdpRelay::forward(Direction& direction, std::span<const std::byte> bytes,
                       std::chrono::steady_clock::time_point now) {
    const DeliveryPlan plan = direction.model.next();
    if (plan.lost()) {
        ++stats_.lost;
        return;
    }
    if (plan.reordered) ++stats_.reordered;
    if (plan.count > 1) ++stats_.duplicated;
    for (std::size_t i = 0; i < plan.count; ++i) {
        if (plan.delays[i].count() == 0 && pending_.empty()) {
            queue(direction.to, bytes);
            continue;
        }
        if (pending_.size() >= max_queued_) {
            ++stats_.overflow;
            continue;
        }
        pending_.push(Pending{now + plan.delays[i], next_order_++, direction.to,
                              std::vector<std::byte>(bytes.begin(), bytes.end())});
    }
}

void UdpRelay::queue(const endpoint::PeerAddress& to, std::span<const std::byte> bytes) {
    if (to_send_.push(to, bytes)) return;
    send_queued();                                        // full: what is queued goes first
    if (!to_send_.push(to, bytes)) ++stats_.send_errors;  // larger than the whole arena
}

void UdpRelay::send_queued() {
    const auto sent = endpoint::send_burst(socket_, to_send_);
    stats_.forwarded += sent.sent;
    stats_.send_errors += sent.dropped + sent.failed;
}

void UdpRelay::arm_timer() {
    if (pending_.empty()) return;
    timer_.expires_at(pending_.top().due);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && running_) on_timer();
    });
}

void UdpRelay::on_timer() {
    const auto now = std::chrono::steady_clock::now();
    while (!pending_.empty() && pending_.top().due <= now) {
        queue(pending_.top().to, pending_.top().bytes);
        pending_.pop();
    }
    send_queued();
    arm_timer();
}

}  // namespace rtpsec::netem
