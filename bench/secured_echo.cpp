// SPDX-License-Identifier: BSD-3-Clause
// A secured echo against a plain UDP echo with the same I/O, over real
// loopback UDP, in the same run.
//
// Plain: a server thread waits for readability with Boost.Asio
// (async_wait(wait_read)) and drains its socket as endpoint::UdpDriver does,
// with the same functions (endpoint/udp_burst_io.hpp): a burst of
// non-blocking receive_from, then the whole burst back with one sendmmsg.
// Secured: the server is an endpoint::Endpoint (server role, cookie exchange
// on) run by an endpoint::UdpDriver, whose echoes leave with its burst. A client completes a DTLS
// handshake with it first (a client Endpoint driven by hand on the client's socket), then keys an
// srtp::Session from the exported material. For every RTP packet the server's Endpoint
// authenticates and decrypts (MediaReceived), the server writes it back into a buffer with tailroom
// under its own SSRC, protect_rtp()s it through the Endpoint and driver.send()s it: receive SRTP,
// unprotect, protect, send back.
//
// The client is the same loop in both cases: one blocking socket, a window of
// datagrams in flight, one new datagram sent for every echo received (the
// secured client protects what it sends and unprotects and checks what comes
// back). Datagrams are RTP-sized: 12-byte header + payload (+ tag when
// secured); by default the payload is 172 bytes, so the plain datagram and
// the GCM one are both 200 bytes.
//
// Each case is measured for --seconds after a short warm-up; the cases run in
// turn, --rounds times, so every case sees the same load on this shared
// machine; the summary gives medians over the rounds. Per case: packets/s
// echoed, the ratio to the plain echo of the same round (goal: ≥ 0.75 with
// GCM) and CPU per packet of the server's thread (CLOCK_THREAD_CPUTIME_ID,
// read on that thread at the start and end of the window) and of the client's,
// and the server's mean burst (datagrams per receive burst).
// For each secured case the run also times libsrtp alone (one unprotect and
// one protect through srtp::Session, no I/O), so the summary splits the
// secured server's extra CPU over the plain one into libsrtp and "stack",
// what the endpoint adds. A client that hears nothing for 50 ms resends its
// window (counted as "refill"); 2 s of silence or a 5 s handshake fails the run.
//
//   bench_secured_echo [--seconds 2] [--rounds 5] [--window 32] [--payload 172]
//                      [--only plain|gcm|cm]   # one case alone, e.g. under perf
//                      [--peers N]   # the secured server holds N established peers,
//                                    # one echoing, N-1 silent (cost of many peers per port)
//                      [--stock-gcm]  # libsrtp's own AES-GCM instead of rtpsec's
//
// A plain main() rather than Google Benchmark: a two-thread echo over sockets
// does not fit its iteration model. Results: docs/performance.md.
#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <span>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <variant>
#include <vector>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/udp_burst_io.hpp>
#include <rtpsec/endpoint/udp_driver.hpp>
#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/srtp/session.hpp>

#include "bench_context.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using udp = boost::asio::ip::udp;
namespace dtls = rtpsec::dtls;
namespace endpoint = rtpsec::endpoint;
namespace srtp = rtpsec::srtp;

constexpr std::size_t rtp_header_size = 12;
constexpr std::size_t buffer_size = 2048;
constexpr std::uint32_t client_ssrc = 0x5eed0001;
constexpr std::uint32_t server_ssrc = 0x5eed0002;
constexpr auto warm_up = 300ms;
constexpr auto handshake_limit = 5s;
// Without any echo for this long, the client refills its window (a datagram
// was dropped); after stall_limit of silence the case fails.
constexpr auto refill_after = 50ms;
constexpr auto stall_limit = 2s;
constexpr auto sample_limit = 2s;

