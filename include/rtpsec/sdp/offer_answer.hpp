// SPDX-License-Identifier: BSD-3-Clause
// Building the SDP offer and answer for one DTLS-SRTP audio stream
// (RFC 3264 offer/answer, RFC 5763 DTLS-SRTP framework, RFC 8842 tls-id,
// RFC 5761 rtcp-mux), with G.711 (PCMU/PCMA) and telephone-event.
//
// The offer is "m=audio PORT UDP/TLS/RTP/SAVP 0 8 101" with rtpmap, fmtp,
// ptime, sendrecv, rtcp-mux, setup:actpass, fingerprint and tls-id. The
// answer accepts the first audio section it can serve and rejects every
// other section with port 0 (RFC 3264 §6), keeping the offer's m= count,
// payload type numbers and order, proto (SAVP or SAVPF), mid, and a BUNDLE
// group of what it accepted (RFC 8843 §7.3), which is what Chromium accepts
// from a non-browser endpoint.
//
// Options are checked and a bad one throws std::invalid_argument: they come
// from our own configuration, not from the peer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/sdp/error.hpp>
#include <rtpsec/sdp/ice.hpp>
#include <rtpsec/sdp/negotiation.hpp>
#include <rtpsec/sdp/rtcp.hpp>
#include <rtpsec/sdp/session_description.hpp>
#include <rtpsec/sdp/setup.hpp>

namespace rtpsec::sdp {

struct RTPSEC_EXPORT OfferOptions {
    TransportAddress local;  // our RTP address (c=, o=) and port (m=)
    // Our certificate's fingerprints (Certificate::fingerprint()); at least one.
    std::vector<dtls::Fingerprint> fingerprints;
    // RFC 5763 §5: the offerer writes actpass; active or passive force a role.
    Setup setup = Setup::actpass;
    std::string tls_id;  // empty: a fresh one (generate_tls_id)
    bool rtcp_mux = true;
    // a=rtcp (RFC 3605): our RTCP port when it is not local.port + 1.
    std::optional<std::uint16_t> rtcp_port;
    bool feedback_profile = false;  // UDP/TLS/RTP/SAVPF instead of UDP/TLS/RTP/SAVP
    // Dynamic payload type (96..127) of telephone-event/8000; nullopt: no DTMF.
    std::optional<std::uint8_t> telephone_event_payload_type = 101;
    unsigned ptime = 20;
    Direction direction = Direction::sendrecv;
    std::optional<std::string> mid;
    std::optional<IceParameters> ice;
    std::string session_id;  // empty: random
    std::uint64_t session_version = 1;
};

RTPSEC_EXPORT SessionDescription build_offer(const OfferOptions& options);

struct RTPSEC_EXPORT AnswerOptions {
    TransportAddress local;
    std::vector<dtls::Fingerprint> fingerprints;
    // Our a=setup when the offer says actpass: active (the default, we are
    // the DTLS client) or passive. Active and passive offers get the complement.
    std::optional<Setup> setup;
    std::string tls_id;  // empty: a fresh one
    unsigned ptime = 20;
    // a=rtcp (RFC 3605): our RTCP port when it is not local.port + 1.
    std::optional<std::uint16_t> rtcp_port;
    // Written only when the offer uses ICE (RFC 8839 §4: no ICE in an answer
    // to an offer without it).
    std::optional<IceParameters> ice;
    std::string session_id;  // empty: random
    std::uint64_t session_version = 1;
};

struct RTPSEC_EXPORT Answer {
    // Always a complete answer; sections we could not accept have port 0.
    SessionDescription description;
    // The stream we accepted, as negotiate() reads the pair; nullopt if none.
    std::optional<NegotiatedMedia> media;
    // Why nothing was accepted (set when media is nullopt): the problem of the
    // first audio section, e.g. not_dtls_srtp for "RTP/AVP" or SDES offers.
    NegotiationError error;

    bool accepted() const { return media.has_value(); }
};

RTPSEC_EXPORT Answer build_answer(const SessionDescription& offer, const AnswerOptions& options);

// Why the offer's section `index` cannot carry our DTLS-SRTP audio stream,
// or an empty error if it can: not_dtls_srtp, missing_fingerprint,
// missing_setup, setup_holdconn, missing_connection, no_common_codec.
RTPSEC_EXPORT NegotiationError check_offered_audio(const SessionDescription& offer,
                                                   std::size_t index);

}  // namespace rtpsec::sdp
