// SPDX-License-Identifier: BSD-3-Clause
#include <array>
#include <cstdio>
#include <stdexcept>
#include <type_traits>

#include <rtpsec/endpoint/error.hpp>
#include <rtpsec/endpoint/media_transport.hpp>
#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_writer.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/srtp/error.hpp>

namespace rtpsec::endpoint {
namespace {

// A full-size report: SR with a few blocks, SDES CNAME, BYE; SRTCP tail on top.
constexpr std::size_t rtcp_buffer_size = 512;
constexpr std::size_t max_blocks_per_report = 4;
// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
constexpr std::uint64_t ntp_unix_offset = 2'208'988'800ull;

TransportConfig&& with_context(TransportConfig& config) {
    if (!config.context) throw std::invalid_argument("TransportConfig::context is required");
    config.dtls.early_budget = config.early_budget;
    return std::move(config);
}

}  // namespace

MediaTransport::MediaTransport(TransportConfig config, Clock::time_point now)
    : config_(with_context(config)),
      engine_(config_.dtls, now),
      early_(config_.early_packets, config_.early_budget),
      delivering_(config_.early_packets, config_.early_budget),
      rtcp_scheduler_(config_.rtcp, random_bits(config_.context->random(), 64), now),
      remote_sources_(config_.max_remote_sources, config_.clock_rate),
      local_ssrc_(config_.local_ssrc != 0 ? config_.local_ssrc
                                          : random_nonzero_u32(config_.context->random())),
      cname_(config_.cname),
      wall_origin_(config_.context->wall_now()),
      steady_origin_(now) {
    if (cname_.empty()) {
        char text[20];
        std::snprintf(text, sizeof text, "rtpsec-%08x", local_ssrc_);
        cname_ = text;
    }
    pump_engine(now);
}

void MediaTransport::begin_input() {
    if (next_event_ < events_.size()) {
        // The calling rule was broken: the last input's events are still
        // there. They stay, and so do the early packets they point into.
        ++stats_.undrained_inputs;
        return;
    }
    delivering_.clear();
}

bool MediaTransport::sends_reports() const {
    return session_ && !finished_ && config_.send_rtcp_reports &&
           config_.component != Component::rtcp;
}

void MediaTransport::handle_datagram(std::span<std::byte> datagram, Clock::time_point now) {
    begin_input();
    switch (rtp::classify(datagram)) {
        case rtp::PacketKind::dtls: {
            ++stats_.dtls_datagrams_received;
            const std::error_code ec = engine_.handle_datagram(datagram, now);
            if (ec && !dtls::is_fatal(ec)) ++stats_.dtls_datagrams_dropped;
            pump_engine(now);
            return;
        }
        case rtp::PacketKind::rtp:
        case rtp::PacketKind::rtcp: {
            const MediaKind kind =
                rtp::classify(datagram) == rtp::PacketKind::rtp ? MediaKind::rtp : MediaKind::rtcp;
            ReceivedStats& counters = kind == MediaKind::rtp
                                          ? static_cast<ReceivedStats&>(stats_.rtp_received)
                                          : stats_.rtcp_received;
            if (kind == MediaKind::rtp && config_.component == Component::rtcp) {
                ++stats_.unknown_dropped;  // RFC 5761 §4: RTP never uses the RTCP port
            } else if (finished_) {
                ++counters.dropped_after_close;
            } else if (!session_) {
                if (!early_.push(datagram)) ++counters.dropped_before_keys;
            } else {
                deliver_media(datagram, kind, false, now);
            }
            return;
        }
        case rtp::PacketKind::stun:
            ++stats_.stun_received;
            events_.emplace_back(StunReceived{datagram});
            return;
        default:
            ++stats_.unknown_dropped;
            return;
    }
}

void MediaTransport::handle_timeout(Clock::time_point now) {
    begin_input();
    if (const auto deadline = engine_.next_deadline(); deadline && *deadline <= now) {
        engine_.handle_timeout(now);
        pump_engine(now);
    }
    if (sends_reports() && rtcp_scheduler_.due(now)) {
        send_report(now, false);
    }
}

void MediaTransport::set_peer_fingerprints(std::vector<dtls::Fingerprint> expected,
                                           Clock::time_point now) {
    begin_input();
    engine_.set_peer_fingerprints(std::move(expected), now);
    pump_engine(now);
}

void MediaTransport::close(Clock::time_point now) {
    begin_input();
    if (sends_reports()) send_report(now, true);
    engine_.close(now);
    pump_engine(now);
    finished_ = true;
    early_.clear();
}

void MediaTransport::pump_engine(Clock::time_point now) {
    while (auto event = engine_.poll_event()) {
        std::visit(
            [&](auto& e) {
                using E = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<E, dtls::PeerVerified>) {
                    events_.emplace_back(std::move(e));
                } else if constexpr (std::is_same_v<E, dtls::HandshakeComplete>) {
                    on_handshake_complete(e, now);
                } else if constexpr (std::is_same_v<E, dtls::Closed>) {
                    finished_ = true;
                    early_.clear();
                    events_.emplace_back(TransportClosed{e.reason, std::move(e.alert)});
                } else {
                    finished_ = true;
                    early_.clear();
                    events_.emplace_back(TransportFailed{e.error, std::move(e.message)});
                }
            },
            *event);
    }
}

