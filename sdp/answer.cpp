// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <stdexcept>

#include <rtpsec/sdp/offer_answer.hpp>

#include "builder_support.hpp"
#include "text.hpp"

namespace rtpsec::sdp {
namespace {

NegotiationError make_error(SdpError code, std::string detail) {
    return {make_error_code(code), std::move(detail)};
}

std::string section_name(std::size_t index, const MediaDescription& m) {
    return "m= section " + std::to_string(index + 1) + " (" + m.media + ")";
}

// RFC 5764 §8 names the DTLS-SRTP protos; say what the offer is instead.
NegotiationError not_dtls_srtp(std::size_t index, const MediaDescription& m) {
    const std::string what = section_name(index, m) + " is not DTLS-SRTP: ";
    const std::string needed =
        "; rtpsec answers only UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF with a=fingerprint";
    const std::string proto = detail::to_lower(m.proto);
    if (m.has_crypto() || proto.find("savp") != std::string::npos) {
        return make_error(SdpError::not_dtls_srtp,
                          what + m.proto + " with SDES keys in a=crypto (RFC 4568)" + needed);
    }
    if (proto == "rtp/avp" || proto == "rtp/avpf") {
        return make_error(SdpError::not_dtls_srtp,
                          what + "plain unencrypted RTP (" + m.proto + ")" + needed);
    }
    return make_error(SdpError::not_dtls_srtp, what + "transport " + m.proto + needed);
}

// The offer's payload types we serve, in the offer's order (RFC 3264 §6.1):
// the first PCMU/8000, the first PCMA/8000 and the first telephone-event/8000.
std::vector<Codec> codecs_to_answer(const MediaDescription& offered) {
    std::vector<Codec> chosen;
    std::vector<SupportedCodec> kinds;
    for (const auto& codec : offered.codecs()) {
        const auto kind = supported_codec(codec);
        if (!kind || std::find(kinds.begin(), kinds.end(), *kind) != kinds.end()) continue;
        kinds.push_back(*kind);
        chosen.push_back(codec);
    }
    const bool has_audio = std::any_of(chosen.begin(), chosen.end(), [](const Codec& c) {
        return supported_codec(c) != SupportedCodec::telephone_event;
    });
    return has_audio ? chosen : std::vector<Codec>{};
}

std::string offered_codec_names(const MediaDescription& offered) {
    std::string names;
    for (const auto& codec : offered.codecs()) {
        if (!names.empty()) names += ", ";
        names += codec.name.empty() ? std::to_string(codec.payload_type)
                                    : codec.name + "/" + std::to_string(codec.clock_rate);
    }
    return names.empty() ? "no RTP payload types" : names;
}

// RFC 3264 §6: port 0, same media type and proto, the offer's formats; the
// mid stays so a BUNDLE-aware offerer can match the section (RFC 8843 §7.3).
MediaDescription rejected(const MediaDescription& offered) {
    MediaDescription m;
    m.media = offered.media;
    m.port = 0;
    m.proto = offered.proto;
    m.formats = offered.formats;
    if (const auto mid = offered.mid()) m.attributes.add("mid", std::string(*mid));
    return m;
}

MediaDescription accepted(const SessionDescription& offer, std::size_t index,
                          const AnswerOptions& options, Setup setup, const std::string& tls_id,
                          SessionDescription& answer) {
    const MediaDescription& offered = offer.media[index];
    MediaDescription m;
    m.media = offered.media;
    m.port = options.local.port;
    m.proto = offered.proto;  // SAVP answers SAVP, SAVPF answers SAVPF
    auto& a = m.attributes;
    for (const auto& codec : codecs_to_answer(offered)) {
        const std::string pt = std::to_string(codec.payload_type);
        m.formats.push_back(pt);
        a.add("rtpmap", pt + " " + codec.name + "/" + std::to_string(codec.clock_rate));
        if (supported_codec(codec) == SupportedCodec::telephone_event) {
            // Echo the events the offerer listed; we relay any event code.
            if (const auto events = offered.fmtp(pt); events && !events->empty()) {
                a.add("fmtp", pt + " " + std::string(*events));
            }
        }
    }
    a.add("ptime", std::to_string(options.ptime));
    a.add(std::string(direction_name(answer_direction(effective_direction(offer, offered)))));
    if (offered.rtcp_mux()) a.add("rtcp-mux");  // RFC 5761 §5.1.1: echo it
    if (options.rtcp_port) a.add("rtcp", std::to_string(*options.rtcp_port));  // RFC 3605
    detail::add_dtls_attributes(a, setup, options.fingerprints, tls_id);
    if (const auto mid = offered.mid()) {
        a.add("mid", std::string(*mid));
        // RFC 8843 §7.3: the answer's BUNDLE group holds only accepted sections.
        if (const auto bundle = offer.bundle_group();
            bundle &&
            std::find(bundle->mids.begin(), bundle->mids.end(), *mid) != bundle->mids.end()) {
            answer.attributes.add("group", "BUNDLE " + std::string(*mid));
        }
    }
    // RFC 8839 §4: ICE in the answer only if the offer used it.
    if (options.ice && ice_parameters(offer, offered)) {
        detail::add_ice_attributes(answer.attributes, a, *options.ice);
    }
    return m;
}

}  // namespace

NegotiationError check_offered_audio(const SessionDescription& offer, std::size_t index) {
    const MediaDescription& m = offer.media.at(index);
    if (!m.is_dtls_srtp()) return not_dtls_srtp(index, m);
    const auto dtls = dtls_parameters(offer, m);
    if (!dtls.has_trusted_fingerprint()) {
        std::string detail = section_name(index, m) + " has no usable a=fingerprint";
        if (!dtls.fingerprints.empty()) {
            detail += ": md2/md5 fingerprints cannot authenticate a peer (RFC 8122 §5)";
        } else if (dtls.unknown_fingerprints != 0) {
            detail += ": every a=fingerprint uses a hash function we do not know";
        } else {
            detail += " (RFC 5763 §5 requires one)";
        }
        return make_error(SdpError::missing_fingerprint, detail);
    }
    if (!dtls.setup) {
        return make_error(SdpError::missing_setup,
                          section_name(index, m) + " has no a=setup (RFC 5763 §5 requires it)");
    }
    if (*dtls.setup == Setup::holdconn) {
        return make_error(
            SdpError::setup_holdconn,
            section_name(index, m) + " says a=setup:holdconn: no DTLS connection wanted now");
    }
    if (!effective_connection(offer, m)) {
        return make_error(SdpError::missing_connection,
                          section_name(index, m) + " has no c= line at media or session level");
    }
    if (codecs_to_answer(m).empty()) {
        return make_error(SdpError::no_common_codec, section_name(index, m) + " offers " +
                                                         offered_codec_names(m) +
                                                         "; rtpsec needs PCMU/8000 or PCMA/8000");
    }
    return {};
}

Answer build_answer(const SessionDescription& offer, const AnswerOptions& options) {
    detail::check_local_address(options.local);
    detail::check_fingerprints(options.fingerprints);
    detail::check_ice(options.ice);
    detail::check_ptime(options.ptime);
    if (options.setup && *options.setup != Setup::active && *options.setup != Setup::passive) {
        throw std::invalid_argument("an answer's a=setup can only be active or passive");
    }
    const std::string tls_id = detail::tls_id_or_generated(options.tls_id);

    Answer result;
    result.description =
        detail::session_skeleton(options.local, options.session_id, options.session_version);
    auto& answer = result.description;
    std::optional<std::size_t> chosen;
    bool offered_audio = false;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        const MediaDescription& offered = offer.media[i];
        const bool candidate = !chosen && offered.media == "audio" && offered.port != 0;
        offered_audio = offered_audio || offered.media == "audio";
        NegotiationError problem = candidate ? check_offered_audio(offer, i) : NegotiationError{};
        if (candidate && !problem) {
            std::error_code ec;
            const auto setup =
                answer_setup(dtls_parameters(offer, offered).setup, options.setup, ec);
            answer.media.push_back(accepted(offer, i, options, *setup, tls_id, answer));
            chosen = i;
            continue;
        }
        if (problem && !result.error) result.error = std::move(problem);
        answer.media.push_back(rejected(offered));
    }
    if (chosen) {
        NegotiationError error;
        result.media = negotiate(offer, answer, Side::answerer, error);
        result.error = std::move(error);
    } else if (!result.error) {
        result.error = offered_audio ? make_error(SdpError::media_rejected,
                                                  "every audio m= section of the offer is "
                                                  "disabled (port 0)")
                                     : make_error(SdpError::no_audio_stream,
                                                  "the offer has no audio m= section");
    }
    return result;
}

}  // namespace rtpsec::sdp
