// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>

#include <rtpsec/sip/user_agent.hpp>

namespace rtpsec::sip {
namespace {

std::string host_port(const Address& address) {
    const bool ipv6 = address.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

// RFC 3261 §18.2.1 and RFC 3581 §4: record where the request came from in
// its top Via, and answer there.
Address note_source(Message& request, const Address& from) {
    Via& via = request.vias.front();
    const auto rport = find_param(via.params, "rport");
    if (rport || via.host != from.host) set_param(via.params, "received", from.host);
    if (rport) {
        set_param(via.params, "rport", std::to_string(from.port));
        return from;
    }
    return {from.host, via.port != 0 ? via.port : std::uint16_t{5060}};
}

}  // namespace

std::string_view call_state_name(CallState state) {
    switch (state) {
        case CallState::idle:
            return "idle";
        case CallState::calling:
            return "calling";
        case CallState::incoming:
            return "incoming";
        case CallState::established:
            return "established";
        case CallState::terminating:
            return "terminating";
        case CallState::ended:
            return "ended";
    }
    return "unknown";
}

UserAgent::UserAgent(UserAgentConfig config, Clock::time_point)
    : config_(std::move(config)),
      local_tag_(new_tag()),
      limiter_(config_.requests_per_second_per_source, config_.request_burst_per_source,
               config_.max_tracked_sources) {
    if (config_.local.host.empty() || config_.local.port == 0)
        throw std::invalid_argument("SIP user agent needs its address and port");
}

std::string UserAgent::local_uri() const {
    return "sip:" + config_.user + "@" + host_port(config_.local);
}

std::string UserAgent::contact_uri() const {
    return local_uri();
}

// ---- commands ---------------------------------------------------------------

void UserAgent::call(std::string target_uri, Address next_hop, std::string offer_sdp,
                     Clock::time_point now) {
    if (state_ != CallState::idle) throw std::logic_error("SIP user agent already has a call");
    RequestOptions options;
    options.request_uri = std::move(target_uri);
    options.from_uri = local_uri();
    options.from_tag = local_tag_;
    options.via_host = config_.local.host;
    options.via_port = config_.local.port;
    options.contact_uri = contact_uri();
    options.user_agent = config_.user_agent;
    invite_ = make_invite(options, offer_sdp);
    if (!config_.display_name.empty()) invite_->from.display_name = config_.display_name;
    next_hop_ = std::move(next_hop);
    clients_.push_back({ClientTransaction(*invite_, now, config_.timers), next_hop_});
    invite_client_ = &clients_.back();
    state_ = CallState::calling;
    pump(now);
}

void UserAgent::accept(std::string answer_sdp, Clock::time_point now) {
    if (!pending_invite_) throw std::logic_error("no INVITE to accept");
    Server& server = *pending_invite_;
    pending_invite_ = nullptr;
    const Message& invite = server.transaction.request();
    if (!dialog_) {
        server.transaction.respond(make_ringing(invite, local_tag_, contact_uri()), now);
        dialog_ = dialog_as_callee(invite, local_tag_, config_.local.host, config_.local.port,
                                   contact_uri());
        final_status_ = 200;
    } else if (invite.contact) {
        dialog_->remote_target = invite.contact->uri;  // §12.2.2: a target refresh
    }
    Message ok = make_ok_with_sdp(invite, local_tag_, contact_uri(), answer_sdp);
    if (!config_.user_agent.empty()) ok.headers.push_back({"User-Agent", config_.user_agent});
    server.transaction.respond(std::move(ok), now);
    call_invite_ = &server;
    acked_ = false;
    state_ = CallState::established;
    pump(now);
}

void UserAgent::reject(int status, std::string warning_text, Clock::time_point now) {
    if (!pending_invite_) throw std::logic_error("no INVITE to reject");
    if (status < 300 || status > 699) throw std::invalid_argument("a rejection is 3xx-6xx");
    Server& server = *pending_invite_;
    pending_invite_ = nullptr;
    const Message& invite = server.transaction.request();
    ResponseOptions options;
    options.to_tag = local_tag_;
    if (!warning_text.empty()) {
        options.headers.push_back(
            {"Warning", Warning{399, host_port(config_.local), std::move(warning_text)}.value()});
    }
    server.transaction.respond(make_response(invite, status, options), now);
    ++stats_.rejected_other;
    if (!dialog_) {
        // A refused new call: ready for the next INVITE, with a fresh tag.
        final_status_ = status;
        state_ = CallState::idle;
        local_tag_ = new_tag();
    }
    pump(now);
}

void UserAgent::hang_up(Clock::time_point now) {
    switch (state_) {
        case CallState::calling:
            if (provisional_seen_) {
                send_cancel(now);
            } else {
                cancel_wanted_ = true;  // §9.1: CANCEL only after a provisional response
            }
            state_ = CallState::terminating;
            break;
        case CallState::incoming:
            if (pending_invite_ && !dialog_) {
                reject(603, "", now);
                state_ = CallState::ended;
            }
            break;
        case CallState::established:
            if (call_invite_ && !acked_) {
                bye_wanted_ = true;  // §15: not before the ACK (or its timeout)
                state_ = CallState::terminating;
            } else {
                send_bye(now);
            }
            break;
        default:
            break;
    }
    pump(now);
}

void UserAgent::send_cancel(Clock::time_point now) {
    clients_.push_back({ClientTransaction(make_cancel(*invite_), now, config_.timers), next_hop_});
}

void UserAgent::send_bye(Clock::time_point now) {
    if (!dialog_) return;
    Message bye = make_bye(*dialog_);
    if (!config_.user_agent.empty()) bye.headers.push_back({"User-Agent", config_.user_agent});
    clients_.push_back(
        {ClientTransaction(std::move(bye), now, config_.timers), dialog_destination()});
    bye_client_ = &clients_.back();
    state_ = CallState::terminating;
}

// ---- input ------------------------------------------------------------------

void UserAgent::handle_datagram(const Address& from, std::span<const std::byte> datagram,
                                Clock::time_point now) {
    std::error_code error;
    auto message = parse_message(datagram, error);
    if (!message) {
        ++stats_.malformed_dropped;  // RFC 3261 §18.3: discarded
        return;
    }
    if (message->is_request()) {
        ++stats_.requests_received;
        handle_request(std::move(*message), from, now);
    } else {
        ++stats_.responses_received;
        handle_response(*message, now);
    }
    pump(now);
}

void UserAgent::handle_timeout(Clock::time_point now) {
    for (auto& client : clients_)
        client.transaction.handle_timeout(now);
    for (auto& server : servers_)
        server.transaction.handle_timeout(now);
    pump(now);
}

void UserAgent::handle_response(const Message& response, Clock::time_point now) {
    for (auto& client : clients_) {
        if (client.transaction.handle_response(response, now)) return;
    }
    // A 2xx retransmitted after our INVITE transaction ended still wants its
    // ACK (RFC 6026 §8.4).
    if (ack_ && response.status_code / 100 == 2 && response.cseq.method == "INVITE" && invite_ &&
        response.call_id == invite_->call_id) {
        send(*ack_, dialog_destination());
        return;
    }
    ++stats_.unmatched_dropped;
}

void UserAgent::handle_request(Message request, const Address& from, Clock::time_point now) {
    const Address reply_to = note_source(request, from);
    if (request.method == "ACK") {
        handle_ack(request, now);
        return;
    }
    for (auto& server : servers_) {
        if (server.transaction.handle_request(request, now)) return;  // a retransmission
    }
    // The call's peer is never limited; anyone else only so far.
    if (!in_dialog(request) && !limiter_.allow(from.host, now)) {
        ++stats_.rate_limited;
        return;
    }
    if (request.method == "INVITE") {
        handle_invite(std::move(request), reply_to, now);
    } else if (request.method == "CANCEL") {
        handle_cancel(request, reply_to, now);
    } else if (request.method == "BYE") {
        handle_bye(request, reply_to);
    } else if (request.method == "OPTIONS") {
        ++stats_.options_answered;
        respond_statelessly(reply_to,
                            make_ok(request, in_dialog(request) ? local_tag_ : new_tag()));
    } else {
        ResponseOptions options;
        options.to_tag = new_tag();
        options.headers.push_back({"Allow", std::string(allowed_methods)});
        ++stats_.rejected_other;
        respond_statelessly(reply_to, make_response(request, 405, options));
    }
}

void UserAgent::handle_ack(const Message& request, Clock::time_point now) {
    for (auto& server : servers_) {
        if (server.transaction.handle_request(request, now)) return;
    }
    ++stats_.unmatched_dropped;  // e.g. an ACK retransmitted after the transaction ended
}

void UserAgent::handle_invite(Message request, const Address& reply_to, Clock::time_point now) {
    if (!request.to.tag().empty()) {
        // A re-INVITE (§14.2) in our dialog, or a request for a dialog we do not have.
        if (!in_dialog(request)) {
            ++stats_.rejected_481;
            respond_statelessly(reply_to, make_response(request, 481));
            return;
        }
        if (request.cseq.number <= dialog_->remote_cseq) {
            ++stats_.rejected_other;  // §12.2.2: out of order
            respond_statelessly(reply_to, make_response(request, 500));
            return;
        }
        if (pending_invite_ || (call_invite_ && !acked_) || state_ != CallState::established) {
            ++stats_.rejected_other;  // §14.2: one INVITE at a time
            respond_statelessly(reply_to, make_response(request, 491));
            return;
        }
        dialog_->remote_cseq = request.cseq.number;
        Server* server = new_server(request, reply_to, now);
        if (!server) return;
        pending_invite_ = server;
        events_.emplace_back(ua_event::ReOffer{request.body});
        return;
    }
    if (state_ != CallState::idle) {
        ++stats_.rejected_486;
        ResponseOptions options;
        options.to_tag = new_tag();
        respond_statelessly(reply_to, make_response(request, 486, options));
        return;
    }
    Server* server = new_server(request, reply_to, now);
    if (!server) return;
    server->transaction.respond(make_trying(request), now);
    if (!request.contact || request.body.empty() ||
        request.content_type.find("application/sdp") == std::string::npos) {
        // No offer in the INVITE (the answer would come in the ACK, RFC 3261
        // §13.2.1): rtpsec needs the caller's offer first.
        pending_invite_ = server;
        state_ = CallState::incoming;
        reject(488,
               request.contact ? "rtpsec needs an SDP offer in the INVITE"
                               : "the INVITE has no Contact",
               now);
        return;
    }
    pending_invite_ = server;
    state_ = CallState::incoming;
    // Requests in the dialog go to the caller's Contact; where that is no IP
    // address we can send to, to where its INVITE came from.
    next_hop_ = reply_to;
    events_.emplace_back(ua_event::IncomingCall{request.from.uri, request.body});
}

void UserAgent::handle_cancel(const Message& request, const Address& reply_to,
                              Clock::time_point now) {
    // §9.2: the CANCEL matches the INVITE transaction by its branch.
    for (auto& server : servers_) {
        const Message& invite = server.transaction.request();
        if (invite.method != "INVITE" || invite.branch() != request.branch() ||
            invite.call_id != request.call_id) {
            continue;
        }
        respond_statelessly(reply_to, make_ok(request, local_tag_));
        if (&server == pending_invite_ && !dialog_) {
            pending_invite_ = nullptr;
            ResponseOptions options;
            options.to_tag = local_tag_;
            server.transaction.respond(make_response(invite, 487, options), now);
            final_status_ = 487;
            state_ = CallState::ended;
            events_.emplace_back(ua_event::CallFailed{487, "Request Terminated"});
        }
        return;
    }
    ++stats_.rejected_481;
    respond_statelessly(reply_to, make_response(request, 481));
}

void UserAgent::handle_bye(const Message& request, const Address& reply_to) {
    if (!in_dialog(request)) {
        ++stats_.rejected_481;
        respond_statelessly(reply_to, make_response(request, 481));
        return;
    }
    dialog_->remote_cseq = std::max(dialog_->remote_cseq, request.cseq.number);
    respond_statelessly(reply_to, make_ok(request, local_tag_));
    if (state_ == CallState::ended) return;
    state_ = CallState::ended;
    events_.emplace_back(ua_event::CallEnded{ua_event::CallEnded::By::remote, 200});
}

bool UserAgent::in_dialog(const Message& request) const {
    if (!dialog_) return false;
    return request.call_id == dialog_->call_id && request.to.tag() == dialog_->local.tag() &&
           request.from.tag() == dialog_->remote.tag();
}

Address UserAgent::dialog_destination() const {
    if (dialog_) {
        if (const auto address = uri_address(dialog_->remote_target)) return *address;
    }
    return next_hop_;
}

void UserAgent::respond_statelessly(const Address& reply_to, const Message& response) {
    send(response, reply_to);
}

UserAgent::Server* UserAgent::new_server(const Message& request, const Address& reply_to,
                                         Clock::time_point now) {
    if (request.branch().empty()) {
        ++stats_.malformed_dropped;  // RFC 2543 style, no branch: nothing to match it by
        return nullptr;
    }
    if (clients_.size() + servers_.size() >= config_.max_transactions) {
        // An INVITE we already refused only waits for its ACK (or absorbs
        // retransmissions): the oldest of those makes room, so refused
        // strangers never keep out the next caller. Its retransmissions
        // would then be refused again, as new requests.
        const auto refused = std::find_if(servers_.begin(), servers_.end(), [](const Server& s) {
            const auto state = s.transaction.state();
            return state == TransactionState::completed || state == TransactionState::confirmed;
        });
        if (refused == servers_.end()) {
            ++stats_.refused_overloaded;
            return nullptr;
        }
        ++stats_.refused_transactions_evicted;
        servers_.erase(refused);
    }
    servers_.push_back({ServerTransaction(request, now, config_.timers), reply_to});
    return &servers_.back();
}

// ---- transaction events -------------------------------------------------------

void UserAgent::on_client_event(Client& client, TransactionEvent& event, Clock::time_point now) {
    using Kind = TransactionEvent::Kind;
    if (&client == invite_client_) {
        switch (event.kind) {
            case Kind::provisional:
                provisional_seen_ = true;
                if (cancel_wanted_) {
                    cancel_wanted_ = false;
                    send_cancel(now);
                }
                if (event.message->status_code != 100 && state_ == CallState::calling)
                    events_.emplace_back(ua_event::Ringing{event.message->status_code});
                return;
            case Kind::final_response:
                on_invite_final(*event.message, now);
                return;
            case Kind::repeated_2xx:
                if (ack_) send(*ack_, dialog_destination());
                return;
            case Kind::timed_out:
                final_status_ = 408;
                state_ = CallState::ended;
                events_.emplace_back(ua_event::CallFailed{408, "Request Timeout"});
                return;
            default:
                return;
        }
    }
    if (&client == bye_client_) {
        const int status = event.kind == Kind::timed_out        ? 408
                           : event.kind == Kind::final_response ? event.message->status_code
                                                                : 0;
        if (status >= 200 && state_ != CallState::ended) {
            state_ = CallState::ended;
            events_.emplace_back(ua_event::CallEnded{ua_event::CallEnded::By::local, status});
        }
    }
    // CANCEL's own answer (200, or 481 when it came too late) needs nothing:
    // the INVITE's final response tells how the call ended.
}

void UserAgent::on_invite_final(const Message& response, Clock::time_point now) {
    final_status_ = response.status_code;
    if (response.status_code >= 300) {
        // The transaction ACKs a non-2xx itself (§17.1.1.3).
        state_ = CallState::ended;
        events_.emplace_back(ua_event::CallFailed{response.status_code, response.reason_phrase});
        return;
    }
    try {
        dialog_ = dialog_as_caller(*invite_, response);
    } catch (const std::invalid_argument&) {
        // No Contact or To tag: no dialog to ACK into or hang up. §13.2.2.4
        // still wants the ACK; send it where the INVITE went, then give up.
        send(make_ack(*invite_, response), next_hop_);
        state_ = CallState::ended;
        events_.emplace_back(ua_event::CallFailed{502, "2xx without Contact or To tag"});
        return;
    }
    ack_ = make_ack(*invite_, response);
    send(*ack_, dialog_destination());
    const bool cancelled = state_ == CallState::terminating;
    state_ = CallState::established;
    events_.emplace_back(ua_event::Answered{response.body});
    if (cancelled) send_bye(now);  // §9.1: a 2xx crossed our CANCEL
}

void UserAgent::on_server_event(Server& server, TransactionEvent& event, Clock::time_point now) {
    using Kind = TransactionEvent::Kind;
    if (&server != call_invite_) return;
    if (event.kind == Kind::ack_received && !acked_) {
        acked_ = true;
        if (state_ == CallState::established && !bye_wanted_) {
            events_.emplace_back(ua_event::Established{});
        } else if (bye_wanted_) {
            bye_wanted_ = false;
            send_bye(now);
        }
    } else if (event.kind == Kind::ack_timed_out && !acked_) {
        // §13.3.1.4: no ACK for our 2xx: the dialog is confirmed, then ended.
        acked_ = true;
        const bool first_invite = state_ == CallState::established && !bye_wanted_;
        bye_wanted_ = false;
        send_bye(now);
        if (first_invite) events_.emplace_back(ua_event::CallFailed{408, "no ACK for our 200 OK"});
    }
}

// ---- output -----------------------------------------------------------------

// What we send must be SIP a peer can read: a value taken from the peer (a
// Contact URI as our Request-URI) may print in a form no parser takes back.
void UserAgent::send(const Message& message, const Address& to) {
    try {
        std::string bytes = to_string(message);
        std::error_code error;
        if (!parse_message(bytes, error)) {
            ++stats_.unsendable_dropped;
            return;
        }
        outbox_.push_back({to, std::move(bytes)});
    } catch (const std::invalid_argument&) {
        ++stats_.unsendable_dropped;
    }
}

void UserAgent::pump(Clock::time_point now) {
    for (bool progressed = true; progressed;) {
        progressed = false;
        for (auto& client : clients_) {
            while (auto message = client.transaction.poll_transmit()) {
                send(*message, client.to);
                progressed = true;
            }
            while (auto event = client.transaction.poll_event()) {
                on_client_event(client, *event, now);
                progressed = true;
            }
        }
        for (auto& server : servers_) {
            while (auto message = server.transaction.poll_transmit()) {
                send(*message, server.reply_to);
                progressed = true;
            }
            while (auto event = server.transaction.poll_event()) {
                on_server_event(server, *event, now);
                progressed = true;
            }
        }
    }
    auto finished = [](const auto& entry) {
        return entry.transaction.state() == TransactionState::terminated;
    };
    for (auto it = clients_.begin(); it != clients_.end();) {
        if (!finished(*it)) {
            ++it;
            continue;
        }
        retransmissions_of_finished_ += it->transaction.retransmissions();
        if (&*it == invite_client_) invite_client_ = nullptr;
        if (&*it == bye_client_) bye_client_ = nullptr;
        it = clients_.erase(it);
    }
    for (auto it = servers_.begin(); it != servers_.end();) {
        if (!finished(*it)) {
            ++it;
            continue;
        }
        retransmissions_of_finished_ += it->transaction.retransmissions();
        if (&*it == pending_invite_) pending_invite_ = nullptr;
        if (&*it == call_invite_) call_invite_ = nullptr;
        it = servers_.erase(it);
    }
}

std::optional<OutgoingDatagram> UserAgent::poll_transmit() {
    return outbox_.pop_front();
}

std::optional<UserAgentEvent> UserAgent::poll_event() {
    return events_.pop_front();
}

std::optional<Clock::time_point> UserAgent::next_deadline() const {
    std::optional<Clock::time_point> earliest;
    auto consider = [&](std::optional<Clock::time_point> t) {
        if (t && (!earliest || *t < *earliest)) earliest = t;
    };
    for (const auto& client : clients_)
        consider(client.transaction.next_deadline());
    for (const auto& server : servers_)
        consider(server.transaction.next_deadline());
    return earliest;
}

const UserAgentStats& UserAgent::stats() const {
    stats_.retransmissions_sent = retransmissions_of_finished_;
    for (const auto& client : clients_)
        stats_.retransmissions_sent += client.transaction.retransmissions();
    for (const auto& server : servers_)
        stats_.retransmissions_sent += server.transaction.retransmissions();
    return stats_;
}

}  // namespace rtpsec::sip
