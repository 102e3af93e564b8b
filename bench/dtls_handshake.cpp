// SPDX-License-Identifier: BSD-3-Clause
// DTLS 1.2 handshakes: two dtls::Engines against two bare OpenSSL SSL objects
// set up the same way, in the same run; and the heap an established
// association holds.
//
// Both ends of a handshake run in this thread, in memory, so one handshake is
// the CPU of a client plus a server: from creating the two endpoints to both
// holding the SRTP keys, and their teardown. The certificates (ECDSA P-256,
// RSA-2048; one for the client, one for the server) are generated once and
// used by both implementations.
//
//   ours/<key>    one handshake of two Engines per iteration; items_per_second
//                 is handshakes per second of thread CPU time
//   bare/<key>    the same with two bare OpenSSL SSL objects
//   paired/<key>  one handshake of each per iteration, in alternating order,
//                 each timed in thread CPU time, so both sides see the same
//                 load on a shared machine: counters ours_per_s, bare_per_s
//                 and ratio = ours/bare in handshakes per second (goal >= 0.9)
//   memory/<key>  heap held per side by 50 established pairs kept alive
//                 (mallinfo2 deltas): ours, bare, and bare after
//                 SSL_free_buffers (which the engine calls itself once
//                 established)
// A summary table follows the run (medians when repeated).
//
//   bench_dtls_handshake --benchmark_min_time=1 --benchmark_repetitions=3
//
// The numbers are in docs/performance.md ("DTLS handshake").
//
// The bare side is what an application would write against OpenSSL directly,
// with what the engine's shared context sets (dtls/ssl_context.cpp): DTLS 1.2
// only; the same six ECDHE-ECDSA/RSA AES-GCM/CHACHA20 suites; groups
// X25519:P-256; use_srtp with the engine's default profile list; no tickets,
// renegotiation, compression, session cache or read-ahead;
// SSL_OP_NO_QUERY_MTU with MTU 1200; both ends send a certificate, and a
// certificate verify callback computes the peer's SHA-256 fingerprint
// (X509_digest, as the engine does) and accepts it if it matches; on completion
// the selected SRTP profile is read and the keying material exported with
// "EXTRACTOR-dtls_srtp". What the bare side does not have is what the engine
// adds: per-SSL certificate and key (the bare context holds them, as a
// one-identity program would), the server's ClientHello callback choosing the
// client's preferred profile, the retransmission timer callbacks, record
// packing into datagrams, events and telemetry, SSL_read and SSL_free_buffers
// after completion.
//
// The bare transport is a small custom BIO over in-memory datagram queues: a
// write is one datagram, a read returns one datagram, as a connected UDP socket
// BIO would. OpenSSL 3.0 has no datagram memory BIO (BIO_s_dgram_pair is 3.2).
// BIO_new_bio_pair and a pair of BIO_s_mem with manual shuttling both complete
// the handshake here (tried on OpenSSL 3.0), because 3.0's record layer parses
// records back to back out of whatever one read returns; but both are byte
// streams: a read returns several datagrams at once (a whole flight), so
// OpenSSL reads less often than from a socket, datagram boundaries are lost on
// the way out (what would go into one UDP datagram is unknown), and a record
// OpenSSL drops as invalid takes the rest of the read with it. The datagram
// BIO keeps the bare side to the work a socket would cause. Both sides go
// through the same Wire (a queue of datagram copies standing in for the
// kernel's copy on sendto), so the transport costs them the same.
#include <algorithm>
#include <array>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <malloc.h>
#include <map>
#include <memory>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <time.h>
#include <utility>
#include <variant>
#include <vector>

#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/engine.hpp>
#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/dtls/engine_event.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/srtp/profile.hpp>

#include "median_reporter.hpp"

