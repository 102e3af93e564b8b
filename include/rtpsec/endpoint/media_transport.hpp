// SPDX-License-Identifier: BSD-3-Clause
// MediaTransport: the secured media of one remote 5-tuple, with no I/O.
//
// Every datagram from the peer is classified by its first byte (RFC 7983):
// DTLS goes to the DTLS engine, SRTP and SRTCP are authenticated and
// decrypted in place, STUN is handed up for a future ICE agent, anything else
// is counted and dropped. When the handshake completes, the exported keying
// material keys an srtp::Session (RFC 5764 §4.2) and SRTP that arrived before
// the keys is delivered from a bounded queue. A packet that fails
// authentication or replay checks is counted by reason and dropped, never
// fatal. The transport also sends RTCP sender/receiver reports with an SDES
// CNAME at the RFC 3550 interval, and a BYE before close_notify on close().
//
// CALLING RULE (as for dtls::Engine). After every input — construction,
// handle_datagram(), handle_timeout(), set_peer_fingerprints(), close() —
// drain poll_transmit() until nullopt, then poll_event() until nullopt, then
// arm one timer for next_deadline(). Outgoing media does not queue: protect
// it in place with protect_rtp()/protect_rtcp() and send the buffer yourself.
//
// Threading: one thread at a time; no locks inside.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/context.hpp>
#include <rtpsec/dtls/engine.hpp>
#include <rtpsec/endpoint/early_packet_queue.hpp>
#include <rtpsec/endpoint/rtcp_scheduler.hpp>
#include <rtpsec/endpoint/transport_event.hpp>
#include <rtpsec/endpoint/transport_stats.hpp>
#include <rtpsec/rtp/receive_statistics_table.hpp>
#include <rtpsec/srtp/session.hpp>

namespace rtpsec::endpoint {

// What a transport carries of one RTP session (RFC 5761, RFC 5764 §4.1).
enum class Component {
    // rtcp-mux: RTP and RTCP on one port, one DTLS association keys both.
    rtp_and_rtcp,
    // No rtcp-mux, the RTP port. Reports are still built here, since they
    // describe this port's media, but leave as RtcpReportReady events for the
    // RTCP component's transport to protect and send.
    rtp,
    // No rtcp-mux, the RTCP port: a DTLS association of its own keys SRTCP.
    // It builds no reports; the SRTCP it receives (MediaReceived) goes to the
    // RTP component through note_companion_rtcp(). RTP here is dropped.
    rtcp,
};

// Context::transport_config() makes one from the context's policy.
struct RTPSEC_EXPORT TransportConfig {
    TransportConfig(std::shared_ptr<const Context> owner, dtls::EngineConfig engine)
        : context(std::move(owner)), dtls(std::move(engine)) {}

    // libsrtp, the random source, the wall clock, the log hook; required.
    std::shared_ptr<const Context> context;
    dtls::EngineConfig dtls;
    Component component = Component::rtp_and_rtcp;
    srtp::SessionOptions srtp;
    EarlyPacketQueue::Limits early_packets;
    // Shared with other transports (an endpoint's strangers): early DTLS and
    // SRTP storage is taken from it too. Null: only the per-transport limits.
    std::shared_ptr<ByteBudget> early_budget;
    // Keep a copy of the exported keying material for HandshakeDone
    // (--export-keys). Off by default: the keys then exist only inside libsrtp.
    bool keep_keying_material = false;

    // RTCP (RFC 3550 §6). Reports are sent only once SRTP is keyed.
    bool send_rtcp_reports = true;
    std::uint32_t local_ssrc = 0;  // of our RTP; 0 picks one from the context's random source
    std::string cname;             // empty: derived from the SSRC
    std::uint32_t clock_rate = 8000;
    RtcpSchedulerConfig rtcp;
    std::size_t max_remote_sources = 8;
};

class RTPSEC_EXPORT MediaTransport {
  public:
    using Clock = std::chrono::steady_clock;

    // Throws what dtls::Engine's constructor throws for a bad configuration,
    // and std::invalid_argument without a context.
    MediaTransport(TransportConfig config, Clock::time_point now);

