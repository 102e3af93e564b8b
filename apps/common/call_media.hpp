// SPDX-License-Identifier: BSD-3-Clause
// The secured media of one SDP call: an RTP port and, for peers that refuse
// rtcp-mux, the RTCP port next to it with its own DTLS association (RFC 5764
// §4.1), plus the media session that sends and receives on them.
//
// An offerer binds both ports before its offer leaves (it cannot know yet
// whether the answer accepts rtcp-mux, RFC 5761 §5.1.1) and takes a DTLS
// ClientHello from any address through the cookie exchange (config.offerer),
// because an answerer may start its handshake before the answer reaches us. use() then
// applies what the offer/answer decided: the peer's addresses, fingerprints
// and our DTLS role.
//
// Runs on the strand it is given; every callback runs there too.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <rtpsec/context.hpp>
#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/sdp/negotiation.hpp>

#include "common/call_report.hpp"
#include "common/media_session.hpp"

namespace rtpsec::apps {

struct CallMediaConfig {
    // The address to bind (port 0: an even/odd pair of free ports).
    boost::asio::ip::address bind = boost::asio::ip::make_address("127.0.0.1");
    std::uint16_t rtp_port = 0;
    // What SDP says of our ports; unset: the bound ones. A relay in between
    // (rtpsec-call) puts its own address here, as a NAT would.
    std::optional<sdp::TransportAddress> advertise_rtp;
    std::optional<sdp::TransportAddress> advertise_rtcp;
    std::vector<srtp::ProfileId> profiles = dtls::default_srtp_profiles();
    std::size_t mtu = 1200;
    std::chrono::milliseconds handshake_timeout{15000};
    bool export_keys = false;
    std::function<void(std::string_view)> keylog;
    MediaOptions media;
    double max_record_seconds = 600.0;
    // Bind the RTCP port too. An offerer must (the answer may refuse
    // rtcp-mux); an answerer only when the offer did not offer rtcp-mux.
    bool bind_rtcp_port = true;
    // The offerer takes a ClientHello from anyone (through the cookie
    // exchange) until use() names the peer.
    bool offerer = false;
};

// What went wrong with the media, for the program's exit code and error line.
struct CallMediaFailure {
    bool fingerprint_mismatch = false;
    std::string message;
};

class CallMedia {
  public:
    using Strand = endpoint::UdpDriver::Strand;

    struct Handlers {
        // The RTP component is keyed and media flows (profile, timing in done).
        std::function<void(const endpoint::HandshakeDone& done)> on_secured;
        // A handshake failed (either component) or the peer's certificate did not match.
        std::function<void(const CallMediaFailure& failure)> on_failed;
        // The peer closed the RTP component's association (close_notify or alert).
        std::function<void(dtls::CloseReason reason)> on_peer_closed;
    };

    // Binds the ports (AppError exit 2 when it cannot) and loads --play.
    CallMedia(Strand strand, std::shared_ptr<const Context> context, CallMediaConfig config,
              Handlers handlers);
    ~CallMedia();

    // Where SDP says our media is: the m= line's address and port, and an
    // a=rtcp port when RTCP is not on the next one (RFC 3605).
    sdp::TransportAddress sdp_rtp() const;
    std::optional<std::uint16_t> sdp_rtcp_port() const;
    // The bound sockets (the RTCP one only while it is open).
    boost::asio::ip::udp::endpoint local_rtp() const;
    std::optional<boost::asio::ip::udp::endpoint> local_rtcp() const;

    // Applies the negotiated stream: connects (as a client) or waits for the
    // peer's ClientHello (as a server), with its fingerprints.
    void use(const sdp::NegotiatedMedia& media);
    // Sends the RTCP BYE and close_notify on every component; stops sending.
    // Writes the --record file (AppError on failure).
    void close();

    bool secured() const { return secured_; }
    bool rtcp_mux() const { return rtcp_mux_; }
    MediaSession* media() { return media_.get(); }
    const MediaSession* media() const { return media_.get(); }
    // Counters of the RTP transport (and the RTCP one without rtcp-mux).
    void fill_report(CallReport& report) const;
    // For the progress line.
    std::uint64_t packets_lost() const;

  private:
    struct Component;
    endpoint::EndpointConfig endpoint_config(bool rtcp_component) const;
    void on_rtp_event(endpoint::EndpointEvent& event);
    void on_rtcp_event(endpoint::EndpointEvent& event);
    void on_secured(const endpoint::PeerAddress& peer, endpoint::HandshakeDone& done);
    void send_report_on_rtcp_port(std::span<const std::byte> report);
    void fail(CallMediaFailure failure);

    Strand strand_;
    std::shared_ptr<const Context> context_;
    CallMediaConfig config_;
    Handlers handlers_;
    std::unique_ptr<Component> rtp_;
    std::unique_ptr<Component> rtcp_;
    std::optional<endpoint::PeerAddress> peer_rtp_;
    std::optional<endpoint::PeerAddress> peer_rtcp_;
    std::unique_ptr<MediaSession> media_;
    CallReport secured_report_;  // what the handshake told: profile, timing, fingerprints
    bool rtcp_mux_ = true;
    bool secured_ = false;
    bool failed_ = false;
    bool closed_ = false;
};

}  // namespace rtpsec::apps
