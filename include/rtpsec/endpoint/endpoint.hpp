// SPDX-License-Identifier: BSD-3-Clause
// Endpoint: the secured RTP endpoint of one UDP port, with no I/O.
//
// It owns one MediaTransport per remote address (5-tuple: the local port is
// the endpoint's) and routes each datagram to the transport of its source.
// Media from an address that has no transport (i.e. that never completed a
// handshake with us) is never accepted. A server endpoint that accepts peers
// it does not know yet (accept_unknown_peers) shows their datagrams to a
// stateless DTLS cookie front door first (RFC 6347 §4.2.1), so a flood of
// spoofed ClientHellos allocates nothing; only a ClientHello with a valid
// cookie creates a transport. The context's AdmissionPolicy bounds how many
// transports strangers get; one that fails its handshake is removed at the
// next input, and the peers named by the signalling are never refused
// because of strangers.
//
// CALLING RULE. After every input — handle_datagram(), handle_timeout(),
// connect(), set_peer_fingerprints(), close() — drain poll_transmit() until
// nullopt, then poll_event() until nullopt, then arm one timer for
// next_deadline(); or, the same in one call, take poll_output() until it
// returns a Timeout. Spans in transmits and events are valid until the next
// input. Outgoing media: protect_rtp()/protect_rtcp() in place, then send.
// An input that comes before the output of the last was taken loses nothing:
// transmits and events wait (HelloVerifyRequests up to a small bound), and
// EndpointStats::undrained_inputs and a warning on the log hook say so; only
// spans into the caller's own datagram buffers depend on the caller.
//
// Threading: one thread (or strand) at a time; no locks inside.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <queue>
#include <span>
#include <unordered_map>
#include <variant>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/cookie_front_door.hpp>
#include <rtpsec/endpoint/media_transport.hpp>
#include <rtpsec/endpoint/peer_address.hpp>

namespace rtpsec::endpoint {

// Context::endpoint_config() makes one from the context's policy.
struct RTPSEC_EXPORT EndpointConfig {
    explicit EndpointConfig(TransportConfig each) : transport(std::move(each)) {}

    // Every transport is made from this (context, role, profiles, ...); its
    // context also gives the admission policy and the cookie secrets.
    TransportConfig transport;
    // Create a transport for a DTLS ClientHello from an address we do not
    // know yet: a server taking any client, or an SDP offerer whose answerer
    // starts its handshake before the answer has reached us.
    bool accept_unknown_peers = false;
    // Put unknown peers through the cookie exchange first (RFC 6347 §4.2.1).
    bool cookie_exchange = true;
};

struct RTPSEC_EXPORT EndpointStats {
    std::uint64_t unknown_peer_dropped = 0;  // from an address with no transport
    std::uint64_t hello_verify_sent = 0;
    std::uint64_t cookie_dropped = 0;  // refused by the cookie front door
    std::uint64_t peers_created = 0;
    std::uint64_t peers_refused = 0;        // a stranger's, over the admission policy
    std::uint64_t strangers_reclaimed = 0;  // strangers' transports removed after failing
    // Inputs that came before the last one's output was taken (see CALLING RULE).
    std::uint64_t undrained_inputs = 0;
    // HelloVerifyRequests not sent because too many waited untaken.
    std::uint64_t hello_verify_dropped = 0;
};

struct RTPSEC_EXPORT Transmit {
    PeerAddress to;
    std::span<const std::byte> datagram;
};

struct RTPSEC_EXPORT EndpointEvent {
    PeerAddress peer;
    TransportEvent event;
};

// The end of one input's output: arm one timer for `at` (none when nullopt).
struct RTPSEC_EXPORT Timeout {
    std::optional<std::chrono::steady_clock::time_point> at;
};

// poll_output()'s items, str0m's shape: transmits, then events, then a Timeout.
using Output = std::variant<Transmit, EndpointEvent, Timeout>;

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

    // Every transmit, then every event, then Timeout{next_deadline()}: the
    // calling rule in one call. After the Timeout, feed the next input.
    Output poll_output();
    std::optional<Transmit> poll_transmit();
    std::optional<EndpointEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    const MediaTransport* find(const PeerAddress& peer) const;
    std::size_t peer_count() const { return transports_.size(); }
    // Bytes strangers make this endpoint hold now (AdmissionPolicy::strangers_early_bytes).
    std::size_t strangers_early_bytes() const { return strangers_budget_->used(); }
    const EndpointStats& stats() const { return stats_; }

  private:
    struct Entry {
        PeerAddress peer;
        std::unique_ptr<MediaTransport> transport;
        // The deadline this transport has in deadlines_ (a heap entry with
        // another time is stale).
        std::optional<Clock::time_point> scheduled;
        bool ready = false;  // in ready_
        // Made for an unknown peer and not keyed yet: counts against
        // AdmissionPolicy::max_pending_strangers, removed if it fails.
        bool pending_stranger = false;
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
    // Takes a removed transport out of ready_.
    void forget_ready(const Entry* entry);
    // Every input starts here: removes the strangers that failed.
    void begin_input();
    bool admits_stranger();
    void log(LogLevel level, const PeerAddress& peer, std::string_view what) const;
    // Drops heap entries that no longer match their transport's deadline.
    void drop_stale_deadlines() const;
    // A fresh heap of every transport's deadline, without stale entries.
    void rebuild_deadlines();

    EndpointConfig config_;
    std::unordered_map<PeerAddress, Entry, PeerAddressHash> transports_;
    std::optional<dtls::CookieFrontDoor> front_door_;
    // HelloVerifyRequests to send, copied out of the front door (its reply
    // lives only until its next datagram). One per input under the calling
    // rule; a few more are kept when the caller falls behind.
    struct DoorReply {
        PeerAddress to;
        std::array<std::byte, 64> datagram;
        std::size_t length;
    };
    static constexpr std::size_t max_door_replies = 8;
    std::vector<DoorReply> door_replies_;       // capacity max_door_replies, reserved
    std::optional<DoorReply> door_reply_sent_;  // what the last Transmit points into
    // Known peers whose server transport waits for their ClientHello, with
    // the fingerprints to give it (empty until the SDP says).
    std::unordered_map<PeerAddress, std::vector<dtls::Fingerprint>, PeerAddressHash> expected_;
    // Transports that may have output since the last drain, in input order
    // (entries of transports_: node-based, so the pointers stay valid), from
    // next_ready_ on. Emptied once drained, it keeps its capacity: the packet
    // path does not allocate (a deque would, a chunk per 64 datagrams).
    std::vector<Entry*> ready_;
    std::size_t next_ready_ = 0;
    // Every transport's next deadline, earliest first, with stale entries
    // dropped lazily: a datagram costs O(log peers), not a scan of all peers.
    struct DeadlineHeap : std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<>> {
        // Refilled in place by rebuild_deadlines(), so the heap keeps its capacity.
        std::vector<Scheduled>& storage() { return c; }
        void restore() { std::make_heap(c.begin(), c.end(), comp); }
    };
    mutable DeadlineHeap deadlines_;
    std::vector<Entry*> due_;  // handle_timeout's scratch list, kept for its capacity
    std::vector<PeerAddress> failed_strangers_;  // removed at the next input
    std::shared_ptr<ByteBudget> strangers_budget_;
    std::size_t pending_strangers_ = 0;
    // The entry found last: a media path looks up the same peer for the
    // datagram it received and the packet it sends back.
    Entry* last_found_ = nullptr;
    EndpointStats stats_;
};

}  // namespace rtpsec::endpoint
