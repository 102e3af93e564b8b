// SPDX-License-Identifier: BSD-3-Clause
// a=setup and the DTLS role (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5).
//
// negotiated_role() is the one place that turns an offer/answer pair of
// a=setup values into who is the DTLS client: the SDP layer uses it to check
// answers and the engine uses its result, so the two can never disagree.
#pragma once

#include <optional>
#include <string_view>
#include <system_error>

#include <rtpsec/common/dtls_role.hpp>
#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

// RFC 4145 §4: "active" opens the connection, "passive" accepts it,
// "actpass" lets the answerer choose, "holdconn" wants no connection yet.
enum class Setup { active, passive, actpass, holdconn };

// RFC 5763 §5: the active side is the DTLS client.
using rtpsec::DtlsRole;

// Which side of the offer/answer exchange we are.
enum class Side { offerer, answerer };

RTPSEC_EXPORT std::string_view setup_name(Setup setup);  // "active", ...
using rtpsec::dtls_role_name;
// Case-insensitive; nullopt for anything else.
RTPSEC_EXPORT std::optional<Setup> parse_setup(std::string_view value);

// The a=setup an answerer writes (RFC 4145 §4.1, RFC 5763 §5): the
// complement of an active or passive offer; for actpass, `preferred` (active
// or passive), by default active, so the answerer is the DTLS client and
// the offerer need not wait for a connection (RFC 5763 §5 recommends it).
// Errors: missing_setup (no a=setup in the offer), setup_holdconn, and
// std::invalid_argument if `preferred` is actpass or holdconn.
RTPSEC_EXPORT std::optional<Setup> answer_setup(std::optional<Setup> offer,
                                                std::optional<Setup> preferred,
                                                std::error_code& ec);

// Our DTLS role from the offer's and the answer's a=setup:
//
//   offer \ answer | active                  | passive
//   ---------------+-------------------------+------------------------
//   actpass        | answerer client         | offerer client
//   active         | setup_conflict          | offerer client
//   passive        | answerer client         | setup_conflict
//
// An answer of actpass is a conflict (RFC 4145 §4.1: only the offer may say
// it); holdconn on either side is setup_holdconn; a missing value is
// missing_setup.
RTPSEC_EXPORT std::optional<DtlsRole> negotiated_role(std::optional<Setup> offer,
                                                      std::optional<Setup> answer, Side us,
                                                      std::error_code& ec);

}  // namespace rtpsec::sdp