void MediaTransport::on_handshake_complete(dtls::HandshakeComplete& done, Clock::time_point now) {
    const srtp::Profile* profile = srtp::find_profile(done.profile);
    try {
        session_.emplace(srtp::Session::from_keying_material(config_.context->srtp_library(),
                                                             *profile, done.keying_material.span(),
                                                             done.role, config_.srtp));
    } catch (const std::system_error& e) {
        finished_ = true;
        events_.emplace_back(
            TransportFailed{e.code(), std::string("cannot key SRTP: ") + e.what()});
        return;
    }
    stats_.handshake = done.telemetry;
    HandshakeDone event{profile, done.role, done.peer_fingerprint, done.telemetry, std::nullopt};
    if (config_.keep_keying_material) event.keying_material = std::move(done.keying_material);
    events_.emplace_back(std::move(event));

    // SRTP that beat the keys here: deliver it now, from storage that lives
    // until the next input.
    std::swap(delivering_, early_);
    delivering_.for_each([&](std::span<std::byte> packet) {
        const auto kind =
            rtp::classify(packet) == rtp::PacketKind::rtp ? MediaKind::rtp : MediaKind::rtcp;
        deliver_media(packet, kind, true, now);
    });
}

void MediaTransport::deliver_media(std::span<std::byte> packet, MediaKind kind, bool early,
                                   Clock::time_point now) {
    ReceivedStats& counters = kind == MediaKind::rtp
                                  ? static_cast<ReceivedStats&>(stats_.rtp_received)
                                  : stats_.rtcp_received;
    std::error_code ec;
    const std::size_t length = kind == MediaKind::rtp
                                   ? session_->unprotect_rtp(packet, packet.size(), ec)
                                   : session_->unprotect_rtcp(packet, packet.size(), ec);
    if (ec) {
        count_unprotect_failure(counters, ec, early);
        return;
    }
    // Queued media came before our completion and proves less; the next
    // packet does it.
    if (!peer_keyed_ && !early) {
        peer_keyed_ = true;
        engine_.confirm_peer_keyed(now);
    }
    const auto plain = std::span<const std::byte>(packet.first(length));
    std::error_code invalid;
    if (kind == MediaKind::rtp) {
        const auto rtp = rtp::RtpPacket::parse(plain, invalid);
        if (!rtp) {
            ++counters.malformed;
            return;
        }
        note_rtp_received(plain, now);
    } else {
        if (!rtp::RtcpCompound::parse(plain, invalid)) {
            ++counters.malformed;
            return;
        }
        note_rtcp_received(plain, now);
    }
    ++counters.packets;
    counters.bytes += packet.size();
    if (early) ++counters.delivered_from_queue;
    events_.emplace_back(MediaReceived{kind, plain, early});
}

