// SPDX-License-Identifier: BSD-3-Clause
// The endpoint's per-packet path against a bare libsrtp loop, in memory, in
// the same run: what the stack adds to the crypto of a secured echo.
//
// ours: a server endpoint::Endpoint with one established peer (a real DTLS
// handshake in memory first) takes an SRTP packet the way UdpDriver gives it
// one (handle_datagram, then poll_transmit / poll_event / next_deadline), and
// the MediaReceived handler writes it back under its own SSRC and
// protect_rtp()s it: the server side of bench_secured_echo without the socket.
// bare: srtp_unprotect, the same copy, srtp_protect on two libsrtp contexts.
//
// Batches of 256 packets alternate between the two; the client's side (the
// packets protected for them) is made outside the timed part. Counters per
// packet: ours_ns, bare_ns, stack_ns = ours - bare, ratio = ours / bare.
// The /syscall variants make one cheap system call before every packet in
// both loops, as the socket does between packets: on this machine a system
// call leaves the caches and predictors cold for the code after it, and the
// per-packet cost then is what the secured echo sees. Their counters are net
// of the system call itself (a batch of bare calls, timed in the same loop).
//
//   bench_endpoint_path --benchmark_repetitions=5   # the summary uses medians
#include <array>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <srtp2/srtp.h>
#include <stdexcept>
#include <string>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <utility>
#include <variant>
#include <vector>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/srtp/key_split.hpp>
#include <rtpsec/srtp/profile.hpp>
#include <rtpsec/srtp/session.hpp>

#include "bare_libsrtp.hpp"
#include "bench_context.hpp"
#include "median_reporter.hpp"

namespace {

namespace dtls = rtpsec::dtls;
namespace endpoint = rtpsec::endpoint;
namespace srtp = rtpsec::srtp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t batch_size = 256;
constexpr std::size_t header_size = 12;
constexpr std::size_t buffer_size = 1500;
constexpr std::uint32_t client_ssrc = 0x5eed0001;
constexpr std::uint32_t server_ssrc = 0x5eed0002;

void put_u32(std::byte* at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        at[i] = static_cast<std::byte>((value >> (24 - 8 * i)) & 0xff);
}

double thread_cpu_ns() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// What the socket does between two packets, at its cheapest.
void cheap_system_call() {
    benchmark::DoNotOptimize(::syscall(SYS_getppid));
}

// A batch of RTP packets, protected by the client: the input of one timed batch.
struct Batch {
    std::vector<std::array<std::byte, buffer_size>> packets{batch_size};
    std::array<std::size_t, batch_size> lengths{};
};

class Client {
  public:
    Client(const srtp::Profile& profile, std::span<const std::uint8_t> keying_material)
        : session_(srtp::Session::from_keying_material(srtp::Library(), profile, keying_material,
                                                       srtp::DtlsRole::client)) {}

    void fill(Batch& batch, std::size_t payload) {
        for (std::size_t i = 0; i < batch_size; ++i) {
            auto& packet = batch.packets[i];
            packet[0] = std::byte{0x80};
            packet[1] = std::byte{0x00};
            packet[2] = static_cast<std::byte>(sequence_ >> 8);
            packet[3] = static_cast<std::byte>(sequence_ & 0xff);
            put_u32(&packet[4], 160u * sequence_);
            put_u32(&packet[8], client_ssrc);
            std::memset(&packet[header_size], 0x33, payload);
            ++sequence_;
            std::error_code ec;
            batch.lengths[i] = session_.protect_rtp(packet, header_size + payload, ec);
            if (ec) throw std::runtime_error("client protect_rtp: " + ec.message());
        }
    }

