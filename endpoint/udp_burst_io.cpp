// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/endpoint/udp_burst_io.hpp>

namespace rtpsec::endpoint {

BurstReceived receive_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst) {
    return receive_burst(socket.native_handle(), burst);
}

BurstSent send_burst(boost::asio::ip::udp::socket& socket, DatagramBurst& burst) {
    return send_burst(socket.native_handle(), burst);
}

BurstSent send_one(boost::asio::ip::udp::socket& socket, const PeerAddress& to,
                   std::span<const std::byte> datagram) {
    return send_one(socket.native_handle(), to, datagram);
}

}  // namespace rtpsec::endpoint
