// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>

#include <rtpsec/sip/transaction.hpp>

namespace rtpsec::sip {
namespace {

std::optional<Clock::time_point> earliest(
    std::initializer_list<std::optional<Clock::time_point>> times) {
    std::optional<Clock::time_point> out;
    for (const auto& t : times) {
        if (t && (!out || *t < *out)) out = t;
    }
    return out;
}

bool is_final(const Message& response) {
    return response.status_code >= 200;
}
bool is_2xx(const Message& response) {
    return response.status_code >= 200 && response.status_code < 300;
}

void check_request(const Message& request) {
    if (!request.is_request() || request.method == "ACK") {
        throw std::invalid_argument("SIP transaction needs a request other than ACK");
    }
    if (request.branch().empty()) {
        throw std::invalid_argument("SIP transaction needs a request with a Via branch");
    }
}

// RFC 3261 §17.1.1.3: the ACK for a non-2xx final belongs to the INVITE
// transaction: same Request-URI, topmost Via (branch), From, Call-ID and CSeq
// number, To from the response.
Message ack_for_non_2xx(const Message& invite, const Message& response) {
    Message ack;
    ack.method = "ACK";
    ack.request_uri = invite.request_uri;
    ack.vias = {invite.vias.front()};
    ack.max_forwards = invite.max_forwards;
    ack.from = invite.from;
    ack.to = response.to;
    ack.call_id = invite.call_id;
    ack.cseq = {invite.cseq.number, "ACK"};
    return ack;
}

}  // namespace

std::string_view transaction_state_name(TransactionState state) {
    switch (state) {
        case TransactionState::calling:
            return "calling";
        case TransactionState::trying:
            return "trying";
        case TransactionState::proceeding:
            return "proceeding";
        case TransactionState::completed:
            return "completed";
        case TransactionState::accepted:
            return "accepted";
        case TransactionState::confirmed:
            return "confirmed";
        case TransactionState::terminated:
            return "terminated";
    }
    return "unknown";
}

std::string_view transaction_event_name(TransactionEvent::Kind kind) {
    switch (kind) {
        case TransactionEvent::Kind::provisional:
            return "provisional";
        case TransactionEvent::Kind::final_response:
            return "final_response";
        case TransactionEvent::Kind::repeated_2xx:
            return "repeated_2xx";
        case TransactionEvent::Kind::timed_out:
            return "timed_out";
        case TransactionEvent::Kind::ack_received:
            return "ack_received";
        case TransactionEvent::Kind::ack_timed_out:
            return "ack_timed_out";
    }
    return "unknown";
}

// ---- client ---------------------------------------------------------------

ClientTransaction::ClientTransaction(Message request, Clock::time_point now, TimerConfig config)
    : request_(std::move(request)), config_(config) {
    check_request(request_);
    state_ = invite() ? TransactionState::calling : TransactionState::trying;
    outbox_.push_back(request_);
    // Timer A / E start at T1 (§17.1.1.2, §17.1.2.2); Timer B / F at 64·T1.
    interval_ = config_.t1;
    retransmit_at_ = now + interval_;
    timeout_at_ = now + 64 * config_.t1;
}

bool ClientTransaction::matches(const Message& response) const {
    return response.is_response() && response.branch() == request_.branch() &&
           response.cseq.method == request_.cseq.method;
}

void ClientTransaction::finish(std::optional<Clock::time_point> end) {
    retransmit_at_.reset();
    timeout_at_.reset();
    end_at_ = end;
    if (!end) state_ = TransactionState::terminated;
}

bool ClientTransaction::handle_response(const Message& response, Clock::time_point now) {
    if (!matches(response)) return false;
    const bool provisional = !is_final(response);
    const bool waiting = state_ == TransactionState::calling ||
                         state_ == TransactionState::trying ||
                         state_ == TransactionState::proceeding;
    if (waiting && provisional) {
        if (invite()) {
            // §17.1.1.2: a provisional response stops Timers A and B.
            retransmit_at_.reset();
            timeout_at_.reset();
        } else if (state_ == TransactionState::trying && retransmit_at_) {
            // §17.1.2.2: in Proceeding, Timer E fires every T2.
            interval_ = config_.t2;
        }
        state_ = TransactionState::proceeding;
        events_.push_back({TransactionEvent::Kind::provisional, response});
        return true;
    }
    if (waiting) {
        events_.push_back({TransactionEvent::Kind::final_response, response});
        if (!invite()) {
            state_ = TransactionState::completed;
            finish(now + config_.t4);  // Timer K (§17.1.2.2)
        } else if (is_2xx(response)) {
            state_ = TransactionState::accepted;
            finish(now + 64 * config_.t1);  // Timer M (RFC 6026 §8.4)
        } else {
            state_ = TransactionState::completed;
            ack_ = ack_for_non_2xx(request_, response);
            outbox_.push_back(*ack_);
            // Timer D: at least 32 s for UDP (§17.1.1.2).
            finish(now + std::max<Clock::duration>(std::chrono::seconds(32), 64 * config_.t1));
        }
        return true;
    }
    if (state_ == TransactionState::completed && invite() && ack_ && !is_2xx(response) &&
        !provisional) {
        outbox_.push_back(*ack_);  // a retransmitted final: ACK it again
    } else if (state_ == TransactionState::accepted && is_2xx(response)) {
        events_.push_back({TransactionEvent::Kind::repeated_2xx, response});
    }
    return true;
}

void ClientTransaction::handle_timeout(Clock::time_point now) {
    if (timeout_at_ && now >= *timeout_at_) {
        // Timer B (Calling only: a provisional cleared it) or Timer F.
        events_.push_back({TransactionEvent::Kind::timed_out, std::nullopt});
        finish(std::nullopt);
        return;
    }
    if (retransmit_at_ && now >= *retransmit_at_) {
        outbox_.push_back(request_);
        ++retransmissions_;
        if (invite()) {
            interval_ *= 2;  // Timer A: no cap (§17.1.1.2)
        } else if (state_ == TransactionState::proceeding) {
            interval_ = config_.t2;
        } else {
            interval_ = std::min<Clock::duration>(2 * interval_, config_.t2);  // Timer E
        }
        retransmit_at_ = now + interval_;
    }
    if (end_at_ && now >= *end_at_) {
        end_at_.reset();
        state_ = TransactionState::terminated;
    }
}

std::optional<Message> ClientTransaction::poll_transmit() {
    return outbox_.pop_front();
}
std::optional<TransactionEvent> ClientTransaction::poll_event() {
    return events_.pop_front();
}
std::optional<Clock::time_point> ClientTransaction::next_deadline() const {
    return earliest({retransmit_at_, timeout_at_, end_at_});
}

// ---- server ---------------------------------------------------------------

ServerTransaction::ServerTransaction(Message request, Clock::time_point, TimerConfig config)
    : request_(std::move(request)), config_(config) {
    check_request(request_);
    state_ = invite() ? TransactionState::proceeding : TransactionState::trying;
}

bool ServerTransaction::matches(const Message& request) const {
    if (!request.is_request() || request.vias.empty()) return false;
    const Via& mine = request_.vias.front();
    const Via& theirs = request.vias.front();
    const bool same_branch =
        theirs.branch() == mine.branch() && theirs.host == mine.host && theirs.port == mine.port;
    if (request.method == "ACK") {
        if (!invite()) return false;
        if (same_branch) return true;
        // §13.3.1.4 / RFC 6026: the ACK for our 2xx is a new transaction of its
        // own; it belongs to this INVITE by dialog and CSeq number.
        return state_ == TransactionState::accepted && last_response_ &&
               request.call_id == request_.call_id && request.from.tag() == request_.from.tag() &&
               request.cseq.number == request_.cseq.number;
    }
    return same_branch && request.method == request_.method;
}

bool ServerTransaction::handle_request(const Message& request, Clock::time_point now) {
    if (!matches(request)) return false;
    if (request.method == "ACK") {
        if (state_ == TransactionState::completed) {
            // §17.2.1: Timer G and H stop; Timer I absorbs further ACKs.
            state_ = TransactionState::confirmed;
            retransmit_at_.reset();
            end_at_ = now + config_.t4;
            events_.push_back({TransactionEvent::Kind::ack_received, request});
        } else if (state_ == TransactionState::accepted && !acked_) {
            // §13.3.1.4: the ACK ends the 2xx retransmissions; Timer L still
            // absorbs INVITE retransmissions.
            acked_ = true;
            retransmit_at_.reset();
            events_.push_back({TransactionEvent::Kind::ack_received, request});
        }
        return true;
    }
    // A retransmitted request: re-send the last response (§17.2.1, §17.2.2).
    // In Accepted the 2xx timer does that already (RFC 6026 §8.7).
    if (last_response_ && state_ != TransactionState::accepted &&
        state_ != TransactionState::confirmed) {
        outbox_.push_back(*last_response_);
    }
    return true;
}

bool ServerTransaction::respond(Message response, Clock::time_point now) {
    const bool open = state_ == TransactionState::trying || state_ == TransactionState::proceeding;
    if (!open || !response.is_response()) return false;
    outbox_.push_back(response);
    last_response_ = response;
    if (!is_final(response)) {
        state_ = TransactionState::proceeding;
        return true;
    }
    if (!invite()) {
        state_ = TransactionState::completed;
        end_at_ = now + 64 * config_.t1;  // Timer J (§17.2.2)
        return true;
    }
    // INVITE: a 2xx is retransmitted by the TU core (§13.3.1.4) and a non-2xx
    // by Timer G (§17.2.1): both from T1 doubling to T2, for 64·T1 (Timer H /
    // the 2xx give-up, then Timer L in RFC 6026).
    state_ = is_2xx(response) ? TransactionState::accepted : TransactionState::completed;
    interval_ = config_.t1;
    if (is_2xx(response) || config_.retransmit_rejections) retransmit_at_ = now + interval_;
    end_at_ = now + 64 * config_.t1;
    return true;
}

void ServerTransaction::handle_timeout(Clock::time_point now) {
    if (end_at_ && now >= *end_at_) {
        const bool unacked = (invite() && state_ == TransactionState::completed) ||
                             (state_ == TransactionState::accepted && !acked_);
        if (unacked) events_.push_back({TransactionEvent::Kind::ack_timed_out, std::nullopt});
        retransmit_at_.reset();
        end_at_.reset();
        state_ = TransactionState::terminated;
        return;
    }
    if (retransmit_at_ && now >= *retransmit_at_ && last_response_) {
        outbox_.push_back(*last_response_);
        ++retransmissions_;
        interval_ = std::min<Clock::duration>(2 * interval_, config_.t2);
        retransmit_at_ = now + interval_;
    }
}

std::optional<Message> ServerTransaction::poll_transmit() {
    return outbox_.pop_front();
}
std::optional<TransactionEvent> ServerTransaction::poll_event() {
    return events_.pop_front();
}
std::optional<Clock::time_point> ServerTransaction::next_deadline() const {
    return earliest({retransmit_at_, end_at_});
}

}  // namespace rtpsec::sip
