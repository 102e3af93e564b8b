// SPDX-License-Identifier: BSD-3-Clause
// Two keyed endpoints exchange media in memory and allocate nothing per
// packet in steady state: every profile, both directions, RTP, the
// application's RTCP and the transports' own reports, counted by the replaced
// allocator of test/srtp/counting_allocator.cpp over 100,000 rounds.
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>

#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "../srtp/counting_allocator.hpp"
#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;
namespace allocations = rtpsec::test::allocations;

namespace {

constexpr int warm_up_rounds = 1'000;
constexpr int counted_rounds = 100'000;
// A voice packet every 20 ms: the transports' RTCP reports come due on the way.
constexpr auto packet_interval = std::chrono::milliseconds(20);
constexpr std::size_t payload_size = 160;

using Datagram = std::array<std::byte, 1500>;

// One side of the call as an application drives it: its endpoint, and room
// for what it sends while the calling rule's drain runs.
struct Peer {
    Endpoint& endpoint;
    PeerAddress address;
    std::array<Datagram, 8> outbox{};
    std::array<std::size_t, 8> outbox_lengths{};
    std::size_t outbox_used = 0;
    std::uint64_t rtp_received = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t dropped = 0;  // transmits beyond the outbox, or failures
};

void deliver(Peer& to, Peer& from, std::span<std::byte> datagram, Clock::time_point now);

// The calling rule: transmits (kept to send after the drain), then events.
void drain(Peer& self, Peer& other, Clock::time_point now) {
    while (auto transmit = self.endpoint.poll_transmit()) {
        if (self.outbox_used == self.outbox.size() ||
            transmit->datagram.size() > self.outbox[0].size()) {
            ++self.dropped;
            continue;
        }
        std::memcpy(self.outbox[self.outbox_used].data(), transmit->datagram.data(),
                    transmit->datagram.size());
        self.outbox_lengths[self.outbox_used++] = transmit->datagram.size();
    }
    while (auto event = self.endpoint.poll_event()) {
        if (const auto* media = std::get_if<MediaReceived>(&event->event)) {
            ++(media->kind == MediaKind::rtp ? self.rtp_received : self.rtcp_received);
        } else {
            ++self.dropped;  // nothing else is expected once keyed
        }
    }
    const std::size_t sending = self.outbox_used;
    self.outbox_used = 0;
    for (std::size_t i = 0; i < sending; ++i) {
        Datagram copy = self.outbox[i];
        deliver(other, self, std::span(copy).first(self.outbox_lengths[i]), now);
    }
}

void deliver(Peer& to, Peer& from, std::span<std::byte> datagram, Clock::time_point now) {
    to.endpoint.handle_datagram(from.address, datagram, now);
    drain(to, from, now);
}

void run_timers(Peer& self, Peer& other, Clock::time_point now) {
    if (const auto deadline = self.endpoint.next_deadline(); deadline && *deadline <= now) {
        self.endpoint.handle_timeout(now);
        drain(self, other, now);
    }
}

// RTP from `from` to `to`, protected with Endpoint::protect_rtp.
void send_rtp(Peer& from, Peer& to, std::uint16_t seq, Clock::time_point now) {
    Datagram buffer{};
    const std::array<std::byte, payload_size> payload{};
    rtp::RtpHeaderFields fields;
    fields.sequence_number = seq;
    fields.timestamp = 160u * seq;
    fields.ssrc = from.endpoint.find(to.address)->local_ssrc();
    std::error_code ec;
    const std::size_t length = rtp::write_rtp_packet(buffer, fields, payload, 0, ec);
    const std::size_t sent =
        ec ? 0 : from.endpoint.protect_rtp(to.address, buffer, length, now, ec);
    if (ec) {
        ++from.dropped;
        return;
    }
    deliver(to, from, std::span(buffer).first(sent), now);
}

// An application's own RTCP (an empty receiver report, RFC 3550 §6.4.2).
void send_rtcp(Peer& from, Peer& to, Clock::time_point now) {
    Datagram buffer{};
    const std::uint32_t ssrc = from.endpoint.find(to.address)->local_ssrc();
    const std::uint8_t report[8] = {0x80,
                                    201,
                                    0x00,
                                    0x01,
                                    static_cast<std::uint8_t>(ssrc >> 24),
                                    static_cast<std::uint8_t>(ssrc >> 16),
                                    static_cast<std::uint8_t>(ssrc >> 8),
                                    static_cast<std::uint8_t>(ssrc)};
    std::memcpy(buffer.data(), report, sizeof report);
    std::error_code ec;
    const std::size_t sent = from.endpoint.protect_rtcp(to.address, buffer, sizeof report, ec);
    if (ec) {
        ++from.dropped;
        return;
    }
    deliver(to, from, std::span(buffer).first(sent), now);
}

void round(Peer& a, Peer& b, int index, Clock::time_point now) {
    const auto seq = static_cast<std::uint16_t>(index);
    send_rtp(a, b, seq, now);
    send_rtp(b, a, seq, now);
    if (index % 4 == 0) {
        send_rtcp(a, b, now);
        send_rtcp(b, a, now);
    }
    run_timers(a, b, now);
    run_timers(b, a, now);
}

EndpointConfig config(dtls::Role role, const dtls::Certificate& mine,
                      const dtls::Certificate& theirs, srtp::ProfileId profile) {
    TransportConfig transport = transport_for(role, mine, theirs);
    transport.dtls.srtp_profiles = {profile};
    return EndpointConfig(std::move(transport));
}

}  // namespace

TEST_CASE("Endpoint: no allocation per packet in steady state, every profile") {
    for (const srtp::Profile& profile : srtp::all_profiles()) {
        INFO(profile.name);
        EndpointPair pair(config(dtls::Role::client, certificate_a(), certificate_b(), profile.id),
                          config(dtls::Role::server, certificate_b(), certificate_a(), profile.id));
        pair.b.endpoint.connect(pair.a.address, Clock::now());
        pair.a.endpoint.connect(pair.b.address, Clock::now());
        pair.run();
        REQUIRE(pair.a.endpoint.find(pair.b.address)->keyed());
        REQUIRE(pair.b.endpoint.find(pair.a.address)->keyed());
        REQUIRE(pair.a.endpoint.find(pair.b.address)->profile() == &profile);

        Peer a{pair.a.endpoint, pair.a.address};
        Peer b{pair.b.endpoint, pair.b.address};
        Clock::time_point now = Clock::now();
        int index = 0;
        for (; index < warm_up_rounds; ++index, now += packet_interval)
            round(a, b, index, now);
        REQUIRE(a.rtp_received == warm_up_rounds);
        REQUIRE(b.rtp_received == warm_up_rounds);

        allocations::start();
        for (; index < warm_up_rounds + counted_rounds; ++index, now += packet_interval)
            round(a, b, index, now);
        const std::uint64_t counted = allocations::stop();
        std::printf(
            "%s: %llu allocations over %d rounds (RTP each way per round, RTCP every 4th,"
            " reports when due)\n",
            std::string(profile.name).c_str(), static_cast<unsigned long long>(counted),
            counted_rounds);

        const auto total = static_cast<std::uint64_t>(warm_up_rounds + counted_rounds);
        CHECK(a.rtp_received == total);
        CHECK(b.rtp_received == total);
        // The application's RTCP and the transports' own reports.
        CHECK(a.rtcp_received > total / 4);
        CHECK(b.rtcp_received > total / 4);
        CHECK(a.dropped == 0);
        CHECK(b.dropped == 0);
        INFO("first allocation from:\n" << allocations::first_allocation_site());
        CHECK(counted == 0);
    }
}
