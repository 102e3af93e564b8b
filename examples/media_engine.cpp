// SPDX-License-Identifier: BSD-3-Clause
// A minimal softphone media engine on rtpsec: SDP in, SDP out, 20 ms PCM
// frames in and out through callbacks; DTLS-SRTP, G.711 PCMU and RTP framing
// inside. Two engines in one process call each other on loopback: Alice
// offers, Bob answers, Alice takes the answer; each then sends a second of
// tone (Alice 440 Hz, Bob 660 Hz) and hears the other's. Exit 0 when both
// heard the other's tone at its frequency.
//
// The engine is what a softphone's audio layer would talk to:
//   std::string create_offer();                        SDP out
//   std::string answer_offer(const std::string&);      SDP in, SDP out
//   void accept_answer(const std::string&);            SDP in
//   void send_audio(std::span<const std::int16_t>);    PCM in (160 samples)
//   Callbacks::on_audio(std::span<const std::int16_t>) PCM out
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>
#include <rtpsec/sdp/offer_answer.hpp>
#include <rtpsec/sdp/parser.hpp>
#include <rtpsec/sdp/writer.hpp>

using namespace rtpsec;
using Clock = std::chrono::steady_clock;
using udp = boost::asio::ip::udp;

namespace {

constexpr std::size_t frame_samples = 160;  // 20 ms at 8 kHz
constexpr std::uint8_t pcmu = 0;            // RFC 3551 payload type

// ITU-T G.711 μ-law, the codec every SIP peer has: 14-bit magnitude plus a
// bias of 132, a 3-bit segment and a 4-bit step, all bits inverted.
std::uint8_t ulaw_from_linear(std::int16_t sample) {
    const bool negative = sample < 0;
    const int magnitude = std::min(negative ? -int{sample} : int{sample}, 32635) + 132;
    int segment = 0;
    while (segment < 7 && magnitude >= (256 << segment))
        ++segment;
    const int step = (magnitude >> (segment + 3)) & 0x0f;
    return static_cast<std::uint8_t>(~((negative ? 0x80 : 0) | (segment << 4) | step));
}

std::int16_t linear_from_ulaw(std::uint8_t code) {
    const int bits = ~code & 0xff;
    const int magnitude = ((((bits & 0x0f) << 3) + 132) << ((bits >> 4) & 0x07)) - 132;
    return static_cast<std::int16_t>((bits & 0x80) != 0 ? -magnitude : magnitude);
}

class MediaEngine {
  public:
    struct Callbacks {
        std::function<void(std::span<const std::int16_t> frame)> on_audio;
        std::function<void()> on_secured;
        std::function<void(const std::string& why)> on_failed;
    };

    MediaEngine(boost::asio::io_context& io, std::shared_ptr<const Context> context,
                Callbacks callbacks)
        : context_(std::move(context)), callbacks_(std::move(callbacks)) {
        auto config = context_->endpoint_config(dtls::Role::server);
        // An offerer may get the answerer's ClientHello before the answer:
        // its address is unknown until then (the cookie exchange still applies).
        config.accept_unknown_peers = true;
        endpoint_ = std::make_unique<endpoint::Endpoint>(std::move(config), Clock::now());
        driver_ = std::make_unique<endpoint::UdpDriver>(
            io, *endpoint_, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            [this](endpoint::EndpointEvent& event) { on_event(event); });
        driver_->start();
    }

    std::string create_offer() {
        sdp::OfferOptions options;
        options.local = local_address();
        options.fingerprints = {context_->certificate().fingerprint()};
        offer_ = sdp::build_offer(options);
        return sdp::write(*offer_);
    }

    std::string answer_offer(const std::string& offer_text) {
        const sdp::SessionDescription offer = parse(offer_text);
        sdp::AnswerOptions options;
        options.local = local_address();
        options.fingerprints = {context_->certificate().fingerprint()};
        const sdp::Answer answer = sdp::build_answer(offer, options);
        if (!answer.accepted()) throw std::runtime_error("the offer cannot be answered");
        start_media(*answer.media);
        return sdp::write(answer.description);
    }

