// SPDX-License-Identifier: BSD-3-Clause
// Without rtcp-mux (RFC 5764 §4.1): RTP and RTCP ports each run their own DTLS
// association; the RTCP port's keys protect SRTCP, and the RTP transport's
// reports travel through it.
#include <catch2/catch.hpp>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/error.hpp>
#include <rtpsec/rtp/rtcp_bye.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_writer.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "endpoint_pair.hpp"

using namespace rtpsec;
using namespace rtpsec::endpoint;
using namespace rtpsec::endpoint::test;

namespace {

EndpointConfig config(dtls::Role role, const dtls::Certificate& mine,
                      const dtls::Certificate& theirs, Component component) {
    TransportConfig transport = transport_for(role, mine, theirs);
    transport.component = component;
    return EndpointConfig(std::move(transport));
}

// One call without rtcp-mux: A is the DTLS client on both components.
struct SplitCall {
    SplitCall()
        : rtp(config(dtls::Role::client, certificate_a(), certificate_b(), Component::rtp),
              config(dtls::Role::server, certificate_b(), certificate_a(), Component::rtp)),
          rtcp(config(dtls::Role::client, certificate_a(), certificate_b(), Component::rtcp),
               config(dtls::Role::server, certificate_b(), certificate_a(), Component::rtcp)) {
        for (auto* pair : {&rtp, &rtcp}) {
            pair->b.endpoint.connect(pair->a.address, Clock::now());
            pair->a.endpoint.connect(pair->b.address, Clock::now());
            pair->run();
        }
    }
    EndpointPair rtp;
    EndpointPair rtcp;
};

std::vector<std::byte> plain_rtp(std::uint16_t sequence) {
    std::vector<std::byte> buffer(12 + 160 + srtp::max_protect_overhead);
    const std::vector<std::byte> payload(160, std::byte{0x42});
    rtp::RtpHeaderFields fields;
    fields.sequence_number = sequence;
    fields.timestamp = 160u * sequence;
    fields.ssrc = 0x01020304;
    std::error_code ec;
    buffer.resize(rtp::write_rtp_packet(buffer, fields, payload, 0, ec) +
                  srtp::max_protect_overhead);
    REQUIRE(!ec);
    return buffer;
}

// Protects `report` on A's RTCP component and delivers it to B's.
void send_report_over_rtcp_component(SplitCall& call, std::vector<std::byte> report) {
    const std::size_t length = report.size();
    report.resize(length + srtp::max_protect_overhead);
    std::error_code ec;
    const std::size_t protected_length =
        call.rtcp.a.endpoint.protect_rtcp(call.rtcp.b.address, report, length, ec);
    REQUIRE(!ec);
    report.resize(protected_length);
    call.rtcp.inject(call.rtcp.b, call.rtcp.a.address, std::move(report));
}

bool has_packet(std::span<const std::byte> compound_bytes, rtp::RtcpPacketType type) {
    std::error_code ec;
    const auto compound = rtp::RtcpCompound::parse(compound_bytes, ec);
    REQUIRE(compound);
    bool found = false;
    for (const auto& packet : *compound)
        found |= packet.is(type);
    return found;
}

}  // namespace

TEST_CASE("without rtcp-mux, each component completes its own DTLS handshake") {
    SplitCall call;
    for (auto* pair : {&call.rtp, &call.rtcp}) {
        CHECK(pair->a.endpoint.find(pair->b.address)->keyed());
        CHECK(pair->b.endpoint.find(pair->a.address)->keyed());
    }
}

