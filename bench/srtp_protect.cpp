// SPDX-License-Identifier: BSD-3-Clause
// srtp::Session against a bare libsrtp loop on the same library, in the same run.
//
// For every profile and for 160-byte (G.711, 20 ms) and 1200-byte (video-sized)
// payloads, each benchmark alternates batches of packets through our Session
// and through srtp_protect/srtp_unprotect called directly on contexts created
// with srtp_create from the same keys. Alternating small batches inside one
// benchmark keeps both sides under the same load and clock speed, and each
// batch is timed in thread CPU time, which matters on a shared machine.
// Counters per packet: ours_ns, bare_ns and ratio = ours/bare (goal: at most
// 1.05). A summary table follows the run.
//
// gcm_cipher/...: the same bare libsrtp loop twice, once on libsrtp's own
// OpenSSL AES-GCM and once on rtpsec's replacement (srtp/aes_gcm_cipher.hpp);
// ratio = rtpsec's / libsrtp's. Built with the OpenSSL-backed static libsrtp only.
// hmac_auth/...: likewise for the AES-CM profiles' HMAC-SHA1, libsrtp's own
// (an EVP_MAC_CTX re-initialised per packet) against rtpsec's
// (srtp/hmac_sha1_auth.hpp).
//
//   bench_srtp_protect --benchmark_repetitions=5   # the summary uses medians
//
// The numbers and the OpenSSL-vs-NSS comparison are in docs/performance.md.
#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <span>
#include <srtp2/srtp.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <time.h>
#include <vector>

#include <rtpsec/srtp/backend.hpp>
#include <rtpsec/srtp/library.hpp>
#include <rtpsec/srtp/session.hpp>

#include "bare_libsrtp.hpp"
#include "median_reporter.hpp"

#ifdef RTPSEC_BENCH_STOCK_GCM
#include <srtp2/auth.h>
#include <srtp2/cipher.h>
extern "C" {
// libsrtp's own GCM cipher types and HMAC auth type and its kernel lookups:
// defined in the static OpenSSL-backed libsrtp2.a, not declared in its
// installed headers.
extern const srtp_cipher_type_t srtp_aes_gcm_128;
extern const srtp_cipher_type_t srtp_aes_gcm_256;
extern const srtp_auth_type_t srtp_hmac;
const srtp_cipher_type_t* srtp_crypto_kernel_get_cipher_type(srtp_cipher_type_id_t id);
const srtp_auth_type_t* srtp_crypto_kernel_get_auth_type(srtp_auth_type_id_t id);
}
#endif

namespace {

using rtpsec::SecretBytes;
using rtpsec::srtp::MasterKey;
using rtpsec::srtp::Profile;
using rtpsec::srtp::Session;

constexpr std::size_t batch_size = 256;
constexpr std::uint32_t ssrc = 0x5eed1e55;

enum class Operation { protect, protect_unprotect };

const char* operation_name(Operation operation) {
    return operation == Operation::protect ? "protect" : "protect+unprotect";
}

std::vector<std::uint8_t> pattern(std::size_t length, std::uint8_t seed) {
    std::vector<std::uint8_t> bytes(length);
    for (std::size_t i = 0; i < length; ++i)
        bytes[i] = static_cast<std::uint8_t>(seed + 13 * i);
    return bytes;
}

// The sender's key (A) and the other direction's (B), as a Session and as libsrtp take them.
struct Keys {
    explicit Keys(const Profile& profile)
        : key_a(pattern(profile.key_length, 0x01)),
          salt_a(pattern(profile.salt_length, 0x71)),
          key_b(pattern(profile.key_length, 0x33)),
          salt_b(pattern(profile.salt_length, 0x99)) {}
    MasterKey a() const { return MasterKey{SecretBytes(key_a), SecretBytes(salt_a)}; }
    MasterKey b() const { return MasterKey{SecretBytes(key_b), SecretBytes(salt_b)}; }
    std::vector<std::uint8_t> a_key_and_salt() const {
        std::vector<std::uint8_t> bytes = key_a;
        bytes.insert(bytes.end(), salt_a.begin(), salt_a.end());
        return bytes;
    }

