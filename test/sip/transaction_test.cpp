// SPDX-License-Identifier: BSD-3-Clause
// Transaction timers on simulated time (RFC 3261 §17, §13.3.1.4): the test
// is the network, and drives each transaction exactly as the calling rule
// says — drain the output, then jump to next_deadline().
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include <rtpsec/sip/builder.hpp>
#include <rtpsec/sip/transaction.hpp>

using namespace rtpsec::sip;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0{};

double seconds(Clock::time_point t) {
    return std::chrono::duration<double>(t - t0).count();
}

RequestOptions alice() {
    RequestOptions o;
    o.request_uri = "sip:bob@192.0.2.2:5060";
    o.from_uri = "sip:alice@192.0.2.1:5070";
    o.via_host = "192.0.2.1";
    o.via_port = 5070;
    return o;
}

struct Sent {
    double at;
    Message message;
};

// Drains one transaction's output at `now`.
template <typename Transaction>
void drain(Transaction& t, Clock::time_point now, std::vector<Sent>& sent,
           std::vector<TransactionEvent>& events) {
    while (auto m = t.poll_transmit())
        sent.push_back({seconds(now), std::move(*m)});
    while (auto e = t.poll_event())
        events.push_back(std::move(*e));
}

// Lets time pass with nothing arriving until `until` (or no deadline is left).
template <typename Transaction>
Clock::time_point run_until(Transaction& t, Clock::time_point now, Clock::time_point until,
                            std::vector<Sent>& sent, std::vector<TransactionEvent>& events) {
    drain(t, now, sent, events);
    while (auto deadline = t.next_deadline()) {
        if (*deadline > until) break;
        now = *deadline;
        t.handle_timeout(now);
        drain(t, now, sent, events);
    }
    return now;
}

std::vector<double> times(const std::vector<Sent>& sent) {
    std::vector<double> out;
    for (const auto& s : sent)
        out.push_back(s.at);
    return out;
}

}  // namespace

TEST_CASE("a lost INVITE is retransmitted at 0.5, 1.5, 3.5 s ... and Timer B fires at 32 s",
          "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ClientTransaction t(invite, t0);
    CHECK(t.state() == TransactionState::calling);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    run_until(t, t0, t0 + 1h, sent, events);

    CHECK(times(sent) == std::vector<double>{0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5});
    for (const auto& s : sent)
        CHECK(s.message == invite);
    CHECK(t.retransmissions() == 6);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::timed_out);
    CHECK(t.state() == TransactionState::terminated);
    CHECK(!t.next_deadline());
}

TEST_CASE("a provisional response stops INVITE retransmission and Timer B", "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ClientTransaction t(invite, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    auto now = run_until(t, t0, t0 + 2s, sent, events);
    CHECK(times(sent) == std::vector<double>{0, 0.5, 1.5});

    now = t0 + 2s;
    REQUIRE(t.handle_response(make_trying(invite), now));
    drain(t, now, sent, events);
    CHECK(t.state() == TransactionState::proceeding);
    CHECK(!t.next_deadline());
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::provisional);

    // A 200 OK a minute later still completes the call.
    now = t0 + 60s;
    const Message ok = make_ok_with_sdp(invite, "b", "sip:bob@192.0.2.2", "v=0\r\n");
    REQUIRE(t.handle_response(ok, now));
    drain(t, now, sent, events);
    CHECK(sent.size() == 3);  // the TU sends the ACK for a 2xx, not the transaction
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == TransactionEvent::Kind::final_response);
    CHECK(events[1].message->status_code == 200);
    CHECK(t.state() == TransactionState::accepted);

    // A retransmitted 2xx goes up again so the TU re-sends its ACK (§13.2.2.4).
    REQUIRE(t.handle_response(ok, now + 500ms));
    drain(t, now, sent, events);
    REQUIRE(events.size() == 3);
    CHECK(events[2].kind == TransactionEvent::Kind::repeated_2xx);
    run_until(t, now, now + 1h, sent, events);
    CHECK(t.state() == TransactionState::terminated);
    CHECK(seconds(now) == 60);
}

