// SPDX-License-Identifier: BSD-3-Clause
// Two DTLS engines on simulated time, joined by two seeded impairment links.
// Drives both by the engine calling rule and keeps what they reported.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <rtpsec/dtls/engine.hpp>

#include "impairment_link.hpp"
#include "simulated_clock.hpp"

namespace rtpsec::test {

struct EngineSide {
    explicit EngineSide(dtls::Engine e) : engine(std::move(e)) {}

    dtls::Engine engine;
    std::optional<dtls::PeerVerified> verified;
    std::optional<dtls::HandshakeComplete> complete;
    std::optional<dtls::Failed> failed;
    std::optional<dtls::Closed> closed;
    std::optional<SimulatedClock::Clock::time_point> completed_at;
    std::size_t datagrams_sent = 0;
    std::size_t largest_datagram = 0;
    std::vector<std::size_t> datagram_sizes;
    std::vector<std::chrono::steady_clock::time_point> sent_at;  // per datagram
};

class EnginePair {
  public:
    using Clock = SimulatedClock::Clock;

    // The client engine is created first (its ClientHello leaves at once).
    EnginePair(SimulatedClock& clock, dtls::EngineConfig client, dtls::EngineConfig server,
               Impairment to_server, Impairment to_client, std::uint64_t seed);

    // Runs until `done` holds, nothing is left to do, or `limit` of simulated
    // time has passed. Returns `done()`.
    bool run_until(const std::function<bool()>& done,
                   Clock::duration limit = std::chrono::seconds(30));
    // Until both completed, either failed, or the limit.
    bool run_handshake(Clock::duration limit = std::chrono::seconds(30));
    // Until neither engine nor link has anything left (after completion, the
    // final flights settle).
    void run_to_quiescence(Clock::duration limit = std::chrono::seconds(30));

    // From the start to the later of the two completions.
    std::optional<Clock::duration> handshake_time() const;

    SimulatedClock& clock;
    Clock::time_point started;
    EngineSide client;
    EngineSide server;
    ImpairmentLink to_server;
    ImpairmentLink to_client;

  private:
    void drain(EngineSide& side, ImpairmentLink& out);
    bool step(Clock::time_point limit);
};

// "sha-256 AB:..." parsed, failing the test if it does not parse.
dtls::Fingerprint fingerprint(std::string_view text);

}  // namespace rtpsec::test