    std::vector<std::uint8_t> key_a, salt_a, key_b, salt_b;
};

// One RTP packet in a buffer with tailroom, re-sent with the next sequence number.
class Packet {
  public:
    explicit Packet(std::size_t payload)
        : buffer_(12 + payload + rtpsec::srtp::max_protect_overhead), length_(12 + payload) {
        const std::uint8_t header[12] = {0x80,
                                         0x00,
                                         0,
                                         0,
                                         0,
                                         0,
                                         0,
                                         0,
                                         static_cast<std::uint8_t>(ssrc >> 24),
                                         static_cast<std::uint8_t>(ssrc >> 16),
                                         static_cast<std::uint8_t>(ssrc >> 8),
                                         static_cast<std::uint8_t>(ssrc)};
        std::memcpy(buffer_.data(), header, sizeof header);
        for (std::size_t i = 12; i < length_; ++i)
            buffer_[i] = std::byte(i & 0xff);
    }
    void next() {
        ++seq_;
        buffer_[2] = std::byte(seq_ >> 8);
        buffer_[3] = std::byte(seq_ & 0xff);
    }
    std::span<std::byte> buffer() { return buffer_; }
    std::size_t length() const { return length_; }

  private:
    std::vector<std::byte> buffer_;
    std::size_t length_;
    std::uint16_t seq_ = 0;
};

// libsrtp with rtpsec's AES-GCM and HMAC-SHA1, as the programs run it. Made
// in main(), after the bare application's own srtp_init; the bare loop then
// runs on the same implementations.
const rtpsec::srtp::Library& library() {
    static const rtpsec::srtp::Library instance(
        rtpsec::srtp::LibraryOptions{.rtpsec_aes_gcm = true, .rtpsec_hmac_sha1 = true});
    return instance;
}

class OurPath {
  public:
    OurPath(const Profile& profile, const Keys& keys)
        : sender_(library(), profile, keys.a(), keys.b()),
          receiver_(library(), profile, keys.b(), keys.a()) {}

    bool run(Operation operation, Packet& packet) noexcept {
        std::error_code ec;
        std::size_t length = sender_.protect_rtp(packet.buffer(), packet.length(), ec);
        if (ec) return false;
        if (operation == Operation::protect_unprotect) {
            length = receiver_.unprotect_rtp(packet.buffer(), length, ec);
            if (ec) return false;
        }
        benchmark::DoNotOptimize(length);
        return true;
    }

  private:
    Session sender_;
    Session receiver_;
};

// What an application would write against libsrtp directly.
class BarePath {
  public:
    BarePath(const Profile& profile, const Keys& keys) {
        std::vector<std::uint8_t> key = keys.a_key_and_salt();
        sender_ = rtpsec::bench::create_bare_context(profile, key, ssrc_any_outbound);
        receiver_ = rtpsec::bench::create_bare_context(profile, key, ssrc_any_inbound);
    }
    ~BarePath() {
        if (sender_ != nullptr) srtp_dealloc(sender_);
        if (receiver_ != nullptr) srtp_dealloc(receiver_);
    }
    BarePath(const BarePath&) = delete;
    BarePath& operator=(const BarePath&) = delete;

    bool run(Operation operation, Packet& packet) noexcept {
        int length = static_cast<int>(packet.length());
        if (srtp_protect(sender_, packet.buffer().data(), &length) != srtp_err_status_ok) {
            return false;
        }
        if (operation == Operation::protect_unprotect &&
            srtp_unprotect(receiver_, packet.buffer().data(), &length) != srtp_err_status_ok) {
            return false;
        }
        benchmark::DoNotOptimize(length);
        return true;
    }