    void accept_answer(const std::string& answer_text) {
        if (!offer_) throw std::logic_error("accept_answer without an offer");
        sdp::NegotiationError error;
        const auto media = sdp::negotiate(*offer_, parse(answer_text), sdp::Side::offerer, error);
        if (!media) throw std::runtime_error("the answer does not fit the offer");
        start_media(*media);
    }

    // One 20 ms frame of 8 kHz PCM; dropped until the call is secured.
    void send_audio(std::span<const std::int16_t> frame) {
        if (!peer_ || !secured_ || frame.size() != frame_samples) return;
        std::array<std::byte, frame_samples> payload{};
        for (std::size_t i = 0; i < frame.size(); ++i)
            payload[i] = std::byte{ulaw_from_linear(frame[i])};
        rtp::RtpHeaderFields fields;
        fields.payload_type = payload_type_;
        fields.sequence_number = sequence_++;
        fields.timestamp = timestamp_;
        timestamp_ += frame_samples;
        fields.ssrc = endpoint_->find(*peer_)->local_ssrc();
        std::array<std::byte, 12 + frame_samples + srtp::max_protect_overhead> packet{};
        std::error_code ec;
        std::size_t length = rtp::write_rtp_packet(packet, fields, payload, 0, ec);
        if (!ec) length = endpoint_->protect_rtp(*peer_, packet, length, Clock::now(), ec);
        if (!ec) driver_->send(*peer_, std::span(packet).first(length));
    }

  private:
    static sdp::SessionDescription parse(const std::string& text) {
        sdp::ParseError error;
        auto description = sdp::parse(text, error);
        if (!description) throw std::runtime_error("bad SDP: " + error.message());
        return std::move(*description);
    }

    sdp::TransportAddress local_address() const {
        const auto local = driver_->local_endpoint();
        return {local.address().to_string(), local.port()};
    }

    void start_media(const sdp::NegotiatedMedia& media) {
        payload_type_ = media.audio_payload_type().value_or(pcmu);
        if (payload_type_ != pcmu) throw std::runtime_error("this engine speaks PCMU only");
        const auto address = boost::asio::ip::make_address(media.peer_rtp.address);
        peer_ = endpoint::to_peer_address(udp::endpoint(address, media.peer_rtp.port));
        endpoint_->connect(*peer_, media.role, Clock::now());
        endpoint_->set_peer_fingerprints(*peer_, media.peer_fingerprints, Clock::now());
        driver_->flush();
    }

    void on_event(endpoint::EndpointEvent& event) {
        if (std::holds_alternative<endpoint::HandshakeDone>(event.event)) {
            secured_ = true;
            if (callbacks_.on_secured) callbacks_.on_secured();
        } else if (const auto* media = std::get_if<endpoint::MediaReceived>(&event.event)) {
            if (media->kind == endpoint::MediaKind::rtp) decode(media->packet);
        } else if (const auto* failed = std::get_if<endpoint::TransportFailed>(&event.event)) {
            if (callbacks_.on_failed) callbacks_.on_failed(failed->message);
        }
    }

    void decode(std::span<const std::byte> packet) {
        std::error_code ec;
        const auto rtp = rtp::RtpPacket::parse(packet, ec);
        if (!rtp || rtp->payload_type() != payload_type_) return;
        const auto payload = rtp->payload();
        std::array<std::int16_t, 2 * frame_samples> pcm{};
        const std::size_t samples = std::min(payload.size(), pcm.size());
        for (std::size_t i = 0; i < samples; ++i)
            pcm[i] = linear_from_ulaw(std::to_integer<std::uint8_t>(payload[i]));
        if (callbacks_.on_audio) callbacks_.on_audio(std::span(pcm).first(samples));
    }

