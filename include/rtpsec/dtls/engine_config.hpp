// SPDX-License-Identifier: BSD-3-Clause
// What a DTLS engine is configured with: its OpenSSL context, role, identity,
// whom to trust, which SRTP profiles to offer, MTU, timers, key logging.
// rtpsec::Context (rtpsec/context.hpp) fills one from its policy.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <rtpsec/common/byte_budget.hpp>
#include <rtpsec/common/dtls_role.hpp>
#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/context.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/dtls/retransmission_policy.hpp>
#include <rtpsec/srtp/profile.hpp>

namespace rtpsec::dtls {

using Role = DtlsRole;

// "client" / "server".
constexpr std::string_view role_name(Role role) {
    return dtls_role_name(role);
}

// The smallest MTU we accept: RFC 791's 576-byte datagram every IPv4 host
// must accept, used as a UDP payload bound.
inline constexpr std::size_t min_mtu = 576;

// Every profile in the profile table's preference order.
RTPSEC_EXPORT std::vector<srtp::ProfileId> default_srtp_profiles();

struct RTPSEC_EXPORT EngineConfig {
    // The fields without a sensible default; set the others as needed.
    EngineConfig(Role engine_role, Certificate local_certificate,
                 std::shared_ptr<const Context> openssl_context)
        : role(engine_role),
          certificate(std::move(local_certificate)),
          context(std::move(openssl_context)) {}

    Role role;
    Certificate certificate;
    // Cipher suites, groups and the SSL_CTX; required.
    std::shared_ptr<const Context> context;

    // RFC 8122 §5: the peer is accepted if its certificate matches ANY of
    // these. md2/md5 entries never authenticate (RFC 8122 §5). May be left
    // empty and given later with Engine::set_peer_fingerprints(); until then
    // the engine holds the handshake (see Engine).
    std::vector<Fingerprint> expected_peer_fingerprints;
    // Accept any peer certificate. Only for tests and interop debugging: with
    // it, anyone on the path can read and forge the media.
    bool insecure_skip_peer_verification = false;

    // use_srtp (RFC 5764 §4.1.1): offered (client) or accepted (server) in
    // this order of preference. A server picks the client's most preferred
    // profile among these.
    std::vector<srtp::ProfileId> srtp_profiles = default_srtp_profiles();

    // The largest UDP payload the engine ever sends; handshake messages are
    // fragmented to fit (RFC 6347 §4.1.1). At least min_mtu.
    std::size_t mtu = 1200;

    RetransmissionPolicy retransmission;

    // Datagrams that arrive before the peer's fingerprint (while the engine
    // holds the handshake) are kept up to this many bytes, and only while
    // `early_budget` (when set: shared with other engines) has room.
    std::size_t early_queue_bytes = 16 * 1024;
    std::shared_ptr<ByteBudget> early_budget;

    // Server only: this engine was created for a ClientHello that passed a
    // CookieFrontDoor (RFC 6347 §4.2.1), so the handshake continues from the
    // client's second ClientHello (message_seq 1) without a second cookie
    // round. Its first datagram must be the one the front door accepted.
    bool after_cookie_exchange = false;

    // NSS key log lines ("CLIENT_RANDOM <hex> <hex>"), so Wireshark can
    // decrypt a capture. Only set when the user asked for it: the lines are
    // the session's secrets.
    std::function<void(std::string_view line)> keylog;
};

// Builds the expected-fingerprint list from a=fingerprint values
// (RFC 8122 §5): a value naming a hash function we do not know is skipped, as
// the RFC asks; any other malformed value is an error (ec set, nullopt).
RTPSEC_EXPORT std::optional<std::vector<Fingerprint>> parse_expected_fingerprints(
    std::span<const std::string_view> values, std::error_code& ec);

}  // namespace rtpsec::dtls