namespace {

namespace dtls = rtpsec::dtls;
namespace srtp = rtpsec::srtp;
using Clock = std::chrono::steady_clock;

// The engine's default MTU, given to the bare side too so both fragment alike.
constexpr std::size_t mtu = 1200;
// A full handshake is four flights; more rounds than this means it is stuck.
constexpr int max_rounds = 16;
// Established pairs kept alive for the memory figures.
constexpr std::size_t memory_pairs = 50;
// RFC 5764 §4.2.
constexpr std::string_view srtp_exporter_label = "EXTRACTOR-dtls_srtp";

template <auto free_function>
struct Free {
    template <class T>
    void operator()(T* pointer) const {
        free_function(pointer);
    }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, Free<&SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, Free<&SSL_free>>;
using X509Ptr = std::unique_ptr<X509, Free<&X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<&EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Free<&BIO_free>>;

std::string openssl_errors() {
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty()) text += "; ";
        text += buffer;
    }
    return text.empty() ? "no OpenSSL error queued" : text;
}

// This thread's CPU time: what the scheduler gives to other processes on a
// shared machine counts against neither side.
double thread_cpu_ns() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// Bytes the heap has handed out and not got back (glibc, all arenas).
double heap_in_use() {
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks) + static_cast<double>(info.hblkhd);
}

// ---------------------------------------------------------------------------
// Identities: one certificate, as the engine takes it and as OpenSSL objects.

struct Identity {
    dtls::Certificate certificate;
    X509Ptr x509;
    PkeyPtr key;
    dtls::Fingerprint sha256;
};

Identity make_identity(dtls::KeyType type) {
    dtls::CertificateOptions options;
    options.key_type = type;
    dtls::Certificate certificate = dtls::Certificate::generate(options);

    // The bare side reads the very same certificate and key back from PEM.
    const std::string pem = certificate.certificate_pem();
    BioPtr certificate_bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    X509Ptr x509(certificate_bio
                     ? PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr)
                     : nullptr);
    const rtpsec::SecretBytes key_pem = certificate.private_key_pem();
    BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
    PkeyPtr key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr)
                        : nullptr);
    if (!x509 || !key) throw std::runtime_error("cannot read back the PEM: " + openssl_errors());

    dtls::Fingerprint sha256 = certificate.fingerprint(dtls::HashAlgorithm::sha256);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(x509.get(), EVP_sha256(), digest, &length) != 1 ||
        !(dtls::Fingerprint(dtls::HashAlgorithm::sha256,
                            std::span<const std::uint8_t>(digest, length)) == sha256)) {
        throw std::runtime_error("the certificate read back has another fingerprint");
    }
    return Identity{std::move(certificate), std::move(x509), std::move(key), sha256};
}

struct Identities {
    std::string name;  // "ECDSA-P256", "RSA-2048"
    Identity client;
    Identity server;
};

// ---------------------------------------------------------------------------
// The wire: one direction of an in-memory UDP path.

// Datagrams in order, each a copy, boundaries kept; buffers are reused.
class Wire {
  public:
    void send(std::span<const std::byte> datagram) {
        std::vector<std::byte> buffer;
        if (!spare_.empty()) {
            buffer = std::move(spare_.back());
            spare_.pop_back();
        }
        buffer.assign(datagram.begin(), datagram.end());
        queue_.push_back(std::move(buffer));
        ++sent_;
    }
    bool empty() const { return queue_.empty(); }
    std::span<const std::byte> front() const { return queue_.front(); }
    void pop() {
        spare_.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    void clear() {
        while (!empty())
            pop();
    }
    std::size_t sent() const { return sent_; }

  private:
    std::deque<std::vector<std::byte>> queue_;
    std::vector<std::vector<std::byte>> spare_;
    std::size_t sent_ = 0;
};

// What one end of a handshake got to.
struct Progress {
    bool complete = false;
    std::string failure;
    std::optional<srtp::ProfileId> profile;
    std::size_t keying_material_bytes = 0;
    std::string cipher_suite;
};

// Why a handshake did not complete, from either end.
std::string failure_of(const Progress& client, const Progress& server) {
    if (!client.failure.empty()) return "client: " + client.failure;
    if (!server.failure.empty()) return "server: " + server.failure;
    return "handshake stalled";
}

// ---------------------------------------------------------------------------
// Ours: two dtls::Engines.

struct OurPair {
    dtls::Engine client;
    dtls::Engine server;
};

class OurHandshake {
  public:
    explicit OurHandshake(const Identities& identities)
        : openssl_(std::make_shared<const dtls::Context>()),
          client_config_(dtls::Role::client, identities.client.certificate, openssl_),
          server_config_(dtls::Role::server, identities.server.certificate, openssl_) {
        client_config_.expected_peer_fingerprints = {identities.server.sha256};
        server_config_.expected_peer_fingerprints = {identities.client.sha256};
        client_config_.mtu = mtu;
        server_config_.mtu = mtu;
    }