    std::shared_ptr<const Context> context_;
    Callbacks callbacks_;
    std::unique_ptr<endpoint::Endpoint> endpoint_;
    std::unique_ptr<endpoint::UdpDriver> driver_;
    std::optional<sdp::SessionDescription> offer_;
    std::optional<endpoint::PeerAddress> peer_;
    bool secured_ = false;
    std::uint8_t payload_type_ = pcmu;
    std::uint16_t sequence_ = 0;
    std::uint32_t timestamp_ = 0;
};

// What one side heard: frames, and the tone's frequency from zero crossings.
struct Listener {
    std::size_t frames = 0;
    std::size_t samples = 0;
    std::size_t crossings = 0;
    std::int16_t last = 0;

    void hear(std::span<const std::int16_t> frame) {
        ++frames;
        for (const std::int16_t sample : frame) {
            if ((last < 0) != (sample < 0)) ++crossings;
            last = sample;
        }
        samples += frame.size();
    }
    double frequency() const {
        return samples == 0
                   ? 0
                   : static_cast<double>(crossings) * 4000.0 / static_cast<double>(samples);
    }
};

// A phone's microphone: one 20 ms frame of a sine every 20 ms, 50 frames.
class ToneSource {
  public:
    ToneSource(boost::asio::io_context& io, MediaEngine& engine, double hz)
        : timer_(io), engine_(engine), hz_(hz) {}
    void start() { tick(); }

  private:
    void tick() {
        if (frames_ == 50) return;
        std::array<std::int16_t, frame_samples> frame{};
        for (std::size_t i = 0; i < frame.size(); ++i, ++n_)
            frame[i] = static_cast<std::int16_t>(
                8000 * std::sin(2 * M_PI * hz_ * static_cast<double>(n_) / 8000.0));
        engine_.send_audio(frame);
        ++frames_;
        timer_.expires_after(std::chrono::milliseconds(20));
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick();
        });
    }

    boost::asio::steady_timer timer_;
    MediaEngine& engine_;
    double hz_;
    int frames_ = 0;
    std::size_t n_ = 0;
};

}  // namespace

int main() try {
    boost::asio::io_context io;
    Listener alice_hears;
    Listener bob_hears;
    std::unique_ptr<ToneSource> alice_tone;
    std::unique_ptr<ToneSource> bob_tone;
    auto fail = [&](const std::string& why) {
        std::fprintf(stderr, "example_media_engine: %s\n", why.c_str());
        io.stop();
    };
    MediaEngine alice(
        io, Context::create(ContextOptions(dtls::Certificate::generate())),
        {[&](auto frame) { alice_hears.hear(frame); }, [&] { alice_tone->start(); }, fail});
    MediaEngine bob(io, Context::create(ContextOptions(dtls::Certificate::generate())),
                    {[&](auto frame) { bob_hears.hear(frame); }, [&] { bob_tone->start(); }, fail});
    alice_tone = std::make_unique<ToneSource>(io, alice, 440.0);
    bob_tone = std::make_unique<ToneSource>(io, bob, 660.0);

    // The signalling (SIP, a web socket, ...) carries these strings.
    const std::string offer = alice.create_offer();
    const std::string answer = bob.answer_offer(offer);
    alice.accept_answer(answer);

    // Both tones last a second; stop once both were heard whole, or after 10 s.
    const auto limit = Clock::now() + std::chrono::seconds(10);
    boost::asio::steady_timer check(io);
    std::function<void()> watch = [&] {
        if ((alice_hears.frames >= 50 && bob_hears.frames >= 50) || Clock::now() > limit) {
            io.stop();
            return;
        }
        check.expires_after(std::chrono::milliseconds(50));
        check.async_wait([&](const boost::system::error_code& ec) {
            if (!ec) watch();
        });
    };
    watch();
    io.run();

    std::printf("alice heard %zu frames at %.0f Hz; bob heard %zu frames at %.0f Hz\n",
                alice_hears.frames, alice_hears.frequency(), bob_hears.frames,
                bob_hears.frequency());
    const bool ok = alice_hears.frames >= 45 && std::abs(alice_hears.frequency() - 660) < 20 &&
                    bob_hears.frames >= 45 && std::abs(bob_hears.frequency() - 440) < 20;
    return ok ? 0 : 1;
} catch (const std::exception& e) {
    std::fprintf(stderr, "example_media_engine: %s\n", e.what());
    return 1;
}
