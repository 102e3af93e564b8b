// SPDX-License-Identifier: BSD-3-Clause
// What strangers can make a listening user agent do: a flood of cheap
// requests must not delay a real caller, fill the agent's tables, or turn it
// into an amplifier towards a forged Via.
#include <catch2/catch.hpp>
#include <string>

#include <rtpsec/sip/user_agent.hpp>

using namespace rtpsec::sip;
using namespace std::chrono_literals;

namespace {

std::span<const std::byte> bytes(const std::string& text) {
    return std::as_bytes(std::span<const char>(text.data(), text.size()));
}

// A request from `host`:`port`, outside any dialog.
std::string request_from(const std::string& method, const std::string& host, std::uint16_t port,
                         const std::string& call_id, const std::string& body = "") {
    const std::string me = host + ":" + std::to_string(port);
    std::string text = method + " sip:bob@127.0.0.1:5062 SIP/2.0\r\nVia: SIP/2.0/UDP " + me +
                       ";branch=z9hG4bK-" + call_id + ";rport\r\nMax-Forwards: 70\r\n" +
                       "From: <sip:eve@" + me + ">;tag=t-" + call_id +
                       "\r\nTo: <sip:bob@127.0.0.1:5062>\r\nCall-ID: " + call_id + "\r\nCSeq: 1 " +
                       method + "\r\nContact: <sip:eve@" + me + ">\r\n";
    if (!body.empty()) text += "Content-Type: application/sdp\r\n";
    return text + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

UserAgent callee(Clock::time_point now) {
    UserAgentConfig config;
    config.user = "bob";
    config.local = {"127.0.0.1", 5062};
    return UserAgent(config, now);
}

// Takes everything the agent sent; returns how many datagrams began with `start`.
std::size_t drain(UserAgent& agent, const std::string& start, std::vector<UserAgentEvent>* events) {
    std::size_t n = 0;
    while (auto d = agent.poll_transmit())
        n += d->bytes.starts_with(start) ? 1 : 0;
    while (auto e = agent.poll_event())
        if (events) events->push_back(*e);
    return n;
}

const std::string offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n";

}  // namespace

TEST_CASE("OPTIONS from many ports hold no transaction and never delay a real caller's INVITE") {
    auto now = Clock::time_point{} + 1h;
    UserAgent agent = callee(now);
    // 400 OPTIONS from 400 ports of 40 hosts within a second: more than the
    // 32 transactions the agent holds, many times over.
    std::size_t answered = 0;
    for (int i = 0; i < 400; ++i) {
        const std::string host = "10.0.0." + std::to_string(1 + i % 40);
        agent.handle_datagram(
            {host, static_cast<std::uint16_t>(6000 + i)},
            bytes(request_from("OPTIONS", host, static_cast<std::uint16_t>(6000 + i),
                               "o" + std::to_string(i))),
            now);
        answered += drain(agent, "SIP/2.0 200", nullptr);
        now += 2ms;
    }
    CHECK(answered == 400);  // 10 from each host: within its burst
    CHECK(agent.stats().refused_overloaded == 0);
    // Nothing of theirs is left waiting for a timer.
    CHECK_FALSE(agent.next_deadline());

    std::vector<UserAgentEvent> events;
    agent.handle_datagram({"127.0.0.1", 5060},
                          bytes(request_from("INVITE", "127.0.0.1", 5060, "real-call", offer)),
                          now);
    drain(agent, "", &events);
    REQUIRE(events.size() == 1);
    CHECK(std::holds_alternative<ua_event::IncomingCall>(events[0]));
}

TEST_CASE("one host sending too fast is limited; what it got answered is bounded") {
    auto now = Clock::time_point{} + 1h;
    UserAgent agent = callee(now);
    std::size_t answered = 0;
    for (int i = 0; i < 1000; ++i) {  // 1000 in one second from one host
        agent.handle_datagram(
            {"10.9.9.9", static_cast<std::uint16_t>(7000 + i)},
            bytes(request_from("OPTIONS", "10.9.9.9", static_cast<std::uint16_t>(7000 + i),
                               "f" + std::to_string(i))),
            now);
        answered += drain(agent, "SIP/2.0", nullptr);
        now += 1ms;
    }
    // The burst (20) and 10 per second after it.
    CHECK(answered <= 31);
    CHECK(answered >= 25);
    CHECK(agent.stats().rate_limited == 1000 - answered);
}

TEST_CASE("a rejection is sent once per INVITE, never repeated on a timer towards the Via") {
    auto now = Clock::time_point{} + 1h;
    UserAgent agent = callee(now);
    std::vector<UserAgentEvent> events;
    const std::string invite = request_from("INVITE", "10.1.1.1", 5060, "no-ack", offer);
    agent.handle_datagram({"10.1.1.1", 5060}, bytes(invite), now);
    drain(agent, "", &events);
    agent.reject(488, "not acceptable", now);
    std::size_t rejections = drain(agent, "SIP/2.0 488", nullptr);
    CHECK(rejections == 1);
    // No ACK ever comes (the Via was forged): the timers send nothing more,
    // and a retransmitted INVITE gets the answer again, one for one.
    for (int i = 1; i <= 40; ++i) {
        now += 1s;
        if (i == 5) agent.handle_datagram({"10.1.1.1", 5060}, bytes(invite), now);
        agent.handle_timeout(now);
        rejections += drain(agent, "SIP/2.0 488", nullptr);
    }
    CHECK(rejections == 2);
    CHECK_FALSE(agent.next_deadline());
}

TEST_CASE("INVITEs refused by the application never keep out the next caller") {
    auto now = Clock::time_point{} + 1h;
    UserAgent agent = callee(now);
    // 60 INVITEs from 4 hosts, each within its rate, each refused: more than
    // the agent's 32 transactions, none of them ever ACKed.
    for (int i = 0; i < 60; ++i) {
        const std::string host = "10.0.0." + std::to_string(1 + i % 4);
        std::vector<UserAgentEvent> events;
        agent.handle_datagram(
            {host, 5060}, bytes(request_from("INVITE", host, 5060, "i" + std::to_string(i), offer)),
            now);
        drain(agent, "", &events);
        REQUIRE(events.size() == 1);
        agent.reject(488, "no", now);
        drain(agent, "", nullptr);
        now += 150ms;
    }
    std::vector<UserAgentEvent> events;
    agent.handle_datagram({"127.0.0.1", 5060},
                          bytes(request_from("INVITE", "127.0.0.1", 5060, "real", offer)), now);
    drain(agent, "", &events);
    REQUIRE(events.size() == 1);
    CHECK(std::holds_alternative<ua_event::IncomingCall>(events[0]));
    CHECK(agent.stats().refused_overloaded == 0);
    CHECK(agent.stats().refused_transactions_evicted > 0);
}