    // One full handshake, following the engine's calling rule: after every
    // input, drain the datagrams (onto the wire) and the events. Returns the
    // established pair, or nullopt with error() set.
    std::optional<OurPair> run() {
        to_client_.clear();
        to_server_.clear();
        client_ = {};
        server_ = {};
        const auto start = Clock::now();
        OurPair pair{dtls::Engine(client_config_, start), dtls::Engine(server_config_, start)};
        drain(pair.client, to_server_, client_);
        drain(pair.server, to_client_, server_);
        for (int round = 0; !(client_.complete && server_.complete); ++round) {
            if (round == max_rounds || !client_.failure.empty() || !server_.failure.empty() ||
                (to_server_.empty() && to_client_.empty())) {
                error_ = failure_of(client_, server_);
                return std::nullopt;
            }
            deliver(to_server_, pair.server, to_client_, server_);
            deliver(to_client_, pair.client, to_server_, client_);
        }
        return std::optional<OurPair>(std::move(pair));
    }

    const std::string& error() const { return error_; }
    const Progress& client() const { return client_; }
    const Progress& server() const { return server_; }
    std::size_t datagrams_sent() const { return to_client_.sent() + to_server_.sent(); }

  private:
    static void deliver(Wire& inbox, dtls::Engine& engine, Wire& outbox, Progress& progress) {
        while (!inbox.empty()) {
            // In memory nothing is lost or forged: a dropped datagram is a failure too.
            const std::error_code error = engine.handle_datagram(inbox.front(), Clock::now());
            if (error && progress.failure.empty()) progress.failure = error.message();
            inbox.pop();
            drain(engine, outbox, progress);
        }
    }

    static void drain(dtls::Engine& engine, Wire& outbox, Progress& progress) {
        while (const auto datagram = engine.poll_transmit())
            outbox.send(*datagram);
        while (auto event = engine.poll_event()) {
            if (auto* complete = std::get_if<dtls::HandshakeComplete>(&*event)) {
                progress.complete = true;
                progress.profile = complete->profile;
                progress.keying_material_bytes = complete->keying_material.size();
                progress.cipher_suite = std::move(complete->telemetry.cipher_suite);
                benchmark::DoNotOptimize(complete->keying_material.data());
            } else if (const auto* failed = std::get_if<dtls::Failed>(&*event)) {
                progress.failure = failed->message;
            }
        }
    }

    std::shared_ptr<const dtls::Context> openssl_;
    dtls::EngineConfig client_config_;
    dtls::EngineConfig server_config_;
    Wire to_client_;
    Wire to_server_;
    Progress client_;
    Progress server_;
    std::string error_;
};

// ---------------------------------------------------------------------------
// Bare: two OpenSSL SSL objects over a datagram BIO.

// One end's BIO data: it reads from its inbox and writes to its outbox.
struct Port {
    Wire* inbox;
    Wire* outbox;
};

int port_write(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    auto* port = static_cast<Port*>(BIO_get_data(bio));
    if (port == nullptr || size < 0) return -1;
    // One write is one datagram (a socket BIO's sendto).
    port->outbox->send(
        std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), std::size_t(size)));
    return size;
}

