// SPDX-License-Identifier: BSD-3-Clause
// What the offer and the answer builders share: checks of the options our own
// configuration passes (a bad option is a configuration error and throws
// std::invalid_argument with the reason), and the lines both write.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/sdp/ice.hpp>
#include <rtpsec/sdp/rtcp.hpp>
#include <rtpsec/sdp/session_description.hpp>
#include <rtpsec/sdp/setup.hpp>

namespace rtpsec::sdp::detail {

void check_local_address(const TransportAddress& local);
void check_fingerprints(const std::vector<dtls::Fingerprint>& fingerprints);
// Returns the tls-id to write: `tls_id` if valid, a fresh one if empty.
std::string tls_id_or_generated(const std::string& tls_id);
void check_ice(const std::optional<IceParameters>& ice);
void check_ptime(unsigned ptime);
// A random session id that fits in 62 bits (RFC 3264 §5 asks for 63 at most).
std::string session_id_or_random(const std::string& session_id);

// v=0, o=- <id> <version> IN IP4|IP6 <address>, s=-, c=IN IP4|IP6 <address>, t=0 0.
SessionDescription session_skeleton(const TransportAddress& local, const std::string& session_id,
                                    std::uint64_t session_version);
// a=setup, a=fingerprint (each), a=tls-id (RFC 5763 §5, RFC 8842 §4).
void add_dtls_attributes(AttributeList& media, Setup setup,
                         const std::vector<dtls::Fingerprint>& fingerprints,
                         const std::string& tls_id);
// a=ice-lite (session), a=ice-ufrag, a=ice-pwd, a=candidate..., a=end-of-candidates
// (media): we know every candidate we have when we write the SDP (RFC 8840).
void add_ice_attributes(AttributeList& session, AttributeList& media, const IceParameters& ice);

}  // namespace rtpsec::sdp::detail
