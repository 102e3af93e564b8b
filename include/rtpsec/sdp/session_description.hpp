// SPDX-License-Identifier: BSD-3-Clause
// An SDP session description (RFC 8866 §5): the session-level lines and the
// media sections. A plain value: copy it, edit it, compare it. Reading is in
// parser.hpp, writing in writer.hpp.
//
// Lines this model does not interpret (i=, u=, e=, p=, r=, z=, k= and every
// attribute) are kept verbatim and in order, so a description that was parsed
// and written back differs only where someone changed it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/common/export.hpp>
#include <rtpsec/dtls/fingerprint.hpp>
#include <rtpsec/sdp/attribute.hpp>
#include <rtpsec/sdp/connection.hpp>
#include <rtpsec/sdp/media_description.hpp>
#include <rtpsec/sdp/setup.hpp>

namespace rtpsec::sdp {

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
struct RTPSEC_EXPORT Origin {
    std::string username = "-";
    std::string session_id = "0";  // decimal digits, any length (RFC 8866 §5.2)
    std::uint64_t session_version = 0;
    std::string network_type = "IN";
    std::string address_type = "IP4";
    std::string address = "127.0.0.1";

    friend bool operator==(const Origin&, const Origin&) = default;
};

// t=<start> <stop> and the r= lines that follow it.
struct RTPSEC_EXPORT Timing {
    std::uint64_t start = 0;
    std::uint64_t stop = 0;
    std::vector<std::string> repeats;

    friend bool operator==(const Timing&, const Timing&) = default;
};

// a=group:<semantics> <mid> ... (RFC 5888 §5), e.g. BUNDLE (RFC 8843).
struct RTPSEC_EXPORT Group {
    std::string semantics;
    std::vector<std::string> mids;

    friend bool operator==(const Group&, const Group&) = default;
};

struct RTPSEC_EXPORT SessionDescription {
    // v= is always 0 (RFC 8866 §5.1) and so not stored.
    Origin origin;
    std::string session_name = "-";             // s=
    std::optional<std::string> information;     // i=
    std::optional<std::string> uri;             // u=
    std::vector<std::string> emails;            // e=
    std::vector<std::string> phones;            // p=
    std::optional<ConnectionData> connection;   // c=
    std::vector<Bandwidth> bandwidths;          // b=
    std::vector<Timing> timings{Timing{}};      // t= and r=, at least one
    std::optional<std::string> time_zones;      // z=
    std::optional<std::string> encryption_key;  // k= (obsolete, kept as is)
    AttributeList attributes;                   // a=
    std::vector<MediaDescription> media;

    std::vector<Group> groups() const;
    std::optional<Group> bundle_group() const;  // the first a=group:BUNDLE
    bool ice_lite() const;                      // a=ice-lite (RFC 8839 §5.3)

    friend bool operator==(const SessionDescription&, const SessionDescription&) = default;
};

// The media section's connection address: its own c= or else the session's.
RTPSEC_EXPORT std::optional<ConnectionData> effective_connection(const SessionDescription& session,
                                                                 const MediaDescription& media);
// The media section's direction, else the session's, else sendrecv (RFC 8866 §6.7).
RTPSEC_EXPORT Direction effective_direction(const SessionDescription& session,
                                            const MediaDescription& media);

// The DTLS attributes that apply to one media section. Each comes from the
// media level when the section has it, else from the session level (RFC 8122
// §5: a media-level a=fingerprint overrides the session-level ones).
struct RTPSEC_EXPORT DtlsParameters {
    std::optional<Setup> setup;
    // Every a=fingerprint of that level with a known hash function, in order.
    std::vector<dtls::Fingerprint> fingerprints;
    // a=fingerprint lines skipped because their hash function is not in the
    // registry (RFC 8122 §5: ignore them, don't fail).
    std::size_t unknown_fingerprints = 0;
    std::optional<std::string> tls_id;

    // True when at least one fingerprint can authenticate the peer (not md2/md5).
    bool has_trusted_fingerprint() const;
};
RTPSEC_EXPORT DtlsParameters dtls_parameters(const SessionDescription& session,
                                             const MediaDescription& media);

}  // namespace rtpsec::sdp