int port_read(BIO* bio, char* out, int size) {
    BIO_clear_retry_flags(bio);
    auto* port = static_cast<Port*>(BIO_get_data(bio));
    if (port == nullptr || port->inbox->empty() || size <= 0) {
        BIO_set_retry_read(bio);
        return -1;
    }
    // One read is one datagram (recvfrom; a longer one is truncated, as UDP does).
    const auto datagram = port->inbox->front();
    const std::size_t n = std::min(datagram.size(), static_cast<std::size_t>(size));
    std::memcpy(out, datagram.data(), n);
    port->inbox->pop();
    return static_cast<int>(n);
}

long port_control(BIO* bio, int command, long, void*) {
    const auto* port = static_cast<const Port*>(BIO_get_data(bio));
    switch (command) {
        case BIO_CTRL_FLUSH:
            return 1;
        case BIO_CTRL_PENDING:
            return port != nullptr && !port->inbox->empty()
                       ? static_cast<long>(port->inbox->front().size())
                       : 0;
        case BIO_CTRL_DGRAM_QUERY_MTU:
        case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
        case BIO_CTRL_DGRAM_GET_MTU:
            return static_cast<long>(mtu);
        case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
            return 1;
        default:
            return 0;  // includes BIO_CTRL_DGRAM_GET_MTU_OVERHEAD: the MTU is the UDP payload
    }
}

int port_create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD* port_method() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "bench datagram");
        if (m == nullptr || !BIO_meth_set_write(m, port_write) ||
            !BIO_meth_set_read(m, port_read) || !BIO_meth_set_ctrl(m, port_control) ||
            !BIO_meth_set_create(m, port_create)) {
            throw std::runtime_error("BIO_meth_new: " + openssl_errors());
        }
        return m;
    }();
    return method;
}

// One end's context, with the settings of the engine's shared context.
class BareContext {
  public:
    BareContext(const Identity& own, const dtls::Fingerprint& expected_peer,
                const std::string& srtp_profiles)
        : context_(SSL_CTX_new(DTLS_method())), expected_peer_(expected_peer) {
        SSL_CTX* ctx = context_.get();
        if (ctx == nullptr || SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
            SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) != 1 ||
            SSL_CTX_set_cipher_list(ctx,
                                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") !=
                1 ||
            SSL_CTX_set1_groups_list(ctx, "X25519:P-256") != 1 ||
            SSL_CTX_use_certificate(ctx, own.x509.get()) != 1 ||
            SSL_CTX_use_PrivateKey(ctx, own.key.get()) != 1 ||
            SSL_CTX_check_private_key(ctx) != 1 ||
            SSL_CTX_set_tlsext_use_srtp(ctx, srtp_profiles.c_str()) != 0) {  // 0 is success
            throw std::runtime_error("bare SSL_CTX: " + openssl_errors());
        }
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
                                     SSL_OP_NO_COMPRESSION | SSL_OP_NO_QUERY_MTU);
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_read_ahead(ctx, 0);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        SSL_CTX_set_cert_verify_callback(ctx, verify, this);
    }
    BareContext(const BareContext&) = delete;
    BareContext& operator=(const BareContext&) = delete;

    SSL_CTX* get() const { return context_.get(); }

  private:
    // The peer's SHA-256 fingerprint against the expected one (RFC 8122 §5).
    static int verify(X509_STORE_CTX* store, void* argument) {
        const auto* self = static_cast<const BareContext*>(argument);
        X509* leaf = X509_STORE_CTX_get0_cert(store);
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        const auto expected = self->expected_peer_.digest();
        const bool match =
            leaf != nullptr && X509_digest(leaf, EVP_sha256(), digest, &length) == 1 &&
            length == expected.size() && CRYPTO_memcmp(digest, expected.data(), length) == 0;
        X509_STORE_CTX_set_error(store, match ? X509_V_OK : X509_V_ERR_CERT_REJECTED);
        return match ? 1 : 0;
    }

    SslCtxPtr context_;
    dtls::Fingerprint expected_peer_;
};

