// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <catch2/catch.hpp>
#include <unordered_set>

#include <rtpsec/endpoint/peer_address.hpp>

using rtpsec::endpoint::PeerAddress;
using rtpsec::endpoint::PeerAddressHash;

TEST_CASE("peer addresses print, compare and hash by family, address and port") {
    const auto a = PeerAddress::ipv4({192, 0, 2, 1}, 5004);
    const auto b = PeerAddress::ipv4({192, 0, 2, 1}, 5006);
    std::array<std::uint8_t, 16> v6{0x20, 0x01, 0x0d, 0xb8};
    v6[15] = 1;
    const auto c = PeerAddress::ipv6(v6, 5004);
    CHECK(a.to_string() == "192.0.2.1:5004");
    CHECK(c.to_string() == "[2001:db8::1]:5004");
    CHECK(a != b);
    CHECK(a == PeerAddress::ipv4({192, 0, 2, 1}, 5004));
    CHECK(a.identity() != b.identity());
    CHECK(a.identity() != c.identity());
    std::unordered_set<PeerAddress, PeerAddressHash> set{a, b, c, a};
    CHECK(set.size() == 3);
}

TEST_CASE("the peer hash spreads neighbouring addresses and ports") {
    // A media server's peers often differ only in port, or in the last
    // address byte: none of those may collide.
    std::unordered_set<std::size_t> hashes;
    const PeerAddressHash hash;
    for (std::uint32_t port = 1; port <= 65535; ++port)
        hashes.insert(hash(PeerAddress::ipv4({10, 0, 0, 1}, static_cast<std::uint16_t>(port))));
    for (int host = 0; host < 256; ++host) {
        for (const std::uint16_t port : {std::uint16_t{5004}, std::uint16_t{5006}}) {
            hashes.insert(
                hash(PeerAddress::ipv4({10, 0, 1, static_cast<std::uint8_t>(host)}, port)));
        }
    }
    CHECK(hashes.size() == 65535 + 512);

    std::unordered_set<PeerAddress, PeerAddressHash> table;
    for (std::uint16_t port = 20000; port < 21000; ++port)
        table.insert(PeerAddress::ipv4({127, 0, 0, 1}, port));
    std::size_t longest = 0;
    for (std::size_t bucket = 0; bucket < table.bucket_count(); ++bucket)
        longest = std::max(longest, table.bucket_size(bucket));
    CHECK(longest <= 6);
}