TEST_CASE("a non-2xx final to an INVITE is ACKed by the transaction with its branch",
          "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ClientTransaction t(invite, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    drain(t, t0, sent, events);
    ResponseOptions o;
    o.to_tag = "b";
    const Message busy = make_response(invite, 486, o);
    REQUIRE(t.handle_response(busy, t0 + 100ms));
    drain(t, t0 + 100ms, sent, events);
    REQUIRE(sent.size() == 2);
    const Message& ack = sent[1].message;
    CHECK(ack.method == "ACK");
    CHECK(ack.branch() == invite.branch());
    CHECK(ack.to.tag() == "b");
    CHECK(ack.cseq == CSeq{invite.cseq.number, "ACK"});
    CHECK(t.state() == TransactionState::completed);

    // The 486 again (our ACK was lost): ACK again, no second event.
    REQUIRE(t.handle_response(busy, t0 + 600ms));
    drain(t, t0 + 600ms, sent, events);
    CHECK(sent.size() == 3);
    CHECK(events.size() == 1);
    // Timer D: 32 s.
    REQUIRE(t.next_deadline());
    CHECK(seconds(*t.next_deadline()) == Approx(32.1));
}

TEST_CASE("responses of another transaction do not match", "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ClientTransaction t(invite, t0);
    Message other = make_trying(invite);
    set_param(other.vias[0].params, "branch", "z9hG4bKother");
    CHECK(!t.handle_response(other, t0));
    Message wrong_method = make_trying(invite);
    wrong_method.cseq.method = "CANCEL";
    CHECK(!t.handle_response(wrong_method, t0));
    CHECK(t.state() == TransactionState::calling);
}

TEST_CASE("non-INVITE retransmission doubles to a 4 s cap and Timer F fires at 32 s",
          "[sip][transaction]") {
    const Message options = make_options(alice());
    ClientTransaction t(options, t0);
    CHECK(t.state() == TransactionState::trying);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    run_until(t, t0, t0 + 1h, sent, events);
    CHECK(times(sent) ==
          std::vector<double>{0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5});
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::timed_out);
    CHECK(t.state() == TransactionState::terminated);
}

TEST_CASE("a BYE that got a provisional is re-sent every T2 until its final",
          "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    Dialog dialog =
        dialog_as_caller(invite, make_ok_with_sdp(invite, "b", "sip:bob@192.0.2.2", "v=0\r\n"));
    const Message bye = make_bye(dialog);
    ClientTransaction t(bye, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    drain(t, t0, sent, events);
    REQUIRE(t.handle_response(make_response(bye, 100), t0 + 100ms));
    run_until(t, t0 + 100ms, t0 + 13s, sent, events);
    CHECK(times(sent) == std::vector<double>{0, 0.5, 4.5, 8.5, 12.5});

    const auto now = t0 + 13s;
    REQUIRE(t.handle_response(make_ok(bye, "b"), now));
    drain(t, now, sent, events);
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == TransactionEvent::Kind::final_response);
    CHECK(t.state() == TransactionState::completed);
    REQUIRE(t.next_deadline());
    CHECK(seconds(*t.next_deadline()) == Approx(18.0));  // Timer K = T4
    run_until(t, now, now + 1h, sent, events);
    CHECK(t.state() == TransactionState::terminated);
    CHECK(sent.size() == 5);
}

TEST_CASE("200 OK to INVITE is retransmitted (T1 doubling to T2) until the ACK",
          "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ServerTransaction t(invite, t0);
    CHECK(t.state() == TransactionState::proceeding);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    REQUIRE(t.respond(make_trying(invite), t0));
    const Message ok = make_ok_with_sdp(invite, "b", "sip:bob@192.0.2.2", "v=0\r\n");
    REQUIRE(t.respond(ok, t0));
    CHECK(t.state() == TransactionState::accepted);
    auto now = run_until(t, t0, t0 + 10s, sent, events);
    CHECK(times(sent) == std::vector<double>{0, 0, 0.5, 1.5, 3.5, 7.5});
    CHECK(sent.back().message == ok);

    // A retransmitted INVITE is absorbed: the 2xx timer re-sends already.
    CHECK(t.handle_request(invite, now));
    drain(t, now, sent, events);
    CHECK(sent.size() == 6);

    now = t0 + 10s;
    const Message ack = make_ack(invite, ok);
    REQUIRE(t.matches(ack));
    REQUIRE(t.handle_request(ack, now));
    drain(t, now, sent, events);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::ack_received);
    CHECK(events[0].message == ack);
    // No more 2xx after the ACK; a duplicate ACK is absorbed; Timer L ends it.
    CHECK(t.handle_request(ack, now));
    run_until(t, now, now + 1h, sent, events);
    CHECK(sent.size() == 6);
    CHECK(events.size() == 1);
    CHECK(t.state() == TransactionState::terminated);
}

