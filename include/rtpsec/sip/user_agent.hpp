// SPDX-License-Identifier: BSD-3-Clause
// UserAgent: a SIP user agent for one call at a time over UDP (RFC 3261),
// sans-IO: datagrams and the current time go in; datagrams to send, events
// and the next deadline come out. No socket, thread, sleep or lock inside.
//
// As caller: INVITE with the SDP offer (Timers A/B), 1xx, 2xx -> ACK (re-sent
// for every retransmitted 2xx, RFC 6026), BYE; CANCEL when hung up before the
// answer (§9.1, after a provisional response), and ACK + BYE if a 2xx crosses
// the CANCEL. As callee: 100 Trying, IncomingCall, then accept() (180 + 200
// with the answer, retransmitted until the ACK, §13.3.1.4) or reject() (e.g.
// 488 with a Warning, §13.3.1.3); CANCEL -> 200 + 487 (§9.2); no ACK within
// 64·T1 -> BYE (§13.3.1.4). Either side: BYE -> 200; OPTIONS -> 200 with
// Allow; a re-INVITE in the dialog -> ReOffer for the application to answer;
// a request for no dialog -> 481 (§12.2.2); a new INVITE while busy -> 486;
// other methods -> 405 with Allow. Requests that asked for rport get
// received/rport and their responses go to the source address (RFC 3581).
// Requests in the dialog go to the remote target's address (its Contact).
//
// Malformed datagrams and stray responses are counted and dropped. State is
// bounded: at most max_transactions transactions at once; requests beyond
// that are dropped (UDP: the sender retransmits).
//
// CALLING RULE. After every input — construction, call(), accept(),
// reject(), hang_up(), handle_datagram(), handle_timeout() — send every
// datagram poll_transmit() returns, handle every event poll_event() returns
// (an event handler may call accept/reject/hang_up: drain again), then arm
// one timer for next_deadline().
//
// Threading: one thread (or strand) at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/output_queue.hpp>
#include <rtpsec/sip/address.hpp>
#include <rtpsec/sip/builder.hpp>
#include <rtpsec/sip/message.hpp>
#include <rtpsec/sip/source_rate_limiter.hpp>
#include <rtpsec/sip/transaction.hpp>

namespace rtpsec::sip {

struct RTPSEC_EXPORT UserAgentConfig {
    std::string user = "rtpsec";  // user part of our URIs
    Address local;                // our advertised address: Via sent-by, Contact, From host
    std::string display_name;     // optional
    // Timer G off: a rejection is re-sent only when its INVITE is.
    TimerConfig timers{.retransmit_rejections = false};
    std::string user_agent;  // User-Agent header value; empty: none
    // Server INVITE transactions and our own client transactions. Every other
    // request (OPTIONS, CANCEL, BYE, strays) is answered without one, as a
    // stateless UAS (RFC 3261 §8.2.7), so strangers cannot fill the table.
    std::size_t max_transactions = 32;
    // Requests outside our dialog that one source host may make us answer.
    double requests_per_second_per_source = 10;
    double request_burst_per_source = 20;
    std::size_t max_tracked_sources = 256;
};

struct RTPSEC_EXPORT OutgoingDatagram {
    Address to;
    std::string bytes;
};

namespace ua_event {
// Callee: an INVITE with an offer; answer with accept() or reject().
struct RTPSEC_EXPORT IncomingCall {
    std::string from_uri;
    std::string offer_sdp;
};
// Caller: a provisional response other than 100 (180, 183).
struct RTPSEC_EXPORT Ringing {
    int status;
};
// Caller: the 2xx with the answer; the ACK has been sent.
struct RTPSEC_EXPORT Answered {
    std::string answer_sdp;
};
// Callee: our 2xx was ACKed.
struct Established {};
// A re-INVITE in the dialog; answer with accept() or reject().
struct RTPSEC_EXPORT ReOffer {
    std::string offer_sdp;
};
// The call was not set up. Caller: a non-2xx final, 408 (Timer B), 487 after
// our CANCEL. Callee: the caller's CANCEL (487), or our 2xx never ACKed (408).
struct RTPSEC_EXPORT CallFailed {
    int status;
    std::string reason;
};
// An established call ended by BYE: ours (status: the final response to it,
// 408 when none came) or the peer's (we answered 200).
struct RTPSEC_EXPORT CallEnded {
    enum class By { local, remote } by;
    int status;
};
}  // namespace ua_event

using UserAgentEvent = std::variant<ua_event::IncomingCall, ua_event::Ringing, ua_event::Answered,
                                    ua_event::Established, ua_event::ReOffer, ua_event::CallFailed,
                                    ua_event::CallEnded>;

enum class CallState {
    idle,         // no call (yet): a callee waits for an INVITE
    calling,      // caller: INVITE sent, no final response
    incoming,     // callee: IncomingCall raised, not answered yet
    established,  // 2xx sent or received
    terminating,  // our BYE or CANCEL is out
    ended,
};
RTPSEC_EXPORT std::string_view call_state_name(CallState state);

struct RTPSEC_EXPORT UserAgentStats {
    std::uint64_t requests_received = 0;
    std::uint64_t responses_received = 0;
    std::uint64_t malformed_dropped = 0;   // not SIP parse_message() accepts
    std::uint64_t unmatched_dropped = 0;   // responses (or ACKs) of no transaction
    std::uint64_t refused_overloaded = 0;  // requests beyond max_transactions
    std::uint64_t unsendable_dropped = 0;  // messages that would not print as readable SIP
    std::uint64_t retransmissions_sent = 0;
    std::uint64_t options_answered = 0;
    std::uint64_t rejected_481 = 0;
    std::uint64_t rejected_486 = 0;
    std::uint64_t rejected_other = 0;  // 405, 488 (ours), 491, 500
    std::uint64_t rate_limited = 0;    // dropped: their source host sent too many
    // Transactions of INVITEs we refused, dropped to make room for a new one.
    std::uint64_t refused_transactions_evicted = 0;
};

class RTPSEC_EXPORT UserAgent {
  public:
    using Clock = sip::Clock;

