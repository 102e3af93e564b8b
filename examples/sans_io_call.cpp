// SPDX-License-Identifier: BSD-3-Clause
// Embedding rtpsec without Boost.Asio: two endpoints, each on its own plain
// POSIX UDP socket, driven by one poll() loop, call each other on loopback.
// Alice (DTLS client) and Bob (DTLS server) learn each other's certificate
// fingerprint as their SDP would tell them, run DTLS-SRTP on the media port,
// and Alice sends 50 RTP packets that Bob receives decrypted; then Alice hangs
// up with close_notify. Exit 0 when Bob got all 50 and saw the close.
//
// The calling rule of the sans-IO Endpoint, which this loop follows:
//   input   handle_datagram(from, bytes, now) or handle_timeout(now)
//   output  poll_output() until it gives a Timeout: transmits (send each),
//           then events (spans in them are valid until the next input)
//   wait    until the Timeout's time or the next datagram
#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <variant>

#include <rtpsec/context.hpp>
#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>
#include <rtpsec/srtp/session.hpp>

namespace {

using namespace rtpsec;
using Clock = std::chrono::steady_clock;

// One party: a socket, an Endpoint, and what it saw.
struct Party {
    explicit Party(const char* party_name) : name(party_name) {}

    const char* name;
    int socket = -1;
    endpoint::PeerAddress address;
    std::optional<endpoint::Endpoint> endpoint;
    bool keyed = false;
    bool closed = false;
    int media_received = 0;
};

endpoint::PeerAddress to_peer(const sockaddr_in& address) {
    std::array<std::uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &address.sin_addr, 4);
    return endpoint::PeerAddress::ipv4(bytes, ntohs(address.sin_port));
}

sockaddr_in to_sockaddr(const endpoint::PeerAddress& peer) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(peer.port());
    std::memcpy(&address.sin_addr, peer.address().data(), 4);
    return address;
}

void open_socket(Party& party) {
    party.socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (party.socket < 0 || ::bind(party.socket, reinterpret_cast<sockaddr*>(&address), length) ||
        ::getsockname(party.socket, reinterpret_cast<sockaddr*>(&address), &length)) {
        throw std::runtime_error("cannot open a loopback UDP socket");
    }
    party.address = to_peer(address);
}

void handle_event(Party& party, const endpoint::EndpointEvent& event) {
    if (auto* done = std::get_if<endpoint::HandshakeDone>(&event.event)) {
        std::printf("%s: DTLS-SRTP up with %s, %s\n", party.name, event.peer.to_string().c_str(),
                    std::string(done->profile->name).c_str());
        party.keyed = true;
    } else if (auto* media = std::get_if<endpoint::MediaReceived>(&event.event)) {
        if (media->kind == endpoint::MediaKind::rtp) ++party.media_received;  // not RTCP
    } else if (std::holds_alternative<endpoint::TransportClosed>(event.event)) {
        party.closed = true;
    } else if (auto* failed = std::get_if<endpoint::TransportFailed>(&event.event)) {
        throw std::runtime_error(std::string(party.name) + ": " + failed->message);
    }
}

// The output half of the calling rule; the deadline is read again when the
// loop waits (next_deadline() is the Timeout's time).
void take_output(Party& party) {
    for (auto output = party.endpoint->poll_output();
         !std::holds_alternative<endpoint::Timeout>(output);
         output = party.endpoint->poll_output()) {
        if (const auto* transmit = std::get_if<endpoint::Transmit>(&output)) {
            const sockaddr_in to = to_sockaddr(transmit->to);
            ::sendto(party.socket, transmit->datagram.data(), transmit->datagram.size(), 0,
                     reinterpret_cast<const sockaddr*>(&to), sizeof to);
        } else {
            handle_event(party, std::get<endpoint::EndpointEvent>(output));
        }
    }
}

// The input half: a datagram if one is waiting, else the timer if it is due.
void take_input(Party& party) {
    alignas(8) std::array<std::byte, 2048> buffer{};
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const auto size = ::recvfrom(party.socket, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &length);
    const auto now = Clock::now();
    if (size > 0) {
        party.endpoint->handle_datagram(to_peer(from), std::span(buffer).first(size), now);
    } else if (const auto deadline = party.endpoint->next_deadline();
               deadline && *deadline <= now) {
        party.endpoint->handle_timeout(now);
    }
    take_output(party);
}

