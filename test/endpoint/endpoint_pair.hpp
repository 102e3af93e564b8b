// SPDX-License-Identifier: BSD-3-Clause
// Two sans-IO endpoints joined by an in-memory link, for tests: datagrams one
// side transmits are delivered to the other in order, optionally through a
// filter that may drop or alter them. Time is the real steady clock (the DTLS
// engine's OpenSSL timer reads the real clock); tests here do not depend on
// retransmission timing.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include <rtpsec/context.hpp>
#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/endpoint.hpp>

namespace rtpsec::endpoint::test {

using Clock = std::chrono::steady_clock;

// Two identities generated once per test program (key generation is slow).
const dtls::Certificate& certificate_a();
const dtls::Certificate& certificate_b();

// A Context with `certificate` and the default policy (rtpsec's AES-GCM on),
// made once per certificate.
std::shared_ptr<const Context> context_for(const dtls::Certificate& certificate);
// context_for(mine)'s transport configuration in `role`, expecting `theirs`.
TransportConfig transport_for(dtls::Role role, const dtls::Certificate& mine,
                              const dtls::Certificate& theirs);

struct Side {
    Endpoint endpoint;
    PeerAddress address;
    std::vector<EndpointEvent> events;
    // Decrypted media received, copied out of the events.
    std::vector<std::vector<std::byte>> rtp;
    std::vector<std::vector<std::byte>> rtcp;
    std::size_t early_delivered = 0;
    // Plaintext reports of a Component::rtp transport (RtcpReportReady), copied.
    std::vector<std::vector<std::byte>> reports_ready;
};

// Returns false to drop the datagram; may modify it.
using LinkFilter = std::function<bool(const PeerAddress& from, std::vector<std::byte>& datagram)>;

class EndpointPair {
  public:
    EndpointPair(EndpointConfig a, EndpointConfig b);

    Side a;
    Side b;
    LinkFilter filter = [](const PeerAddress&, std::vector<std::byte>&) { return true; };

    // Moves datagrams both ways until neither side has anything to send.
    void run(int max_rounds = 100);
    // Delivers `datagram` to `to` as if sent by `from`, then drains both.
    void inject(Side& to, const PeerAddress& from, std::vector<std::byte> datagram);
    // Drains `side`'s output into the other side's inbox.
    void drain(Side& side);

  private:
    Side& other(Side& side) { return &side == &a ? b : a; }
    void deliver(Side& to, const PeerAddress& from, std::vector<std::byte> datagram);

    std::vector<std::pair<PeerAddress, std::vector<std::byte>>> to_a_;
    std::vector<std::pair<PeerAddress, std::vector<std::byte>>> to_b_;
};

}  // namespace rtpsec::endpoint::test
