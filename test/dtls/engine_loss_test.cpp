// SPDX-License-Identifier: BSD-3-Clause
// Two engines through seeded lossy links: everything completes, how fast, and
// the edge cases of loss (final flight, silent peer, reordering, MTU).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <rtpsec/dtls/engine.hpp>

#include "engine_pair.hpp"
#include "identities.hpp"

using namespace rtpsec;
using dtls::Role;
using test::EnginePair;
using test::Impairment;
using test::SimulatedClock;
using namespace std::chrono_literals;

namespace {

struct Distribution {
    std::vector<double> seconds;  // completed handshakes
    unsigned failed = 0;
    unsigned retransmissions = 0;

    double percentile(double p) const {
        auto sorted = seconds;
        std::sort(sorted.begin(), sorted.end());
        const auto rank =
            static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
        return sorted.at(rank);
    }
    double max() const { return *std::max_element(seconds.begin(), seconds.end()); }
};

EnginePair make_pair(SimulatedClock& clock, const Impairment& link, std::uint64_t seed) {
    return EnginePair(
        clock, test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        test::config_for(Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)), link,
        link, seed);
}

Distribution measure(const Impairment& link, unsigned seeds) {
    Distribution result;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        SimulatedClock clock;
        auto pair = make_pair(clock, link, seed);
        if (pair.run_handshake(20s)) {
            result.seconds.push_back(std::chrono::duration<double>(*pair.handshake_time()).count());
            result.retransmissions += pair.client.complete->telemetry.retransmissions +
                                      pair.server.complete->telemetry.retransmissions;
        } else {
            ++result.failed;
        }
    }
    return result;
}

void print_row(const char* label, const Distribution& d, unsigned seeds) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "| %-26s | %3zu/%u | %7.3f s | %7.3f s | %7.3f s | %7.3f s | %5.2f |", label,
                  d.seconds.size(), seeds, d.percentile(0.5), d.percentile(0.9), d.percentile(0.99),
                  d.max(), static_cast<double>(d.retransmissions) / static_cast<double>(seeds));
    std::cout << line << '\n';
}

}  // namespace

namespace {

// RTPSEC_DTLS_LOSS_SEEDS=1000 for the docs/performance.md figures.
unsigned seed_count() {
    const char* value = std::getenv("RTPSEC_DTLS_LOSS_SEEDS");
    const int n = value != nullptr ? std::atoi(value) : 0;
    return n > 0 ? static_cast<unsigned>(n) : 100;
}

}  // namespace

TEST_CASE("handshakes complete under 10, 20 and 30 % loss each way (100 seeds each)") {
    const unsigned seeds = seed_count();
    std::cout
        << "\nDTLS handshake time under loss (simulated time, 10 ms one-way delay, ECDSA "
           "P-256, MTU 1200, default timers)\n"
        << "| loss each way              | done    | p50       | p90       | p99       | max  "
           "     | rtx/hs |\n";
    for (const double loss : {0.0, 0.1, 0.2, 0.3}) {
        Impairment link;
        link.delay = 10ms;
        link.loss = loss;
        const auto d = measure(link, seeds);
        char label[40];
        std::snprintf(label, sizeof label, "%.0f %%", loss * 100);
        print_row(label, d, seeds);
        INFO("loss " << loss);
        CHECK(d.failed == 0);
        // measurements.md goals: every handshake within 15 s at 30 % loss,
        // p99 below 1.5 s at 20 % loss.
        CHECK(d.max() < 15.0);
        if (loss <= 0.2) CHECK(d.percentile(0.99) < 1.5);
    }
    Impairment messy;
    messy.delay = 10ms;
    messy.jitter = 5ms;
    messy.loss = 0.2;
    messy.reorder = 0.2;
    messy.duplicate = 0.1;
    const auto d = measure(messy, seeds);
    print_row("20 % + reorder 20 %, dup 10 %", d, seeds);
    // Reordering by more than the RTT looks like loss until the datagram
    // arrives, and OpenSSL drops a ChangeCipherSpec that overtakes the
    // messages before it; the 1.5 s goal is for loss alone. Everything
    // still completes well within the deadline.
    CHECK(d.failed == 0);
    CHECK(d.max() < 15.0);
}

namespace {

bool starts_with_change_cipher_spec(std::span<const std::byte> datagram) {
    return !datagram.empty() && datagram[0] == std::byte{20};
}

// The datagrams of each transmission of a side's flights: consecutive sends
// at the same instant.
std::vector<std::size_t> datagrams_per_send_time(const test::EngineSide& side) {
    std::vector<std::size_t> counts;
    for (std::size_t i = 0; i < side.sent_at.size(); ++i) {
        if (i == 0 || side.sent_at[i] != side.sent_at[i - 1]) counts.push_back(0);
        ++counts.back();
    }
    return counts;
}

// The link of the single-event tests: 10 ms each way, nothing lost.
Impairment ten_ms_link() {
    Impairment link;
    link.delay = 10ms;
    return link;
}

}  // namespace