// Waits for either socket or the earlier deadline, then gives both a turn.
void run_once(Party& a, Party& b) {
    auto wait = std::chrono::milliseconds(100);
    for (const Party* party : {&a, &b}) {
        if (const auto deadline = party->endpoint->next_deadline()) {
            wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                      std::max(*deadline - Clock::now(), Clock::duration{})));
        }
    }
    std::array<pollfd, 2> fds{{{a.socket, POLLIN, 0}, {b.socket, POLLIN, 0}}};
    ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    take_input(a);
    take_input(b);
}

// Each party is its own application here, so each has its own Context: its
// identity and policy (the defaults, plus rtpsec's faster AES-GCM).
std::shared_ptr<const Context> context_for(dtls::Certificate identity) {
    ContextOptions options(std::move(identity));
    options.srtp.rtpsec_aes_gcm = true;
    options.srtp.rtpsec_hmac_sha1 = true;
    return Context::create(std::move(options));
}

endpoint::EndpointConfig config_for(const Context& context, dtls::Role role,
                                    const dtls::Fingerprint& peer) {
    endpoint::EndpointConfig config = context.endpoint_config(role);
    config.transport.dtls.expected_peer_fingerprints = {peer};  // from the peer's SDP
    return config;
}

}  // namespace

int main() try {
    const auto alice_context = context_for(dtls::Certificate::generate());
    const auto bob_context = context_for(dtls::Certificate::generate());
    Party alice{"alice"};
    Party bob{"bob"};
    open_socket(alice);
    open_socket(bob);
    alice.endpoint.emplace(
        config_for(*alice_context, dtls::Role::client, bob_context->certificate().fingerprint()),
        Clock::now());
    bob.endpoint.emplace(
        config_for(*bob_context, dtls::Role::server, alice_context->certificate().fingerprint()),
        Clock::now());
    bob.endpoint->connect(alice.address, Clock::now());
    alice.endpoint->connect(bob.address, Clock::now());
    take_output(alice);

    const auto limit = Clock::now() + std::chrono::seconds(10);
    while (!(alice.keyed && bob.keyed) && Clock::now() < limit)
        run_once(alice, bob);

    // 20 ms of PCMU silence per packet, written with the RTP layer's writer
    // into a buffer with room for the SRTP tag, protected in place.
    const std::array<std::byte, 160> silence = [] {
        std::array<std::byte, 160> bytes{};
        bytes.fill(std::byte{0xff});
        return bytes;
    }();
    for (std::uint16_t sequence = 0; sequence < 50 && alice.keyed; ++sequence) {
        rtp::RtpHeaderFields fields;
        fields.payload_type = 0;  // PCMU
        fields.sequence_number = sequence;
        fields.timestamp = 160u * sequence;
        fields.ssrc = alice.endpoint->find(bob.address)->local_ssrc();
        std::array<std::byte, 12 + 160 + srtp::max_protect_overhead> packet{};
        std::error_code ec;
        const auto length = rtp::write_rtp_packet(packet, fields, silence, 0, ec);
        const auto size =
            ec ? 0 : alice.endpoint->protect_rtp(bob.address, packet, length, Clock::now(), ec);
        if (ec) throw std::runtime_error("RTP: " + ec.message());
        const sockaddr_in to = to_sockaddr(bob.address);
        ::sendto(alice.socket, packet.data(), size, 0, reinterpret_cast<const sockaddr*>(&to),
                 sizeof to);
        run_once(alice, bob);
    }
    alice.endpoint->close(bob.address, Clock::now());  // BYE: close_notify
    take_output(alice);
    while ((bob.media_received < 50 || !bob.closed) && Clock::now() < limit)
        run_once(alice, bob);

    std::printf("bob: %d of 50 RTP packets decrypted, %s\n", bob.media_received,
                bob.closed ? "closed by alice's close_notify" : "never closed");
    ::close(alice.socket);
    ::close(bob.socket);
    return bob.media_received == 50 && bob.closed ? 0 : 1;
} catch (const std::exception& e) {
    std::fprintf(stderr, "sans_io_call: %s\n", e.what());
    return 1;
}
