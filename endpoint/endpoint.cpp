// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>
#include <string>

#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/error.hpp>
#include <rtpsec/rtp/classify.hpp>

namespace rtpsec::endpoint {

namespace {

EndpointConfig&& with_context(EndpointConfig& config) {
    if (!config.transport.context) {
        throw std::invalid_argument("EndpointConfig: the transport configuration has no context");
    }
    return std::move(config);
}

}  // namespace

Endpoint::Endpoint(EndpointConfig config, Clock::time_point now)
    : config_(with_context(config)),
      strangers_budget_(std::make_shared<ByteBudget>(
          config_.transport.context->admission().strangers_early_bytes)) {
    if (config_.accept_unknown_peers && config_.cookie_exchange) {
        const Context& context = *config_.transport.context;
        dtls::CookieFrontDoor::Options options;
        options.secret_lifetime = context.dtls_policy().cookie_secret_lifetime;
        options.random = context.random_source();
        front_door_.emplace(now, std::move(options));
        door_replies_.reserve(max_door_replies);
    }
}

void Endpoint::begin_input() {
    if (next_ready_ < ready_.size() || !door_replies_.empty()) {
        ++stats_.undrained_inputs;
        const Logger& logger = config_.transport.context->logger();
        // The first time, then every 1024th: a caller that breaks the rule
        // breaks it on every datagram.
        if ((stats_.undrained_inputs & 1023) == 1 && logger.enabled(LogLevel::warning)) {
            logger.log(LogLevel::warning,
                       "endpoint: an input came before the last one's output was taken; "
                       "take poll_transmit/poll_event (or poll_output) after every input");
        }
    }
    for (const PeerAddress& peer : failed_strangers_) {
        ++stats_.strangers_reclaimed;
        remove(peer);
    }
    failed_strangers_.clear();
}

bool Endpoint::admits_stranger() {
    const AdmissionPolicy& admission = config_.transport.context->admission();
    // Places promised to expected peers whose ClientHello has not come yet
    // are not a stranger's to take.
    if (transports_.size() + expected_.size() >= admission.max_peers) return false;
    return pending_strangers_ < admission.max_pending_strangers;
}

void Endpoint::log(LogLevel level, const PeerAddress& peer, std::string_view what) const {
    const Logger& logger = config_.transport.context->logger();
    if (!logger.enabled(level)) return;
    logger.log(level, "endpoint: " + peer.to_string() + ": " + std::string(what));
}

Endpoint::Entry& Endpoint::create(const PeerAddress& peer, TransportConfig config,
                                  Clock::time_point now) {
    auto transport = std::make_unique<MediaTransport>(std::move(config), now);
    Entry& entry = transports_[peer];
    entry.peer = peer;
    entry.transport = std::move(transport);
    entry.scheduled.reset();
    ++stats_.peers_created;
    touched(entry);
    return entry;
}

void Endpoint::connect(const PeerAddress& peer, Clock::time_point now) {
    connect(peer, config_.transport.dtls.role, now);
}

void Endpoint::connect(const PeerAddress& peer, dtls::Role role, Clock::time_point now) {
    begin_input();
    if (Entry* entry = find_entry(peer)) {
        // Named by the signalling now: no longer a stranger.
        if (entry->pending_stranger) {
            entry->pending_stranger = false;
            --pending_strangers_;
        }
        return;
    }
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
    begin_input();
    if (Entry* entry = find_entry(peer)) {
        if (entry->pending_stranger) {
            entry->pending_stranger = false;
            --pending_strangers_;
        }
        entry->transport->set_peer_fingerprints(std::move(expected), now);
        touched(*entry);
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
    begin_input();
    if (Entry* entry = find_entry(from)) {
        entry->transport->handle_datagram(datagram, now);
        touched(*entry);
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
    TransportConfig config = config_.transport;
    if (front_door_) {
        const auto identity = from.identity();
        const auto decision =
            front_door_->handle(datagram, std::as_bytes(std::span(identity)), now);
        switch (decision.action) {
            case dtls::CookieFrontDoor::Action::send_hello_verify_request:
                if (door_replies_.size() == max_door_replies ||
                    decision.reply.size() > DoorReply{}.datagram.size()) {
                    ++stats_.hello_verify_dropped;
                    return;
                }
                ++stats_.hello_verify_sent;
                door_replies_.push_back({from, {}, decision.reply.size()});
                std::copy(decision.reply.begin(), decision.reply.end(),
                          door_replies_.back().datagram.begin());
                return;
            case dtls::CookieFrontDoor::Action::drop:
                ++stats_.cookie_dropped;
                return;
            case dtls::CookieFrontDoor::Action::accept:
                config.dtls.after_cookie_exchange = true;
                break;
        }
    }
    // Only now, with the address proven (when cookies are on): a refusal is
    // about a real sender, not a spoofed one.
    const auto waiting = expected_.find(from);
    const bool stranger = waiting == expected_.end();
    if (stranger && !admits_stranger()) {
        ++stats_.peers_refused;
        log(LogLevel::debug, from, "ClientHello refused: the admission policy's limit is reached");
        return;
    }
    if (!stranger) {
        config.dtls.expected_peer_fingerprints = std::move(waiting->second);
        expected_.erase(waiting);
    }
    config.dtls.role = dtls::Role::server;
    if (stranger) config.early_budget = strangers_budget_;
    Entry& entry = create(from, std::move(config), now);
    if (stranger) {
        entry.pending_stranger = true;
        ++pending_strangers_;
    }
    entry.transport->handle_datagram(datagram, now);
    touched(entry);
}

void Endpoint::handle_timeout(Clock::time_point now) {
    begin_input();
    // Every transport due now runs once, even one whose next deadline is
    // again not in the future.
    for (drop_stale_deadlines(); !deadlines_.empty() && deadlines_.top().at <= now;
         drop_stale_deadlines()) {
        Entry* entry = deadlines_.top().entry;
        deadlines_.pop();
        entry->scheduled.reset();
        due_.push_back(entry);
    }
    for (Entry* entry : due_) {
        entry->transport->handle_timeout(now);
        touched(*entry);
    }
    due_.clear();
}

void Endpoint::close(const PeerAddress& peer, Clock::time_point now) {
    begin_input();
    if (Entry* entry = find_entry(peer)) {
        entry->transport->close(now);
        touched(*entry);
    }
}

void Endpoint::close_all(Clock::time_point now) {
    begin_input();
    for (auto& [peer, entry] : transports_) {
        entry.transport->close(now);
        touched(entry);
    }
}

void Endpoint::remove(const PeerAddress& peer) {
    if (Entry* entry = find_entry(peer)) {
        if (entry->pending_stranger) --pending_strangers_;
        forget_ready(entry);
        last_found_ = nullptr;
        transports_.erase(peer);
        rebuild_deadlines();  // the heap may hold pointers to the entry
    }
    expected_.erase(peer);
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
    for (auto& [peer, entry] : transports_) {
        entry.transport->set_component(component);
        schedule(entry);  // the RTCP component sends no reports of its own
    }
}

void Endpoint::note_companion_rtcp(const PeerAddress& peer, std::span<const std::byte> rtcp,
                                   Clock::time_point now) {
    if (Entry* entry = find_entry(peer)) {
        entry->transport->note_companion_rtcp(rtcp, now);
        schedule(*entry);
    }
}

std::optional<Transmit> Endpoint::poll_transmit() {
    if (!door_replies_.empty()) {
        door_reply_sent_ = door_replies_.front();
        door_replies_.erase(door_replies_.begin());
        return Transmit{door_reply_sent_->to,
                        std::span(door_reply_sent_->datagram).first(door_reply_sent_->length)};
    }
    for (std::size_t i = next_ready_; i < ready_.size(); ++i) {
        Entry* entry = ready_[i];
        if (auto datagram = entry->transport->poll_transmit())
            return Transmit{entry->peer, *datagram};
    }
    return std::nullopt;
}

Output Endpoint::poll_output() {
    if (auto transmit = poll_transmit()) return *transmit;
    if (auto event = poll_event()) return std::move(*event);
    return Timeout{next_deadline()};
}

std::optional<EndpointEvent> Endpoint::poll_event() {
    // By the calling rule every transmit was taken before the first event, so
    // a transport with no events left is done with this input.
    while (next_ready_ < ready_.size()) {
        Entry* entry = ready_[next_ready_];
        if (auto event = entry->transport->poll_event())
            return EndpointEvent{entry->peer, std::move(*event)};
        entry->ready = false;
        ++next_ready_;
    }
    ready_.clear();
    next_ready_ = 0;
    return std::nullopt;
}

std::optional<Endpoint::Clock::time_point> Endpoint::next_deadline() const {
    drop_stale_deadlines();
    if (deadlines_.empty()) return std::nullopt;
    return deadlines_.top().at;
}

void Endpoint::drop_stale_deadlines() const {
    while (!deadlines_.empty() && deadlines_.top().entry->scheduled != deadlines_.top().at)
        deadlines_.pop();
}

void Endpoint::rebuild_deadlines() {
    std::vector<Scheduled>& heap = deadlines_.storage();
    heap.clear();
    for (auto& [peer, entry] : transports_) {
        if (entry.scheduled) heap.push_back({*entry.scheduled, &entry});
    }
    deadlines_.restore();
}

const MediaTransport* Endpoint::find(const PeerAddress& peer) const {
    const auto it = transports_.find(peer);
    return it == transports_.end() ? nullptr : it->second.transport.get();
}

Endpoint::Entry* Endpoint::find_entry(const PeerAddress& peer) {
    if (last_found_ != nullptr && last_found_->peer == peer) return last_found_;
    const auto it = transports_.find(peer);
    if (it == transports_.end()) return nullptr;
    last_found_ = &it->second;
    return last_found_;
}

MediaTransport* Endpoint::find_mutable(const PeerAddress& peer) {
    Entry* entry = find_entry(peer);
    return entry ? entry->transport.get() : nullptr;
}

void Endpoint::touched(Entry& entry) {
    if (entry.pending_stranger) {
        const MediaTransport& transport = *entry.transport;
        if (transport.keyed()) {
            entry.pending_stranger = false;
            --pending_strangers_;
        } else if (transport.finished()) {
            // Its events (the failure) are still to be drained; the next
            // input removes it.
            entry.pending_stranger = false;
            --pending_strangers_;
            failed_strangers_.push_back(entry.peer);
            log(LogLevel::info, entry.peer,
                "a stranger's handshake failed; its transport is removed");
        }
    }
    if (!entry.ready) {
        entry.ready = true;
        ready_.push_back(&entry);
    }
    schedule(entry);
}

void Endpoint::forget_ready(const Entry* entry) {
    std::size_t kept = 0;
    std::size_t next = next_ready_;
    for (std::size_t i = 0; i < ready_.size(); ++i) {
        if (ready_[i] == entry) {
            if (i < next_ready_) --next;
            continue;
        }
        ready_[kept++] = ready_[i];
    }
    ready_.resize(kept);
    next_ready_ = next;
}

void Endpoint::schedule(Entry& entry) {
    const auto deadline = entry.transport->next_deadline();
    if (deadline == entry.scheduled) return;
    entry.scheduled = deadline;
    if (!deadline) return;
    // Stale entries are dropped when they reach the top; rebuild if they pile
    // up (deadlines that move often without coming due).
    if (deadlines_.size() > 4 * transports_.size() + 64) {
        rebuild_deadlines();
        return;
    }
    deadlines_.push({*deadline, &entry});
}

}  // namespace rtpsec::endpoint