void MediaTransport::count_unprotect_failure(ReceivedStats& counters, std::error_code ec,
                                             bool early) {
    if (ec == srtp::SrtpError::auth_fail) {
        ++counters.auth_failed;
        if (early) ++counters.auth_failed_before_keys;
    } else if (ec == srtp::SrtpError::replay_fail || ec == srtp::SrtpError::replay_old) {
        ++counters.replayed;
    } else {
        ++counters.malformed;
    }
}

void MediaTransport::note_rtp_received(std::span<const std::byte> rtp, Clock::time_point now) {
    const auto header = rtp::peek_rtp_fixed_header(rtp);
    const auto verdict =
        remote_sources_.on_packet(header->ssrc, header->sequence_number, header->timestamp, now);
    if (verdict) {
        last_remote_ssrc_ = header->ssrc;
        received_since_report_ = true;
    }
}

void MediaTransport::note_rtcp_received(std::span<const std::byte> rtcp, Clock::time_point now) {
    std::error_code ec;
    const auto compound = rtp::RtcpCompound::parse(rtcp, ec);
    for (const auto& packet : *compound) {
        if (!packet.is(rtp::RtcpPacketType::sender_report)) continue;
        if (const auto report = rtp::SenderReport::parse(packet, ec)) {
            remote_sources_.on_sender_report(report->sender_ssrc(),
                                             report->sender_info().ntp_timestamp, now);
        }
    }
    rtcp_scheduler_.on_report_received(rtcp.size());
}

std::size_t MediaTransport::protect_rtp(std::span<std::byte> buffer, std::size_t length,
                                        Clock::time_point now, std::error_code& ec) {
    if (finished_) {
        ec = EndpointError::transport_closed;
        return 0;
    }
    if (config_.component == Component::rtcp) {
        ec = EndpointError::wrong_component;
        return 0;
    }
    if (!session_) {
        ec = EndpointError::not_keyed;
        return 0;
    }
    std::error_code invalid;
    const auto rtp = rtp::RtpPacket::parse(buffer.first(std::min(length, buffer.size())), invalid);
    const std::size_t payload = rtp ? rtp->payload().size() : 0;
    const std::uint32_t timestamp = rtp ? rtp->timestamp() : last_rtp_timestamp_;
    const std::size_t protected_length = session_->protect_rtp(buffer, length, ec);
    if (ec) return 0;
    ++stats_.rtp_sent.packets;
    stats_.rtp_sent.bytes += protected_length;
    payload_octets_sent_ += payload;
    last_rtp_timestamp_ = timestamp;
    last_rtp_sent_ = now;
    sent_since_report_ = true;
    return protected_length;
}

void MediaTransport::note_companion_rtcp(std::span<const std::byte> rtcp, Clock::time_point now) {
    std::error_code invalid;
    if (!finished_ && rtp::RtcpCompound::parse(rtcp, invalid)) note_rtcp_received(rtcp, now);
}

std::size_t MediaTransport::protect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                         std::error_code& ec) {
    if (finished_) {
        ec = EndpointError::transport_closed;
        return 0;
    }
    if (!session_) {
        ec = EndpointError::not_keyed;
        return 0;
    }
    const std::size_t protected_length = session_->protect_rtcp(buffer, length, ec);
    if (ec) return 0;
    ++stats_.rtcp_sent.packets;
    stats_.rtcp_sent.bytes += protected_length;
    return protected_length;
}

