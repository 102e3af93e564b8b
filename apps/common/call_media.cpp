// SPDX-License-Identifier: BSD-3-Clause
#include "common/call_media.hpp"

#include <boost/asio/post.hpp>

#include <rtpsec/dtls/error.hpp>

#include "common/address_family.hpp"
#include "common/app_error.hpp"

namespace rtpsec::apps {
namespace {

using Clock = std::chrono::steady_clock;
using udp = boost::asio::ip::udp;

constexpr int max_port_pair_attempts = 64;

}  // namespace

struct CallMedia::Component {
    std::unique_ptr<endpoint::Endpoint> endpoint;
    std::unique_ptr<endpoint::UdpDriver> driver;
};

CallMedia::CallMedia(Strand strand, std::shared_ptr<const Context> context, CallMediaConfig config,
                     Handlers handlers)
    : strand_(std::move(strand)),
      context_(std::move(context)),
      config_(std::move(config)),
      handlers_(std::move(handlers)) {
    secured_report_.local_fingerprint = context_->certificate().fingerprint().to_string();
    auto make = [&](bool rtcp_component, std::uint16_t port) {
        auto component = std::make_unique<Component>();
        component->endpoint =
            std::make_unique<endpoint::Endpoint>(endpoint_config(rtcp_component), Clock::now());
        auto handler = rtcp_component
                           ? endpoint::UdpDriver::EventHandler(
                                 [this](endpoint::EndpointEvent& e) { on_rtcp_event(e); })
                           : endpoint::UdpDriver::EventHandler(
                                 [this](endpoint::EndpointEvent& e) { on_rtp_event(e); });
        component->driver = std::make_unique<endpoint::UdpDriver>(
            strand_, *component->endpoint, udp::endpoint(config_.bind, port), std::move(handler));
        return component;
    };
    // RFC 3550 §11: RTP on an even port, RTCP on the next one.
    for (int attempt = 0;; ++attempt) {
        try {
            rtp_ = make(false, config_.rtp_port);
            const auto port = rtp_->driver->local_endpoint().port();
            if (config_.bind_rtcp_port) {
                if (config_.rtp_port == 0 && port % 2 != 0)
                    throw boost::system::system_error(
                        make_error_code(boost::system::errc::address_in_use), "odd RTP port");
                rtcp_ = make(true, static_cast<std::uint16_t>(port + 1));
            }
            break;
        } catch (const boost::system::system_error& e) {
            rtp_.reset();
            if (config_.rtp_port != 0 || attempt + 1 == max_port_pair_attempts) {
                throw AppError(exit_bad_input,
                               std::string("cannot bind the media ports: ") + e.what());
            }
        }
    }
    rtp_->driver->start();
    if (rtcp_) rtcp_->driver->start();
}

CallMedia::~CallMedia() {
    for (auto* component : {rtp_.get(), rtcp_.get()}) {
        if (component) component->driver->stop();
    }
}

endpoint::EndpointConfig CallMedia::endpoint_config(bool rtcp_component) const {
    endpoint::TransportConfig transport = context_->transport_config(dtls::Role::server);
    transport.dtls.srtp_profiles = config_.profiles;
    transport.dtls.mtu = config_.mtu;
    // The user's timeout, with the retransmission schedule stretched to it.
    transport.dtls.retransmission =
        transport.dtls.retransmission.fitted_to(config_.handshake_timeout);
    transport.dtls.keylog = config_.keylog;
    transport.keep_keying_material = config_.export_keys && !rtcp_component;
    transport.component =
        rtcp_component ? endpoint::Component::rtcp : endpoint::Component::rtp_and_rtcp;
    endpoint::EndpointConfig config(std::move(transport));
    config.accept_unknown_peers = config_.offerer;
    return config;
}

sdp::TransportAddress CallMedia::sdp_rtp() const {
    if (config_.advertise_rtp) return *config_.advertise_rtp;
    const auto local = local_rtp();
    // An unspecified bind address is not one a peer can send to.
    return {
        local.address().is_unspecified() ? std::string("127.0.0.1") : local.address().to_string(),
        local.port()};
}

std::optional<std::uint16_t> CallMedia::sdp_rtcp_port() const {
    if (!config_.advertise_rtcp) return std::nullopt;
    const auto rtp = sdp_rtp();
    if (config_.advertise_rtcp->port == rtp.port + 1) return std::nullopt;
    return config_.advertise_rtcp->port;
}

boost::asio::ip::udp::endpoint CallMedia::local_rtp() const {
    return rtp_->driver->local_endpoint();
}

std::optional<boost::asio::ip::udp::endpoint> CallMedia::local_rtcp() const {
    if (!rtcp_) return std::nullopt;
    return rtcp_->driver->local_endpoint();
}

void CallMedia::use(const sdp::NegotiatedMedia& media) {
    secured_report_.role = std::string(dtls::role_name(media.role));
    auto address_of = [](const sdp::TransportAddress& address, const Component& component,
                         std::string_view what) {
        boost::system::error_code ec;
        const auto ip = boost::asio::ip::make_address(address.address, ec);
        if (ec) {
            throw AppError(exit_bad_input, std::string(what) + " '" + address.address +
                                               "' is not an IP address (no DNS here)");
        }
        // Said now: a family the socket cannot reach would only show as a
        // handshake timeout.
        return endpoint::to_peer_address(reachable_peer(component.driver->local_endpoint(),
                                                        udp::endpoint(ip, address.port), what));
    };
    const auto peer_rtp = address_of(media.peer_rtp, *rtp_, "the peer's SDP address");
    if (!media.rtcp_mux && !rtcp_) {
        throw AppError(exit_bad_input, "the peer refused rtcp-mux but no RTCP port was prepared");
    }
    const auto peer_rtcp = media.rtcp_mux
                               ? std::optional<endpoint::PeerAddress>()
                               : address_of(media.peer_rtcp, *rtcp_, "the peer's RTCP address");
    rtcp_mux_ = media.rtcp_mux;
    peer_rtp_ = peer_rtp;
    auto connect = [&](Component& component, const endpoint::PeerAddress& peer) {
        component.endpoint->connect(peer, media.role, Clock::now());
        component.endpoint->set_peer_fingerprints(peer, media.peer_fingerprints, Clock::now());
        component.driver->flush();
    };
    if (rtcp_mux_) {
        if (rtcp_) {
            rtcp_->driver->stop();
            rtcp_.reset();
        }
    } else {
        peer_rtcp_ = peer_rtcp;
        rtp_->endpoint->set_component(endpoint::Component::rtp);
        connect(*rtcp_, *peer_rtcp_);
    }
    connect(*rtp_, *peer_rtp_);
}

void CallMedia::on_rtp_event(endpoint::EndpointEvent& event) {
    const bool from_peer = peer_rtp_ && event.peer == *peer_rtp_;
    std::visit(
        [&](auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, endpoint::HandshakeDone>) {
                if (from_peer) on_secured(event.peer, e);
            } else if constexpr (std::is_same_v<E, endpoint::MediaReceived>) {
                if (media_ && from_peer) media_->on_media(e);
            } else if constexpr (std::is_same_v<E, endpoint::RtcpReportReady>) {
                send_report_on_rtcp_port(e.report);
            } else if constexpr (std::is_same_v<E, endpoint::TransportFailed>) {
                if (!from_peer) return;  // a stranger's failed attempt
                const bool mismatch = e.error == dtls::Error::fingerprint_mismatch;
                fail({mismatch, (mismatch ? "" : "DTLS handshake failed: ") + e.message});
            } else if constexpr (std::is_same_v<E, endpoint::TransportClosed>) {
                if (!from_peer) return;
                secured_report_.close = close_field(e.reason);
                if (e.reason == dtls::CloseReason::close_notify_received ||
                    e.reason == dtls::CloseReason::fatal_alert_received) {
                    if (handlers_.on_peer_closed) handlers_.on_peer_closed(e.reason);
                }
            }
        },
        event.event);
}