TEST_CASE("a 200 OK never ACKed is given up after 64*T1 (send BYE)", "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ServerTransaction t(invite, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    REQUIRE(t.respond(make_ok_with_sdp(invite, "b", "sip:bob@192.0.2.2", "v=0\r\n"), t0));
    run_until(t, t0, t0 + 1h, sent, events);
    CHECK(times(sent) ==
          std::vector<double>{0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5});
    CHECK(t.retransmissions() == 10);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::ack_timed_out);
    CHECK(t.state() == TransactionState::terminated);
}

TEST_CASE("a 488 is retransmitted by Timer G until its ACK, then Timer I", "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ServerTransaction t(invite, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    const Message rejected =
        make_not_acceptable_here(invite, "b", {302, "192.0.2.2", "DTLS-SRTP required"});
    REQUIRE(t.respond(rejected, t0));
    CHECK(t.state() == TransactionState::completed);
    CHECK(!t.respond(make_ok(invite, "b"), t0));  // no second final
    auto now = run_until(t, t0, t0 + 2s, sent, events);
    CHECK(times(sent) == std::vector<double>{0, 0.5, 1.5});

    // The client transaction's ACK: same branch.
    ClientTransaction client(invite, t0);
    REQUIRE(client.handle_response(rejected, now));
    client.poll_transmit();
    const auto ack = client.poll_transmit();
    REQUIRE(ack);
    REQUIRE(t.handle_request(*ack, now));
    drain(t, now, sent, events);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::ack_received);
    CHECK(t.state() == TransactionState::confirmed);
    REQUIRE(t.next_deadline());
    CHECK(seconds(*t.next_deadline()) == Approx(6.5));  // Timer I = T4
    run_until(t, now, now + 1h, sent, events);
    CHECK(sent.size() == 3);
    CHECK(t.state() == TransactionState::terminated);
}

TEST_CASE("a 488 never ACKed ends with Timer H at 32 s", "[sip][transaction]") {
    const Message invite = make_invite(alice(), "v=0\r\n");
    ServerTransaction t(invite, t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    REQUIRE(t.respond(make_response(invite, 488), t0));
    run_until(t, t0, t0 + 1h, sent, events);
    CHECK(sent.size() == 11);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == TransactionEvent::Kind::ack_timed_out);
    CHECK(sent.back().at == 31.5);
}

TEST_CASE("a retransmitted non-INVITE request gets the last response again", "[sip][transaction]") {
    const Message options = make_options(alice());
    ServerTransaction t(options, t0);
    CHECK(t.state() == TransactionState::trying);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    CHECK(t.handle_request(options, t0));  // nothing to repeat yet
    drain(t, t0, sent, events);
    CHECK(sent.empty());
    const Message ok = make_ok(options, "b");
    REQUIRE(t.respond(ok, t0));
    CHECK(t.handle_request(options, t0 + 1s));
    drain(t, t0 + 1s, sent, events);
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].message == ok);
    CHECK(!t.handle_request(make_options(alice()), t0 + 1s));  // another branch
    REQUIRE(t.next_deadline());
    CHECK(seconds(*t.next_deadline()) == Approx(32.0));  // Timer J
    run_until(t, t0 + 1s, t0 + 1h, sent, events);
    CHECK(t.state() == TransactionState::terminated);
    CHECK(events.empty());
}

TEST_CASE("a late wake-up sends one retransmission, not a burst", "[sip][transaction]") {
    ClientTransaction t(make_options(alice()), t0);
    std::vector<Sent> sent;
    std::vector<TransactionEvent> events;
    drain(t, t0, sent, events);
    t.handle_timeout(t0 + 10s);
    drain(t, t0 + 10s, sent, events);
    CHECK(sent.size() == 2);
    REQUIRE(t.next_deadline());
    CHECK(*t.next_deadline() > t0 + 10s);
}
