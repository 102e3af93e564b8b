// SPDX-License-Identifier: BSD-3-Clause
#include "phone/sip_driver.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include "common/address_family.hpp"

namespace rtpsec::apps {
namespace {

// A burst of datagrams is handled, then the strand is given back.
constexpr int max_datagrams_per_wakeup = 32;

}  // namespace

SipDriver::udp::socket SipDriver::bind(Strand& strand, const udp::endpoint& address) {
    udp::socket socket(strand);
    boost::system::error_code ec;
    socket.open(address.protocol(), ec);
    // [::] takes both families, whatever the host's net.ipv6.bindv6only says.
    if (!ec && address.address().is_v6() && address.address().is_unspecified())
        socket.set_option(boost::asio::ip::v6_only(false), ec);
    if (!ec) socket.bind(address, ec);
    if (ec) {
        throw boost::system::system_error(ec, "cannot bind the SIP port " +
                                                  address.address().to_string() + ":" +
                                                  std::to_string(address.port()));
    }
    socket.non_blocking(true);
    return socket;
}

SipDriver::SipDriver(Strand strand, udp::socket socket, sip::UserAgent& agent,
                     EventHandler on_event)
    : agent_(agent),
      strand_(std::move(strand)),
      socket_(std::move(socket)),
      timer_(strand_),
      on_event_(std::move(on_event)) {}

void SipDriver::start() {
    running_ = true;
    wait_readable();
    flush();
}

void SipDriver::stop() {
    running_ = false;
    boost::system::error_code ignored;
    socket_.cancel(ignored);
    timer_.cancel();
}

void SipDriver::wait_readable() {
    socket_.async_wait(
        udp::socket::wait_read,
        boost::asio::bind_executor(strand_, [this](const boost::system::error_code& ec) {
            if (ec || !running_) return;
            drain_socket();
            if (running_) wait_readable();
        }));
}

void SipDriver::drain_socket() {
    for (int i = 0; i < max_datagrams_per_wakeup && running_; ++i) {
        udp::endpoint from;
        boost::system::error_code ec;
        const auto buffer = endpoint::thread_receive_buffer();
        const std::size_t size =
            socket_.receive_from(boost::asio::buffer(buffer.data(), buffer.size()), from, 0, ec);
        if (ec == boost::asio::error::would_block) break;
        if (ec) {
            ++stats_.receive_errors;  // e.g. ICMP port unreachable for an earlier send
            continue;
        }
        ++stats_.datagrams_received;
        // An IPv4 peer of a dual-stack socket, as the peer itself knows its address.
        agent_.handle_datagram(sip::Address{plain_address(from.address()).to_string(), from.port()},
                               buffer.first(size), sip::Clock::now());
        flush();
    }
}

void SipDriver::send(const sip::OutgoingDatagram& datagram) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(datagram.to.host, ec);
    if (ec) {
        ++stats_.unroutable;
        return;
    }
    udp::endpoint to(address, datagram.to.port);
    try {
        to = reachable_peer(socket_.local_endpoint(), to, "SIP destination");
    } catch (const std::exception&) {
        ++stats_.unroutable;  // the other family: this socket cannot reach it
        return;
    }
    socket_.send_to(boost::asio::buffer(datagram.bytes), to, 0, ec);
    if (ec) {
        ++stats_.send_errors;  // UDP: the transaction's timers retransmit
    } else {
        ++stats_.datagrams_sent;
    }
}

void SipDriver::flush() {
    // Event handlers drive the user agent again (accept, hang_up): drain until
    // nothing is left. A handler's own flush() call folds into this loop.
    if (flushing_) return;
    flushing_ = true;
    for (bool progressed = true; progressed;) {
        progressed = false;
        while (auto datagram = agent_.poll_transmit()) {
            send(*datagram);
            progressed = true;
        }
        while (auto event = agent_.poll_event()) {
            if (on_event_) on_event_(*event);
            progressed = true;
        }
    }
    flushing_ = false;
    arm_timer();
}

void SipDriver::arm_timer() {
    if (!running_) return;
    timer_.arm(agent_.next_deadline(), [this] {
        if (!running_) return;
        agent_.handle_timeout(sip::Clock::now());
        flush();
    });
}

}  // namespace rtpsec::apps