struct Options {
    double seconds = 2.0;
    int rounds = 5;
    std::size_t window = 32;
    std::size_t payload = 172;
    std::string only;        // empty: every case
    std::size_t peers = 1;   // established peers of the secured server
    bool stock_gcm = false;  // libsrtp's own AES-GCM instead of rtpsec's
};

std::chrono::nanoseconds thread_cpu_time() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// The server thread's CPU time and how many datagrams it has echoed, read on
// that thread.
struct ServerSample {
    std::chrono::nanoseconds cpu{};
    std::uint64_t echoed = 0;
    std::uint64_t failures = 0;  // secured: protect failures and transport failures
    std::uint64_t received = 0;  // datagrams received, and in how many bursts
    std::uint64_t bursts = 0;
};

template <class Executor, class Read>
ServerSample sample_on(const Executor& executor, Read read) {
    auto promise = std::make_shared<std::promise<ServerSample>>();
    auto future = promise->get_future();
    boost::asio::post(executor, [promise, read] { promise->set_value(read()); });
    if (future.wait_for(sample_limit) != std::future_status::ready)
        throw std::runtime_error("the server thread did not answer within 2 s");
    return future.get();
}

void put_u16(std::byte* at, std::uint16_t value) {
    at[0] = static_cast<std::byte>(value >> 8);
    at[1] = static_cast<std::byte>(value & 0xff);
}
void put_u32(std::byte* at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        at[i] = static_cast<std::byte>((value >> (24 - 8 * i)) & 0xff);
}
std::uint16_t get_u16(const std::byte* at) {
    return static_cast<std::uint16_t>(std::to_integer<unsigned>(at[0]) << 8 |
                                      std::to_integer<unsigned>(at[1]));
}

// ---------------------------------------------------------------- client side

// The client's UDP socket, connected to the server; blocking receives with a
// timeout.
class ClientSocket {
  public:
    explicit ClientSocket(const udp::endpoint& server) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(server.port());
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            const int error = errno;
            ::close(fd_);
            throw std::system_error(error, std::generic_category(), "connect");
        }
        const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(refill_after);
        timeval tv{};
        tv.tv_usec = static_cast<suseconds_t>(timeout.count());
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~ClientSocket() { ::close(fd_); }
    ClientSocket(const ClientSocket&) = delete;
    ClientSocket& operator=(const ClientSocket&) = delete;

    // Errors (ECONNREFUSED from an earlier ICMP, ENOBUFS) are counted, as a
    // lost datagram would be.
    void send(std::span<const std::byte> datagram) {
        if (::send(fd_, datagram.data(), datagram.size(), 0) < 0) ++send_errors;
    }
    // Blocks up to refill_after; 0 on timeout or error.
    std::size_t receive(std::span<std::byte> buffer) {
        const auto size = ::recv(fd_, buffer.data(), buffer.size(), 0);
        return size > 0 ? static_cast<std::size_t>(size) : 0;
    }
    // Waits up to `timeout` (poll), for the handshake.
    std::size_t receive_within(std::span<std::byte> buffer, std::chrono::milliseconds timeout) {
        pollfd fd{fd_, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(std::max<long>(timeout.count(), 0))) <= 0) return 0;
        const auto size = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
        return size > 0 ? static_cast<std::size_t>(size) : 0;
    }

    std::uint64_t send_errors = 0;

  private:
    int fd_ = -1;
};

struct ClientKeys {
    const srtp::Profile* profile = nullptr;
    rtpsec::SecretBytes keying_material;
};