  private:
    srtp::Session session_;
    std::uint16_t sequence_ = 0;
};

// A server Endpoint keyed by a DTLS handshake with a client Endpoint, both in memory.
class OurPath {
  public:
    explicit OurPath(srtp::ProfileId profile)
        : server_(config(dtls::Role::server, server_cert_, client_cert_, profile), Clock::now()) {
        endpoint::Endpoint client(config(dtls::Role::client, client_cert_, server_cert_, profile),
                                  Clock::now());
        client.connect(server_address_, Clock::now());
        server_.connect(client_address_, Clock::now());
        // By the calling rule each input's transmits and events are taken
        // before the next input.
        std::vector<std::vector<std::byte>> to_server;
        std::vector<std::vector<std::byte>> to_client;
        const auto drain = [&](endpoint::Endpoint& side, auto& outbox) {
            while (auto transmit = side.poll_transmit())
                outbox.emplace_back(transmit->datagram.begin(), transmit->datagram.end());
            while (auto event = side.poll_event()) {
                if (auto* done = std::get_if<endpoint::HandshakeDone>(&event->event)) {
                    if (done->keying_material)
                        keys_.emplace(*done->profile, done->keying_material->span());
                }
            }
        };
        drain(client, to_server);
        drain(server_, to_client);
        for (int round = 0; round < 20 && (!to_server.empty() || !to_client.empty()); ++round) {
            for (auto& datagram : std::exchange(to_server, {})) {
                server_.handle_datagram(client_address_, datagram, Clock::now());
                drain(server_, to_client);
            }
            for (auto& datagram : std::exchange(to_client, {})) {
                client.handle_datagram(server_address_, datagram, Clock::now());
                drain(client, to_server);
            }
        }
        if (!keys_) throw std::runtime_error("no handshake in memory");
    }

    Client& client() { return *keys_; }

    // The server's side of one echo, as UdpDriver and bench_secured_echo run it.
    bool echo(std::span<std::byte> datagram) {
        server_.handle_datagram(client_address_, datagram, Clock::now());
        bool echoed = false;
        while (server_.poll_transmit()) {
        }
        while (auto event = server_.poll_event()) {
            const auto* media = std::get_if<endpoint::MediaReceived>(&event->event);
            if (media == nullptr || media->kind != endpoint::MediaKind::rtp) continue;
            std::copy(media->packet.begin(), media->packet.end(), out_.begin());
            put_u32(&out_[8], server_ssrc);
            std::error_code ec;
            const std::size_t size =
                server_.protect_rtp(event->peer, out_, media->packet.size(), Clock::now(), ec);
            benchmark::DoNotOptimize(size);
            echoed = !ec;
        }
        while (server_.poll_transmit()) {
        }
        benchmark::DoNotOptimize(server_.next_deadline());
        return echoed;
    }

  private:
    static endpoint::EndpointConfig config(dtls::Role role, const dtls::Certificate& own,
                                           const dtls::Certificate& peer, srtp::ProfileId profile) {
        endpoint::TransportConfig transport =
            rtpsec::bench::context_for(own)->transport_config(role);
        transport.dtls.expected_peer_fingerprints = {peer.fingerprint()};
        transport.dtls.srtp_profiles = {profile};
        transport.keep_keying_material = role == dtls::Role::client;
        transport.send_rtcp_reports = false;
        transport.local_ssrc = role == dtls::Role::server ? server_ssrc : client_ssrc;
        return endpoint::EndpointConfig(std::move(transport));
    }

    dtls::Certificate server_cert_ = dtls::Certificate::generate();
    dtls::Certificate client_cert_ = dtls::Certificate::generate();
    endpoint::PeerAddress server_address_ = endpoint::PeerAddress::ipv4({127, 0, 0, 1}, 5004);
    endpoint::PeerAddress client_address_ = endpoint::PeerAddress::ipv4({127, 0, 0, 1}, 6004);
    endpoint::Endpoint server_;
    std::optional<Client> keys_;
    alignas(8) std::array<std::byte, buffer_size> out_{};
};

// What a server written against libsrtp directly would do per echo.
class BarePath {
  public:
    explicit BarePath(const srtp::Profile& profile)
        : material_(profile.keying_material_length(), 0x5a),
          client_(profile, material_),
          inbound_(create(profile, ssrc_any_inbound)),
          outbound_(create(profile, ssrc_any_outbound)) {}
    ~BarePath() {
        srtp_dealloc(inbound_);
        srtp_dealloc(outbound_);
    }
    BarePath(const BarePath&) = delete;
    BarePath& operator=(const BarePath&) = delete;

    Client& client() { return client_; }

    bool echo(std::span<std::byte> datagram) {
        int length = static_cast<int>(datagram.size());
        if (srtp_unprotect(inbound_, datagram.data(), &length) != srtp_err_status_ok) return false;
        std::copy_n(datagram.begin(), length, out_.begin());
        put_u32(&out_[8], server_ssrc);
        if (srtp_protect(outbound_, out_.data(), &length) != srtp_err_status_ok) return false;
        benchmark::DoNotOptimize(length);
        return true;
    }

