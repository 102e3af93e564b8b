#include "netem/udp_relay.hpp"

#include <boost/asio/buffer.hpp>

namespace rtpsec::netem {
namespace {

constexpr std::size_t max_datagram = 65536;

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
      max_queued_(max_queued),
      receive_buffer_(max_datagram) {
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
    routes_.insert_or_assign(
        a, Direction{b, ImpairmentModel(config_, direction_seed(seed_, route, 0))});
    routes_.insert_or_assign(
        b, Direction{a, ImpairmentModel(config_, direction_seed(seed_, route, 1))});
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

// Reactor style: one wake-up, then non-blocking reads until the socket is empty.
void UdpRelay::drain() {
    for (;;) {
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t size =
            socket_.receive_from(boost::asio::buffer(receive_buffer_), from, 0, ec);
        if (ec == boost::asio::error::would_block) return;
        // ICMP errors from an earlier send surface here; they end nothing.
        if (ec) continue;
        ++stats_.received;
        const auto route = routes_.find(from);
        if (route == routes_.end()) {
            ++stats_.unrouted;
            continue;
        }
        forward(route->second, std::span(receive_buffer_).first(size));
    }
}

void UdpRelay::forward(Direction& direction, std::span<const std::byte> bytes) {
    const DeliveryPlan plan = direction.model.next();
    if (plan.lost()) {
        ++stats_.lost;
        return;
    }
    if (plan.reordered) ++stats_.reordered;
    if (plan.count > 1) ++stats_.duplicated;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < plan.count; ++i) {
        if (plan.delays[i].count() == 0 && pending_.empty()) {
            send(direction.to, bytes);
            continue;
        }
        if (pending_.size() >= max_queued_) {
            ++stats_.overflow;
            continue;
        }
        pending_.push(Pending{now + plan.delays[i], next_order_++, direction.to,
                              std::vector<std::byte>(bytes.begin(), bytes.end())});
    }
    arm_timer();
}

void UdpRelay::send(const udp::endpoint& to, std::span<const std::byte> bytes) {
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(bytes.data(), bytes.size()), to, 0, ec);
    if (ec) {
        ++stats_.send_errors;
    } else {
        ++stats_.forwarded;
    }
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
        send(pending_.top().to, pending_.top().bytes);
        pending_.pop();
    }
    arm_timer();
}

}  // namespace rtpsec::netem
