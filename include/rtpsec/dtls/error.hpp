// SPDX-License-Identifier: BSD-3-Clause
// Errors of the DTLS engine and the cookie front door (category "rtpsec.dtls").
//
// Returned on the packet path and carried by the engine's Failed event. Each
// value says what the caller does: is_fatal() errors end the association (the
// engine has already sent an alert where one applies and accepts no more
// input); the others mean "this datagram was dropped, count it and go on".
#pragma once

#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::dtls {

enum class Error {
    // Fatal: the handshake failed or the association is over.
    fingerprint_mismatch = 1,  // peer certificate matches none of the expected fingerprints
    no_trusted_fingerprint,    // verification on, but no usable expected fingerprint
    no_common_srtp_profile,    // use_srtp negotiated no profile we offered (RFC 5764 §4.1.2)
    handshake_timeout,         // no completed handshake before the deadline
    peer_alert,                // the peer sent a fatal alert
    protocol_error,            // OpenSSL refused the peer's messages; we sent a fatal alert
    key_export_failed,         // the RFC 5764 §4.2 exporter failed
    // Not fatal: the datagram was dropped.
    not_dtls,            // first byte outside 20..63 (RFC 7983 §7): not a DTLS record
    association_over,    // input after the engine closed or failed
    early_queue_full,    // datagram before the peer's fingerprint arrived, and the queue is full
    no_authentic_alert,  // settled association: no alert in it authenticates (a repeat, a forgery)
    // An alert during the handshake: a plaintext epoch-0 record anyone can
    // forge, so it never ends the handshake. Ignored and counted; if the
    // handshake then reaches its deadline, the failure names the last one.
    unauthenticated_alert,
};

RTPSEC_EXPORT const std::error_category& dtls_category();
RTPSEC_EXPORT std::error_code make_error_code(Error e);

// True for errors that end the association; false for "dropped, go on".
// Errors of other categories are treated as fatal.
RTPSEC_EXPORT bool is_fatal(std::error_code ec);

}  // namespace rtpsec::dtls

template <>
struct std::is_error_code_enum<rtpsec::dtls::Error> : std::true_type {};
