// SPDX-License-Identifier: BSD-3-Clause
// The media of one call leg: 20 ms PCMU packets from a tone or a WAV file,
// sent as SRTP once the handshake is done; received RTP recorded to a WAV
// file, echoed back, and counted.
//
// Runs on the UdpDriver's strand; every packet is built and protected in one
// reused buffer (no allocation per packet).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <rtpsec/endpoint/udp_driver.hpp>

#include "media/audio_source.hpp"
#include "media/recorder.hpp"

namespace rtpsec::apps {

struct MediaOptions {
    std::optional<double> tone_hz;
    std::optional<std::filesystem::path> play;
    // --play's audio, loaded when the program started (prepare_media_files);
    // unset: loaded from `play` when the session starts.
    std::shared_ptr<const std::vector<std::int16_t>> play_audio;
    std::optional<std::filesystem::path> record;
    bool echo = false;

    bool any() const { return tone_hz || play || record || echo; }
    bool sends() const { return tone_hz || play; }
};

struct MediaCounters {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::uint64_t echoed = 0;
    std::uint64_t send_failed = 0;
};

class MediaSession {
  public:
    // Plaintext RTP packets as they leave and arrive, for callers that verify
    // the media (rtpsec-call).
    using PacketObserver = std::function<void(std::span<const std::byte> rtp)>;

    // Loads --play now, so a bad WAV fails before any network activity
    // (AppError, exit 2). max_record_seconds bounds --record's memory.
    MediaSession(endpoint::Endpoint& endpoint, endpoint::UdpDriver& driver,
                 endpoint::PeerAddress peer, const MediaOptions& options,
                 double max_record_seconds);

    // Starts sending (if a source is configured); call once the transport is keyed.
    void start();
    // Stops sending; writes the recording.
    void stop();
    // A MediaReceived event of this session's transport.
    void on_media(const endpoint::MediaReceived& media);

    void observe_sent(PacketObserver observer) { on_sent_ = std::move(observer); }
    void observe_received(PacketObserver observer) { on_received_ = std::move(observer); }

    const MediaCounters& counters() const { return counters_; }
    const endpoint::PeerAddress& peer() const { return peer_; }
    // The samples recorded so far (empty without --record).
    std::span<const std::int16_t> recorded() const;

  private:
    void schedule_next();
    void send_frame();
    void send_rtp(std::uint8_t payload_type, std::uint32_t timestamp, bool marker,
                  std::span<const std::uint8_t> payload);

    endpoint::Endpoint& endpoint_;
    endpoint::UdpDriver& driver_;
    endpoint::PeerAddress peer_;
    MediaOptions options_;
    std::unique_ptr<media::AudioSource> source_;
    std::optional<media::Recorder> recorder_;
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point next_send_{};
    bool running_ = false;
    std::uint16_t sequence_;
    std::uint32_t timestamp_;
    bool first_packet_ = true;
    MediaCounters counters_;
    PacketObserver on_sent_;
    PacketObserver on_received_;
};

}  // namespace rtpsec::apps