// RFC 3550 §6.4: SR while we sent RTP since the last report, RR otherwise,
// always with an SDES CNAME (§6.1); BYE last when leaving (§6.3.7).
void MediaTransport::send_report(Clock::time_point now, bool goodbye) {
    if (rtcp_out_.empty()) rtcp_out_.resize(rtcp_buffer_size);
    std::array<rtp::ReportBlock, max_blocks_per_report> blocks{};
    const std::size_t block_count = remote_sources_.next_report_blocks(now, blocks);
    const auto report_blocks = std::span<const rtp::ReportBlock>(blocks).first(block_count);

    const auto space =
        std::span<std::byte>(rtcp_out_).first(rtcp_buffer_size - srtp::max_protect_overhead);
    rtp::RtcpCompoundWriter writer(space);
    if (sent_since_report_) {
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(now - last_rtp_sent_);
        rtp::SenderInfo info;
        info.ntp_timestamp = ntp_time(now);
        info.rtp_timestamp =
            last_rtp_timestamp_ +
            static_cast<std::uint32_t>(elapsed.count() * config_.clock_rate / 1'000'000);
        info.packet_count = static_cast<std::uint32_t>(stats_.rtp_sent.packets);
        info.octet_count = static_cast<std::uint32_t>(payload_octets_sent_);
        writer.add_sender_report(local_ssrc_, info, report_blocks);
    } else {
        writer.add_receiver_report(local_ssrc_, report_blocks);
    }
    const std::array<rtp::SdesItem, 1> items{{{rtp::SdesItemType::cname, cname_}}};
    const std::array<rtp::SdesChunkFields, 1> chunks{{{local_ssrc_, items}}};
    writer.add_source_description(chunks);
    if (goodbye) {
        const std::array<std::uint32_t, 1> ssrcs{local_ssrc_};
        writer.add_goodbye(ssrcs);
    }
    const std::size_t senders = (sent_since_report_ ? 1 : 0) + (received_since_report_ ? 1 : 0);
    rtcp_scheduler_.on_report_sent(now, writer.size(), senders, sent_since_report_);
    sent_since_report_ = false;
    received_since_report_ = false;
    if (writer.error()) return;

    if (config_.component == Component::rtp) {
        events_.emplace_back(
            RtcpReportReady{std::span<const std::byte>(rtcp_out_).first(writer.size()), goodbye});
        return;
    }
    std::error_code ec;
    const std::size_t length = protect_rtcp(rtcp_out_, writer.size(), ec);
    if (!ec) {
        rtcp_length_ = length;
        rtcp_pending_ = true;
    }
}

std::uint64_t MediaTransport::ntp_time(Clock::time_point now) const {
    const auto wall =
        wall_origin_ +
        std::chrono::duration_cast<std::chrono::system_clock::duration>(now - steady_origin_);
    const auto since_unix =
        std::chrono::duration_cast<std::chrono::nanoseconds>(wall.time_since_epoch()).count();
    const auto seconds = static_cast<std::uint64_t>(since_unix / 1'000'000'000) + ntp_unix_offset;
    const auto fraction =
        (static_cast<std::uint64_t>(since_unix % 1'000'000'000) << 32) / 1'000'000'000ull;
    return seconds << 32 | fraction;
}

std::optional<std::span<const std::byte>> MediaTransport::poll_transmit() {
    if (rtcp_pending_) {
        rtcp_pending_ = false;
        return std::span<const std::byte>(rtcp_out_).first(rtcp_length_);
    }
    if (auto datagram = engine_.poll_transmit()) {
        ++stats_.dtls_datagrams_sent;
        return datagram;
    }
    return std::nullopt;
}

std::optional<TransportEvent> MediaTransport::poll_event() {
    if (next_event_ == events_.size()) {
        events_.clear();
        next_event_ = 0;
        return std::nullopt;
    }
    return std::move(events_[next_event_++]);
}

std::optional<MediaTransport::Clock::time_point> MediaTransport::next_deadline() const {
    auto deadline = engine_.next_deadline();
    if (sends_reports()) {
        const auto report = rtcp_scheduler_.next_report();
        if (!deadline || report < *deadline) deadline = report;
    }
    return deadline;
}

const TransportStats& MediaTransport::stats() const {
    if (const auto* source = remote_sources_.find(last_remote_ssrc_)) {
        stats_.rtp_received.lost = source->lost();
        stats_.rtp_received.jitter = source->jitter();
        stats_.rtp_received.duplicates = source->duplicates();
    }
    return stats_;
}

}  // namespace rtpsec::endpoint
