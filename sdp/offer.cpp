// SPDX-License-Identifier: BSD-3-Clause
#include <stdexcept>

#include <rtpsec/sdp/offer_answer.hpp>

#include "builder_support.hpp"

namespace rtpsec::sdp {

SessionDescription build_offer(const OfferOptions& options) {
    detail::check_local_address(options.local);
    detail::check_fingerprints(options.fingerprints);
    detail::check_ice(options.ice);
    detail::check_ptime(options.ptime);
    if (options.setup == Setup::holdconn) {
        throw std::invalid_argument("an offer's a=setup must be actpass, active or passive");
    }
    const auto te = options.telephone_event_payload_type;
    if (te && (*te < 96 || *te > 127)) {
        throw std::invalid_argument("telephone-event needs a dynamic payload type (96 to 127)");
    }
    const std::string tls_id = detail::tls_id_or_generated(options.tls_id);

    auto offer =
        detail::session_skeleton(options.local, options.session_id, options.session_version);
    MediaDescription audio;
    audio.media = "audio";
    audio.port = options.local.port;
    // RFC 5764 §8: DTLS-SRTP over UDP.
    audio.proto = options.feedback_profile ? "UDP/TLS/RTP/SAVPF" : "UDP/TLS/RTP/SAVP";
    audio.formats = {"0", "8"};
    auto& a = audio.attributes;
    a.add("rtpmap", "0 PCMU/8000");
    a.add("rtpmap", "8 PCMA/8000");
    if (te) {
        audio.formats.push_back(std::to_string(*te));
        a.add("rtpmap", std::to_string(*te) + " telephone-event/8000");
        // RFC 4733 §3.2: DTMF events 0-15 (0-9 * # A-D) and 16 (flash).
        a.add("fmtp", std::to_string(*te) + " 0-16");
    }
    a.add("ptime", std::to_string(options.ptime));
    a.add(std::string(direction_name(options.direction)));
    if (options.rtcp_mux) a.add("rtcp-mux");  // RFC 5761 §5.1.1
    // RFC 3605: where RTCP goes when not multiplexed, if not RTP port + 1.
    if (options.rtcp_port) a.add("rtcp", std::to_string(*options.rtcp_port));
    detail::add_dtls_attributes(a, options.setup, options.fingerprints, tls_id);
    if (options.mid) a.add("mid", *options.mid);
    if (options.ice) detail::add_ice_attributes(offer.attributes, a, *options.ice);
    offer.media.push_back(std::move(audio));
    return offer;
}

}  // namespace rtpsec::sdp