// A client Endpoint driven by hand on the client's socket, following its
// calling rule, until HandshakeDone.
ClientKeys handshake(ClientSocket& socket, const endpoint::PeerAddress& server,
                     const dtls::Certificate& certificate, const dtls::Fingerprint& server_print,
                     srtp::ProfileId profile) {
    endpoint::TransportConfig transport =
        rtpsec::bench::context_for(certificate)->transport_config(dtls::Role::client);
    transport.dtls.expected_peer_fingerprints = {server_print};
    transport.dtls.srtp_profiles = {profile};
    transport.keep_keying_material = true;
    transport.send_rtcp_reports = false;
    endpoint::Endpoint client(endpoint::EndpointConfig(std::move(transport)), Clock::now());
    client.connect(server, Clock::now());

    alignas(8) std::array<std::byte, buffer_size> buffer{};
    const auto limit = Clock::now() + handshake_limit;
    std::optional<ClientKeys> keys;
    while (true) {
        while (auto transmit = client.poll_transmit())
            socket.send(transmit->datagram);
        while (auto event = client.poll_event()) {
            if (auto* done = std::get_if<endpoint::HandshakeDone>(&event->event)) {
                if (!done->keying_material) throw std::logic_error("no keying material kept");
                keys = ClientKeys{done->profile, std::move(*done->keying_material)};
            } else if (auto* failed = std::get_if<endpoint::TransportFailed>(&event->event)) {
                throw std::runtime_error("handshake failed: " + failed->message);
            }
        }
        if (keys) return std::move(*keys);
        auto now = Clock::now();
        if (now >= limit) throw std::runtime_error("no handshake within 5 s");
        auto wake = limit;
        if (const auto deadline = client.next_deadline()) wake = std::min(wake, *deadline);
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now);
        const std::size_t size = socket.receive_within(buffer, wait);
        now = Clock::now();
        if (size > 0) {
            client.handle_datagram(server, std::span(buffer).first(size), now);
        } else {
            client.handle_timeout(now);
        }
    }
}

// What the client makes of the datagrams it sends and receives.
struct PlainCodec {
    std::size_t protect(std::span<std::byte>, std::size_t length) { return length; }
    // The RTP packet's length, or 0 if it is not one of ours.
    std::size_t unprotect(std::span<std::byte>, std::size_t length) { return length; }
};

struct SrtpCodec {
    std::size_t protect(std::span<std::byte> buffer, std::size_t length) {
        std::error_code ec;
        const std::size_t size = session.protect_rtp(buffer, length, ec);
        if (ec) throw std::runtime_error("client protect_rtp: " + ec.message());
        return size;
    }
    std::size_t unprotect(std::span<std::byte> buffer, std::size_t length) {
        if (rtpsec::rtp::classify(buffer.first(length)) != rtpsec::rtp::PacketKind::rtp) {
            ++not_rtp;  // the server's SRTCP reports
            return 0;
        }
        std::error_code ec;
        const std::size_t size = session.unprotect_rtp(buffer, length, ec);
        return ec ? 0 : size;
    }
    srtp::Session session;
    std::uint64_t not_rtp = 0;
};

struct EchoResult {
    std::uint64_t echoes = 0;
    std::uint64_t bad = 0;      // failed unprotect or not what was sent
    std::uint64_t refills = 0;  // windows refilled after refill_after of silence
    double wall_seconds = 0;
    std::chrono::nanoseconds client_cpu{};
    ServerSample server_start;
    ServerSample server_end;
};

