// SPDX-License-Identifier: BSD-3-Clause
#include "common/media_session.hpp"

#include <boost/asio/bind_executor.hpp>
#include <random>

#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

#include "common/app_error.hpp"
#include "media/audio_format.hpp"
#include "media/g711.hpp"
#include "media/wav_file.hpp"

namespace rtpsec::apps {

MediaSession::MediaSession(endpoint::Endpoint& endpoint, endpoint::UdpDriver& driver,
                           endpoint::PeerAddress peer, const MediaOptions& options,
                           double max_record_seconds)
    : endpoint_(endpoint),
      driver_(driver),
      peer_(peer),
      options_(options),
      timer_(driver.strand()) {
    // RFC 3550 §5.1: random initial sequence number and timestamp.
    std::random_device random;
    sequence_ = static_cast<std::uint16_t>(random());
    timestamp_ = random();
    try {
        if (options.tone_hz) {
            source_ = std::make_unique<media::ToneSource>(*options.tone_hz);
        } else if (options.play_audio) {
            source_ = std::make_unique<media::WavSource>(*options.play_audio);
        } else if (options.play) {
            source_ = std::make_unique<media::WavSource>(media::read_audio_8k_mono(*options.play));
        }
    } catch (const std::exception& e) {
        throw AppError(exit_bad_input,
                       std::string(options.tone_hz ? "--tone: " : "--play: ") + e.what());
    }
    if (options.record) recorder_.emplace(max_record_seconds);
}

void MediaSession::start() {
    if (running_ || !source_) return;
    running_ = true;
    next_send_ = std::chrono::steady_clock::now();
    send_frame();
}

void MediaSession::stop() {
    running_ = false;
    timer_.cancel();
    if (recorder_ && options_.record) {
        try {
            recorder_->write_wav(*options_.record);
        } catch (const std::exception& e) {
            throw AppError(exit_bad_input, std::string("--record: ") + e.what());
        }
    }
}

std::span<const std::int16_t> MediaSession::recorded() const {
    return recorder_ ? recorder_->samples() : std::span<const std::int16_t>{};
}

void MediaSession::schedule_next() {
    // Absolute schedule: a late wake-up does not shift every later packet.
    next_send_ += std::chrono::milliseconds(media::packet_interval_ms);
    timer_.expires_at(next_send_);
    timer_.async_wait(
        boost::asio::bind_executor(driver_.strand(), [this](const boost::system::error_code& ec) {
            if (!ec && running_) send_frame();
        }));
}

void MediaSession::send_frame() {
    std::array<std::int16_t, media::samples_per_packet> samples{};
    std::array<std::uint8_t, media::samples_per_packet> payload{};
    source_->fill(samples);
    media::encode_ulaw(samples, payload);
    send_rtp(media::pcmu_payload_type, timestamp_, first_packet_, payload);
    first_packet_ = false;
    timestamp_ += static_cast<std::uint32_t>(media::samples_per_packet);
    schedule_next();
}

void MediaSession::send_rtp(std::uint8_t payload_type, std::uint32_t timestamp, bool marker,
                            std::span<const std::uint8_t> payload) {
    const auto* transport = endpoint_.find(peer_);
    if (!transport || !transport->keyed() || transport->finished()) return;
    rtp::RtpHeaderFields fields;
    fields.marker = marker;
    fields.payload_type = payload_type;
    fields.sequence_number = sequence_++;
    fields.timestamp = timestamp;
    fields.ssrc = transport->local_ssrc();
    std::error_code ec;
    // A frame is built, protected and sent within this call, so one buffer
    // per thread serves every session (instead of 1.5 KB per call leg).
    alignas(8) thread_local std::array<std::byte, 1500> frame{};
    const auto room = std::span(frame).first(frame.size() - srtp::max_protect_overhead);
    const std::size_t length = rtp::write_rtp_packet(room, fields, std::as_bytes(payload), 0, ec);
    if (ec) {
        ++counters_.send_failed;
        return;
    }
    if (on_sent_) on_sent_(std::span(frame).first(length));
    const std::size_t protected_length =
        endpoint_.protect_rtp(peer_, frame, length, std::chrono::steady_clock::now(), ec);
    if (ec) {
        ++counters_.send_failed;
        return;
    }
    driver_.send(peer_, std::span(frame).first(protected_length));
    ++counters_.sent;
}

void MediaSession::on_media(const endpoint::MediaReceived& media) {
    if (media.kind != endpoint::MediaKind::rtp) return;
    std::error_code ec;
    const auto packet = rtp::RtpPacket::parse(media.packet, ec);
    if (!packet) return;
    ++counters_.received;
    if (on_received_) on_received_(media.packet);
    const auto payload = std::span(reinterpret_cast<const std::uint8_t*>(packet->payload().data()),
                                   packet->payload().size());
    if (recorder_ && packet->payload_type() == media::pcmu_payload_type) {
        recorder_->add_pcmu(packet->timestamp(), payload);
    }
    if (options_.echo) {
        // Our own stream (SSRC, sequence) carrying the peer's payload and timing.
        std::array<std::uint8_t, 1200> copy{};
        const std::size_t size = std::min(payload.size(), copy.size());
        std::copy_n(payload.begin(), size, copy.begin());
        send_rtp(packet->payload_type(), packet->timestamp(), packet->marker(),
                 std::span(copy).first(size));
        ++counters_.echoed;
    }
}

}  // namespace rtpsec::apps
