// SPDX-License-Identifier: BSD-3-Clause
#include "builder_support.hpp"

#include <stdexcept>

#include <rtpsec/common/random_source.hpp>
#include <rtpsec/sdp/tls_id.hpp>

#include "text.hpp"

namespace rtpsec::sdp::detail {

void check_local_address(const TransportAddress& local) {
    if (classify_address(local.address) == AddressKind::other) {
        throw std::invalid_argument("local address '" + local.address +
                                    "' is neither an IP address nor a domain name");
    }
    if (local.port == 0) throw std::invalid_argument("local media port must not be 0");
}

void check_fingerprints(const std::vector<dtls::Fingerprint>& fingerprints) {
    for (const auto& fp : fingerprints) {
        if (dtls::is_trusted(fp.algorithm())) return;
    }
    throw std::invalid_argument(
        "an offer or answer needs at least one fingerprint of sha-1 or stronger (RFC 8122 §5)");
}

std::string tls_id_or_generated(const std::string& tls_id) {
    if (tls_id.empty()) return generate_tls_id();
    if (!is_valid_tls_id(tls_id)) {
        throw std::invalid_argument("tls-id '" + tls_id +
                                    "' is not 20 to 255 characters of A-Z a-z 0-9 + / - _");
    }
    return tls_id;
}

void check_ice(const std::optional<IceParameters>& ice) {
    if (!ice) return;
    if (!is_valid_ice_ufrag(ice->ufrag)) {
        throw std::invalid_argument("ice-ufrag must be 4 to 256 characters of A-Z a-z 0-9 + /");
    }
    if (!is_valid_ice_pwd(ice->pwd)) {
        throw std::invalid_argument("ice-pwd must be 22 to 256 characters of A-Z a-z 0-9 + /");
    }
    for (const auto& candidate : ice->candidates) {
        if (candidate.empty() ||
            candidate.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
            throw std::invalid_argument("an ICE candidate is empty or holds a line break");
        }
    }
}

void check_ptime(unsigned ptime) {
    if (ptime == 0 || ptime > 1000) {
        throw std::invalid_argument("ptime must be from 1 to 1000 milliseconds");
    }
}

std::string session_id_or_random(const std::string& session_id) {
    if (session_id.empty()) return std::to_string(random_bits(*os_random_source(), 62));
    if (!parse_unsigned<std::uint64_t>(session_id)) {
        throw std::invalid_argument("session id '" + session_id + "' is not a decimal number");
    }
    return session_id;
}

SessionDescription session_skeleton(const TransportAddress& local, const std::string& session_id,
                                    std::uint64_t session_version) {
    SessionDescription d;
    const auto connection = ConnectionData::for_address(local.address);
    d.origin.username = "-";
    d.origin.session_id = session_id_or_random(session_id);
    d.origin.session_version = session_version;
    d.origin.network_type = connection.network_type;
    d.origin.address_type = connection.address_type;
    d.origin.address = connection.address;
    d.session_name = "-";
    d.connection = connection;
    d.timings = {Timing{}};
    return d;
}

void add_dtls_attributes(AttributeList& media, Setup setup,
                         const std::vector<dtls::Fingerprint>& fingerprints,
                         const std::string& tls_id) {
    media.add("setup", std::string(setup_name(setup)));
    for (const auto& fp : fingerprints)
        media.add("fingerprint", fp.to_string());
    media.add("tls-id", tls_id);
}

void add_ice_attributes(AttributeList& session, AttributeList& media, const IceParameters& ice) {
    if (ice.lite) session.set("ice-lite");
    media.add("ice-ufrag", ice.ufrag);
    media.add("ice-pwd", ice.pwd);
    for (const auto& candidate : ice.candidates)
        media.add("candidate", candidate);
    media.add("end-of-candidates");
}

}  // namespace rtpsec::sdp::detail