void CallMedia::on_rtcp_event(endpoint::EndpointEvent& event) {
    if (!peer_rtcp_ || event.peer != *peer_rtcp_) return;
    std::visit(
        [&](auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, endpoint::MediaReceived>) {
                if (e.kind == endpoint::MediaKind::rtcp && peer_rtp_)
                    rtp_->endpoint->note_companion_rtcp(*peer_rtp_, e.packet, Clock::now());
            } else if constexpr (std::is_same_v<E, endpoint::TransportFailed>) {
                const bool mismatch = e.error == dtls::Error::fingerprint_mismatch;
                fail({mismatch,
                      (mismatch ? "RTCP port: " : "DTLS handshake failed on the RTCP port: ") +
                          e.message});
            }
        },
        event.event);
}

void CallMedia::on_secured(const endpoint::PeerAddress& peer, endpoint::HandshakeDone& done) {
    if (secured_ || failed_ || closed_) return;
    secured_ = true;
    secured_report_.srtp_profile = std::string(done.profile->name);
    secured_report_.handshake_ms =
        std::chrono::duration<double, std::milli>(done.telemetry.time_to_complete).count();
    secured_report_.peer_fingerprint = done.peer_fingerprint.to_string();
    if (done.keying_material)
        secured_report_.keying_material_hex = to_hex(done.keying_material->span());
    media_ = std::make_unique<MediaSession>(*rtp_->endpoint, *rtp_->driver, peer, config_.media,
                                            config_.max_record_seconds);
    if (handlers_.on_secured) handlers_.on_secured(done);
    media_->start();
}

