// Endpoint: the secured RTP endpoint of one UDP port, with no I/O.
//
// It owns one MediaTransport per remote address (5-tuple: the local port is
// the endpoint's) and routes each datagram to the transport of its source.
// Media from an address that has no transport (i.e. that never completed a
// handshake with us) is never accepted. A server endpoint that accepts peers
// it does not know yet (accept_unknown_peers) shows their datagrams to a
// stateless DTLS cookie front door first (RFC 6347 §4.2.1), so a flood of
// spoofed ClientHellos allocates nothing; only a ClientHello with a valid
// cookie creates a transport.
//
// CALLING RULE. After every input — handle_datagram(), handle_timeout(),
// connect(), set_peer_fingerprints(), close() — drain poll_transmit() until
// nullopt, then poll_event() until nullopt, then arm one timer for
// next_deadline(). Spans in transmits and events are valid until the next
// input. Outgoing media: protect_rtp()/protect_rtcp() in place, then send.
//
// Threading: one thread (or strand) at a time; no locks inside.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/cookie_front_door.hpp>
#include <rtpsec/endpoint/media_transport.hpp>
#include <rtpsec/endpoint/peer_address.hpp>

namespace rtpsec::endpoint {

struct RTPSEC_EXPORT EndpointConfig {
    explicit EndpointConfig(TransportConfig each) : transport(std::move(each)) {}

    // Every transport is made from this (role, certificate, profiles, ...).
    TransportConfig transport;
    // Create a transport for a DTLS ClientHello from an address we do not
    // know yet: a server taking any client, or an SDP offerer whose answerer
    // starts its handshake before the answer has reached us.
    bool accept_unknown_peers = false;
    // Put unknown peers through the cookie exchange first (RFC 6347 §4.2.1).
    bool cookie_exchange = true;
    std::size_t max_peers = 1024;
};

struct RTPSEC_EXPORT EndpointStats {
    std::uint64_t unknown_peer_dropped = 0;  // from an address with no transport
    std::uint64_t hello_verify_sent = 0;
    std::uint64_t cookie_dropped = 0;  // refused by the cookie front door
    std::uint64_t peers_created = 0;
    std::uint64_t peers_refused = 0;  // max_peers reached
};

struct RTPSEC_EXPORT Transmit {
    PeerAddress to;
    std::span<const std::byte> datagram;
};

struct RTPSEC_EXPORT EndpointEvent {
    PeerAddress peer;
    TransportEvent event;
};

class RTPSEC_EXPORT Endpoint {
  public:
    using Clock = std::chrono::steady_clock;

    Endpoint(EndpointConfig config, Clock::time_point now);

    // A peer we know (from --peer or SDP), in the configured DTLS role or
    // the one decided now (e.g. from the SDP answer's a=setup). A client
    // transport is created and sends its ClientHello right away. A server
    // behind the cookie front door gets its transport only when the peer's
    // ClientHello proves its address (RFC 6347 §4.2.1): the peer may already
    // be in the middle of the cookie exchange, and a transport created now
    // would not expect its second ClientHello.
    void connect(const PeerAddress& peer, Clock::time_point now);
    void connect(const PeerAddress& peer, dtls::Role role, Clock::time_point now);
    // The peer's fingerprints from its SDP: given to its transport, or kept
    // for the transport its ClientHello will create.
    void set_peer_fingerprints(const PeerAddress& peer, std::vector<dtls::Fingerprint> expected,
                               Clock::time_point now);

    // One datagram from `from`; modified in place (SRTP decrypts where it lies).
    void handle_datagram(const PeerAddress& from, std::span<std::byte> datagram,
                         Clock::time_point now);
    void handle_timeout(Clock::time_point now);
    void close(const PeerAddress& peer, Clock::time_point now);
    void close_all(Clock::time_point now);
    // Forgets a transport (after it finished and its events were handled).
    void remove(const PeerAddress& peer);

    [[nodiscard]] std::size_t protect_rtp(const PeerAddress& peer, std::span<std::byte> buffer,
                                          std::size_t length, Clock::time_point now,
                                          std::error_code& ec);
    [[nodiscard]] std::size_t protect_rtcp(const PeerAddress& peer, std::span<std::byte> buffer,
                                           std::size_t length, std::error_code& ec);
    // Sets the component of every transport, current and future: an
    // offerer learns from the answer whether rtcp-mux was accepted.
    void set_component(Component component);
    // No rtcp-mux: the RTCP component's decrypted RTCP, for the RTP transport
    // of `peer` (MediaTransport::note_companion_rtcp). Ignored for an unknown peer.
    void note_companion_rtcp(const PeerAddress& peer, std::span<const std::byte> rtcp,
                             Clock::time_point now);

    std::optional<Transmit> poll_transmit();
    std::optional<EndpointEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    const MediaTransport* find(const PeerAddress& peer) const;
    std::size_t peer_count() const { return transports_.size(); }
    const EndpointStats& stats() const { return stats_; }

  private:
    struct Entry {
        PeerAddress peer;
        std::unique_ptr<MediaTransport> transport;
        // The deadline this transport has in deadlines_ (a heap entry with
        // another time is stale).
        std::optional<Clock::time_point> scheduled;
        bool ready = false;  // in ready_
    };
    struct Scheduled {
        Clock::time_point at;
        Entry* entry;  // remove() takes an entry's heap entries out with it
        bool operator>(const Scheduled& other) const { return at > other.at; }
    };

    Entry* find_entry(const PeerAddress& peer);
    MediaTransport* find_mutable(const PeerAddress& peer);
    Entry& create(const PeerAddress& peer, TransportConfig config, Clock::time_point now);
    void handle_unknown_peer(const PeerAddress& from, std::span<std::byte> datagram,
                             Clock::time_point now);
    // After an input to a transport: queue it for draining and keep its
    // deadline in the heap.
    void touched(Entry& entry);
    void schedule(Entry& entry);
    // Drops heap entries that no longer match their transport's deadline.
    void drop_stale_deadlines() const;
    // A fresh heap of every transport's deadline, without stale entries.
    void rebuild_deadlines();

    EndpointConfig config_;
    std::unordered_map<PeerAddress, Entry, PeerAddressHash> transports_;
    std::optional<dtls::CookieFrontDoor> front_door_;
    std::optional<Transmit> door_reply_;
    // Known peers whose server transport waits for their ClientHello, with
    // the fingerprints to give it (empty until the SDP says).
    std::unordered_map<PeerAddress, std::vector<dtls::Fingerprint>, PeerAddressHash> expected_;
    // Transports that may have output since the last drain, in input order
    // (entries of transports_: node-based, so the pointers stay valid).
    std::deque<Entry*> ready_;
    // Every transport's next deadline, earliest first, with stale entries
    // dropped lazily: a datagram costs O(log peers), not a scan of all peers.
    mutable std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> deadlines_;
    std::vector<Entry*> due_;  // handle_timeout's scratch list, kept for its capacity
    // The entry found last: a media path looks up the same peer for the
    // datagram it received and the packet it sends back.
    Entry* last_found_ = nullptr;
    EndpointStats stats_;
};

}  // namespace rtpsec::endpoint
