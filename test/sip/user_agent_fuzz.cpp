// SPDX-License-Identifier: BSD-3-Clause
// Feeds arbitrary datagrams to two user agents, one answering calls and one
// that placed a call, with time moving on: whatever arrives, nothing crashes,
// nothing grows without bound, and every response we send parses again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <rtpsec/sip/user_agent.hpp>

namespace {

using namespace rtpsec::sip;

constexpr std::string_view separator = "\n--next--\n";
const Address peer{"127.0.0.1", 5070};

UserAgentConfig config(std::uint16_t port) {
    UserAgentConfig c;
    c.local = {"127.0.0.1", port};
    return c;
}

void drain(UserAgent& agent, Clock::time_point now) {
    std::size_t transmits = 0;
    std::size_t events = 0;
    for (bool progressed = true; progressed;) {
        progressed = false;
        while (auto datagram = agent.poll_transmit()) {
            std::error_code error;
            // What we send must be SIP we would accept ourselves.
            if (!parse_message(datagram->bytes, error)) {
                std::fprintf(stderr, "we sent SIP we cannot parse (%s):\n%s\n",
                             error.message().c_str(), datagram->bytes.c_str());
                std::abort();
            }
            if (++transmits > 1000) std::abort();
            progressed = true;
        }
        while (auto event = agent.poll_event()) {
            if (++events > 1000) std::abort();
            progressed = true;
            if (std::holds_alternative<ua_event::IncomingCall>(*event) ||
                std::holds_alternative<ua_event::ReOffer>(*event)) {
                agent.accept("v=0\r\n", now);
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto now = Clock::time_point{} + std::chrono::hours(1);
    UserAgent callee(config(5062), now);
    UserAgent caller(config(5060), now);
    caller.call("sip:bob@127.0.0.1:5070", peer, "v=0\r\n", now);
    drain(caller, now);
    int datagrams = 0;
    while (!input.empty() && ++datagrams <= 64) {
        const auto end = input.find(separator);
        const auto datagram = input.substr(0, end);
        input = end == std::string_view::npos ? std::string_view{}
                                              : input.substr(end + separator.size());
        const auto bytes = std::as_bytes(std::span<const char>(datagram.data(), datagram.size()));
        for (UserAgent* agent : {&callee, &caller}) {
            agent->handle_datagram(peer, bytes, now);
            drain(*agent, now);
        }
        now += std::chrono::milliseconds(400);
        for (UserAgent* agent : {&callee, &caller}) {
            agent->handle_timeout(now);
            drain(*agent, now);
        }
    }
    // Every transaction ends within 64·T1 and a few T4: nothing lingers.
    now += std::chrono::seconds(80);
    for (UserAgent* agent : {&callee, &caller}) {
        agent->handle_timeout(now);
        drain(*agent, now);
        agent->handle_timeout(now + std::chrono::seconds(40));
        drain(*agent, now);
        if (agent->next_deadline()) std::abort();
    }
    return 0;
}