TEST_CASE("losing exactly the server's final flight: it comes again, then repeats stop") {
    SimulatedClock clock;
    auto pair = make_pair(clock, ten_ms_link(), 1);
    bool dropped = false;
    pair.to_client.set_filter([&](std::span<const std::byte> datagram, std::size_t) {
        if (dropped || !starts_with_change_cipher_spec(datagram)) return false;
        dropped = true;
        return true;
    });
    REQUIRE(pair.run_handshake());
    REQUIRE(dropped);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(*pair.handshake_time());
    std::cout << "final flight (server ChangeCipherSpec+Finished) lost once: handshake took "
              << took.count() << " ms (lossless: 40 ms)\n";
    // The server completed at 30 ms. The client resent its last flight at
    // 70 ms (its adapted timeout: 2 × 20 ms RTT, floored at 50 ms); the
    // server answered it at 80 ms (RFC 6347 §4.2.4): the flight arrived at
    // 90 ms. The path has lost something, so the server now also repeats
    // its flight on its own timer.
    CHECK(pair.client.complete->telemetry.retransmissions_per_flight ==
          std::vector<unsigned>{0, 1});
    CHECK(pair.server.complete->telemetry.flights_sent == 2);
    CHECK(took == 20ms + 50ms + 20ms);
    // Media from the client proves it keyed: the server stops repeating.
    REQUIRE(pair.server.engine.next_deadline() == clock.now() - 10ms + 50ms);
    pair.server.engine.confirm_peer_keyed(clock.now());
    CHECK_FALSE(pair.server.engine.next_deadline());
    CHECK_FALSE(pair.server.engine.poll_transmit());
    CHECK(pair.server.engine.settled());
}

TEST_CASE("the server repeats its final flight on its own timer: one open direction suffices") {
    SimulatedClock clock;
    auto pair = make_pair(clock, ten_ms_link(), 1);
    // The server's first flight is lost once (the path is lossy: the server
    // will repeat its final flight), then its final flight four times, and
    // once the server is done nothing of the client's reaches it: RFC 6347
    // alone (resend only when the client repeats) would never complete.
    int final_flights_dropped = 0;
    pair.to_client.set_filter([&](std::span<const std::byte> datagram, std::size_t index) {
        if (index == 0) return true;
        if (final_flights_dropped == 4 || !starts_with_change_cipher_spec(datagram)) return false;
        ++final_flights_dropped;
        return true;
    });
    pair.to_server.set_filter(
        [&](std::span<const std::byte>, std::size_t) { return pair.server.complete.has_value(); });
    REQUIRE(pair.run_handshake());
    CHECK(final_flights_dropped == 4);
    // First flight resent at 60 ms, the client's flight in at 80 ms, the
    // final flight sent then and repeated after 50, 100, 200 and 400 ms:
    // the fifth copy (t = 830 ms) arrives at 840 ms.
    CHECK(*pair.handshake_time() == 840ms);
}

TEST_CASE("on a clean path the server sends its final flight once") {
    SimulatedClock clock;
    auto pair = make_pair(clock, ten_ms_link(), 1);
    REQUIRE(pair.run_handshake());
    pair.run_to_quiescence();
    CHECK(pair.server.datagrams_sent == 2);
    CHECK_FALSE(pair.server.engine.next_deadline());
}

TEST_CASE("after loss the server's final flight repeats no later than its handshake deadline") {
    SimulatedClock clock;
    auto pair = make_pair(clock, ten_ms_link(), 1);
    pair.to_client.set_filter([](std::span<const std::byte>, std::size_t index) {
        return index == 0;  // the server's first flight, once
    });
    REQUIRE(pair.run_handshake());
    pair.run_to_quiescence();
    // No media follows here, so nothing tells the server the client has its
    // flight. Sent at 80 ms, it repeats 50, 100, 200, 400, 800, 1600 ms
    // later, then every 2 s until the 15 s deadline: 11 repeats.
    CHECK(pair.server.datagrams_sent == 3 + 11);
    CHECK(pair.server.sent_at.back() - pair.started < 15s);
    CHECK_FALSE(pair.server.engine.next_deadline());
    // The client, complete and settled, dropped every copy as a replay.
    CHECK_FALSE(pair.client.failed);
    CHECK(pair.client.engine.settled());
}

