// SPDX-License-Identifier: BSD-3-Clause
// The SIP user agent against another one and against scripted peers, on
// simulated time: every datagram is moved by the test, which can lose,
// duplicate or forge any of them.
#include <catch2/catch.hpp>
#include <functional>
#include <map>

#include <rtpsec/sip/user_agent.hpp>

using namespace rtpsec::sip;
using namespace std::chrono_literals;

namespace {

const Address address_a{"127.0.0.1", 5060};
const Address address_b{"127.0.0.1", 5062};
const std::string offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n";
const std::string answer = "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\n";

UserAgentConfig config(const Address& local, std::string user) {
    UserAgentConfig c;
    c.user = std::move(user);
    c.local = local;
    return c;
}

std::string first_line(const std::string& datagram) {
    return datagram.substr(0, datagram.find("\r\n"));
}

std::span<const std::byte> bytes(const std::string& text) {
    return std::as_bytes(std::span<const char>(text.data(), text.size()));
}

// One side of the test network: its agent and what it sent and raised.
struct Side {
    Side(const Address& local, std::string user, Clock::time_point now)
        : address(local), agent(config(local, std::move(user)), now) {}
    Address address;
    UserAgent agent;
    std::vector<OutgoingDatagram> sent;
    std::vector<UserAgentEvent> events;
    std::function<void(UserAgentEvent&)> on_event;

    template <typename E>
    const E* find() const {
        for (const auto& e : events) {
            if (const auto* found = std::get_if<E>(&e)) return found;
        }
        return nullptr;
    }
    std::size_t count_sent(const std::string& start) const {
        std::size_t n = 0;
        for (const auto& d : sent)
            n += first_line(d.bytes).starts_with(start) ? 1 : 0;
        return n;
    }
    const OutgoingDatagram* last_sent(const std::string& start) const {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
            if (first_line(it->bytes).starts_with(start)) return &*it;
        }
        return nullptr;
    }
};

// Two agents joined by a link the test controls.
struct Network {
    Clock::time_point now = Clock::time_point{} + 1h;
    Side a{address_a, "alice", now};
    Side b{address_b, "bob", now};
    // Returns false to lose the datagram.
    std::function<bool(const OutgoingDatagram&)> deliver_if = [](const OutgoingDatagram&) {
        return true;
    };

    Side* side_at(const Address& address) {
        if (address == a.address) return &a;
        if (address == b.address) return &b;
        return nullptr;
    }

    // Moves datagrams and events until nothing is left to do.
    void settle() {
        for (int round = 0; round < 1000; ++round) {
            bool progressed = false;
            for (Side* from : {&a, &b}) {
                while (auto event = from->agent.poll_event()) {
                    from->events.push_back(*event);
                    if (from->on_event) from->on_event(*event);
                    progressed = true;
                }
                while (auto datagram = from->agent.poll_transmit()) {
                    from->sent.push_back(*datagram);
                    progressed = true;
                    Side* to = side_at(datagram->to);
                    if (to && deliver_if(*datagram))
                        to->agent.handle_datagram(from->address, bytes(datagram->bytes), now);
                }
            }
            if (!progressed) return;
        }
        FAIL("the agents never settled");
    }

    // Runs every timer due until `until`, in order.
    void run_for(Clock::duration span) {
        const auto until = now + span;
        settle();
        for (;;) {
            std::optional<Clock::time_point> next;
            for (Side* side : {&a, &b}) {
                const auto d = side->agent.next_deadline();
                if (d && (!next || *d < *next)) next = d;
            }
            if (!next || *next > until) break;
            now = std::max(now, *next);
            for (Side* side : {&a, &b})
                side->agent.handle_timeout(now);
            settle();
        }
        now = until;
    }

    void call() {
        a.agent.call("sip:bob@127.0.0.1:5062", address_b, offer, now);
        settle();
    }
};

void auto_answer(Network& net) {
    net.b.on_event = [&net](UserAgentEvent& e) {
        if (std::holds_alternative<ua_event::IncomingCall>(e) ||
            std::holds_alternative<ua_event::ReOffer>(e)) {
            net.b.agent.accept(answer, net.now);
        }
    };
}