struct BareEnd {
    SslPtr ssl;
    std::unique_ptr<Port> port;  // the BIO points here: kept at a fixed address
};

struct BarePair {
    BareEnd client;
    BareEnd server;
};

class BareHandshake {
  public:
    BareHandshake(const Identities& identities, const std::string& srtp_profiles)
        : client_context_(identities.client, identities.server.sha256, srtp_profiles),
          server_context_(identities.server, identities.client.sha256, srtp_profiles) {}

    std::optional<BarePair> run() {
        to_client_.clear();
        to_server_.clear();
        client_ = {};
        server_ = {};
        BarePair pair;
        if (!open(pair.client, client_context_, to_client_, to_server_, true) ||
            !open(pair.server, server_context_, to_server_, to_client_, false)) {
            error_ = "SSL_new: " + openssl_errors();
            return std::nullopt;
        }
        step(pair.client.ssl.get(), client_);  // the ClientHello
        for (int round = 0; !(client_.complete && server_.complete); ++round) {
            if (round == max_rounds || !client_.failure.empty() || !server_.failure.empty() ||
                (to_server_.empty() && to_client_.empty())) {
                error_ = failure_of(client_, server_);
                return std::nullopt;
            }
            // SSL_do_handshake reads datagrams until none is left or it is done.
            while (!to_server_.empty() && !server_.complete && server_.failure.empty())
                step(pair.server.ssl.get(), server_);
            while (!to_client_.empty() && !client_.complete && client_.failure.empty())
                step(pair.client.ssl.get(), client_);
        }
        return std::optional<BarePair>(std::move(pair));
    }

    const std::string& error() const { return error_; }
    const Progress& client() const { return client_; }
    const Progress& server() const { return server_; }
    std::size_t datagrams_sent() const { return to_client_.sent() + to_server_.sent(); }

  private:
    static bool open(BareEnd& end, const BareContext& context, Wire& inbox, Wire& outbox,
                     bool client) {
        end.ssl.reset(SSL_new(context.get()));
        if (!end.ssl) return false;
        end.port = std::make_unique<Port>(Port{&inbox, &outbox});
        BIO* bio = BIO_new(port_method());
        if (bio == nullptr) return false;
        BIO_set_data(bio, end.port.get());
        SSL* ssl = end.ssl.get();
        SSL_set_bio(ssl, bio, bio);
        SSL_set_mtu(ssl, static_cast<long>(mtu));
        DTLS_set_link_mtu(ssl, static_cast<long>(mtu));
        if (client) {
            SSL_set_connect_state(ssl);
        } else {
            SSL_set_accept_state(ssl);
        }
        return true;
    }

    static void step(SSL* ssl, Progress& progress) {
        ERR_clear_error();
        const int result = SSL_do_handshake(ssl);
        if (result != 1) {
            const int error = SSL_get_error(ssl, result);
            if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
                progress.failure = "SSL_do_handshake: " + openssl_errors();
            }
            return;
        }
        // RFC 5764 §4.2: the keys for the profile the server selected.
        const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(ssl);
        const srtp::Profile* profile =
            selected != nullptr ? srtp::find_profile(static_cast<std::uint16_t>(selected->id))
                                : nullptr;
        std::array<std::uint8_t, 128> keying_material{};
        if (profile == nullptr || profile->keying_material_length() > keying_material.size()) {
            progress.failure = "no SRTP profile selected";
            return;
        }
        if (SSL_export_keying_material(
                ssl, keying_material.data(), profile->keying_material_length(),
                srtp_exporter_label.data(), srtp_exporter_label.size(), nullptr, 0, 0) != 1) {
            progress.failure = "SSL_export_keying_material: " + openssl_errors();
            return;
        }
        benchmark::DoNotOptimize(keying_material.data());
        OPENSSL_cleanse(keying_material.data(), keying_material.size());
        progress.complete = true;
        progress.profile = profile->id;
        progress.keying_material_bytes = profile->keying_material_length();
        if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
            progress.cipher_suite = SSL_CIPHER_standard_name(cipher);
        }
    }

    BareContext client_context_;
    BareContext server_context_;
    Wire to_client_;
    Wire to_server_;
    Progress client_;
    Progress server_;
    std::string error_;
};