TEST_CASE("losing exactly the client's final flight: its timer resends it") {
    SimulatedClock clock;
    auto pair = make_pair(clock, ten_ms_link(), 1);
    // Datagram 0 is the ClientHello, 1 the client's whole second flight.
    pair.to_server.set_filter(
        [](std::span<const std::byte>, std::size_t index) { return index == 1; });
    REQUIRE(pair.run_handshake());
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(*pair.handshake_time());
    std::cout << "client's final flight lost once: handshake took " << took.count() << " ms\n";
    CHECK(pair.client.complete->telemetry.retransmissions_per_flight ==
          std::vector<unsigned>{0, 1});
    CHECK(took == 40ms + 50ms);
}

TEST_CASE("a retransmitted flight leaves in as few datagrams as its first transmission") {
    SimulatedClock clock;
    auto client = test::config_for(Role::client, test::rsa4096_identity(), test::ecdsa_identity(1));
    auto server = test::config_for(Role::server, test::ecdsa_identity(1), test::rsa4096_identity());
    client.mtu = server.mtu = dtls::min_mtu;
    Impairment link;
    link.delay = 10ms;
    EnginePair pair(clock, std::move(client), std::move(server), link, link, 3);
    // Lose the client's whole second flight once (every datagram of it).
    const auto second_flight_at = pair.started + 20ms;
    pair.to_server.set_filter(
        [&](std::span<const std::byte>, std::size_t) { return clock.now() == second_flight_at; });
    REQUIRE(pair.run_handshake());
    const auto sends = datagrams_per_send_time(pair.client);
    // ClientHello, certificate flight, its retransmission.
    REQUIRE(sends.size() == 3);
    CHECK(sends[1] >= 3);  // an RSA-4096 certificate flight at MTU 576
    // OpenSSL flushes after every message when it retransmits (7 messages
    // here); the datagram BIO packs them like the first transmission.
    CHECK(sends[2] == sends[1]);
    CHECK(pair.client.largest_datagram <= dtls::min_mtu);
}

namespace {

// The records of a flight's datagrams, each as its own datagram, reordered:
// the next-epoch records (the encrypted Finished) first, then the handshake
// fragments backwards, then the ChangeCipherSpec. OpenSSL drops a
// ChangeCipherSpec that arrives before the handshake messages it follows (it
// has no sequence number to place it; the peer's resend recovers), so that
// one stays last.
std::vector<std::vector<std::byte>> scrambled(const std::vector<std::vector<std::byte>>& flight) {
    std::vector<std::vector<std::byte>> next_epoch, handshake, change_cipher_spec;
    for (const auto& datagram : flight) {
        std::size_t at = 0;
        while (at + 13 <= datagram.size()) {
            const std::size_t length = std::to_integer<std::size_t>(datagram[at + 11]) << 8 |
                                       std::to_integer<std::size_t>(datagram[at + 12]);
            std::vector<std::byte> record(
                datagram.begin() + static_cast<std::ptrdiff_t>(at),
                datagram.begin() + static_cast<std::ptrdiff_t>(at + 13 + length));
            const bool epoch_zero = record[3] == std::byte{0} && record[4] == std::byte{0};
            if (!epoch_zero) {
                next_epoch.push_back(std::move(record));
            } else if (record[0] == std::byte{20}) {
                change_cipher_spec.push_back(std::move(record));
            } else {
                handshake.push_back(std::move(record));
            }
            at += 13 + length;
        }
    }
    std::reverse(handshake.begin(), handshake.end());
    auto order = std::move(next_epoch);
    order.insert(order.end(), handshake.begin(), handshake.end());
    order.insert(order.end(), change_cipher_spec.begin(), change_cipher_spec.end());
    return order;
}

}  // namespace

TEST_CASE("reordered records: handshake fragments and next-epoch records are buffered") {
    SimulatedClock clock;
    auto client_config =
        test::config_for(Role::client, test::rsa4096_identity(), test::ecdsa_identity(1));
    auto server_config =
        test::config_for(Role::server, test::ecdsa_identity(1), test::rsa4096_identity());
    client_config.mtu = server_config.mtu = dtls::min_mtu;
    dtls::Engine client(std::move(client_config), clock.now());
    dtls::Engine server(std::move(server_config), clock.now());
    const auto flight_of = [](dtls::Engine& engine) {
        std::vector<std::vector<std::byte>> flight;
        while (auto datagram = engine.poll_transmit())
            flight.emplace_back(datagram->begin(), datagram->end());
        return flight;
    };
    std::size_t records = 0;
    const auto deliver_scrambled = [&](dtls::Engine& from, dtls::Engine& to) {
        for (const auto& record : scrambled(flight_of(from))) {
            CHECK(!to.handle_datagram(record, clock.now()));
            ++records;
        }
    };
    // No handle_timeout(): nothing may be resent, so nothing may be dropped.
    for (int round = 0; round < 2; ++round) {
        clock.advance(10ms);
        deliver_scrambled(client, server);
        clock.advance(10ms);
        deliver_scrambled(server, client);
    }
    CHECK(records >= 12);
    CHECK(client.state() == dtls::Engine::State::established);
    CHECK(server.state() == dtls::Engine::State::established);
}

