// SPDX-License-Identifier: BSD-3-Clause
// The JSON that `rtpsec-sdp inspect` prints: per media section what a person
// debugging a DTLS-SRTP call looks for first (addresses, proto, the DTLS role
// the peer asks for, fingerprints, tls-id, rtcp-mux, codecs, ICE).
#pragma once

#include <nlohmann/json.hpp>

#include <rtpsec/sdp/session_description.hpp>

namespace rtpsec::apps::sdp {

nlohmann::ordered_json inspect_json(const rtpsec::sdp::SessionDescription& description);

}  // namespace rtpsec::apps::sdp
