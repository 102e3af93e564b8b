// SPDX-License-Identifier: BSD-3-Clause
#include "inspect_json.hpp"

#include <rtpsec/sdp/ice.hpp>

namespace rtpsec::apps::sdp {
namespace {

using namespace rtpsec::sdp;

nlohmann::ordered_json optional_string(const std::optional<std::string_view>& value) {
    return value ? nlohmann::ordered_json(std::string(*value)) : nlohmann::ordered_json(nullptr);
}

// RFC 5763 §5: what the peer's a=setup asks of the DTLS handshake.
nlohmann::ordered_json requested_role(const std::optional<Setup>& setup) {
    if (!setup) return nullptr;
    switch (*setup) {
        case Setup::active:
            return "client";
        case Setup::passive:
            return "server";
        case Setup::actpass:
            return "either";
        case Setup::holdconn:
            return "none";
    }
    return nullptr;
}

nlohmann::ordered_json media_json(const SessionDescription& d, std::size_t index) {
    const MediaDescription& m = d.media[index];
    const auto connection = effective_connection(d, m);
    const auto dtls = dtls_parameters(d, m);
    nlohmann::ordered_json out;
    out["index"] = index;
    out["type"] = m.media;
    out["address"] =
        connection ? nlohmann::ordered_json(connection->address) : nlohmann::ordered_json(nullptr);
    out["port"] = m.port;
    if (m.port_count) out["port_count"] = *m.port_count;
    out["proto"] = m.proto;
    out["dtls_srtp"] = m.is_dtls_srtp();
    out["sdes_crypto"] = m.has_crypto();
    out["setup"] = dtls.setup ? nlohmann::ordered_json(std::string(setup_name(*dtls.setup)))
                              : nlohmann::ordered_json(nullptr);
    out["dtls_role"] = requested_role(dtls.setup);
    out["fingerprints"] = nlohmann::ordered_json::array();
    for (const auto& fp : dtls.fingerprints)
        out["fingerprints"].push_back(fp.to_string());
    out["unknown_fingerprints"] = dtls.unknown_fingerprints;
    out["tls_id"] =
        dtls.tls_id ? nlohmann::ordered_json(*dtls.tls_id) : nlohmann::ordered_json(nullptr);
    out["rtcp_mux"] = m.rtcp_mux();
    // Where the peer receives RTCP: RFC 5761 §5.1.1, RFC 3605, RFC 3550 §11.
    nlohmann::ordered_json rtcp;
    if (m.rtcp_mux()) {
        rtcp["address"] = out["address"];
        rtcp["port"] = m.port;
    } else if (const auto attribute = m.rtcp()) {
        rtcp["address"] = attribute->connection
                              ? nlohmann::ordered_json(attribute->connection->address)
                              : out["address"];
        rtcp["port"] = attribute->port;
    } else {
        rtcp["address"] = out["address"];
        rtcp["port"] = m.port == 0 || m.port == 65535 ? 0 : m.port + 1;
    }
    out["rtcp"] = rtcp;
    out["codecs"] = nlohmann::ordered_json::array();
    for (const auto& codec : m.codecs()) {
        nlohmann::ordered_json c;
        c["pt"] = codec.payload_type;
        c["name"] = codec.name.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(codec.name);
        c["rate"] = codec.clock_rate;
        c["channels"] = codec.channels;
        out["codecs"].push_back(c);
    }
    if (!m.is_rtp()) out["formats"] = m.formats;
    out["ptime"] = m.ptime() ? nlohmann::ordered_json(*m.ptime()) : nlohmann::ordered_json(nullptr);
    out["direction"] = std::string(direction_name(effective_direction(d, m)));
    out["mid"] = optional_string(m.mid());
    const auto ice = ice_parameters(d, m);
    nlohmann::ordered_json ice_json;
    ice_json["ufrag_present"] = ice.has_value();
    ice_json["pwd_present"] = ice && !ice->pwd.empty();
    ice_json["lite"] = d.ice_lite();
    ice_json["candidates"] = ice ? ice->candidates.size() : 0;
    out["ice"] = ice_json;
    return out;
}

}  // namespace

nlohmann::ordered_json inspect_json(const SessionDescription& d) {
    nlohmann::ordered_json session;
    session["origin"] = {{"username", d.origin.username},
                         {"session_id", d.origin.session_id},
                         {"session_version", d.origin.session_version},
                         {"address", d.origin.address}};
    session["name"] = d.session_name;
    session["connection"] = d.connection ? nlohmann::ordered_json(d.connection->address)
                                         : nlohmann::ordered_json(nullptr);
    session["ice_lite"] = d.ice_lite();
    session["groups"] = nlohmann::ordered_json::array();
    for (const auto& group : d.groups())
        session["groups"].push_back({{"semantics", group.semantics}, {"mids", group.mids}});

    nlohmann::ordered_json out;
    out["session"] = session;
    out["media"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < d.media.size(); ++i)
        out["media"].push_back(media_json(d, i));
    return out;
}

}  // namespace rtpsec::apps::sdp
