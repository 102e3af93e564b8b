// SPDX-License-Identifier: BSD-3-Clause
// SIP transactions over UDP (RFC 3261 §17, with RFC 6026's Accepted state),
// sans-IO: messages and the current time go in; messages to send, events and
// the next deadline come out. No socket, thread, sleep or lock inside.
//
// ClientTransaction: INVITE (§17.1.1: Timer A retransmits from T1 doubling,
// Timer B gives up after 64·T1 unless a provisional response came; a non-2xx
// final is ACKed here, Timer D absorbs its retransmissions; after a 2xx the
// Accepted state passes retransmitted 2xx up for the TU to re-ACK, Timer M)
// and non-INVITE (§17.1.2: Timer E doubling capped at T2, T2 once
// proceeding, Timer F gives up after 64·T1, Timer K).
//
// ServerTransaction: INVITE (§17.2.1 for non-2xx finals: Timer G until the
// ACK, Timer H, Timer I; §13.3.1.4 for the 2xx the TU sends: retransmitted
// from T1 doubling to T2 until the ACK arrives, given up after 64·T1 — the TU
// should then send BYE) and non-INVITE (§17.2.2: Timer J). Request
// retransmissions are answered with the last response sent.
//
// CALLING RULE. After every input — construction, handle_response() /
// handle_request(), respond(), handle_timeout() — drain the output:
//   1. send every message poll_transmit() returns until it returns nullopt;
//   2. handle every event poll_event() returns until it returns nullopt;
//   3. arm one timer for next_deadline() (none if nullopt) and call
//      handle_timeout() when it fires.
// next_deadline() changes only through an input. A transaction in state
// terminated has no deadline and can be dropped.
//
// Matching (§17.1.3, §17.2.3): the caller routes each message to the
// transaction whose matches() accepts it; handle_*() also return false for a
// message that does not belong.
//
// Threading: a transaction is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/output_queue.hpp>
#include <rtpsec/sip/message.hpp>

namespace rtpsec::sip {

using Clock = std::chrono::steady_clock;

// RFC 3261 §17.1.1.1 defaults.
struct RTPSEC_EXPORT TimerConfig {
    std::chrono::milliseconds t1{500};   // RTT estimate
    std::chrono::milliseconds t2{4000};  // longest retransmit interval (non-INVITE, 2xx)
    std::chrono::milliseconds t4{5000};  // longest time a message stays in the network
    // Timer G (§17.2.1): re-send a non-2xx final answer to an INVITE until its
    // ACK. Off, the answer goes out again only when the INVITE does, one for
    // one: a forged Via then never gets 32 s of responses from us.
    bool retransmit_rejections = true;
};

enum class TransactionState {
    calling,     // client INVITE, nothing received yet
    trying,      // client or server non-INVITE, nothing sent/received yet
    proceeding,  // a provisional response was received (client) or sent (server)
    completed,   // a final response (non-2xx for INVITE) was received/sent
    accepted,    // INVITE 2xx received/sent (RFC 6026 §7.1, §8.4)
    confirmed,   // server INVITE: the ACK for the non-2xx final arrived
    terminated,
};
RTPSEC_EXPORT std::string_view transaction_state_name(TransactionState state);

struct RTPSEC_EXPORT TransactionEvent {
    enum class Kind {
        provisional,     // client: a 1xx (message: the response)
        final_response,  // client: the first final response (message: the response)
        repeated_2xx,    // client INVITE: a retransmitted 2xx: re-send the ACK (§13.2.2.4)
        timed_out,       // client: Timer B or F; the request got no answer (act as 408)
        ack_received,    // server INVITE: the ACK (message: the ACK)
        ack_timed_out,   // server INVITE: no ACK within 64·T1 (Timer H, or §13.3.1.4: send BYE)
    };
    Kind kind;
    std::optional<Message> message;
};
RTPSEC_EXPORT std::string_view transaction_event_name(TransactionEvent::Kind kind);

class RTPSEC_EXPORT ClientTransaction {
  public:
    // Sends `request` (an INVITE or any other method but ACK). Throws
    // std::invalid_argument for an ACK or a request without a branch.
    ClientTransaction(Message request, Clock::time_point now, TimerConfig config = {});

    // RFC 3261 §17.1.3: same topmost branch and CSeq method.
    bool matches(const Message& response) const;
    bool handle_response(const Message& response, Clock::time_point now);
    void handle_timeout(Clock::time_point now);

    std::optional<Message> poll_transmit();
    std::optional<TransactionEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    TransactionState state() const { return state_; }
    const Message& request() const { return request_; }
    // Requests re-sent by Timer A or E.
    std::uint32_t retransmissions() const { return retransmissions_; }

  private:
    bool invite() const { return request_.method == "INVITE"; }
    void finish(std::optional<Clock::time_point> end);

    Message request_;
    TimerConfig config_;
    TransactionState state_;
    std::optional<Clock::time_point> retransmit_at_;  // Timer A / E
    Clock::duration interval_{};
    std::optional<Clock::time_point> timeout_at_;  // Timer B / F
    std::optional<Clock::time_point> end_at_;      // Timer D / K / M
    std::optional<Message> ack_;                   // for a non-2xx final (§17.1.1.3)
    OutputQueue<Message> outbox_;
    OutputQueue<TransactionEvent> events_;
    std::uint32_t retransmissions_ = 0;
};

class RTPSEC_EXPORT ServerTransaction {
  public:
    // Created when a request that matches no transaction arrives (not an ACK:
    // an ACK is either matched here or handed to the dialog). Throws
    // std::invalid_argument for an ACK or a request without a branch.
    ServerTransaction(Message request, Clock::time_point now, TimerConfig config = {});

    // RFC 3261 §17.2.3: same topmost branch and sent-by, same method (an ACK
    // matches the INVITE); and an ACK for our 2xx, which has its own branch:
    // same Call-ID, From tag and CSeq number (§13.3.1.4).
    bool matches(const Message& request) const;
    bool handle_request(const Message& request, Clock::time_point now);
    // Sends a response built for request(). Returns false (and sends nothing)
    // when the state allows no response: after a final one.
    bool respond(Message response, Clock::time_point now);
    void handle_timeout(Clock::time_point now);

    std::optional<Message> poll_transmit();
    std::optional<TransactionEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    TransactionState state() const { return state_; }
    const Message& request() const { return request_; }
    // Responses re-sent by Timer G or the 2xx retransmission.
    std::uint32_t retransmissions() const { return retransmissions_; }

  private:
    bool invite() const { return request_.method == "INVITE"; }

    Message request_;
    TimerConfig config_;
    TransactionState state_;
    std::optional<Message> last_response_;
    bool acked_ = false;
    std::optional<Clock::time_point> retransmit_at_;  // Timer G / 2xx retransmission
    Clock::duration interval_{};
    std::optional<Clock::time_point> end_at_;  // Timer H / I / J / L
    OutputQueue<Message> outbox_;
    OutputQueue<TransactionEvent> events_;
    std::uint32_t retransmissions_ = 0;
};

}  // namespace rtpsec::sip