    // One datagram from this transport's peer. It is modified in place (SRTP
    // is decrypted where it lies), and MediaReceived events point into it.
    void handle_datagram(std::span<std::byte> datagram, Clock::time_point now);
    void handle_timeout(Clock::time_point now);
    // The peer's fingerprints, when they arrive after construction (SDP answer).
    void set_peer_fingerprints(std::vector<dtls::Fingerprint> expected, Clock::time_point now);
    // Sends an RTCP BYE (when keyed) and close_notify; reports TransportClosed.
    void close(Clock::time_point now);

    // RTP -> SRTP in place; the buffer needs profile().rtp_overhead() bytes
    // of tailroom behind `length`. Returns the SRTP length, or 0 and an error:
    // EndpointError::not_keyed before the handshake, an srtp error otherwise.
    [[nodiscard]] std::size_t protect_rtp(std::span<std::byte> buffer, std::size_t length,
                                          Clock::time_point now, std::error_code& ec);
    [[nodiscard]] std::size_t protect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                           std::error_code& ec);
    // Changes what this transport carries: an offerer's transport may exist
    // before the answer says whether rtcp-mux was accepted (RFC 5761 §5.1.1).
    void set_component(Component component) { config_.component = component; }
    Component component() const { return config_.component; }
    // Component::rtp: an RTCP compound the RTCP component received and
    // decrypted, for the statistics reports depend on (RFC 3550 §6.4.1 LSR).
    void note_companion_rtcp(std::span<const std::byte> rtcp, Clock::time_point now);

    std::optional<std::span<const std::byte>> poll_transmit();
    std::optional<TransportEvent> poll_event();
    std::optional<Clock::time_point> next_deadline() const;

    bool keyed() const { return session_.has_value(); }
    bool finished() const { return finished_; }
    const srtp::Profile* profile() const { return session_ ? &session_->profile() : nullptr; }
    std::uint32_t local_ssrc() const { return local_ssrc_; }
    const TransportStats& stats() const;
    const dtls::Engine& dtls() const { return engine_; }

  private:
    void pump_engine(Clock::time_point now);
    void on_handshake_complete(dtls::HandshakeComplete& done, Clock::time_point now);
    void deliver_media(std::span<std::byte> packet, MediaKind kind, bool early,
                       Clock::time_point now);
    void count_unprotect_failure(ReceivedStats& stats, std::error_code ec, bool early);
    void note_rtp_received(std::span<const std::byte> rtp, Clock::time_point now);
    void note_rtcp_received(std::span<const std::byte> rtcp, Clock::time_point now);
    void send_report(Clock::time_point now, bool goodbye);
    std::uint64_t ntp_time(Clock::time_point now) const;
    void begin_input();
    bool sends_reports() const;

    TransportConfig config_;
    dtls::Engine engine_;
    std::optional<srtp::Session> session_;
    EarlyPacketQueue early_;
    EarlyPacketQueue delivering_;  // early packets handed out since the last input
    // Events of the current input. A vector emptied once drained keeps its
    // capacity, so the packet path does not allocate (a deque would, per chunk).
    std::vector<TransportEvent> events_;
    std::size_t next_event_ = 0;
    RtcpScheduler rtcp_scheduler_;
    rtp::ReceiveStatisticsTable remote_sources_;
    std::uint32_t local_ssrc_;
    std::string cname_;
    std::chrono::system_clock::time_point wall_origin_;
    Clock::time_point steady_origin_;

    // What SR sender info needs (RFC 3550 §6.4.1).
    std::uint32_t last_rtp_timestamp_ = 0;
    Clock::time_point last_rtp_sent_{};
    bool sent_since_report_ = false;
    bool received_since_report_ = false;

    std::uint64_t payload_octets_sent_ = 0;
    std::uint32_t last_remote_ssrc_ = 0;

    std::vector<std::byte> rtcp_out_;  // one SRTCP report waiting for poll_transmit
    std::size_t rtcp_length_ = 0;
    bool rtcp_pending_ = false;
    bool finished_ = false;    // closed or failed: no more reports, media dropped
    bool peer_keyed_ = false;  // media from the peer authenticated (engine told)
    mutable TransportStats stats_;
};

}  // namespace rtpsec::endpoint
