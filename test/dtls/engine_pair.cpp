// SPDX-License-Identifier: BSD-3-Clause
#include "engine_pair.hpp"

#include <stdexcept>

namespace rtpsec::test {

EnginePair::EnginePair(SimulatedClock& c, dtls::EngineConfig client_config,
                       dtls::EngineConfig server_config, Impairment impair_to_server,
                       Impairment impair_to_client, std::uint64_t seed)
    : clock(c),
      started(c.now()),
      client(dtls::Engine(std::move(client_config), c.now())),
      server(dtls::Engine(std::move(server_config), c.now())),
      to_server(impair_to_server, seed * 2 + 1),
      to_client(impair_to_client, seed * 2 + 2) {
    drain(client, to_server);
    drain(server, to_client);
}

void EnginePair::drain(EngineSide& side, ImpairmentLink& out) {
    while (auto datagram = side.engine.poll_transmit()) {
        ++side.datagrams_sent;
        side.largest_datagram = std::max(side.largest_datagram, datagram->size());
        side.datagram_sizes.push_back(datagram->size());
        side.sent_at.push_back(clock.now());
        out.send(*datagram, clock.now());
    }
    while (auto event = side.engine.poll_event()) {
        if (auto* verified = std::get_if<dtls::PeerVerified>(&*event)) {
            side.verified = *verified;
        } else if (auto* complete = std::get_if<dtls::HandshakeComplete>(&*event)) {
            side.completed_at = clock.now();
            side.complete.emplace(std::move(*complete));
        } else if (auto* failed = std::get_if<dtls::Failed>(&*event)) {
            side.failed = *failed;
        } else if (auto* closed = std::get_if<dtls::Closed>(&*event)) {
            side.closed = *closed;
        }
    }
}

bool EnginePair::step(Clock::time_point limit) {
    std::optional<Clock::time_point> next;
    const auto consider = [&](std::optional<Clock::time_point> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    consider(to_server.next_delivery());
    consider(to_client.next_delivery());
    consider(client.engine.next_deadline());
    consider(server.engine.next_deadline());
    if (!next || *next > limit) return false;
    clock.advance_to(*next);
    const auto now = clock.now();
    // Datagrams first, then timers due at the same instant.
    while (auto datagram = to_server.receive(now)) {
        server.engine.handle_datagram(*datagram, now);
        drain(server, to_client);
    }
    while (auto datagram = to_client.receive(now)) {
        client.engine.handle_datagram(*datagram, now);
        drain(client, to_server);
    }
    for (auto* side : {&client, &server}) {
        const auto deadline = side->engine.next_deadline();
        if (deadline && *deadline <= now) {
            side->engine.handle_timeout(now);
            drain(*side, side == &client ? to_server : to_client);
        }
    }
    return true;
}

bool EnginePair::run_until(const std::function<bool()>& done, Clock::duration limit) {
    const auto end = clock.now() + limit;
    while (!done()) {
        if (!step(end)) break;
    }
    return done();
}

bool EnginePair::run_handshake(Clock::duration limit) {
    run_until(
        [&] { return (client.complete && server.complete) || client.failed || server.failed; },
        limit);
    return client.complete && server.complete;
}

void EnginePair::run_to_quiescence(Clock::duration limit) {
    run_until([] { return false; }, limit);
}

std::optional<EnginePair::Clock::duration> EnginePair::handshake_time() const {
    if (!client.completed_at || !server.completed_at) return std::nullopt;
    return std::max(*client.completed_at, *server.completed_at) - started;
}

dtls::Fingerprint fingerprint(std::string_view text) {
    std::error_code ec;
    auto parsed = dtls::Fingerprint::parse(text, ec);
    if (!parsed) throw std::invalid_argument("bad fingerprint in test: " + std::string(text));
    return *parsed;
}

}  // namespace rtpsec::test
