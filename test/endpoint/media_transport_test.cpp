// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/error.hpp>
#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/rtp/rtcp_bye.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;

namespace {

EndpointConfig config(dtls::Role role, const dtls::Certificate& mine,
                      const dtls::Certificate& theirs,
                      std::vector<srtp::ProfileId> profiles = dtls::default_srtp_profiles()) {
    TransportConfig transport = transport_for(role, mine, theirs);
    transport.dtls.srtp_profiles = std::move(profiles);
    return EndpointConfig(std::move(transport));
}

// A client A and a server B that know each other's address and fingerprint
// (as after an SDP offer/answer).
struct Call {
    explicit Call(std::vector<srtp::ProfileId> profiles = dtls::default_srtp_profiles())
        : pair(config(dtls::Role::client, certificate_a(), certificate_b(), profiles),
               config(dtls::Role::server, certificate_b(), certificate_a(), profiles)) {
        pair.b.endpoint.connect(pair.a.address, Clock::now());
        pair.a.endpoint.connect(pair.b.address, Clock::now());
    }
    EndpointPair pair;
};

// An RTP packet with a payload of `fill` bytes, protected for `to` by `from`.
std::vector<std::byte> protected_rtp(Side& from, const PeerAddress& to, std::uint16_t sequence,
                                     std::uint8_t fill, std::vector<std::byte>* plain = nullptr) {
    std::vector<std::byte> buffer(12 + 160 + srtp::max_protect_overhead);
    const std::vector<std::byte> payload(160, std::byte{fill});
    rtp::RtpHeaderFields fields;
    fields.sequence_number = sequence;
    fields.timestamp = 160u * sequence;
    fields.ssrc = 0x11223344;
    std::error_code ec;
    const std::size_t length = rtp::write_rtp_packet(buffer, fields, payload, 0, ec);
    REQUIRE(!ec);
    if (plain) plain->assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(length));
    const std::size_t protected_length =
        from.endpoint.protect_rtp(to, buffer, length, Clock::now(), ec);
    REQUIRE(!ec);
    buffer.resize(protected_length);
    return buffer;
}

template <typename T>
std::size_t count_events(const Side& side) {
    return static_cast<std::size_t>(
        std::count_if(side.events.begin(), side.events.end(),
                      [](const EndpointEvent& e) { return std::holds_alternative<T>(e.event); }));
}

bool reported_close(const Side& side, dtls::CloseReason reason) {
    for (const auto& e : side.events) {
        if (const auto* c = std::get_if<TransportClosed>(&e.event)) return c->reason == reason;
    }
    return false;
}

