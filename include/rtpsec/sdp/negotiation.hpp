// SPDX-License-Identifier: BSD-3-Clause
// What an offer/answer exchange decided for the one DTLS-SRTP audio stream
// rtpsec handles (RFC 3264, RFC 5763, RFC 8842, RFC 5761): our DTLS role, the
// peer's fingerprints and addresses, the payload types, rtcp-mux.
//
// negotiate() reads a complete offer/answer pair from either side; the answer
// builder uses it on the answer it wrote, so both sides of a call and the
// engine read the role from the same function (negotiated_role in setup.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/sdp/codec.hpp>
#include <rtpsec/sdp/error.hpp>
#include <rtpsec/sdp/ice.hpp>
#include <rtpsec/sdp/rtcp.hpp>
#include <rtpsec/sdp/session_description.hpp>
#include <rtpsec/sdp/setup.hpp>

namespace rtpsec::sdp {

struct RTPSEC_EXPORT NegotiatedMedia {
    std::size_t media_index = 0;  // which m= section (0-based) carries the stream
    std::optional<std::string> mid;
    std::string proto;  // UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF

    DtlsRole role = DtlsRole::client;  // ours
    Setup offer_setup = Setup::actpass;
    Setup answer_setup = Setup::active;
    // The peer's certificate must match one of these (RFC 8122 §5); only
    // known hash functions, in the order the peer listed them.
    std::vector<dtls::Fingerprint> peer_fingerprints;
    std::optional<std::string> local_tls_id;
    std::optional<std::string> peer_tls_id;

    TransportAddress peer_rtp;
    // Where RTCP goes: the RTP address with rtcp-mux (RFC 5761 §5.1.1), else
    // the peer's a=rtcp (RFC 3605), else RTP port + 1 (RFC 3550 §11).
    TransportAddress peer_rtcp;
    bool rtcp_mux = false;  // both offered it

    // Payload types both sides listed, in the answer's order, with their names.
    std::vector<Codec> codecs;
    std::optional<std::uint8_t> telephone_event_payload_type;  // telephone-event/8000
    Direction direction = Direction::sendrecv;                 // ours
    std::optional<unsigned> peer_ptime;
    std::optional<IceParameters> peer_ice;

    // The first PCMU or PCMA payload type of `codecs`: what we send.
    std::optional<std::uint8_t> audio_payload_type() const;
};

// Reads the exchange `offer` -> `answer` as `us`. The stream is the first
// audio section that neither side disabled (port 0). Fails with
// answer_mismatch (m= lines do not line up, RFC 3264 §6), media_rejected,
// no_audio_stream, not_dtls_srtp (the answer's proto), missing_setup,
// setup_holdconn, setup_conflict, missing_fingerprint (the peer's),
// missing_connection, no_common_codec (no PCMU or PCMA both listed).
RTPSEC_EXPORT std::optional<NegotiatedMedia> negotiate(const SessionDescription& offer,
                                                       const SessionDescription& answer, Side us,
                                                       NegotiationError& error);

// Whether moving from `current` to `updated` (the results of an earlier and
// a new offer/answer exchange) needs a new DTLS handshake: RFC 8842 §5 when
// either tls-id changed; also when the peer's certificate (fingerprints) or
// the DTLS roles changed; and, for peers that send no tls-id, when the peer's
// transport address changed (the rule before RFC 8842, which such peers follow).
RTPSEC_EXPORT bool needs_new_dtls_association(const NegotiatedMedia& current,
                                              const NegotiatedMedia& updated);

}  // namespace rtpsec::sdp
