// SPDX-License-Identifier: BSD-3-Clause
// An impairing UDP relay on loopback, for loopback call tests: every route
// joins two endpoints A and B that both send to the relay's one address; what
// A sends reaches B and back, each direction through its own seeded
// ImpairmentModel (loss, reordering, duplication, delay). Its socket I/O is
// UdpDriver's, in bursts (endpoint/udp_burst_io.hpp): at 1,000 calls every
// media packet of the test crosses this one socket.
//
// Threading: all its handlers run on one strand of the io_context, so it may
// share an io_context run by several threads; call add_route() before start().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

#include <rtpsec/endpoint/datagram_burst.hpp>
#include <rtpsec/endpoint/peer_address.hpp>

#include "netem/impairment.hpp"

namespace rtpsec::netem {

struct RelayStats {
    std::uint64_t received = 0;
    std::uint64_t forwarded = 0;
    std::uint64_t lost = 0;        // dropped by the impairment model
    std::uint64_t duplicated = 0;  // extra copies sent
    std::uint64_t reordered = 0;   // held back so later datagrams overtook them
    std::uint64_t unrouted = 0;    // from an address no route knows
    std::uint64_t overflow = 0;    // dropped because max_queued were already waiting
    std::uint64_t send_errors = 0;
};

class UdpRelay {
  public:
    using udp = boost::asio::ip::udp;

    UdpRelay(boost::asio::io_context& io, const udp::endpoint& bind, ImpairmentConfig config,
             std::uint64_t seed, std::size_t max_queued = 65536);

    // The address both ends of every route send to.
    udp::endpoint address() const { return socket_.local_endpoint(); }

    // Joins a and b. Route n's directions are seeded from (seed, n, direction).
    void add_route(const udp::endpoint& a, const udp::endpoint& b);

    void start();
    void stop();
    const RelayStats& stats() const { return stats_; }

  private:
    struct Direction {
        endpoint::PeerAddress to;
        ImpairmentModel model;
    };
    struct Pending {
        std::chrono::steady_clock::time_point due;
        std::uint64_t order;  // FIFO among equal due times
        endpoint::PeerAddress to;
        std::vector<std::byte> bytes;
        bool operator>(const Pending& other) const {
            return due != other.due ? due > other.due : order > other.order;
        }
    };

    void wait_readable();
    void drain();
    void forward(Direction& direction, std::span<const std::byte> bytes,
                 std::chrono::steady_clock::time_point now);
    // Into the burst to send (sent first if it is full).
    void queue(const endpoint::PeerAddress& to, std::span<const std::byte> bytes);
    void send_queued();
    void arm_timer();
    void on_timer();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    udp::socket socket_;
    boost::asio::steady_timer timer_;
    ImpairmentConfig config_;
    std::uint64_t seed_;
    std::size_t max_queued_;
    std::unordered_map<endpoint::PeerAddress, Direction, endpoint::PeerAddressHash> routes_;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending_;
    std::uint64_t next_order_ = 0;
    std::size_t route_count_ = 0;
    bool running_ = false;
    RelayStats stats_;
    endpoint::DatagramBurst received_;
    endpoint::DatagramBurst to_send_;
};

}  // namespace rtpsec::netem
