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