// The echo loop, the same for both cases. `sample_server` reads the server
// thread's counters (on that thread).
template <class Codec>
EchoResult run_client(ClientSocket& socket, Codec& codec, const Options& options,
                      const std::function<ServerSample()>& sample_server) {
    alignas(8) std::array<std::byte, buffer_size> out{};
    alignas(8) std::array<std::byte, buffer_size> in{};
    const std::size_t rtp_length = rtp_header_size + options.payload;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::size_t in_flight = 0;
    const auto send_one = [&] {
        out[0] = std::byte{0x80};
        out[1] = std::byte{0x00};  // PCMU
        put_u16(&out[2], sequence);
        put_u32(&out[4], timestamp);
        put_u32(&out[8], client_ssrc);
        for (std::size_t i = 0; i < options.payload; ++i)
            out[rtp_header_size + i] = static_cast<std::byte>((sequence + i) & 0xff);
        socket.send(std::span(out).first(codec.protect(out, rtp_length)));
        ++in_flight;
        ++sequence;
        timestamp += 160;
    };
    // Ours and intact: the sequence number and the payload pattern agree.
    const auto check = [&](std::size_t length) {
        if (length != rtp_length) return false;
        const std::uint16_t seq = get_u16(&in[2]);
        return in[rtp_header_size] == static_cast<std::byte>(seq & 0xff) &&
               in[length - 1] == static_cast<std::byte>((seq + options.payload - 1) & 0xff);
    };

    EchoResult result;
    for (std::size_t i = 0; i < options.window; ++i)
        send_one();
    const auto begin = Clock::now();
    auto last_echo = begin;
    const auto measure_from = begin + warm_up;
    const auto measure_until = measure_from + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(options.seconds));
    bool measuring = false;
    std::uint64_t echoes = 0;
    std::uint64_t echoes_at_start = 0;
    std::chrono::nanoseconds cpu_at_start{};
    Clock::time_point started{};
    while (true) {
        const auto now = Clock::now();
        if (!measuring && now >= measure_from) {
            measuring = true;
            result.server_start = sample_server();
            cpu_at_start = thread_cpu_time();
            echoes_at_start = echoes;
            started = Clock::now();
        } else if (measuring && now >= measure_until) {
            result.client_cpu = thread_cpu_time() - cpu_at_start;
            result.echoes = echoes - echoes_at_start;
            result.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
            result.server_end = sample_server();
            return result;
        }
        const std::size_t size = socket.receive(in);
        if (size == 0) {
            if (Clock::now() - last_echo > stall_limit) throw std::runtime_error("no echo for 2 s");
            // Whatever is still out is taken as lost; echoes of it that come
            // late only delay the next sends, so the window never grows.
            ++result.refills;
            in_flight = 0;
            for (std::size_t i = 0; i < options.window; ++i)
                send_one();
            continue;
        }
        const std::size_t length = codec.unprotect(in, size);
        if (length == 0 &&
            rtpsec::rtp::classify(std::span(in).first(size)) != rtpsec::rtp::PacketKind::rtp) {
            continue;  // not an echo (SRTCP report)
        }
        last_echo = Clock::now();
        if (check(length)) {
            ++echoes;
        } else {
            ++result.bad;
        }
        if (in_flight > 0) --in_flight;
        if (in_flight < options.window) send_one();
    }
}

// ---------------------------------------------------------------- server side

// A thread running an io_context until destruction.
class ServerThread {
  public:
    ServerThread() : guard_(boost::asio::make_work_guard(io_)) {}
    ~ServerThread() { stop(); }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    boost::asio::io_context& io() { return io_; }
    void run() {
        thread_ = std::thread([this] { io_.run(); });
    }
    void stop() {
        io_.stop();
        if (thread_.joinable()) thread_.join();
    }

  private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::thread thread_;
};

// Plain echo: wait for readability, then drain as UdpDriver does, with the
// same functions (udp_burst_io.hpp): receive a burst with non-blocking
// receive_from, then send it all back with one sendmmsg; the same limit of
// datagrams per wake-up.
class PlainEchoServer {
  public:
    PlainEchoServer() : socket_(thread_.io()) {
        socket_.open(udp::v4());
        socket_.bind({boost::asio::ip::address_v4::loopback(), 0});
        socket_.non_blocking(true);
        wait_readable();
        thread_.run();
    }
    ~PlainEchoServer() { thread_.stop(); }

    udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
    ServerSample sample() {
        return sample_on(thread_.io().get_executor(), [this] {
            return ServerSample{thread_cpu_time(), echoed_, 0, received_, bursts_};
        });
    }