const HandshakeDone* handshake_done(const Side& side) {
    for (const auto& e : side.events) {
        if (const auto* done = std::get_if<HandshakeDone>(&e.event)) return done;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("handshake then media both ways, for every SRTP profile") {
    for (const auto& profile : srtp::all_profiles()) {
        DYNAMIC_SECTION(profile.name) {
            Call call({profile.id});
            call.pair.run();
            REQUIRE(handshake_done(call.pair.a));
            REQUIRE(handshake_done(call.pair.b));
            CHECK(handshake_done(call.pair.a)->profile->id == profile.id);
            CHECK(handshake_done(call.pair.b)->profile->id == profile.id);
            CHECK(count_events<dtls::PeerVerified>(call.pair.a) == 1);
            // The client's DTLS settled on completion; the server's waits for media.
            CHECK(call.pair.a.endpoint.find(call.pair.b.address)->dtls().settled());
            CHECK_FALSE(call.pair.b.endpoint.find(call.pair.a.address)->dtls().settled());

            for (std::uint16_t seq = 1; seq <= 5; ++seq) {
                std::vector<std::byte> plain_ab;
                std::vector<std::byte> plain_ba;
                call.pair.inject(
                    call.pair.b, call.pair.a.address,
                    protected_rtp(call.pair.a, call.pair.b.address, seq, 0x5a, &plain_ab));
                call.pair.inject(
                    call.pair.a, call.pair.b.address,
                    protected_rtp(call.pair.b, call.pair.a.address, seq, 0xa5, &plain_ba));
                REQUIRE(call.pair.b.rtp.size() == seq);
                REQUIRE(call.pair.a.rtp.size() == seq);
                CHECK(call.pair.b.rtp.back() == plain_ab);
                CHECK(call.pair.a.rtp.back() == plain_ba);
            }
            const auto& stats = call.pair.b.endpoint.find(call.pair.a.address)->stats();
            CHECK(stats.rtp_received.packets == 5);
            CHECK(stats.rtp_received.auth_failed == 0);
            CHECK(stats.handshake.has_value());
            CHECK(call.pair.b.endpoint.find(call.pair.a.address)->dtls().settled());
        }
    }
}

TEST_CASE("SRTP that arrives before the keys is queued, then delivered") {
    Call call;
    // Hold back the server's last flight: the server is keyed, the client not.
    std::vector<std::vector<std::byte>> held;
    call.pair.filter = [&](const PeerAddress& from, std::vector<std::byte>& datagram) {
        const auto* server = call.pair.b.endpoint.find(call.pair.a.address);
        if (from == call.pair.b.address && server->keyed() &&
            rtp::classify(datagram) == rtp::PacketKind::dtls) {
            held.push_back(datagram);
            return false;
        }
        return true;
    };
    call.pair.run();
    REQUIRE(call.pair.b.endpoint.find(call.pair.a.address)->keyed());
    REQUIRE_FALSE(call.pair.a.endpoint.find(call.pair.b.address)->keyed());
    REQUIRE_FALSE(held.empty());

    std::vector<std::byte> plain;
    call.pair.inject(call.pair.a, call.pair.b.address,
                     protected_rtp(call.pair.b, call.pair.a.address, 1, 0x42, &plain));
    // RTP in the clear before the keys (as baresip sends when its handshake
    // is slow) is held too, then refused, and counted as such.
    std::vector<std::byte> in_clear;
    protected_rtp(call.pair.b, call.pair.a.address, 2, 0x43, &in_clear);
    call.pair.inject(call.pair.a, call.pair.b.address, in_clear);
    CHECK(call.pair.a.rtp.empty());

    for (auto& datagram : held)
        call.pair.inject(call.pair.a, call.pair.b.address, datagram);
    REQUIRE(call.pair.a.endpoint.find(call.pair.b.address)->keyed());
    REQUIRE(call.pair.a.rtp.size() == 1);
    CHECK(call.pair.a.rtp[0] == plain);
    CHECK(call.pair.a.early_delivered == 1);
    const auto& received = call.pair.a.endpoint.find(call.pair.b.address)->stats().rtp_received;
    CHECK(received.delivered_from_queue == 1);
    CHECK(received.auth_failed == 1);
    CHECK(received.auth_failed_before_keys == 1);
}

TEST_CASE("tampered and replayed SRTP is dropped and counted, never fatal") {
    Call call;
    call.pair.run();
    auto packet = protected_rtp(call.pair.a, call.pair.b.address, 1, 0x11);
    auto tampered = packet;
    tampered[20] ^= std::byte{0x01};
    call.pair.inject(call.pair.b, call.pair.a.address, tampered);
    call.pair.inject(call.pair.b, call.pair.a.address, packet);
    call.pair.inject(call.pair.b, call.pair.a.address, packet);
    const auto& stats = call.pair.b.endpoint.find(call.pair.a.address)->stats();
    CHECK(stats.rtp_received.auth_failed == 1);
    CHECK(stats.rtp_received.replayed == 1);
    CHECK(stats.rtp_received.packets == 1);
    CHECK(call.pair.b.rtp.size() == 1);
    // Still working afterwards.
    call.pair.inject(call.pair.b, call.pair.a.address,
                     protected_rtp(call.pair.a, call.pair.b.address, 2, 0x12));
    CHECK(call.pair.b.rtp.size() == 2);
}

TEST_CASE("media from a stranger's address is ignored") {
    Call call;
    call.pair.run();
    const auto stranger = PeerAddress::ipv4({127, 0, 0, 1}, 50000);
    call.pair.inject(call.pair.b, stranger,
                     protected_rtp(call.pair.a, call.pair.b.address, 1, 0x33));
    CHECK(call.pair.b.rtp.empty());
    CHECK(call.pair.b.endpoint.stats().unknown_peer_dropped == 1);
    CHECK(call.pair.b.endpoint.peer_count() == 1);
}

TEST_CASE("media before the handshake on a transport is not delivered unauthenticated") {
    Call call;
    // Garbage that looks like SRTP arrives first: queued, then fails authentication.
    std::vector<std::byte> fake(100, std::byte{0});
    fake[0] = std::byte{0x80};
    call.pair.inject(call.pair.b, call.pair.a.address, fake);
    call.pair.run();
    CHECK(call.pair.b.rtp.empty());
    CHECK(call.pair.b.endpoint.find(call.pair.a.address)->stats().rtp_received.auth_failed +
              call.pair.b.endpoint.find(call.pair.a.address)->stats().rtp_received.malformed ==
          1);
}

TEST_CASE("a server accepting unknown peers makes them pass the cookie exchange") {
    auto server = config(dtls::Role::server, certificate_b(), certificate_a());
    server.accept_unknown_peers = true;
    EndpointPair pair(config(dtls::Role::client, certificate_a(), certificate_b()), server);
    pair.a.endpoint.connect(pair.b.address, Clock::now());
    pair.run();
    CHECK(pair.b.endpoint.stats().hello_verify_sent == 1);
    REQUIRE(handshake_done(pair.a));
    REQUIRE(handshake_done(pair.b));
    pair.inject(pair.b, pair.a.address, protected_rtp(pair.a, pair.b.address, 1, 0x77));
    CHECK(pair.b.rtp.size() == 1);
}

TEST_CASE("close sends an RTCP BYE and close_notify, reported on both sides") {
    Call call;
    call.pair.run();
    call.pair.a.endpoint.close(call.pair.b.address, Clock::now());
    call.pair.run();
    CHECK(reported_close(call.pair.a, dtls::CloseReason::close_notify_sent));
    CHECK(reported_close(call.pair.b, dtls::CloseReason::close_notify_received));
    REQUIRE(call.pair.b.rtcp.size() == 1);
    std::error_code ec;
    const auto compound = rtp::RtcpCompound::parse(call.pair.b.rtcp[0], ec);
    REQUIRE(compound);
    bool has_bye = false;
    for (const auto& packet : *compound)
        has_bye |= packet.is(rtp::RtcpPacketType::goodbye);
    CHECK(has_bye);
    // Media after close is refused on the closed side.
    std::vector<std::byte> buffer(200);
    CHECK(call.pair.a.endpoint.protect_rtp(call.pair.b.address, buffer, 12, Clock::now(), ec) == 0);
    CHECK(ec == EndpointError::transport_closed);
}

TEST_CASE(
    "after media both DTLS ends have settled and the server's close still reaches the client") {
    Call call;
    call.pair.run();
    call.pair.inject(call.pair.b, call.pair.a.address,
                     protected_rtp(call.pair.a, call.pair.b.address, 1, 0x5a));
    call.pair.run();
    REQUIRE(call.pair.b.endpoint.find(call.pair.a.address)->dtls().settled());
    // A DTLS-looking datagram that is no authentic alert: dropped and counted.
    const auto& client = *call.pair.a.endpoint.find(call.pair.b.address);
    const auto dropped = client.stats().dtls_datagrams_dropped;
    std::vector<std::byte> forged_alert(13 + 26, std::byte{0x5a});
    forged_alert[0] = std::byte{21};
    call.pair.inject(call.pair.a, call.pair.b.address, forged_alert);
    call.pair.run();
    CHECK(client.stats().dtls_datagrams_dropped == dropped + 1);
    call.pair.b.endpoint.close(call.pair.a.address, Clock::now());
    call.pair.run();
    CHECK(reported_close(call.pair.b, dtls::CloseReason::close_notify_sent));
    CHECK(reported_close(call.pair.a, dtls::CloseReason::close_notify_received));
}

TEST_CASE("RTCP sender reports go out at the RFC 3550 interval once keyed") {
    Call call;
    call.pair.run();
    call.pair.inject(call.pair.b, call.pair.a.address,
                     protected_rtp(call.pair.a, call.pair.b.address, 1, 0x01));
    const auto* transport = call.pair.a.endpoint.find(call.pair.b.address);
    const auto deadline = transport->next_deadline();
    REQUIRE(deadline);
    CHECK(*deadline - Clock::now() < std::chrono::seconds(4));
    call.pair.a.endpoint.handle_timeout(*deadline);
    call.pair.drain(call.pair.a);
    call.pair.run();
    REQUIRE(call.pair.b.rtcp.size() == 1);
    std::error_code ec;
    const auto compound = rtp::RtcpCompound::parse(call.pair.b.rtcp[0], ec);
    REQUIRE(compound);
    const rtp::RtcpPacket first =
        *compound->begin();  // a copy: the iterator owns what it points at
    REQUIRE(first.is(rtp::RtcpPacketType::sender_report));
    const auto report = rtp::SenderReport::parse(first, ec);
    REQUIRE(report);
    CHECK(report->sender_ssrc() == transport->local_ssrc());
    CHECK(report->sender_info().packet_count == 1);
    CHECK(report->sender_info().octet_count == 160);
}

TEST_CASE("sending before the handshake is refused with not_keyed") {
    Call call;
    std::vector<std::byte> buffer(200);
    std::error_code ec;
    CHECK(call.pair.a.endpoint.protect_rtp(call.pair.b.address, buffer, 12, Clock::now(), ec) == 0);
    CHECK(ec == EndpointError::not_keyed);
}
