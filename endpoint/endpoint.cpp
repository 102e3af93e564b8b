#include <algorithm>

#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/error.hpp>
#include <rtpsec/rtp/classify.hpp>

namespace rtpsec::endpoint {

Endpoint::Endpoint(EndpointConfig config, Clock::time_point now) : config_(std::move(config)) {
    if (config_.accept_unknown_peers && config_.cookie_exchange) front_door_.emplace(now);
}

MediaTransport& Endpoint::create(const PeerAddress& peer, TransportConfig config,
                                 Clock::time_point now) {
    auto transport = std::make_unique<MediaTransport>(std::move(config), now);
    auto& slot = transports_[peer];
    slot = std::move(transport);
    ++stats_.peers_created;
    mark_ready(peer);
    return *slot;
}

void Endpoint::connect(const PeerAddress& peer, Clock::time_point now) {
    connect(peer, config_.transport.dtls.role, now);
}

void Endpoint::connect(const PeerAddress& peer, dtls::Role role, Clock::time_point now) {
    if (find_mutable(peer)) return;
    if (role == dtls::Role::server && front_door_) {
        expected_.try_emplace(peer);
        return;
    }
    TransportConfig config = config_.transport;
    config.dtls.role = role;
    create(peer, std::move(config), now);
}

void Endpoint::set_peer_fingerprints(const PeerAddress& peer,
                                     std::vector<dtls::Fingerprint> expected,
                                     Clock::time_point now) {
    if (auto* transport = find_mutable(peer)) {
        transport->set_peer_fingerprints(std::move(expected), now);
        mark_ready(peer);
        return;
    }
    if (const auto waiting = expected_.find(peer); waiting != expected_.end()) {
        waiting->second = std::move(expected);
        return;
    }
    connect(peer, now);
    set_peer_fingerprints(peer, std::move(expected), now);
}

void Endpoint::handle_datagram(const PeerAddress& from, std::span<std::byte> datagram,
                               Clock::time_point now) {
    if (auto* transport = find_mutable(from)) {
        transport->handle_datagram(datagram, now);
        mark_ready(from);
        return;
    }
    handle_unknown_peer(from, datagram, now);
}

// Only a DTLS ClientHello may create state, and with cookies on only one that
// proves the sender receives at its address (RFC 6347 §4.2.1).
void Endpoint::handle_unknown_peer(const PeerAddress& from, std::span<std::byte> datagram,
                                   Clock::time_point now) {
    if (!config_.accept_unknown_peers || rtp::classify(datagram) != rtp::PacketKind::dtls) {
        ++stats_.unknown_peer_dropped;
        return;
    }
    if (transports_.size() >= config_.max_peers) {
        ++stats_.peers_refused;
        return;
    }
    TransportConfig config = config_.transport;
    if (front_door_) {
        const auto identity = from.identity();
        const auto decision =
            front_door_->handle(datagram, std::as_bytes(std::span(identity)), now);
        switch (decision.action) {
            case dtls::CookieFrontDoor::Action::send_hello_verify_request:
                ++stats_.hello_verify_sent;
                door_reply_ = Transmit{from, decision.reply};
                return;
            case dtls::CookieFrontDoor::Action::drop:
                ++stats_.cookie_dropped;
                return;
            case dtls::CookieFrontDoor::Action::accept:
                config.dtls.after_cookie_exchange = true;
                break;
        }
    }
    if (const auto waiting = expected_.find(from); waiting != expected_.end()) {
        config.dtls.expected_peer_fingerprints = std::move(waiting->second);
        expected_.erase(waiting);
    }
    config.dtls.role = dtls::Role::server;
    MediaTransport& transport = create(from, std::move(config), now);
    transport.handle_datagram(datagram, now);
}

void Endpoint::handle_timeout(Clock::time_point now) {
    for (auto& [peer, transport] : transports_) {
        const auto deadline = transport->next_deadline();
        if (deadline && *deadline <= now) {
            transport->handle_timeout(now);
            mark_ready(peer);
        }
    }
}

void Endpoint::close(const PeerAddress& peer, Clock::time_point now) {
    if (auto* transport = find_mutable(peer)) {
        transport->close(now);
        mark_ready(peer);
    }
}

void Endpoint::close_all(Clock::time_point now) {
    for (auto& [peer, transport] : transports_) {
        transport->close(now);
        mark_ready(peer);
    }
}

void Endpoint::remove(const PeerAddress& peer) {
    transports_.erase(peer);
    expected_.erase(peer);
    std::erase(ready_, peer);
}

std::size_t Endpoint::protect_rtp(const PeerAddress& peer, std::span<std::byte> buffer,
                                  std::size_t length, Clock::time_point now, std::error_code& ec) {
    auto* transport = find_mutable(peer);
    if (!transport) {
        ec = EndpointError::unknown_peer;
        return 0;
    }
    return transport->protect_rtp(buffer, length, now, ec);
}

std::size_t Endpoint::protect_rtcp(const PeerAddress& peer, std::span<std::byte> buffer,
                                   std::size_t length, std::error_code& ec) {
    auto* transport = find_mutable(peer);
    if (!transport) {
        ec = EndpointError::unknown_peer;
        return 0;
    }
    return transport->protect_rtcp(buffer, length, ec);
}

void Endpoint::set_component(Component component) {
    config_.transport.component = component;
    for (auto& [peer, transport] : transports_)
        transport->set_component(component);
}

void Endpoint::note_companion_rtcp(const PeerAddress& peer, std::span<const std::byte> rtcp,
                                   Clock::time_point now) {
    if (auto* transport = find_mutable(peer)) transport->note_companion_rtcp(rtcp, now);
}

std::optional<Transmit> Endpoint::poll_transmit() {
    if (door_reply_) {
        auto reply = *door_reply_;
        door_reply_.reset();
        return reply;
    }
    for (const auto& peer : ready_) {
        if (auto* transport = find_mutable(peer)) {
            if (auto datagram = transport->poll_transmit()) return Transmit{peer, *datagram};
        }
    }
    return std::nullopt;
}

std::optional<EndpointEvent> Endpoint::poll_event() {
    // By the calling rule every transmit was taken before the first event, so
    // a transport with no events left is done with this input.
    while (!ready_.empty()) {
        const PeerAddress peer = ready_.front();
        if (auto* transport = find_mutable(peer)) {
            if (auto event = transport->poll_event()) return EndpointEvent{peer, std::move(*event)};
        }
        ready_.pop_front();
    }
    return std::nullopt;
}

std::optional<Endpoint::Clock::time_point> Endpoint::next_deadline() const {
    std::optional<Clock::time_point> earliest;
    for (const auto& [peer, transport] : transports_) {
        const auto deadline = transport->next_deadline();
        if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
    }
    return earliest;
}

const MediaTransport* Endpoint::find(const PeerAddress& peer) const {
    const auto it = transports_.find(peer);
    return it == transports_.end() ? nullptr : it->second.get();
}

MediaTransport* Endpoint::find_mutable(const PeerAddress& peer) {
    const auto it = transports_.find(peer);
    return it == transports_.end() ? nullptr : it->second.get();
}

void Endpoint::mark_ready(const PeerAddress& peer) {
    if (std::find(ready_.begin(), ready_.end(), peer) == ready_.end()) ready_.push_back(peer);
}

}  // namespace rtpsec::endpoint
