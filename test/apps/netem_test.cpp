// SPDX-License-Identifier: BSD-3-Clause
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <catch2/catch.hpp>

#include "netem/impairment.hpp"
#include "netem/udp_relay.hpp"

using namespace rtpsec::netem;
using namespace std::chrono_literals;

TEST_CASE("the impairment model is deterministic per seed") {
    const ImpairmentConfig config{.loss = 0.2, .reorder = 0.1, .duplicate = 0.05};
    ImpairmentModel a(config, 7);
    ImpairmentModel b(config, 7);
    ImpairmentModel c(config, 8);
    bool differs_from_other_seed = false;
    for (int i = 0; i < 1000; ++i) {
        const auto pa = a.next();
        const auto pb = b.next();
        const auto pc = c.next();
        REQUIRE(pa.count == pb.count);
        REQUIRE(pa.reordered == pb.reordered);
        differs_from_other_seed |= pa.count != pc.count;
    }
    CHECK(differs_from_other_seed);
}

TEST_CASE("the impairment model's rates match its configuration") {
    ImpairmentModel model({.loss = 0.2, .reorder = 0.1, .duplicate = 0.05}, 42);
    int lost = 0, reordered = 0, duplicated = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
        const auto plan = model.next();
        lost += plan.lost();
        reordered += plan.reordered;
        duplicated += plan.count == 2;
    }
    CHECK(lost == Approx(0.2 * n).epsilon(0.03));
    // Reordering and duplication apply to the datagrams that were not lost.
    CHECK(reordered == Approx(0.1 * 0.8 * n).epsilon(0.05));
    CHECK(duplicated == Approx(0.05 * 0.8 * n).epsilon(0.08));
}

TEST_CASE("a held-back datagram is delayed, a duplicate trails its original") {
    ImpairmentModel model({.reorder = 1.0, .duplicate = 1.0, .delay = 5ms}, 1);
    const auto plan = model.next();
    REQUIRE(plan.count == 2);
    CHECK(plan.delays[0] == 35ms);
    CHECK(plan.delays[1] == 36ms);
}

TEST_CASE("impairment rates outside [0, 1] are refused") {
    CHECK_THROWS_AS(ImpairmentModel({.loss = 1.5}, 1), std::invalid_argument);
    CHECK_THROWS_AS(ImpairmentModel({.reorder = -0.1}, 1), std::invalid_argument);
}

TEST_CASE("the relay forwards both ways and drops what it does not route") {
    using udp = boost::asio::ip::udp;
    boost::asio::io_context io;
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    UdpRelay relay(io, udp::endpoint(loopback, 0), ImpairmentConfig{}, 1);
    udp::socket a(io, udp::endpoint(loopback, 0));
    udp::socket b(io, udp::endpoint(loopback, 0));
    udp::socket stranger(io, udp::endpoint(loopback, 0));
    relay.add_route(a.local_endpoint(), b.local_endpoint());
    relay.start();

    const std::string hello = "from a";
    const std::string reply = "from b";
    a.send_to(boost::asio::buffer(hello), relay.address());
    stranger.send_to(boost::asio::buffer(std::string("nobody")), relay.address());
    char buffer[64];
    udp::endpoint from;
    io.run_for(50ms);
    b.non_blocking(true);
    const auto got = b.receive_from(boost::asio::buffer(buffer), from);
    CHECK(std::string(buffer, got) == hello);
    CHECK(from == relay.address());

    b.send_to(boost::asio::buffer(reply), relay.address());
    io.restart();
    io.run_for(50ms);
    a.non_blocking(true);
    const auto got_back = a.receive_from(boost::asio::buffer(buffer), from);
    CHECK(std::string(buffer, got_back) == reply);
    CHECK(relay.stats().forwarded == 2);
    CHECK(relay.stats().unrouted == 1);
}

TEST_CASE("the relay delays held-back datagrams so later ones overtake them") {
    using udp = boost::asio::ip::udp;
    boost::asio::io_context io;
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    UdpRelay relay(io, udp::endpoint(loopback, 0), ImpairmentConfig{.reorder = 0.5}, 3);
    udp::socket a(io, udp::endpoint(loopback, 0));
    udp::socket b(io, udp::endpoint(loopback, 0));
    relay.add_route(a.local_endpoint(), b.local_endpoint());
    relay.start();
    for (std::uint8_t i = 0; i < 40; ++i)
        a.send_to(boost::asio::buffer(&i, 1), relay.address());
    io.run_for(200ms);
    b.non_blocking(true);
    std::vector<int> order;
    std::uint8_t byte = 0;
    udp::endpoint from;
    boost::system::error_code ec;
    while (b.receive_from(boost::asio::buffer(&byte, 1), from, 0, ec) == 1 && !ec)
        order.push_back(byte);
    CHECK(order.size() == 40);
    CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
    CHECK(relay.stats().reordered > 0);
}
