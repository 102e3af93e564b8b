// SPDX-License-Identifier: BSD-3-Clause
// The endpoint keeps its transports' deadlines in a heap: its next deadline
// is always the earliest of theirs, through timeouts and removals.
#include <catch2/catch.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;

namespace {

std::optional<Clock::time_point> earliest_of(const Endpoint& endpoint,
                                             const std::vector<PeerAddress>& peers) {
    std::optional<Clock::time_point> earliest;
    for (const auto& peer : peers) {
        const auto* transport = endpoint.find(peer);
        if (!transport) continue;
        const auto d = transport->next_deadline();
        if (d && (!earliest || *d < *earliest)) earliest = d;
    }
    return earliest;
}

void drain(Endpoint& endpoint) {
    while (endpoint.poll_transmit()) {
    }
    while (endpoint.poll_event()) {
    }
}

}  // namespace

TEST_CASE("the endpoint's next deadline is its transports' earliest, among 300 peers") {
    TransportConfig transport = transport_for(dtls::Role::client, certificate_a(), certificate_b());
    const auto start = Clock::now();
    Endpoint endpoint(EndpointConfig(std::move(transport)), start);
    std::vector<PeerAddress> peers;
    // Connected at different times (in a shuffled order), so every
    // ClientHello's retransmission timer differs.
    for (std::uint16_t i = 0; i < 300; ++i) {
        const auto n = static_cast<std::uint16_t>((i * 7919) % 300);
        peers.push_back(PeerAddress::ipv4({127, 0, 0, 1}, static_cast<std::uint16_t>(20000 + n)));
        endpoint.connect(peers.back(), start + std::chrono::milliseconds(n));
        drain(endpoint);
    }
    REQUIRE(endpoint.next_deadline());
    CHECK(endpoint.next_deadline() == earliest_of(endpoint, peers));

    // Timeouts: each transport due runs, the next deadline moves on.
    auto now = *endpoint.next_deadline();
    for (int step = 0; step < 50; ++step) {
        endpoint.handle_timeout(now);
        drain(endpoint);
        const auto next = endpoint.next_deadline();
        REQUIRE(next);
        CHECK(*next > now);
        CHECK(next == earliest_of(endpoint, peers));
        now = *next;
    }

    // Removing the transport that is due first takes its deadline away.
    for (int step = 0; step < 20; ++step) {
        const auto next = endpoint.next_deadline();
        auto first = std::find_if(peers.begin(), peers.end(), [&](const PeerAddress& p) {
            return endpoint.find(p)->next_deadline() == next;
        });
        REQUIRE(first != peers.end());
        endpoint.remove(*first);
        peers.erase(first);
        CHECK(endpoint.next_deadline() == earliest_of(endpoint, peers));
    }
    CHECK(endpoint.peer_count() == 280);
}

TEST_CASE("a removed peer is forgotten: its datagrams are a stranger's, and it can connect anew") {
    TransportConfig transport = transport_for(dtls::Role::client, certificate_a(), certificate_b());
    const auto start = Clock::now();
    Endpoint endpoint(EndpointConfig(std::move(transport)), start);
    const auto kept = PeerAddress::ipv4({127, 0, 0, 1}, 30000);
    const auto removed = PeerAddress::ipv4({127, 0, 0, 1}, 30002);
    endpoint.connect(kept, start);
    endpoint.connect(removed, start + std::chrono::milliseconds(5));
    drain(endpoint);
    // The removed peer was the last one looked up, and has a deadline in the heap.
    std::vector<std::byte> stray{std::byte{0x80}, std::byte{0x00}};
    endpoint.handle_datagram(removed, stray, start);
    drain(endpoint);
    endpoint.remove(removed);
    CHECK(endpoint.find(removed) == nullptr);

    const auto dropped = endpoint.stats().unknown_peer_dropped;
    endpoint.handle_datagram(removed, stray, start);
    CHECK(endpoint.stats().unknown_peer_dropped == dropped + 1);
    CHECK(endpoint.next_deadline() == endpoint.find(kept)->next_deadline());
    endpoint.handle_timeout(*endpoint.next_deadline());
    drain(endpoint);

    endpoint.connect(removed, start);
    REQUIRE(endpoint.find(removed) != nullptr);
    CHECK(endpoint.peer_count() == 2);
    CHECK(endpoint.next_deadline() == earliest_of(endpoint, {kept, removed}));
}
