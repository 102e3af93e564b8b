// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/sdp/session_description.hpp>

#include "text.hpp"

namespace rtpsec::sdp {
namespace {

std::optional<Direction> session_direction(const SessionDescription& session) {
    for (const auto& a : session.attributes) {
        for (Direction d :
             {Direction::sendrecv, Direction::sendonly, Direction::recvonly, Direction::inactive}) {
            if (detail::iequals(a.name, direction_name(d))) return d;
        }
    }
    return std::nullopt;
}

// The fingerprints of one level, known hashes parsed, unknown ones counted.
void collect_fingerprints(const AttributeList& attributes, DtlsParameters& out) {
    for (const auto value : attributes.find_all("fingerprint")) {
        std::error_code ec;
        if (auto fp = dtls::Fingerprint::parse(value, ec)) {
            out.fingerprints.push_back(*fp);
        } else if (ec == dtls::FingerprintError::unknown_hash) {
            ++out.unknown_fingerprints;
        }
    }
}

}  // namespace

std::vector<Group> SessionDescription::groups() const {
    std::vector<Group> out;
    for (const auto value : attributes.find_all("group")) {
        const auto fields = detail::split_fields(value);
        if (fields.empty()) continue;
        Group group{std::string(fields[0]), {}};
        for (std::size_t i = 1; i < fields.size(); ++i)
            group.mids.emplace_back(fields[i]);
        out.push_back(std::move(group));
    }
    return out;
}

std::optional<Group> SessionDescription::bundle_group() const {
    for (auto& group : groups()) {
        if (detail::iequals(group.semantics, "BUNDLE")) return std::move(group);
    }
    return std::nullopt;
}

bool SessionDescription::ice_lite() const {
    return attributes.contains("ice-lite");
}

std::optional<ConnectionData> effective_connection(const SessionDescription& session,
                                                   const MediaDescription& media) {
    if (!media.connections.empty()) return media.connections.front();
    return session.connection;
}

Direction effective_direction(const SessionDescription& session, const MediaDescription& media) {
    if (const auto d = media.direction()) return *d;
    return session_direction(session).value_or(Direction::sendrecv);
}

bool DtlsParameters::has_trusted_fingerprint() const {
    for (const auto& fp : fingerprints) {
        if (dtls::is_trusted(fp.algorithm())) return true;
    }
    return false;
}

DtlsParameters dtls_parameters(const SessionDescription& session, const MediaDescription& media) {
    DtlsParameters out;
    const AttributeList& fingerprint_level =
        media.attributes.contains("fingerprint") ? media.attributes : session.attributes;
    collect_fingerprints(fingerprint_level, out);

    auto setup = media.attributes.find("setup");
    if (!setup) setup = session.attributes.find("setup");
    if (setup) out.setup = parse_setup(*setup);

    auto tls_id = media.attributes.find("tls-id");
    if (!tls_id) tls_id = session.attributes.find("tls-id");
    if (tls_id) out.tls_id = std::string(detail::trim(*tls_id));
    return out;
}

}  // namespace rtpsec::sdp