  private:
    void wait_readable() {
        socket_.async_wait(udp::socket::wait_read, [this](const boost::system::error_code& ec) {
            if (ec) return;
            drain();
            wait_readable();
        });
    }
    void drain() {
        bool more = true;
        for (std::size_t taken = 0; more && taken < 256;) {
            const auto received = endpoint::receive_burst(socket_, burst_);
            more = !received.drained;
            taken += burst_.size() + received.errors;
            received_ += burst_.size();
            if (!burst_.empty()) ++bursts_;
            echoed_ += endpoint::send_burst(socket_, burst_).sent;
        }
    }

    ServerThread thread_;
    udp::socket socket_;
    endpoint::DatagramBurst burst_;
    std::uint64_t echoed_ = 0;
    std::uint64_t received_ = 0;
    std::uint64_t bursts_ = 0;
};

// Secured echo: Endpoint + UdpDriver; MediaReceived -> copy into a buffer with
// tailroom under our SSRC -> Endpoint::protect_rtp -> UdpDriver::send.
class SecuredEchoServer {
  public:
    SecuredEchoServer(const dtls::Certificate& certificate, const dtls::Fingerprint& client_print,
                      srtp::ProfileId profile)
        : endpoint_(config(certificate, client_print, profile), Clock::now()),
          driver_(thread_.io(), endpoint_, {boost::asio::ip::address_v4::loopback(), 0},
                  [this](endpoint::EndpointEvent& event) { on_event(event); }) {
        boost::asio::post(driver_.strand(), [this] { driver_.start(); });
        thread_.run();
    }
    ~SecuredEchoServer() {
        // Stop the driver on its strand, then the thread.
        std::promise<void> stopped;
        boost::asio::post(driver_.strand(), [&] {
            driver_.stop();
            stopped.set_value();
        });
        stopped.get_future().wait_for(sample_limit);
        thread_.stop();
    }

    udp::endpoint local_endpoint() const { return driver_.local_endpoint(); }
    ServerSample sample() {
        return sample_on(driver_.strand(), [this] {
            return ServerSample{thread_cpu_time(), echoed_,
                                protect_failures_ + (failure_.empty() ? 0u : 1u),
                                driver_.stats().datagrams_received, driver_.stats().bursts};
        });
    }

  private:
    static endpoint::EndpointConfig config(const dtls::Certificate& certificate,
                                           const dtls::Fingerprint& client_print,
                                           srtp::ProfileId profile) {
        endpoint::TransportConfig transport =
            rtpsec::bench::context_for(certificate)->transport_config(dtls::Role::server);
        transport.dtls.expected_peer_fingerprints = {client_print};
        transport.dtls.srtp_profiles = {profile};
        transport.local_ssrc = server_ssrc;
        endpoint::EndpointConfig config(std::move(transport));
        config.accept_unknown_peers = true;  // with the cookie exchange
        return config;
    }

    void on_event(endpoint::EndpointEvent& event) {
        if (const auto* media = std::get_if<endpoint::MediaReceived>(&event.event)) {
            if (media->kind != endpoint::MediaKind::rtp) return;
            const std::size_t length = media->packet.size();
            if (length + srtp::max_protect_overhead > buffer_.size()) return;
            std::copy(media->packet.begin(), media->packet.end(), buffer_.begin());
            put_u32(&buffer_[8], server_ssrc);
            std::error_code ec;
            const std::size_t size =
                endpoint_.protect_rtp(event.peer, buffer_, length, Clock::now(), ec);
            if (ec) {
                ++protect_failures_;
                return;
            }
            driver_.send(event.peer, std::span(buffer_).first(size));
            ++echoed_;
        } else if (const auto* failed = std::get_if<endpoint::TransportFailed>(&event.event)) {
            failure_ = failed->message;
        }
    }

    ServerThread thread_;
    endpoint::Endpoint endpoint_;
    endpoint::UdpDriver driver_;
    alignas(8) std::array<std::byte, 1500> buffer_{};
    std::uint64_t echoed_ = 0;
    std::uint64_t protect_failures_ = 0;
    std::string failure_;
};