// No rtcp-mux: the RTP transport's report leaves, protected, from the RTCP port.
void CallMedia::send_report_on_rtcp_port(std::span<const std::byte> report) {
    if (!rtcp_ || !peer_rtcp_) return;
    std::array<std::byte, 1500> buffer;
    if (report.size() + srtp::max_protect_overhead > buffer.size()) return;
    std::copy(report.begin(), report.end(), buffer.begin());
    std::error_code ec;
    const std::size_t length =
        rtcp_->endpoint->protect_rtcp(*peer_rtcp_, buffer, report.size(), ec);
    if (!ec) rtcp_->driver->send(*peer_rtcp_, std::span<const std::byte>(buffer).first(length));
}

void CallMedia::fail(CallMediaFailure failure) {
    if (failed_ || closed_) return;
    failed_ = true;
    if (handlers_.on_failed) handlers_.on_failed(failure);
}

void CallMedia::close() {
    if (closed_) return;
    closed_ = true;
    if (peer_rtp_) {
        // Its BYE report comes out as an event and leaves on the RTCP port,
        // so that port closes after it.
        rtp_->endpoint->close(*peer_rtp_, Clock::now());
        rtp_->driver->flush();
    }
    if (rtcp_ && peer_rtcp_) {
        rtcp_->endpoint->close(*peer_rtcp_, Clock::now());
        rtcp_->driver->flush();
    }
    if (media_) media_->stop();
}

void CallMedia::fill_report(CallReport& report) const {
    report.role = secured_report_.role.empty() ? report.role : secured_report_.role;
    report.srtp_profile = secured_report_.srtp_profile;
    report.handshake_ms = secured_report_.handshake_ms;
    report.local_fingerprint = secured_report_.local_fingerprint;
    report.peer_fingerprint = secured_report_.peer_fingerprint;
    report.keying_material_hex = secured_report_.keying_material_hex;
    report.close = secured_report_.close;
    const auto* rtp = peer_rtp_ ? rtp_->endpoint->find(*peer_rtp_) : nullptr;
    const auto* rtcp = rtcp_ && peer_rtcp_ ? rtcp_->endpoint->find(*peer_rtcp_) : nullptr;
    report.take_stats(rtp, media_.get(), rtcp);
}

std::uint64_t CallMedia::packets_lost() const {
    const auto* rtp = peer_rtp_ ? rtp_->endpoint->find(*peer_rtp_) : nullptr;
    return rtp ? static_cast<std::uint64_t>(
                     std::max<std::int64_t>(0, rtp->stats().rtp_received.lost))
               : 0;
}

}  // namespace rtpsec::apps