  private:
    // Both contexts use the client's write key (the client's packets are
    // protected with it); the key does not change the cost.
    srtp_t create(const srtp::Profile& profile, srtp_ssrc_type_t direction) {
        const auto split = srtp::split_keying_material(profile, material_, srtp::DtlsRole::server);
        std::vector<std::uint8_t> key(split.remote.key.span().begin(),
                                      split.remote.key.span().end());
        key.insert(key.end(), split.remote.salt.span().begin(), split.remote.salt.span().end());
        return rtpsec::bench::create_bare_context(profile, key, direction);
    }

    std::vector<std::uint8_t> material_;
    Client client_;
    srtp_t inbound_ = nullptr;
    srtp_t outbound_ = nullptr;
    alignas(8) std::array<std::byte, buffer_size> out_{};
};

double time_system_calls() {
    const double start = thread_cpu_ns();
    for (std::size_t i = 0; i < batch_size; ++i)
        cheap_system_call();
    return thread_cpu_ns() - start;
}

template <class Path>
double time_batch(Path& path, Batch& batch, bool with_syscall, bool& failed) {
    const double start = thread_cpu_ns();
    for (std::size_t i = 0; i < batch_size; ++i) {
        if (with_syscall) cheap_system_call();
        if (!path.echo(std::span(batch.packets[i]).first(batch.lengths[i]))) failed = true;
    }
    return thread_cpu_ns() - start;
}

void paired(benchmark::State& state, const srtp::Profile* profile, std::size_t payload,
            bool with_syscall) {
    OurPath ours(profile->id);
    BarePath bare(*profile);
    Batch our_batch;
    Batch bare_batch;
    double ours_ns = 0;
    double bare_ns = 0;
    double system_call_ns = 0;
    bool failed = false;
    std::size_t round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        ours.client().fill(our_batch, payload);
        bare.client().fill(bare_batch, payload);
        state.ResumeTiming();
        // Alternate which side goes first, so neither always runs on a warm cache.
        if (round++ % 2 == 0) {
            ours_ns += time_batch(ours, our_batch, with_syscall, failed);
            bare_ns += time_batch(bare, bare_batch, with_syscall, failed);
        } else {
            bare_ns += time_batch(bare, bare_batch, with_syscall, failed);
            ours_ns += time_batch(ours, our_batch, with_syscall, failed);
        }
        if (with_syscall) system_call_ns += time_system_calls();
        if (failed) {
            state.SkipWithError("an echo failed inside the benchmark loop");
            break;
        }
    }
    ours_ns -= system_call_ns;
    bare_ns -= system_call_ns;
    const double packets = static_cast<double>(round * batch_size);
    state.counters["ours_ns"] = ours_ns / packets;
    state.counters["bare_ns"] = bare_ns / packets;
    state.counters["stack_ns"] = (ours_ns - bare_ns) / packets;
    state.counters["ratio"] = ours_ns / bare_ns;
    if (with_syscall) state.counters["syscall_ns"] = system_call_ns / packets;
}

class StackSummary : public rtpsec::bench::MedianReporter {
    void print_summary(std::FILE* out) override {
        std::fprintf(out, "\nServer side of an echo: endpoint path vs bare libsrtp, per packet\n");
        std::fprintf(out, "%-40s %10s %10s %10s %8s\n", "benchmark", "ours ns", "bare ns",
                     "stack ns", "ratio");
        for (const std::string& name : ran_in_order()) {
            std::fprintf(out, "%-40s %10.1f %10.1f %10.1f %8.3f\n", name.c_str(),
                         value(name, "ours_ns"), value(name, "bare_ns"), value(name, "stack_ns"),
                         value(name, "ratio"));
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    rtpsec::bench::install_rtpsec_gcm();
    for (const srtp::Profile& profile : srtp::all_profiles()) {
        if (profile.id != srtp::ProfileId::aead_aes_128_gcm &&
            profile.id != srtp::ProfileId::aes128_cm_sha1_80) {
            continue;
        }
        for (const bool with_syscall : {false, true}) {
            const std::string name =
                "echo/" + std::string(profile.name) + "/172" + (with_syscall ? "/syscall" : "");
            benchmark::RegisterBenchmark(name.c_str(), paired, &profile, std::size_t{172},
                                         with_syscall);
        }
    }
    StackSummary reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