// ------------------------------------------------------- libsrtp alone

// What the server's crypto alone costs per echo (one unprotect_rtp and one
// protect_rtp through srtp::Session, no I/O), in this thread's CPU time: the
// floor under the secured echo's extra cost over the plain one.
double crypto_us_per_echo(srtp::ProfileId id, std::size_t payload) {
    const srtp::Profile& profile = *srtp::find_profile(id);
    std::vector<std::uint8_t> material(profile.keying_material_length());
    for (std::size_t i = 0; i < material.size(); ++i)
        material[i] = static_cast<std::uint8_t>(0x5a + 7 * i);
    const srtp::Library library;
    auto client =
        srtp::Session::from_keying_material(library, profile, material, srtp::DtlsRole::client);
    auto server =
        srtp::Session::from_keying_material(library, profile, material, srtp::DtlsRole::server);

    constexpr std::size_t batch = 256;
    const std::size_t rtp_length = rtp_header_size + payload;
    std::vector<std::array<std::byte, buffer_size>> packets(batch);
    std::vector<std::size_t> lengths(batch);
    std::uint16_t sequence = 0;
    std::chrono::nanoseconds spent{};
    std::uint64_t echoes = 0;
    std::error_code ec;
    while (spent < 300ms) {
        for (std::size_t i = 0; i < batch; ++i) {  // the client's side: not timed
            auto& packet = packets[i];
            packet.fill(std::byte{0x33});
            packet[0] = std::byte{0x80};
            put_u16(&packet[2], sequence++);
            put_u32(&packet[8], client_ssrc);
            lengths[i] = client.protect_rtp(packet, rtp_length, ec);
            if (ec) throw std::runtime_error("protect_rtp: " + ec.message());
        }
        const auto start = thread_cpu_time();
        for (std::size_t i = 0; i < batch; ++i) {  // the server's side
            auto& packet = packets[i];
            const std::size_t length = server.unprotect_rtp(packet, lengths[i], ec);
            if (ec) throw std::runtime_error("unprotect_rtp: " + ec.message());
            put_u32(&packet[8], server_ssrc);
            lengths[i] = server.protect_rtp(packet, length, ec);
            if (ec) throw std::runtime_error("protect_rtp: " + ec.message());
        }
        spent += thread_cpu_time() - start;
        echoes += batch;
    }
    return std::chrono::duration<double, std::micro>(spent).count() / static_cast<double>(echoes);
}

// ---------------------------------------------------------------- the cases

struct Identities {
    dtls::Certificate server = dtls::Certificate::generate();
    dtls::Certificate client = dtls::Certificate::generate();
};

struct CaseResult {
    double packets_per_second = 0;
    double server_us_per_packet = 0;
    double client_us_per_packet = 0;
    double server_busy = 0;   // server thread CPU / wall time
    double server_burst = 0;  // mean datagrams per receive burst on the server
    std::uint64_t bad = 0;
    std::uint64_t refills = 0;
    double handshake_ms = 0;
    double crypto_us_per_packet = 0;  // secured: libsrtp alone, same thread
};

CaseResult summarise(const EchoResult& echo, double handshake_ms) {
    CaseResult result;
    const auto server_cpu = echo.server_end.cpu - echo.server_start.cpu;
    const auto server_packets = echo.server_end.echoed - echo.server_start.echoed;
    const auto us = [](std::chrono::nanoseconds cpu) {
        return std::chrono::duration<double, std::micro>(cpu).count();
    };
    result.packets_per_second = static_cast<double>(echo.echoes) / echo.wall_seconds;
    result.server_us_per_packet =
        server_packets ? us(server_cpu) / static_cast<double>(server_packets) : 0.0;
    result.client_us_per_packet =
        echo.echoes ? us(echo.client_cpu) / static_cast<double>(echo.echoes) : 0.0;
    result.server_busy = us(server_cpu) / 1e6 / echo.wall_seconds;
    const auto bursts = echo.server_end.bursts - echo.server_start.bursts;
    result.server_burst =
        bursts ? static_cast<double>(echo.server_end.received - echo.server_start.received) /
                     static_cast<double>(bursts)
               : 0.0;
    result.bad = echo.bad;
    result.refills = echo.refills;
    result.handshake_ms = handshake_ms;
    return result;
}