TEST_CASE("the RTP component's reports leave as plaintext for the RTCP component") {
    SplitCall call;
    auto rtp = plain_rtp(1);
    std::error_code ec;
    const std::size_t length =
        call.rtp.a.endpoint.protect_rtp(call.rtp.b.address, rtp, 172, Clock::now(), ec);
    REQUIRE(!ec);
    rtp.resize(length);
    call.rtp.inject(call.rtp.b, call.rtp.a.address, rtp);
    REQUIRE(call.rtp.b.rtp.size() == 1);

    // A's report is due: it comes out as an event, not as a datagram on the RTP port.
    const auto* transport = call.rtp.a.endpoint.find(call.rtp.b.address);
    const auto deadline = transport->next_deadline();
    REQUIRE(deadline);
    call.rtp.a.endpoint.handle_timeout(*deadline);
    CHECK(!call.rtp.a.endpoint.poll_transmit());
    call.rtp.drain(call.rtp.a);
    REQUIRE(call.rtp.a.reports_ready.size() == 1);
    const auto report = call.rtp.a.reports_ready[0];
    CHECK(has_packet(report, rtp::RtcpPacketType::sender_report));
    CHECK(has_packet(report, rtp::RtcpPacketType::source_description));
    CHECK(call.rtp.a.endpoint.find(call.rtp.b.address)->stats().rtcp_sent.packets == 0);

    // Through the RTCP association: B decrypts it there and hands it to its RTP transport.
    send_report_over_rtcp_component(call, report);
    REQUIRE(call.rtcp.b.rtcp.size() == 1);
    CHECK(call.rtcp.b.rtcp[0] == report);
    CHECK(call.rtcp.a.endpoint.find(call.rtcp.b.address)->stats().rtcp_sent.packets == 1);
    call.rtp.b.endpoint.note_companion_rtcp(call.rtp.a.address, call.rtcp.b.rtcp[0], Clock::now());
}

TEST_CASE("SRTCP keyed by the RTP association is refused on the RTCP component") {
    SplitCall call;
    // A valid RR, protected with the RTP association's keys: RFC 5764 §4.1
    // keys SRTCP from the RTCP association only, so authentication fails.
    std::vector<std::byte> report(64 + srtp::max_protect_overhead);
    rtp::RtcpCompoundWriter writer(std::span<std::byte>(report).first(64));
    writer.add_receiver_report(0x0a0b0c0d, {});
    REQUIRE(!writer.error());
    std::error_code ec;
    const std::size_t length =
        call.rtp.a.endpoint.protect_rtcp(call.rtp.b.address, report, writer.size(), ec);
    REQUIRE(!ec);
    report.resize(length);
    call.rtcp.inject(call.rtcp.b, call.rtcp.a.address, report);
    CHECK(call.rtcp.b.rtcp.empty());
    CHECK(call.rtcp.b.endpoint.find(call.rtcp.a.address)->stats().rtcp_received.auth_failed == 1);
}

TEST_CASE("RTP is neither sent nor accepted on the RTCP component") {
    SplitCall call;
    auto rtp = plain_rtp(1);
    std::error_code ec;
    CHECK(call.rtcp.a.endpoint.protect_rtp(call.rtcp.b.address, rtp, 172, Clock::now(), ec) == 0);
    CHECK(ec == EndpointError::wrong_component);

    // SRTP from the RTP association, arriving at the RTCP port, is dropped uncounted as media.
    const std::size_t length =
        call.rtp.a.endpoint.protect_rtp(call.rtp.b.address, rtp, 172, Clock::now(), ec);
    REQUIRE(!ec);
    rtp.resize(length);
    call.rtcp.inject(call.rtcp.b, call.rtcp.a.address, rtp);
    const auto& stats = call.rtcp.b.endpoint.find(call.rtcp.a.address)->stats();
    CHECK(stats.unknown_dropped == 1);
    CHECK(stats.rtp_received.packets == 0);
    CHECK(call.rtcp.b.rtp.empty());
}

TEST_CASE("closing the RTP component hands out a BYE for the RTCP component") {
    SplitCall call;
    call.rtp.a.endpoint.close(call.rtp.b.address, Clock::now());
    call.rtp.run();
    REQUIRE(call.rtp.a.reports_ready.size() == 1);
    CHECK(has_packet(call.rtp.a.reports_ready[0], rtp::RtcpPacketType::goodbye));
    send_report_over_rtcp_component(call, call.rtp.a.reports_ready[0]);
    REQUIRE(call.rtcp.b.rtcp.size() == 1);
    // Then the RTCP association closes with its own close_notify.
    call.rtcp.a.endpoint.close(call.rtcp.b.address, Clock::now());
    call.rtcp.run();
    bool b_received = false;
    for (const auto& e : call.rtcp.b.events) {
        if (const auto* c = std::get_if<TransportClosed>(&e.event))
            b_received = c->reason == dtls::CloseReason::close_notify_received;
    }
    CHECK(b_received);
}
