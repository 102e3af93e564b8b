// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include <rtpsec/endpoint/early_packet_queue.hpp>

using rtpsec::endpoint::EarlyPacketQueue;

namespace {
std::vector<std::byte> packet(std::size_t size, std::uint8_t fill) {
    return std::vector<std::byte>(size, std::byte{fill});
}
}  // namespace

TEST_CASE("early packets come out in arrival order, aligned, and the queue empties") {
    EarlyPacketQueue queue;
    REQUIRE(queue.push(packet(173, 1)));
    REQUIRE(queue.push(packet(172, 2)));
    REQUIRE(queue.push(packet(13, 3)));
    std::vector<std::uint8_t> order;
    queue.drain([&](std::span<std::byte> p) {
        CHECK(reinterpret_cast<std::uintptr_t>(p.data()) % 4 == 0);
        order.push_back(static_cast<std::uint8_t>(p.front()));
        CHECK(std::all_of(p.begin(), p.end(), [&](std::byte b) { return b == p.front(); }));
    });
    CHECK(order == std::vector<std::uint8_t>{1, 2, 3});
    CHECK(queue.empty());
}

TEST_CASE("the early packet queue is bounded by count and by bytes") {
    EarlyPacketQueue by_count({.packets = 2, .bytes = 4096});
    CHECK(by_count.push(packet(10, 1)));
    CHECK(by_count.push(packet(10, 2)));
    CHECK_FALSE(by_count.push(packet(10, 3)));
    CHECK(by_count.size() == 2);

    EarlyPacketQueue by_bytes({.packets = 100, .bytes = 400});
    CHECK(by_bytes.push(packet(200, 1)));
    CHECK(by_bytes.push(packet(200, 2)));
    CHECK_FALSE(by_bytes.push(packet(1, 3)));
    by_bytes.clear();
    CHECK(by_bytes.push(packet(400, 4)));
}