CaseResult run_plain(const Options& options) {
    PlainEchoServer server;
    ClientSocket socket(server.local_endpoint());
    PlainCodec codec;
    const auto echo = run_client(socket, codec, options, [&] { return server.sample(); });
    return summarise(echo, 0.0);
}

CaseResult run_secured(const Options& options, const Identities& identities,
                       srtp::ProfileId profile) {
    SecuredEchoServer server(identities.server, identities.client.fingerprint(), profile);
    const auto server_address = endpoint::to_peer_address(server.local_endpoint());
    // --peers: established peers that stay silent while one of them echoes.
    std::vector<std::unique_ptr<ClientSocket>> idle;
    for (std::size_t i = 1; i < options.peers; ++i) {
        idle.push_back(std::make_unique<ClientSocket>(server.local_endpoint()));
        handshake(*idle.back(), server_address, identities.client, identities.server.fingerprint(),
                  profile);
    }
    ClientSocket socket(server.local_endpoint());
    const auto started = Clock::now();
    auto keys = handshake(socket, server_address, identities.client,
                          identities.server.fingerprint(), profile);
    const double handshake_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (keys.profile->id != profile) throw std::runtime_error("another profile was negotiated");
    SrtpCodec codec{
        srtp::Session::from_keying_material(srtp::Library(), *keys.profile,
                                            keys.keying_material.span(), srtp::DtlsRole::client),
        0};
    const auto echo = run_client(socket, codec, options, [&] { return server.sample(); });
    auto result = summarise(echo, handshake_ms);
    result.bad += echo.server_end.failures;
    result.crypto_us_per_packet = crypto_us_per_echo(profile, options.payload);
    return result;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--stock-gcm") {
            options.stock_gcm = true;
            continue;
        }
        if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--seconds") {
            options.seconds = std::stod(value);
        } else if (flag == "--rounds") {
            options.rounds = std::stoi(value);
        } else if (flag == "--window") {
            options.window = std::stoul(value);
        } else if (flag == "--payload") {
            options.payload = std::stoul(value);
        } else if (flag == "--peers") {
            options.peers = std::stoul(value);
        } else if (flag == "--only" && (value == "plain" || value == "gcm" || value == "cm")) {
            options.only = value;
        } else {
            throw std::invalid_argument("bad option " + flag + " " + value +
                                        " (--seconds S --rounds N --window W --payload BYTES "
                                        "--peers N --only plain|gcm|cm --stock-gcm)");
        }
    }
    if (options.seconds <= 0 || options.seconds > 60 || options.rounds < 1 ||
        options.rounds > 100 || options.window < 1 || options.window > 1024 ||
        options.payload < 4 || options.payload > 1400 || options.peers < 1 ||
        options.peers > 1000) {
        throw std::invalid_argument(
            "out of range (seconds 0-60, rounds 1-100, window 1-1024, payload 4-1400, "
            "peers 1-1000)");
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options options = parse(argc, argv);
    if (!options.stock_gcm) rtpsec::bench::install_rtpsec_gcm();
    const Identities identities;
    struct Case {
        std::string key;
        const char* name;
        std::optional<srtp::ProfileId> profile;
        std::vector<CaseResult> rounds;
    };
    std::vector<Case> cases = {
        {"plain", "plain UDP echo", std::nullopt, {}},
        {"gcm", "SRTP_AEAD_AES_128_GCM", srtp::ProfileId::aead_aes_128_gcm, {}},
        {"cm", "SRTP_AES128_CM_SHA1_80", srtp::ProfileId::aes128_cm_sha1_80, {}}};
    if (!options.only.empty())
        std::erase_if(cases, [&](const Case& c) { return c.key != options.only; });
    const bool with_plain = cases.front().key == "plain";

    std::printf(
        "secured echo vs plain UDP echo on loopback: RTP payload %zu bytes, window %zu, "
        "%.1f s per case, %d rounds, %zu peer(s) on the secured server\n",
        options.payload, options.window, options.seconds, options.rounds, options.peers);
    std::printf("%-5s %-24s %10s %7s %10s %10s %5s %6s %10s %5s %6s %6s\n", "round", "case",
                "packets/s", "ratio", "server us", "client us", "busy", "burst", "libsrtp us",
                "bad", "refill", "hs ms");
    bool failed = false;
    for (int round = 1; round <= options.rounds; ++round) {
        double plain_rate = 0;
        for (auto& c : cases) {
            const CaseResult r =
                c.profile ? run_secured(options, identities, *c.profile) : run_plain(options);
            if (!c.profile) plain_rate = r.packets_per_second;
            c.rounds.push_back(r);
            failed |= r.bad > 0;
            std::printf(
                "%-5d %-24s %10.0f %7.3f %10.2f %10.2f %4.0f%% %6.2f %10.2f %5llu %6llu %6.1f\n",
                round, c.name, r.packets_per_second,
                plain_rate > 0 ? r.packets_per_second / plain_rate : 0.0, r.server_us_per_packet,
                r.client_us_per_packet, 100 * r.server_busy, r.server_burst, r.crypto_us_per_packet,
                static_cast<unsigned long long>(r.bad), static_cast<unsigned long long>(r.refills),
                r.handshake_ms);
            std::fflush(stdout);
        }
    }

    std::printf(
        "\nmedians over %d rounds; ratio and server/plain per round against that round's plain "
        "echo;\nstack = server us - plain server us - libsrtp us (what the endpoint adds)\n",
        options.rounds);
    std::printf("%-24s %10s %8s %10s %12s %10s %8s %10s\n", "case", "packets/s", "ratio",
                "server us", "server/plain", "libsrtp us", "stack us", "client us");
    const auto& plain = cases.front().rounds;
    for (const auto& c : cases) {
        std::vector<double> rate, ratio, server, cpu_ratio, crypto, stack, client;
        for (std::size_t i = 0; i < c.rounds.size(); ++i) {
            const CaseResult& r = c.rounds[i];
            rate.push_back(r.packets_per_second);
            server.push_back(r.server_us_per_packet);
            client.push_back(r.client_us_per_packet);
            crypto.push_back(r.crypto_us_per_packet);
            if (!with_plain) continue;
            ratio.push_back(r.packets_per_second / plain[i].packets_per_second);
            cpu_ratio.push_back(r.server_us_per_packet / plain[i].server_us_per_packet);
            stack.push_back(r.server_us_per_packet - plain[i].server_us_per_packet -
                            r.crypto_us_per_packet);
        }
        std::printf("%-24s %10.0f %7.3fx %10.2f %11.2fx %10.2f %8.2f %10.2f\n", c.name,
                    median(rate), median(ratio), median(server), median(cpu_ratio), median(crypto),
                    c.profile ? median(stack) : 0.0, median(client));
    }
    std::printf(
        "goals: GCM ratio >= 0.75x; server CPU per secured echo <= 1/3 of rtpengine's 16-17.5 us "
        "per encrypted/decrypted packet (measurements.md), i.e. <= 5.3 us\n");
    if (failed) {
        std::fprintf(stderr, "bench_secured_echo: echoes that failed to verify (see 'bad')\n");
        return 1;
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_secured_echo: %s\n", e.what());
    return 1;
}
