// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/sdp/negotiation.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

NegotiationError make_error(SdpError code, std::string detail) {
    return {make_error_code(code), std::move(detail)};
}

std::string section_name(std::size_t index, const MediaDescription& m) {
    return "m= section " + std::to_string(index + 1) + " (" + m.media + ")";
}

bool lists_format(const MediaDescription& m, std::uint8_t payload_type) {
    const std::string pt = std::to_string(payload_type);
    for (const auto& format : m.formats) {
        if (format == pt) return true;
    }
    return false;
}

// The answer's payload types that the offer listed too, named from the
// answer's a=rtpmap, else the offer's, else RFC 3551.
std::vector<Codec> mutual_codecs(const MediaDescription& offered,
                                 const MediaDescription& answered) {
    std::vector<Codec> out;
    const auto offered_codecs = offered.codecs();
    for (auto codec : answered.codecs()) {
        if (!lists_format(offered, codec.payload_type)) continue;
        if (codec.name.empty()) {
            for (const auto& o : offered_codecs) {
                if (o.payload_type == codec.payload_type) codec = o;
            }
        }
        out.push_back(std::move(codec));
    }
    return out;
}

TransportAddress rtcp_address(const MediaDescription& m, const TransportAddress& rtp,
                              bool rtcp_mux) {
    if (rtcp_mux) return rtp;  // RFC 5761 §5.1.1
    if (const auto rtcp = m.rtcp()) {
        // RFC 3605 §2.1
        return {rtcp->connection ? rtcp->connection->address : rtp.address, rtcp->port};
    }
    // RFC 3550 §11: the next port. Port 65535 has none; 0 says so.
    return {rtp.address, static_cast<std::uint16_t>(rtp.port == 65535 ? 0 : rtp.port + 1)};
}

}  // namespace

std::optional<std::uint8_t> NegotiatedMedia::audio_payload_type() const {
    for (const auto& codec : codecs) {
        const auto supported = supported_codec(codec);
        if (supported == SupportedCodec::pcmu || supported == SupportedCodec::pcma) {
            return codec.payload_type;
        }
    }
    return std::nullopt;
}