// The engine's default use_srtp list, by OpenSSL's (registered) names.
std::string openssl_profile_list() {
    std::string list;
    for (const auto id : dtls::default_srtp_profiles()) {
        const srtp::Profile* profile = srtp::find_profile(id);
        if (profile == nullptr) throw std::runtime_error("unknown default SRTP profile");
        if (!list.empty()) list += ':';
        list += profile->name;
    }
    return list;
}

// ---------------------------------------------------------------------------
// Benchmarks.

void ours_only(benchmark::State& state, const Identities* identities) {
    OurHandshake ours(*identities);
    for (auto _ : state) {
        auto pair = ours.run();
        if (!pair) {
            state.SkipWithError(ours.error().c_str());
            break;
        }
        benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(state.iterations());
}

void bare_only(benchmark::State& state, const Identities* identities) {
    BareHandshake bare(*identities, openssl_profile_list());
    for (auto _ : state) {
        auto pair = bare.run();
        if (!pair) {
            state.SkipWithError(bare.error().c_str());
            break;
        }
        benchmark::DoNotOptimize(pair);
    }
    state.SetItemsProcessed(state.iterations());
}

// "TLS_ECDHE_... / SRTP_..." as negotiated by one end.
std::string negotiated(const Progress& progress) {
    const srtp::Profile* profile =
        progress.profile ? srtp::find_profile(*progress.profile) : nullptr;
    return progress.cipher_suite + " / " +
           (profile != nullptr ? std::string(profile->name) : std::string("no profile"));
}

void paired(benchmark::State& state, const Identities* identities) {
    OurHandshake ours(*identities);
    BareHandshake bare(*identities, openssl_profile_list());
    // One of each first: the engines' shared SSL_CTX is built on first use.
    if (!ours.run() || !bare.run()) {
        state.SkipWithError("warm-up handshake failed");
        return;
    }
    // Same result on all four ends, or the comparison is not like for like.
    const std::string agreed = negotiated(ours.client());
    if (negotiated(ours.server()) != agreed || negotiated(bare.client()) != agreed ||
        negotiated(bare.server()) != agreed ||
        ours.client().keying_material_bytes != bare.client().keying_material_bytes) {
        const std::string message =
            "ours negotiated " + agreed + ", bare " + negotiated(bare.client());
        state.SkipWithError(message.c_str());
        return;
    }
    const std::size_t ours_datagrams_before = ours.datagrams_sent();
    const std::size_t bare_datagrams_before = bare.datagrams_sent();

    double ours_ns = 0;
    double bare_ns = 0;
    std::size_t handshakes = 0;
    const auto time_ours = [&] {
        const double start = thread_cpu_ns();
        const bool ok = ours.run().has_value();  // the pair is torn down in the timing too
        ours_ns += thread_cpu_ns() - start;
        if (!ok) state.SkipWithError(ours.error().c_str());
        return ok;
    };
    const auto time_bare = [&] {
        const double start = thread_cpu_ns();
        const bool ok = bare.run().has_value();
        bare_ns += thread_cpu_ns() - start;
        if (!ok) state.SkipWithError(bare.error().c_str());
        return ok;
    };
    for (auto _ : state) {
        // Alternate which goes first, so neither always runs on a warm cache.
        const bool ok =
            handshakes % 2 == 0 ? time_ours() && time_bare() : time_bare() && time_ours();
        if (!ok) break;
        ++handshakes;
    }
    if (handshakes == 0) return;
    const double count = static_cast<double>(handshakes);
    state.counters["ours_per_s"] = count / (ours_ns * 1e-9);
    state.counters["bare_per_s"] = count / (bare_ns * 1e-9);
    state.counters["ratio"] = bare_ns / ours_ns;  // = ours_per_s / bare_per_s
    state.counters["ours_datagrams"] =
        static_cast<double>(ours.datagrams_sent() - ours_datagrams_before) / count;
    state.counters["bare_datagrams"] =
        static_cast<double>(bare.datagrams_sent() - bare_datagrams_before) / count;
    state.SetLabel(agreed);
}

struct HeapHeld {
    double ours = 0;          // the client settled on completion, the server not yet
    double ours_settled = 0;  // both settled
    double bare = 0;
    double bare_freed = 0;  // after SSL_free_buffers
};

// Heap bytes held by memory_pairs established pairs of each kind, kept alive
// together; nullopt with `error` set if a handshake failed.
std::optional<HeapHeld> measure_heap(OurHandshake& ours, BareHandshake& bare, std::string& error) {
    HeapHeld held;
    {
        std::vector<OurPair> kept;
        kept.reserve(memory_pairs);
        const double before = heap_in_use();
        for (std::size_t i = 0; i < memory_pairs; ++i) {
            auto pair = ours.run();
            if (!pair) {
                error = ours.error();
                return std::nullopt;
            }
            kept.push_back(std::move(*pair));
        }
        held.ours = heap_in_use() - before;
        // As once the peer's media has arrived: the server settles too (the
        // client did on completion).
        for (auto& pair : kept) {
            pair.server.confirm_peer_keyed(dtls::Engine::Clock::now());
            while (pair.server.poll_transmit()) {
            }
            if (!pair.client.settled() || !pair.server.settled()) {
                error = "an engine did not settle";
                return std::nullopt;
            }
        }
        held.ours_settled = heap_in_use() - before;
    }
    {
        std::vector<BarePair> kept;
        kept.reserve(memory_pairs);
        const double before = heap_in_use();
        for (std::size_t i = 0; i < memory_pairs; ++i) {
            auto pair = bare.run();
            if (!pair) {
                error = bare.error();
                return std::nullopt;
            }
            kept.push_back(std::move(*pair));
        }
        held.bare = heap_in_use() - before;
        for (auto& pair : kept) {
            if (SSL_free_buffers(pair.client.ssl.get()) != 1 ||
                SSL_free_buffers(pair.server.ssl.get()) != 1) {
                error = "SSL_free_buffers refused (data pending)";
                return std::nullopt;
            }
        }
        held.bare_freed = heap_in_use() - before;
    }
    return held;
}

void memory(benchmark::State& state, const Identities* identities) {
    OurHandshake ours(*identities);
    BareHandshake bare(*identities, openssl_profile_list());
    // A whole untimed pass first: OpenSSL's lazily built state (provider
    // fetches, the engines' shared SSL_CTX, tables that grow with the number
    // of live objects) and the wires' spare buffers must not count as the
    // associations'. Without it a first pass in a fresh process reads about
    // 0.4 KiB per side more; with it the first passes still read up to
    // 0.2 KiB more than later ones (after the throughput benchmarks the
    // figure is stable to 0.03 KiB).
    std::string error;
    std::optional<HeapHeld> held = measure_heap(ours, bare, error);
    for (auto _ : state) {
        if (held) held = measure_heap(ours, bare, error);
    }
    if (!held) {
        state.SkipWithError(error.c_str());
        return;
    }
    const double per_side_kib = 2.0 * static_cast<double>(memory_pairs) * 1024.0;
    state.counters["ours_KiB"] = held->ours / per_side_kib;
    state.counters["ours_settled_KiB"] = held->ours_settled / per_side_kib;
    state.counters["bare_KiB"] = held->bare / per_side_kib;
    state.counters["bare_freed_KiB"] = held->bare_freed / per_side_kib;
}

// ---------------------------------------------------------------------------
// Summary after the run.

// After the run: the figures per key type (medians when repeated).
class Summary : public rtpsec::bench::MedianReporter {
  public:
    void add_key(const std::string& key) { keys_.push_back(key); }

  private:
    void print_summary(std::FILE* out) override {
        std::fprintf(out,
                     "\nDTLS 1.2 full handshakes per second of thread CPU (client + server "
                     "in one thread)\n");
        std::fprintf(out, "%-12s %10s %10s %8s %10s %10s %8s\n", "key", "ours", "bare", "ratio",
                     "ours*", "bare*", "ratio*");
        double worst = 0;
        bool any = false;
        for (const std::string& key : keys_) {
            if (!ran("paired/" + key) && !ran("ours/" + key) && !ran("bare/" + key)) continue;
            const double ours_alone = value("ours/" + key, "items_per_second");
            const double bare_alone = value("bare/" + key, "items_per_second");
            const double ratio = value("paired/" + key, "ratio");
            std::fprintf(out, "%-12s %10.1f %10.1f %8.3f %10.1f %10.1f %8.3f\n", key.c_str(),
                         value("paired/" + key, "ours_per_s"), value("paired/" + key, "bare_per_s"),
                         ratio, ours_alone, bare_alone,
                         bare_alone > 0 ? ours_alone / bare_alone : 0.0);
            if (ratio > 0 && (!any || ratio < worst)) worst = ratio;
            any = any || ratio > 0;
        }
        std::fprintf(out,
                     "(ours/bare/ratio: paired, alternating; *: the separate ours/ and bare/ "
                     "benchmarks)\n");
        if (any) std::fprintf(out, "worst paired ratio ours/bare: %.3f (goal >= 0.9)\n", worst);
        std::fprintf(out,
                     "\nHeap held per side by an established association, KiB (%zu pairs, "
                     "mallinfo2)\n",
                     memory_pairs);
        std::fprintf(out, "%-12s %14s %14s %10s %22s\n", "key", "ours settled", "ours client*",
                     "bare", "bare+SSL_free_buffers");
        for (const std::string& key : keys_) {
            if (!ran("memory/" + key)) continue;
            std::fprintf(out, "%-12s %14.1f %14.1f %10.1f %22.1f\n", key.c_str(),
                         value("memory/" + key, "ours_settled_KiB"),
                         value("memory/" + key, "ours_KiB"), value("memory/" + key, "bare_KiB"),
                         value("memory/" + key, "bare_freed_KiB"));
        }
        std::fprintf(out, "(*: only the client settled, as before the peer's first media)\n");
    }

    std::vector<std::string> keys_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("openssl", OpenSSL_version(OPENSSL_VERSION));

    // Generated before any benchmark: key generation is not what is measured.
    std::vector<std::unique_ptr<Identities>> identities;
    try {
        for (const auto& [name, type] : {std::pair{"ECDSA-P256", dtls::KeyType::ecdsa_p256},
                                         std::pair{"RSA-2048", dtls::KeyType::rsa_2048}}) {
            identities.push_back(std::make_unique<Identities>(
                Identities{name, make_identity(type), make_identity(type)}));
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "cannot make the certificates: %s\n", error.what());
        return 1;
    }

    Summary summary;
    for (const auto& set : identities) {
        const Identities* ids = set.get();
        summary.add_key(ids->name);
        benchmark::RegisterBenchmark(("ours/" + ids->name).c_str(), ours_only, ids);
        benchmark::RegisterBenchmark(("bare/" + ids->name).c_str(), bare_only, ids);
        benchmark::RegisterBenchmark(("paired/" + ids->name).c_str(), paired, ids);
        benchmark::RegisterBenchmark(("memory/" + ids->name).c_str(), memory, ids)->Iterations(1);
    }
    benchmark::RunSpecifiedBenchmarks(&summary);
    benchmark::Shutdown();
    return 0;
}