bool is_request(const OutgoingDatagram& d, const std::string& method) {
    return first_line(d.bytes).starts_with(method + " ");
}
bool is_response(const OutgoingDatagram& d, int status) {
    return first_line(d.bytes).starts_with("SIP/2.0 " + std::to_string(status));
}

// A request from a scripted peer at 127.0.0.1:`port`.
std::string scripted_request(const std::string& method, std::uint16_t port,
                             const std::string& call_id, const std::string& to_tag = "",
                             int cseq = 1, const std::string& body = "") {
    const std::string me = "127.0.0.1:" + std::to_string(port);
    std::string text = method + " sip:bob@127.0.0.1:5062 SIP/2.0\r\n" + "Via: SIP/2.0/UDP " + me +
                       ";branch=z9hG4bK-" + method + std::to_string(cseq) + call_id + ";rport\r\n" +
                       "Max-Forwards: 70\r\nFrom: <sip:eve@" + me + ">;tag=eve-tag\r\n" +
                       "To: <sip:bob@127.0.0.1:5062>" + (to_tag.empty() ? "" : ";tag=" + to_tag) +
                       "\r\nCall-ID: " + call_id + "\r\nCSeq: " + std::to_string(cseq) + " " +
                       method + "\r\nContact: <sip:eve@" + me + ">\r\n";
    if (!body.empty()) text += "Content-Type: application/sdp\r\n";
    return text + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("a call: INVITE, 100, 180, 200 with the answer, ACK, then BYE from the caller") {
    Network net;
    auto_answer(net);
    net.call();
    REQUIRE(net.b.find<ua_event::IncomingCall>());
    CHECK(net.b.find<ua_event::IncomingCall>()->offer_sdp == offer);
    CHECK(net.b.find<ua_event::IncomingCall>()->from_uri == "sip:alice@127.0.0.1:5060");
    REQUIRE(net.a.find<ua_event::Answered>());
    CHECK(net.a.find<ua_event::Answered>()->answer_sdp == answer);
    CHECK(net.a.find<ua_event::Ringing>()->status == 180);
    CHECK(net.b.find<ua_event::Established>());
    CHECK(net.a.agent.state() == CallState::established);
    CHECK(net.b.agent.state() == CallState::established);
    CHECK(net.b.count_sent("SIP/2.0 100") == 1);
    CHECK(net.b.count_sent("SIP/2.0 180") == 1);
    CHECK(net.b.count_sent("SIP/2.0 200") == 1);
    CHECK(net.a.count_sent("ACK ") == 1);

    net.a.agent.hang_up(net.now);
    net.settle();
    CHECK(net.a.count_sent("BYE ") == 1);
    REQUIRE(net.b.find<ua_event::CallEnded>());
    CHECK(net.b.find<ua_event::CallEnded>()->by == ua_event::CallEnded::By::remote);
    REQUIRE(net.a.find<ua_event::CallEnded>());
    CHECK(net.a.find<ua_event::CallEnded>()->by == ua_event::CallEnded::By::local);
    CHECK(net.a.find<ua_event::CallEnded>()->status == 200);
    CHECK(net.a.agent.final_status() == 200);
    CHECK(net.a.agent.state() == CallState::ended);
    CHECK(net.b.agent.state() == CallState::ended);
    // Everything goes quiet: no transaction outlives its timers.
    net.run_for(40s);
    CHECK(!net.a.agent.next_deadline());
    CHECK(!net.b.agent.next_deadline());
}

TEST_CASE("the callee hangs up: its BYE reaches the caller through the caller's Contact") {
    Network net;
    auto_answer(net);
    net.call();
    net.b.agent.hang_up(net.now);
    net.settle();
    REQUIRE(net.b.last_sent("BYE "));
    CHECK(net.b.last_sent("BYE ")->to == address_a);
    REQUIRE(net.a.find<ua_event::CallEnded>());
    CHECK(net.a.find<ua_event::CallEnded>()->by == ua_event::CallEnded::By::remote);
    CHECK(net.b.find<ua_event::CallEnded>()->status == 200);
}

TEST_CASE("a lost INVITE is retransmitted by Timer A and the call still gets through") {
    Network net;
    auto_answer(net);
    int invites = 0;
    net.deliver_if = [&](const OutgoingDatagram& d) {
        return !(is_request(d, "INVITE") && invites++ == 0);
    };
    net.call();
    CHECK(!net.b.find<ua_event::IncomingCall>());
    net.run_for(600ms);
    CHECK(net.a.count_sent("INVITE ") == 2);
    CHECK(net.a.find<ua_event::Answered>());
    CHECK(net.a.agent.stats().retransmissions_sent == 1);
}

TEST_CASE("an INVITE nobody answers fails with 408 after Timer B (64·T1)") {
    Network net;
    net.deliver_if = [](const OutgoingDatagram&) { return false; };
    net.call();
    net.run_for(31s);
    CHECK(!net.a.find<ua_event::CallFailed>());
    net.run_for(2s);
    REQUIRE(net.a.find<ua_event::CallFailed>());
    CHECK(net.a.find<ua_event::CallFailed>()->status == 408);
    CHECK(net.a.agent.final_status() == 408);
    // Sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s.
    CHECK(net.a.count_sent("INVITE ") == 7);
}

TEST_CASE("a lost 200 OK is retransmitted until the ACK; a repeated 2xx is ACKed again") {
    Network net;
    auto_answer(net);
    int oks = 0;
    net.deliver_if = [&](const OutgoingDatagram& d) {
        return !(is_response(d, 200) && d.bytes.find("INVITE") != std::string::npos && oks++ < 2);
    };
    net.call();
    CHECK(!net.a.find<ua_event::Answered>());
    net.run_for(2s);
    CHECK(net.b.count_sent("SIP/2.0 200") == 3);  // at 0, 0.5 and 1.5 s
    REQUIRE(net.a.find<ua_event::Answered>());
    CHECK(net.b.find<ua_event::Established>());
    // The 2xx arriving once more (a late duplicate) gets the same ACK again.
    const auto ok = net.b.last_sent("SIP/2.0 200")->bytes;
    net.a.agent.handle_datagram(address_b, bytes(ok), net.now);
    net.settle();
    CHECK(net.a.count_sent("ACK ") == 2);
    CHECK(net.a.sent.back().bytes == net.a.last_sent("ACK ")->bytes);
    std::size_t answered = 0;
    for (const auto& e : net.a.events)
        answered += std::holds_alternative<ua_event::Answered>(e) ? 1 : 0;
    CHECK(answered == 1);
}

TEST_CASE("a 200 OK never ACKed: retransmitted, then BYE and 408 after 64·T1") {
    Network net;
    auto_answer(net);
    net.deliver_if = [](const OutgoingDatagram& d) { return !is_request(d, "ACK"); };
    net.call();
    net.run_for(31s);
    CHECK(!net.b.find<ua_event::CallFailed>());
    CHECK(net.b.count_sent("SIP/2.0 200") >= 8);
    net.run_for(2s);
    REQUIRE(net.b.find<ua_event::CallFailed>());
    CHECK(net.b.find<ua_event::CallFailed>()->status == 408);
    CHECK(net.b.count_sent("BYE ") == 1);
    CHECK(net.a.find<ua_event::CallEnded>());
}

TEST_CASE("CANCEL before the answer: 200 for the CANCEL, 487 for the INVITE, both sides told") {
    Network net;  // b does not answer
    net.call();
    REQUIRE(net.b.find<ua_event::IncomingCall>());
    CHECK(net.a.agent.state() == CallState::calling);
    net.a.agent.hang_up(net.now);
    net.settle();
    CHECK(net.a.count_sent("CANCEL ") == 1);
    CHECK(net.b.count_sent("SIP/2.0 200") == 1);
    CHECK(net.b.count_sent("SIP/2.0 487") == 1);
    REQUIRE(net.a.find<ua_event::CallFailed>());
    CHECK(net.a.find<ua_event::CallFailed>()->status == 487);
    REQUIRE(net.b.find<ua_event::CallFailed>());
    CHECK(net.b.find<ua_event::CallFailed>()->status == 487);
    CHECK(net.a.count_sent("ACK ") == 1);  // the INVITE transaction ACKs the 487
    CHECK(net.b.agent.final_status() == 487);
}

TEST_CASE("hanging up before any provisional response waits for one to CANCEL (RFC 3261 §9.1)") {
    Network net;
    bool hold = true;
    net.deliver_if = [&](const OutgoingDatagram& d) { return !(hold && is_request(d, "INVITE")); };
    net.call();
    net.a.agent.hang_up(net.now);
    net.settle();
    CHECK(net.a.count_sent("CANCEL ") == 0);
    hold = false;
    net.run_for(600ms);  // the retransmitted INVITE gets its 100 Trying
    CHECK(net.a.count_sent("CANCEL ") == 1);
    CHECK(net.a.find<ua_event::CallFailed>()->status == 487);
}

TEST_CASE("a lost BYE is retransmitted by Timer E") {
    Network net;
    auto_answer(net);
    net.call();
    int byes = 0;
    net.deliver_if = [&](const OutgoingDatagram& d) {
        return !(is_request(d, "BYE") && byes++ == 0);
    };
    net.a.agent.hang_up(net.now);
    net.settle();
    CHECK(!net.b.find<ua_event::CallEnded>());
    net.run_for(600ms);
    CHECK(net.a.count_sent("BYE ") == 2);
    CHECK(net.b.find<ua_event::CallEnded>());
    CHECK(net.a.find<ua_event::CallEnded>()->status == 200);
}

TEST_CASE(
    "reject(488) sends the reason in a Warning and leaves the callee ready for the next call") {
    Network net;
    net.b.on_event = [&](UserAgentEvent& e) {
        if (std::holds_alternative<ua_event::IncomingCall>(e))
            net.b.agent.reject(488, "rtpsec accepts only DTLS-SRTP audio", net.now);
    };
    net.call();
    REQUIRE(net.a.find<ua_event::CallFailed>());
    CHECK(net.a.find<ua_event::CallFailed>()->status == 488);
    const auto* refusal = net.b.last_sent("SIP/2.0 488");
    REQUIRE(refusal);
    CHECK(refusal->bytes.find("Warning: 399 127.0.0.1:5062 \"rtpsec accepts only DTLS-SRTP "
                              "audio\"") != std::string::npos);
    CHECK(net.b.agent.state() == CallState::idle);

    // A second caller is taken.
    Side carol({"127.0.0.1", 5070}, "carol", net.now);
    carol.agent.call("sip:bob@127.0.0.1:5062", address_b, offer, net.now);
    net.b.events.clear();
    net.b.on_event = nullptr;
    while (auto d = carol.agent.poll_transmit())
        net.b.agent.handle_datagram(carol.address, bytes(d->bytes), net.now);
    net.settle();
    CHECK(net.b.find<ua_event::IncomingCall>());
}

TEST_CASE("requests for no dialog get 481; OPTIONS get 200 with Allow; a busy callee says 486") {
    Network net;
    auto_answer(net);
    net.call();
    const Address eve{"127.0.0.1", 6000};
    net.b.agent.handle_datagram(eve, bytes(scripted_request("BYE", 6000, "no-such-call", "x")),
                                net.now);
    net.settle();
    REQUIRE(net.b.last_sent("SIP/2.0 481"));
    CHECK(net.b.last_sent("SIP/2.0 481")->to == eve);
    CHECK(net.b.agent.state() == CallState::established);

    net.b.agent.handle_datagram(eve, bytes(scripted_request("OPTIONS", 6000, "options-1")),
                                net.now);
    net.settle();
    const auto* ok = net.b.last_sent("SIP/2.0 200");
    REQUIRE(ok);
    CHECK(ok->to == eve);
    CHECK(ok->bytes.find("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS") != std::string::npos);
    CHECK(net.b.agent.stats().options_answered == 1);

    net.b.agent.handle_datagram(
        eve, bytes(scripted_request("INVITE", 6000, "second", "", 1, offer)), net.now);
    net.settle();
    CHECK(net.b.last_sent("SIP/2.0 486"));
    CHECK(net.b.agent.stats().rejected_486 == 1);

    net.b.agent.handle_datagram(eve, bytes(scripted_request("MESSAGE", 6000, "m-1")), net.now);
    net.settle();
    REQUIRE(net.b.last_sent("SIP/2.0 405"));
    CHECK(net.b.last_sent("SIP/2.0 405")->bytes.find("Allow:") != std::string::npos);
}

TEST_CASE("a re-INVITE in the dialog is offered to the application and answered") {
    Network net;
    auto_answer(net);
    net.call();
    // The caller's INVITE again, as a re-INVITE: with the callee's tag, CSeq 2, a new branch.
    std::error_code ec;
    auto reinvite = *parse_message(net.a.last_sent("INVITE ")->bytes, ec);
    const auto ok = *parse_message(net.b.last_sent("SIP/2.0 200")->bytes, ec);
    reinvite.to = ok.to;
    reinvite.cseq.number = 2;
    set_param(reinvite.vias.front().params, "branch", "z9hG4bK-reinvite-2");
    net.b.agent.handle_datagram(address_a, bytes(to_string(reinvite)), net.now);
    net.settle();
    REQUIRE(net.b.find<ua_event::ReOffer>());
    CHECK(net.b.find<ua_event::ReOffer>()->offer_sdp == offer);
    const auto* reply = net.b.last_sent("SIP/2.0 200");
    REQUIRE(reply);
    const auto reply_message = *parse_message(reply->bytes, ec);
    CHECK(reply_message.cseq.number == 2);
    CHECK(reply_message.body == answer);
    CHECK(net.b.agent.state() == CallState::established);

    // An old CSeq in the dialog is refused (RFC 3261 §12.2.2).
    set_param(reinvite.vias.front().params, "branch", "z9hG4bK-reinvite-old");
    reinvite.cseq.number = 1;
    net.b.agent.handle_datagram(address_a, bytes(to_string(reinvite)), net.now);
    net.settle();
    CHECK(net.b.last_sent("SIP/2.0 500"));
}

TEST_CASE("rport: responses go to the source port, with received and rport in the Via") {
    Network net;
    auto_answer(net);
    // Via says 5999, the datagram came from 6001 (a NAT would do that).
    auto request = scripted_request("OPTIONS", 5999, "rport-1");
    net.b.agent.handle_datagram({"127.0.0.1", 6001}, bytes(request), net.now);
    net.settle();
    const auto* ok = net.b.last_sent("SIP/2.0 200");
    REQUIRE(ok);
    CHECK(ok->to == Address{"127.0.0.1", 6001});
    CHECK(ok->bytes.find("rport=6001") != std::string::npos);
    CHECK(ok->bytes.find("received=127.0.0.1") != std::string::npos);
}

TEST_CASE("malformed datagrams are counted and dropped while the call goes on") {
    Network net;
    auto_answer(net);
    net.call();
    const std::vector<std::string> garbage{
        "",
        "\x16\xfe\xfd\x00\x00",
        "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n\r\n",
        scripted_request("INVITE", 6000, "cut", "", 1, offer).substr(0, 90),
        std::string(70000, 'A'),
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 1.2.3.4\r\n\r\n"};
    for (const auto& g : garbage)
        net.b.agent.handle_datagram({"127.0.0.1", 6000}, bytes(g), net.now);
    net.settle();
    CHECK(net.b.agent.stats().malformed_dropped == garbage.size());
    CHECK(net.b.agent.state() == CallState::established);
    net.a.agent.hang_up(net.now);
    net.settle();
    CHECK(net.b.find<ua_event::CallEnded>());
}