std::optional<NegotiatedMedia> negotiate(const SessionDescription& offer,
                                         const SessionDescription& answer, Side us,
                                         NegotiationError& error) {
    error = {};
    // RFC 3264 §6: one answer m= line per offer m= line, same media type.
    if (answer.media.size() != offer.media.size()) {
        error = make_error(SdpError::answer_mismatch,
                           "the answer has " + std::to_string(answer.media.size()) +
                               " m= sections, the offer " + std::to_string(offer.media.size()) +
                               " (RFC 3264 §6 needs one per offered section)");
        return std::nullopt;
    }
    std::optional<std::size_t> index;
    bool offered_audio = false;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        if (offer.media[i].media != answer.media[i].media) {
            error = make_error(SdpError::answer_mismatch,
                               section_name(i, answer.media[i]) + " of the answer answers " +
                                   offer.media[i].media + " in the offer");
            return std::nullopt;
        }
        if (offer.media[i].media != "audio") continue;
        offered_audio = true;
        if (!index && offer.media[i].port != 0 && answer.media[i].port != 0) index = i;
    }
    if (!index) {
        error = offered_audio ? make_error(SdpError::media_rejected,
                                           "every audio m= section is rejected (port 0)")
                              : make_error(SdpError::no_audio_stream, "the offer has no audio");
        return std::nullopt;
    }
    const std::size_t i = *index;
    const MediaDescription& offered = offer.media[i];
    const MediaDescription& answered = answer.media[i];
    if (!answered.is_dtls_srtp()) {
        error = make_error(SdpError::not_dtls_srtp,
                           section_name(i, answered) + " of the answer uses " + answered.proto +
                               ", not UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF");
        return std::nullopt;
    }

    const auto offer_dtls = dtls_parameters(offer, offered);
    const auto answer_dtls = dtls_parameters(answer, answered);
    std::error_code ec;
    const auto role = negotiated_role(offer_dtls.setup, answer_dtls.setup, us, ec);
    if (!role) {
        std::string detail = section_name(i, offered) + ": ";
        if (ec == SdpError::missing_setup) {
            detail += std::string(offer_dtls.setup ? "the answer" : "the offer") +
                      " has no a=setup (RFC 5763 §5 requires it)";
        } else if (ec == SdpError::setup_holdconn) {
            detail += "a=setup:holdconn: the peer wants no DTLS connection now (RFC 4145 §4)";
        } else {
            detail +=
                "the answer's a=setup:" + std::string(setup_name(*answer_dtls.setup)) +
                " does not fit the offer's a=setup:" + std::string(setup_name(*offer_dtls.setup)) +
                " (RFC 4145 §4.1: one side active, the other passive)";
        }
        error = {ec, std::move(detail)};
        return std::nullopt;
    }

    const bool we_offered = us == Side::offerer;
    const SessionDescription& peer = we_offered ? answer : offer;
    const MediaDescription& peer_media = we_offered ? answered : offered;
    const auto& peer_dtls = we_offered ? answer_dtls : offer_dtls;
    const auto& local_dtls = we_offered ? offer_dtls : answer_dtls;
    if (!peer_dtls.has_trusted_fingerprint()) {
        error = make_error(SdpError::missing_fingerprint,
                           section_name(i, peer_media) + " of the " +
                               (we_offered ? "answer" : "offer") +
                               " has no a=fingerprint with a hash function we trust "
                               "(RFC 8122 §5: sha-1 or stronger)");
        return std::nullopt;
    }
    const auto connection = effective_connection(peer, peer_media);
    if (!connection) {
        error =
            make_error(SdpError::missing_connection,
                       section_name(i, peer_media) + " has no c= line at media or session level");
        return std::nullopt;
    }

    NegotiatedMedia result;
    result.media_index = i;
    if (const auto mid = answered.mid()) result.mid = std::string(*mid);
    result.proto = answered.proto;
    result.role = *role;
    result.offer_setup = *offer_dtls.setup;
    result.answer_setup = *answer_dtls.setup;
    result.peer_fingerprints = peer_dtls.fingerprints;
    result.local_tls_id = local_dtls.tls_id;
    result.peer_tls_id = peer_dtls.tls_id;
    result.peer_rtp = {connection->address, peer_media.port};
    result.rtcp_mux = offered.rtcp_mux() && answered.rtcp_mux();
    result.peer_rtcp = rtcp_address(peer_media, result.peer_rtp, result.rtcp_mux);
    result.codecs = mutual_codecs(offered, answered);
    for (const auto& codec : result.codecs) {
        if (supported_codec(codec) == SupportedCodec::telephone_event) {
            result.telephone_event_payload_type = codec.payload_type;
            break;
        }
    }
    if (!result.audio_payload_type()) {
        error = make_error(
            SdpError::no_common_codec,
            section_name(i, answered) + ": offer and answer share neither PCMU/8000 nor PCMA/8000");
        return std::nullopt;
    }
    const auto offered_direction = effective_direction(offer, offered);
    const auto answered_direction = effective_direction(answer, answered);
    result.direction = we_offered ? offered_direction : answered_direction;
    result.peer_ptime = peer_media.ptime();
    result.peer_ice = ice_parameters(peer, peer_media);
    return result;
}

bool needs_new_dtls_association(const NegotiatedMedia& current, const NegotiatedMedia& updated) {
    // RFC 8842 §5: a new tls-id from either side asks for a new association.
    if (current.peer_tls_id != updated.peer_tls_id) return true;
    if (current.local_tls_id != updated.local_tls_id) return true;
    // A new certificate cannot continue the old association, nor can swapped roles.
    if (current.peer_fingerprints != updated.peer_fingerprints) return true;
    if (current.role != updated.role) return true;
    // A peer without tls-id keeps the pre-RFC 8842 rule: a new transport address
    // means a new association.
    if (!updated.peer_tls_id && current.peer_rtp != updated.peer_rtp) return true;
    return false;
}

}  // namespace rtpsec::sdp
