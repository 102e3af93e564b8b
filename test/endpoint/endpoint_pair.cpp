// SPDX-License-Identifier: BSD-3-Clause
#include "endpoint_pair.hpp"

namespace rtpsec::endpoint::test {

const dtls::Certificate& certificate_a() {
    static const auto certificate = dtls::Certificate::generate();
    return certificate;
}

const dtls::Certificate& certificate_b() {
    static const auto certificate = dtls::Certificate::generate();
    return certificate;
}

std::shared_ptr<const Context> context_for(const dtls::Certificate& certificate) {
    static std::map<const dtls::Certificate*, std::shared_ptr<const Context>> contexts;
    auto& context = contexts[&certificate];
    if (!context) {
        ContextOptions options(certificate);
        options.srtp.rtpsec_aes_gcm = true;
        options.srtp.rtpsec_hmac_sha1 = true;
        context = Context::create(std::move(options));
    }
    return context;
}

TransportConfig transport_for(dtls::Role role, const dtls::Certificate& mine,
                              const dtls::Certificate& theirs) {
    TransportConfig transport = context_for(mine)->transport_config(role);
    transport.dtls.expected_peer_fingerprints = {theirs.fingerprint()};
    return transport;
}

EndpointPair::EndpointPair(EndpointConfig config_a, EndpointConfig config_b)
    : a{Endpoint(std::move(config_a), Clock::now()),
        PeerAddress::ipv4({127, 0, 0, 1}, 40000),
        {},
        {},
        {},
        0,
        {}},
      b{Endpoint(std::move(config_b), Clock::now()),
        PeerAddress::ipv4({127, 0, 0, 1}, 40002),
        {},
        {},
        {},
        0,
        {}} {}

void EndpointPair::drain(Side& side) {
    auto& inbox = &side == &a ? to_b_ : to_a_;
    while (auto transmit = side.endpoint.poll_transmit()) {
        inbox.emplace_back(side.address, std::vector<std::byte>(transmit->datagram.begin(),
                                                                transmit->datagram.end()));
    }
    while (auto event = side.endpoint.poll_event()) {
        if (const auto* media = std::get_if<MediaReceived>(&event->event)) {
            auto& list = media->kind == MediaKind::rtp ? side.rtp : side.rtcp;
            list.emplace_back(media->packet.begin(), media->packet.end());
            if (media->arrived_before_keys) ++side.early_delivered;
            // The span dies with this input; keep a copy-free record of the kind only.
            event->event = MediaReceived{media->kind, {}, media->arrived_before_keys};
        }
        if (const auto* report = std::get_if<RtcpReportReady>(&event->event)) {
            side.reports_ready.emplace_back(report->report.begin(), report->report.end());
            event->event = RtcpReportReady{{}, report->goodbye};
        }
        side.events.push_back(std::move(*event));
    }
}

void EndpointPair::deliver(Side& to, const PeerAddress& from, std::vector<std::byte> datagram) {
    if (!filter(from, datagram)) return;
    to.endpoint.handle_datagram(from, datagram, Clock::now());
    drain(to);
}

void EndpointPair::inject(Side& to, const PeerAddress& from, std::vector<std::byte> datagram) {
    to.endpoint.handle_datagram(from, datagram, Clock::now());
    drain(to);
}

void EndpointPair::run(int max_rounds) {
    drain(a);
    drain(b);
    for (int round = 0; round < max_rounds && (!to_a_.empty() || !to_b_.empty()); ++round) {
        auto for_a = std::move(to_a_);
        auto for_b = std::move(to_b_);
        to_a_.clear();
        to_b_.clear();
        for (auto& [from, datagram] : for_b)
            deliver(b, from, std::move(datagram));
        for (auto& [from, datagram] : for_a)
            deliver(a, from, std::move(datagram));
    }
}

}  // namespace rtpsec::endpoint::test
