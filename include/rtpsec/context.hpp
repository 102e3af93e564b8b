// SPDX-License-Identifier: BSD-3-Clause
// rtpsec::Context: everything rtpsec would otherwise take from the process,
// owned by the embedder and handed to every endpoint.
//
//   - the DTLS policy: certificate, cipher suites and groups (one OpenSSL
//     SSL_CTX for all of them), SRTP profiles in preference order, MTU,
//     retransmission timers, the cookie secret's rotation;
//   - libsrtp: its initialisation, and whether rtpsec's faster AES-GCM and
//     allocation-free HMAC-SHA1 are installed (srtp::LibraryOptions::
//     rtpsec_aes_gcm and rtpsec_hmac_sha1, opt-ins; see
//     rtpsec/srtp/library.hpp for what that changes in the process);
//   - the random source for SSRCs, RTCP jitter and cookie secrets;
//   - the wall clock RTCP sender reports take their NTP time from (steady
//     time is always an input: every call takes `now`);
//   - the admission policy: how many peers an endpoint holds, how many of
//     them may be strangers still in their handshake;
//   - the log hook.
// Nothing below a Context reads an environment variable, a clock or a
// process-wide setting of its own. Contexts are independent: several in one
// process (different certificates, policies, clocks) do not see each other.
//
// Ownership: create() returns a shared_ptr; every TransportConfig and
// EndpointConfig made from it holds one, so a Context lives as long as the
// last endpoint that uses it.
//
// Threading: a Context is immutable once created and may be shared by
// endpoints on any number of threads. The random source and the log sink it
// was given must then be thread-safe (the defaults are).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/log.hpp>
#include <rtpsec/common/random_source.hpp>
#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/context.hpp>
#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/dtls/retransmission_policy.hpp>
#include <rtpsec/srtp/library.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec {

namespace endpoint {
struct TransportConfig;
struct EndpointConfig;
}  // namespace endpoint

// What the embedder's DTLS-SRTP looks like on the wire.
struct RTPSEC_EXPORT DtlsPolicy {
    dtls::ContextOptions openssl;  // cipher suites, groups
    // use_srtp (RFC 5764 §4.1.1) in order of preference.
    std::vector<srtp::ProfileId> srtp_profiles = dtls::default_srtp_profiles();
    // The largest UDP payload a handshake datagram may have (RFC 6347 §4.1.1).
    std::size_t mtu = 1200;
    dtls::RetransmissionPolicy retransmission;
    // The cookie secret rotates this often; a cookie stays valid for one to
    // two lifetimes (RFC 6347 §4.2.1).
    std::chrono::seconds cookie_secret_lifetime{60};
};

// Who gets a media transport on an endpoint's port. A transport is state a
// stranger can make us hold, so strangers are bounded; the peers named by
// the signalling (Endpoint::connect, Endpoint::set_peer_fingerprints) are
// never refused because of strangers.
struct RTPSEC_EXPORT AdmissionPolicy {
    // Transports one endpoint holds in all, expected peers counted first.
    std::size_t max_peers = 1024;
    // Transports made for unknown peers (a server's accept_unknown_peers)
    // whose handshake has not completed. One that fails or times out is
    // removed at the endpoint's next input, freeing its place.
    std::size_t max_pending_strangers = 16;
    // What a peer may make us hold before it is authenticated: DTLS datagrams
    // that wait for its fingerprint, and SRTP/SRTCP that waits for our keys.
    std::size_t early_dtls_bytes_per_peer = 16 * 1024;
    std::size_t early_srtp_bytes_per_peer = 16 * 1024;
    // All strangers of one endpoint together (their early DTLS and SRTP);
    // the named peers keep their own per-peer limits. What does not fit is
    // dropped and counted (dtls.datagrams_dropped, rtp.dropped_before_keys).
    std::size_t strangers_early_bytes = 1024 * 1024;
};

// Returns the wall-clock time now (for RTCP NTP timestamps).
using WallClock = std::function<std::chrono::system_clock::time_point()>;

struct RTPSEC_EXPORT ContextOptions {
    explicit ContextOptions(dtls::Certificate local_certificate)
        : certificate(std::move(local_certificate)) {}

    // Our identity in every handshake; its fingerprint goes into our SDP.
    dtls::Certificate certificate;
    DtlsPolicy dtls;
    srtp::LibraryOptions srtp;
    // Null: the kernel's CSPRNG (os_random_source()).
    std::shared_ptr<RandomSource> random;
    // Empty: std::chrono::system_clock::now.
    WallClock wall_clock;
    AdmissionPolicy admission;
    // Empty: nothing is logged.
    LogSink log;
    LogLevel log_level = LogLevel::warning;
};

class RTPSEC_EXPORT Context : public std::enable_shared_from_this<Context> {
  public:
    // Builds the OpenSSL context and initialises libsrtp. Throws
    // std::invalid_argument for a policy OpenSSL or the engine would refuse
    // (cipher list, groups, MTU, timers, no SRTP profile), std::system_error
    // when libsrtp cannot be initialised.
    static std::shared_ptr<const Context> create(ContextOptions options);

    const ContextOptions& options() const { return options_; }
    const dtls::Certificate& certificate() const { return options_.certificate; }
    const DtlsPolicy& dtls_policy() const { return options_.dtls; }
    const AdmissionPolicy& admission() const { return options_.admission; }
    const std::shared_ptr<const dtls::Context>& dtls_context() const { return dtls_context_; }
    const srtp::Library& srtp_library() const { return srtp_library_; }
    RandomSource& random() const { return *random_; }
    const std::shared_ptr<RandomSource>& random_source() const { return random_; }
    std::chrono::system_clock::time_point wall_now() const { return wall_clock_(); }
    const Logger& logger() const { return logger_; }

    // An engine configuration in `role` from this policy (certificate,
    // profiles, MTU, timers, OpenSSL context). Adjust per call as needed.
    dtls::EngineConfig engine_config(dtls::Role role) const;
    // A media transport / endpoint configuration bound to this context.
    endpoint::TransportConfig transport_config(dtls::Role role) const;
    endpoint::EndpointConfig endpoint_config(dtls::Role role) const;

  private:
    explicit Context(ContextOptions options);

    ContextOptions options_;
    std::shared_ptr<const dtls::Context> dtls_context_;
    srtp::Library srtp_library_;
    std::shared_ptr<RandomSource> random_;
    WallClock wall_clock_;
    Logger logger_;
};

}  // namespace rtpsec