    UserAgent(UserAgentConfig config, Clock::time_point now);

    // Caller: INVITE with `offer_sdp` to `target_uri`, sent to `next_hop`.
    void call(std::string target_uri, Address next_hop, std::string offer_sdp,
              Clock::time_point now);
    // Answers the pending IncomingCall or ReOffer: 200 OK with `answer_sdp`
    // (after a 180 for a new call).
    void accept(std::string answer_sdp, Clock::time_point now);
    // Refuses the pending IncomingCall or ReOffer with a final `status`
    // (4xx-6xx); a non-empty `warning_text` goes in a Warning: 399 header. A
    // refused new call leaves the agent idle, ready for another INVITE.
    void reject(int status, std::string warning_text, Clock::time_point now);
    // Ends the call: CANCEL before the answer (caller), 603 for an unanswered
    // incoming call, BYE once established; nothing when there is no call.
    void hang_up(Clock::time_point now);

    void handle_datagram(const Address& from, std::span<const std::byte> datagram,
                         Clock::time_point now);
    void handle_timeout(Clock::time_point now);

    std::optional<OutgoingDatagram> poll_transmit();
    std::optional<UserAgentEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    CallState state() const { return state_; }
    // The final status of the call's INVITE: received (caller) or sent (callee).
    std::optional<int> final_status() const { return final_status_; }
    const UserAgentStats& stats() const;

  private:
    struct Client {
        ClientTransaction transaction;
        Address to;
    };
    struct Server {
        ServerTransaction transaction;
        Address reply_to;
    };

    void send(const Message& message, const Address& to);
    void handle_request(Message request, const Address& from, Clock::time_point now);
    void handle_response(const Message& response, Clock::time_point now);
    void handle_invite(Message request, const Address& reply_to, Clock::time_point now);
    void handle_cancel(const Message& request, const Address& reply_to, Clock::time_point now);
    void handle_bye(const Message& request, const Address& reply_to);
    void handle_ack(const Message& request, Clock::time_point now);
    // Answers `request` without a transaction (RFC 3261 §8.2.7): a
    // retransmission of it is answered again when it comes.
    void respond_statelessly(const Address& reply_to, const Message& response);
    Server* new_server(const Message& request, const Address& reply_to, Clock::time_point now);
    void on_client_event(Client& client, TransactionEvent& event, Clock::time_point now);
    void on_server_event(Server& server, TransactionEvent& event, Clock::time_point now);
    void on_invite_final(const Message& response, Clock::time_point now);
    void send_bye(Clock::time_point now);
    void send_cancel(Clock::time_point now);
    bool in_dialog(const Message& request) const;
    Address dialog_destination() const;
    std::string contact_uri() const;
    std::string local_uri() const;
    // Runs the transactions' outputs and events; drops terminated ones.
    void pump(Clock::time_point now);

    UserAgentConfig config_;
    CallState state_ = CallState::idle;
    std::list<Client> clients_;
    std::list<Server> servers_;
    Client* invite_client_ = nullptr;   // our INVITE
    Server* pending_invite_ = nullptr;  // the INVITE (or re-INVITE) awaiting accept/reject
    Server* call_invite_ = nullptr;     // the call's INVITE we answered with 2xx, until ACKed
    Client* bye_client_ = nullptr;
    std::optional<Message> invite_;  // ours, as caller
    std::optional<Message> ack_;     // for the 2xx, re-sent on each retransmission
    std::optional<Dialog> dialog_;
    Address next_hop_;  // caller: where the INVITE went; callee: where it came from
    std::string local_tag_;
    std::optional<int> final_status_;
    bool provisional_seen_ = false;
    bool cancel_wanted_ = false;  // hung up before a provisional response
    bool bye_wanted_ = false;     // hung up (callee) before the ACK of our 2xx
    bool acked_ = false;
    OutputQueue<OutgoingDatagram> outbox_;
    OutputQueue<UserAgentEvent> events_;
    SourceRateLimiter limiter_;
    mutable UserAgentStats stats_;
    std::uint64_t retransmissions_of_finished_ = 0;
};

}  // namespace rtpsec::sip