  private:
    srtp_t sender_ = nullptr;
    srtp_t receiver_ = nullptr;
};

// This thread's CPU time: time the scheduler gives to other processes on a
// shared machine does not count against either side.
double thread_cpu_ns() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

template <class Path>
double time_batch(Path& path, Operation operation, Packet& packet, bool& failed) {
    const double start = thread_cpu_ns();
    for (std::size_t i = 0; i < batch_size; ++i) {
        packet.next();
        if (!path.run(operation, packet)) failed = true;
    }
    return thread_cpu_ns() - start;
}

// Runs batches through `ours` and `bare` in turn and sets the per-packet counters.
template <class Ours, class Bare>
void alternate(benchmark::State& state, Ours& ours, Bare& bare, Operation operation,
               std::size_t payload) {
    Packet our_packet(payload);
    Packet bare_packet(payload);
    double ours_ns = 0;
    double bare_ns = 0;
    bool failed = false;
    std::size_t round = 0;
    for (auto _ : state) {
        // Alternate which side goes first, so neither always runs on a warm cache.
        if (round++ % 2 == 0) {
            ours_ns += time_batch(ours, operation, our_packet, failed);
            bare_ns += time_batch(bare, operation, bare_packet, failed);
        } else {
            bare_ns += time_batch(bare, operation, bare_packet, failed);
            ours_ns += time_batch(ours, operation, our_packet, failed);
        }
        if (failed) {
            state.SkipWithError("SRTP failed inside the benchmark loop");
            break;
        }
    }
    const double packets = static_cast<double>(round * batch_size);
    state.counters["ours_ns"] = ours_ns / packets;
    state.counters["bare_ns"] = bare_ns / packets;
    state.counters["ratio"] = ours_ns / bare_ns;
    state.SetItemsProcessed(static_cast<std::int64_t>(2 * round * batch_size));
}

void paired(benchmark::State& state, const Profile* profile, Operation operation,
            std::size_t payload) {
    const Keys keys(*profile);
    OurPath ours(*profile, keys);
    BarePath bare(*profile, keys);
    alternate(state, ours, bare, operation, payload);
}

#ifdef RTPSEC_BENCH_STOCK_GCM
// A libsrtp context keeps the cipher type it was created with, so one pair is
// created while libsrtp's own type is installed and the other under ours.
void gcm_cipher(benchmark::State& state, const Profile* profile, Operation operation,
                std::size_t payload) {
    (void)library();  // installs ours
    const srtp_cipher_type_id_t id =
        profile->key_length == 16 ? SRTP_AES_GCM_128 : SRTP_AES_GCM_256;
    const srtp_cipher_type_t* rtpsec_type = srtp_crypto_kernel_get_cipher_type(id);
    const srtp_cipher_type_t* stock_type =
        id == SRTP_AES_GCM_128 ? &srtp_aes_gcm_128 : &srtp_aes_gcm_256;
    const Keys keys(*profile);
    if (srtp_replace_cipher_type(stock_type, id) != srtp_err_status_ok) {
        state.SkipWithError("libsrtp refused its own GCM type back");
        return;
    }
    BarePath stock(*profile, keys);
    if (srtp_replace_cipher_type(rtpsec_type, id) != srtp_err_status_ok) {
        state.SkipWithError("libsrtp refused rtpsec's GCM type");
        return;
    }
    BarePath rtpsec(*profile, keys);
    alternate(state, rtpsec, stock, operation, payload);
}

// The same for the AES-CM profiles' HMAC-SHA1 auth type.
void hmac_auth(benchmark::State& state, const Profile* profile, Operation operation,
               std::size_t payload) {
    (void)library();  // installs ours
    const srtp_auth_type_t* rtpsec_type = srtp_crypto_kernel_get_auth_type(SRTP_HMAC_SHA1);
    const Keys keys(*profile);
    if (srtp_replace_auth_type(&srtp_hmac, SRTP_HMAC_SHA1) != srtp_err_status_ok) {
        state.SkipWithError("libsrtp refused its own HMAC type back");
        return;
    }
    BarePath stock(*profile, keys);
    if (srtp_replace_auth_type(rtpsec_type, SRTP_HMAC_SHA1) != srtp_err_status_ok) {
        state.SkipWithError("libsrtp refused rtpsec's HMAC type");
        return;
    }
    BarePath rtpsec(*profile, keys);
    alternate(state, rtpsec, stock, operation, payload);
}
#endif

// After the run: ours/bare per benchmark (medians when repeated), the worst
// ratio, and rtpsec's GCM and HMAC against libsrtp's.
class RatioSummary : public rtpsec::bench::MedianReporter {
    void print_summary(std::FILE* out) override {
        std::fprintf(out, "\nSRTP per packet, ours (srtp::Session) vs bare libsrtp [%s]\n",
                     std::string(rtpsec::srtp::crypto_backend()).c_str());
        std::fprintf(out, "%-48s %10s %10s %8s\n", "benchmark", "ours ns", "bare ns", "ratio");
        double worst = 0;
        for (const std::string& name : ran_in_order()) {
            if (name.rfind("gcm_cipher/", 0) == 0 || name.rfind("hmac_auth/", 0) == 0) continue;
            const double ratio = value(name, "ratio");
            std::fprintf(out, "%-48s %10.1f %10.1f %8.3f\n", name.c_str(), value(name, "ours_ns"),
                         value(name, "bare_ns"), ratio);
            worst = std::max(worst, ratio);
        }
        std::fprintf(out, "worst ratio ours/bare: %.3f (goal <= 1.05)\n", worst);
        for (const std::string& name : ran_in_order()) {
            const bool gcm = name.rfind("gcm_cipher/", 0) == 0;
            if (!gcm && name.rfind("hmac_auth/", 0) != 0) continue;
            std::fprintf(out,
                         "%s: protect+unprotect %.1f ns with rtpsec's %s, %.1f ns with "
                         "libsrtp's (ratio %.3f)\n",
                         name.c_str(), value(name, "ours_ns"), gcm ? "AES-GCM" : "HMAC-SHA1",
                         value(name, "bare_ns"), value(name, "ratio"));
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("srtp_backend", std::string(rtpsec::srtp::crypto_backend()));
    // As an application using libsrtp directly would; Session copes with that.
    if (srtp_init() != srtp_err_status_ok) {
        std::fprintf(stderr, "srtp_init failed\n");
        return 1;
    }
    (void)library();

    for (Operation operation : {Operation::protect, Operation::protect_unprotect}) {
        for (const Profile& profile : rtpsec::srtp::all_profiles()) {
            for (std::size_t payload : {std::size_t{160}, std::size_t{1200}}) {
                const std::string name = std::string(operation_name(operation)) + "/" +
                                         std::string(profile.name) + "/" + std::to_string(payload);
                benchmark::RegisterBenchmark(name.c_str(), paired, &profile, operation, payload);
            }
        }
    }
#ifdef RTPSEC_BENCH_STOCK_GCM
    for (const Profile& profile : rtpsec::srtp::all_profiles()) {
        if (profile.name.find("GCM") == std::string_view::npos) continue;
        const std::string name = "gcm_cipher/" + std::string(profile.name) + "/160";
        benchmark::RegisterBenchmark(name.c_str(), gcm_cipher, &profile,
                                     Operation::protect_unprotect, std::size_t{160});
    }
    for (const Profile& profile : rtpsec::srtp::all_profiles()) {
        if (profile.name.find("GCM") != std::string_view::npos) continue;
        for (std::size_t payload : {std::size_t{160}, std::size_t{1200}}) {
            const std::string name =
                "hmac_auth/" + std::string(profile.name) + "/" + std::to_string(payload);
            benchmark::RegisterBenchmark(name.c_str(), hmac_auth, &profile,
                                         Operation::protect_unprotect, payload);
        }
    }
#endif
    RatioSummary summary;
    benchmark::RunSpecifiedBenchmarks(&summary);
    benchmark::Shutdown();
    return 0;
}
