#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/system/system_error.hpp>

#include <rtpsec/endpoint/udp_driver.hpp>

namespace rtpsec::endpoint {
namespace {

// How many datagrams one wake-up drains before yielding to timers and other
// endpoints on the same thread, so one busy socket cannot starve the rest.
constexpr int max_datagrams_per_wakeup = 256;

}  // namespace

std::span<std::byte> thread_receive_buffer() {
    thread_local std::vector<std::byte> buffer(65536);  // the largest UDP payload
    return buffer;
}

PeerAddress to_peer_address(const boost::asio::ip::udp::endpoint& endpoint) {
    const auto address = endpoint.address();
    if (address.is_v4()) return PeerAddress::ipv4(address.to_v4().to_bytes(), endpoint.port());
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) {
        return PeerAddress::ipv4(
            boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_bytes(),
            endpoint.port());
    }
    return PeerAddress::ipv6(v6.to_bytes(), endpoint.port());
}

boost::asio::ip::udp::endpoint to_udp_endpoint(const PeerAddress& peer) {
    if (peer.is_ipv6()) {
        boost::asio::ip::address_v6::bytes_type bytes{};
        std::copy(peer.address().begin(), peer.address().end(), bytes.begin());
        return {boost::asio::ip::address_v6(bytes), peer.port()};
    }
    boost::asio::ip::address_v4::bytes_type bytes{};
    std::copy(peer.address().begin(), peer.address().end(), bytes.begin());
    return {boost::asio::ip::address_v4(bytes), peer.port()};
}

UdpDriver::UdpDriver(boost::asio::io_context& io, Endpoint& endpoint, const udp::endpoint& bind,
                     EventHandler on_event)
    : UdpDriver(boost::asio::make_strand(io), endpoint, bind, std::move(on_event)) {}

UdpDriver::UdpDriver(Strand strand, Endpoint& endpoint, const udp::endpoint& bind,
                     EventHandler on_event)
    : endpoint_(endpoint),
      strand_(std::move(strand)),
      socket_(strand_),
      timer_(strand_),
      on_event_(std::move(on_event)) {
    boost::system::error_code ec;
    socket_.open(bind.protocol(), ec);
    if (!ec) socket_.bind(bind, ec);
    if (ec) {
        throw boost::system::system_error(ec, "cannot bind UDP " + bind.address().to_string() +
                                                  ":" + std::to_string(bind.port()));
    }
    socket_.non_blocking(true);
}

void UdpDriver::start() {
    running_ = true;
    wait_readable();
    flush();
}

void UdpDriver::stop() {
    running_ = false;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
    timer_.cancel();
}

void UdpDriver::wait_readable() {
    socket_.async_wait(
        udp::socket::wait_read,
        boost::asio::bind_executor(strand_, [this](const boost::system::error_code& ec) {
            if (ec || !running_) return;
            drain_socket();
            wait_readable();
        }));
}

void UdpDriver::drain_socket() {
    const auto buffer = thread_receive_buffer();
    for (int i = 0; i < max_datagrams_per_wakeup && running_; ++i) {
        udp::endpoint from;
        boost::system::error_code ec;
        const std::size_t size =
            socket_.receive_from(boost::asio::buffer(buffer.data(), buffer.size()), from, 0, ec);
        if (ec == boost::asio::error::would_block) break;
        if (ec) {
            // ICMP errors for earlier sends surface here (connection_refused);
            // they concern one peer and end nothing.
            ++stats_.receive_errors;
            continue;
        }
        ++stats_.datagrams_received;
        endpoint_.handle_datagram(to_peer_address(from), buffer.first(size),
                                  Endpoint::Clock::now());
        flush();
    }
}

void UdpDriver::send(const PeerAddress& to, std::span<const std::byte> datagram) {
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(datagram.data(), datagram.size()), to_udp_endpoint(to), 0,
                    ec);
    if (!ec) {
        ++stats_.datagrams_sent;
    } else if (ec == boost::asio::error::would_block || ec == boost::asio::error::no_buffer_space) {
        ++stats_.send_dropped;
    } else {
        ++stats_.send_errors;
    }
}

void UdpDriver::flush() {
    while (auto transmit = endpoint_.poll_transmit())
        send(transmit->to, transmit->datagram);
    while (auto event = endpoint_.poll_event()) {
        if (on_event_) on_event_(*event);
    }
    // An event handler may have driven the endpoint again (close, send).
    while (auto transmit = endpoint_.poll_transmit())
        send(transmit->to, transmit->datagram);
    arm_timer();
}

void UdpDriver::arm_timer() {
    if (!running_) return;
    timer_.arm(endpoint_.next_deadline(), [this] {
        if (!running_) return;
        endpoint_.handle_timeout(Endpoint::Clock::now());
        flush();
    });
}

}  // namespace rtpsec::endpoint
