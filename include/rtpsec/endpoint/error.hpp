// SPDX-License-Identifier: BSD-3-Clause
// Errors of the secured RTP endpoint (category "rtpsec.endpoint").
#pragma once

#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::endpoint {

enum class EndpointError {
    not_keyed = 1,     // media to send before the handshake installed SRTP keys
    transport_closed,  // the transport was closed or failed
    unknown_peer,      // no transport for this address, and none may be created for it
    too_many_peers,    // the endpoint already serves its maximum of transports
    wrong_component,   // RTP to send on the RTCP component's transport (no rtcp-mux)
};

RTPSEC_EXPORT const std::error_category& endpoint_category();
RTPSEC_EXPORT std::error_code make_error_code(EndpointError e);

}  // namespace rtpsec::endpoint

template <>
struct std::is_error_code_enum<rtpsec::endpoint::EndpointError> : std::true_type {};
