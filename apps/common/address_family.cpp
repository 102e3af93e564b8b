// SPDX-License-Identifier: BSD-3-Clause
#include "common/address_family.hpp"

#include "common/app_error.hpp"

namespace rtpsec::apps {

using boost::asio::ip::address;
using boost::asio::ip::udp;

address plain_address(const address& ip) {
    if (ip.is_v6() && ip.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, ip.to_v6());
    return ip;
}

udp::endpoint reachable_peer(const udp::endpoint& local, const udp::endpoint& peer,
                             std::string_view what) {
    const address ip = plain_address(peer.address());
    if (local.address().is_v4()) {
        if (ip.is_v4()) return {ip, peer.port()};
        throw AppError(exit_bad_input,
                       std::string(what) + " " + ip.to_string() +
                           " is IPv6 but our socket is bound to the IPv4 address " +
                           local.address().to_string() +
                           ": bind to an IPv6 address, or to [::] for both families");
    }
    if (ip.is_v6()) return {ip, peer.port()};
    // Only the unspecified address [::] (IPV6_V6ONLY off) takes IPv4 too.
    if (local.address().is_unspecified()) {
        return {boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, ip.to_v4()),
                peer.port()};
    }
    throw AppError(exit_bad_input, std::string(what) + " " + ip.to_string() +
                                       " is IPv4 but our socket is bound to the IPv6 address " +
                                       local.address().to_string() +
                                       ": bind to an IPv4 address, or to [::] for both families");
}

}  // namespace rtpsec::apps