TEST_CASE("a silent peer: failure at the deadline after the predicted retransmissions") {
    SimulatedClock clock;
    auto config = test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1));
    const auto policy = config.retransmission;
    dtls::Engine client(std::move(config), clock.now());
    const auto started = clock.now();
    std::size_t sent = 0;
    std::optional<dtls::Failed> failed;
    std::vector<std::chrono::milliseconds> sent_at;
    while (true) {
        while (auto datagram = client.poll_transmit()) {
            ++sent;
            sent_at.push_back(
                std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - started));
        }
        while (auto event = client.poll_event()) {
            if (auto* f = std::get_if<dtls::Failed>(&*event)) failed = *f;
        }
        const auto deadline = client.next_deadline();
        if (!deadline) break;
        clock.advance_to(*deadline);
        client.handle_timeout(clock.now());
    }
    REQUIRE(failed);
    CHECK(failed->error == dtls::Error::handshake_timeout);
    CHECK(clock.now() - started == policy.handshake_timeout);
    const unsigned predicted = policy.retransmissions_before_deadline();
    CHECK(predicted == 11);  // 50, 100, 200, 400, 800, 1600 ms, then every 2 s up to 15 s
    CHECK(sent == 1 + predicted);
    CHECK_THAT(failed->message, Catch::Contains("handshake timed out after 11 retransmissions"));
    // Doubling from 50 ms to the 2 s cap.
    const std::vector<std::chrono::milliseconds> expected{
        0ms, 50ms, 150ms, 350ms, 750ms, 1550ms, 3150ms, 5150ms, 7150ms, 9150ms, 11150ms, 13150ms};
    CHECK(sent_at == expected);
    CHECK(client.handle_datagram(std::vector<std::byte>{std::byte{22}}, clock.now()) ==
          dtls::Error::association_over);
}

TEST_CASE("when OpenSSL's clock lags at our deadline the engine re-arms instead of spinning") {
    SimulatedClock clock;
    dtls::Engine client(
        test::config_for(Role::client, test::ecdsa_identity(0), test::ecdsa_identity(1)),
        clock.now());
    while (client.poll_transmit()) {
    }
    const auto first_deadline = *client.next_deadline();
    CHECK(first_deadline - clock.now() == 50ms);
    // The wall clock steps back 30 ms: at our deadline OpenSSL sees 30 ms left.
    clock.set_wall_clock_lag(30ms);
    clock.advance_to(first_deadline);
    client.handle_timeout(clock.now());
    CHECK(!client.poll_transmit());
    REQUIRE(client.next_deadline());
    CHECK(*client.next_deadline() == first_deadline + 30ms);
    clock.advance_to(*client.next_deadline());
    client.handle_timeout(clock.now());
    CHECK(client.poll_transmit());  // the ClientHello again
}

TEST_CASE("a near peer: the next flight's timeout is 2 x the measured RTT") {
    SimulatedClock clock;
    Impairment link;
    link.delay = 45ms;  // RTT 90 ms
    auto pair = make_pair(clock, link, 1);
    // Lose the client's second flight once: its timeout shows the adaptation.
    pair.to_server.set_filter(
        [](std::span<const std::byte>, std::size_t index) { return index == 2; });
    REQUIRE(pair.run_handshake());
    // The ClientHello went out again at 50 ms (RTT still unknown); the answer
    // came at 90 ms, 40 ms after that copy: a lower-bound sample, so the
    // second flight (sent at 90 ms) times out after 80 ms, not 50 ms.
    std::vector<std::chrono::milliseconds> sent_at;
    for (const auto t : pair.client.sent_at)
        sent_at.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(t - pair.started));
    CHECK(sent_at == std::vector<std::chrono::milliseconds>{0ms, 50ms, 90ms, 170ms});
    CHECK(pair.client.complete->telemetry.retransmissions_per_flight ==
          std::vector<unsigned>{1, 1});
}

TEST_CASE("a far peer (1 s RTT) is not flooded: the timeout adapts after the first flight") {
    SimulatedClock clock;
    Impairment link;
    link.delay = 500ms;
    auto pair = make_pair(clock, link, 1);
    REQUIRE(pair.run_handshake());
    const auto& telemetry = pair.client.complete->telemetry;
    // First flight: resent at 50, 150, 350, 750 ms before the answer at 1 s.
    // Second flight: timeout 2 × 250 ms (the lower-bound sample), so one
    // spurious copy instead of four.
    CHECK(telemetry.retransmissions_per_flight == std::vector<unsigned>{4, 1});
    CHECK(*pair.handshake_time() == 2000ms);
}
