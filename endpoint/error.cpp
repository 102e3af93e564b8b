// SPDX-License-Identifier: BSD-3-Clause
#include <string>

#include <rtpsec/endpoint/error.hpp>

namespace rtpsec::endpoint {
namespace {

class EndpointCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.endpoint"; }
    std::string message(int value) const override {
        switch (static_cast<EndpointError>(value)) {
            case EndpointError::not_keyed:
                return "no SRTP keys yet: the DTLS handshake has not completed";
            case EndpointError::transport_closed:
                return "the media transport is closed";
            case EndpointError::unknown_peer:
                return "no media transport for this peer address";
            case EndpointError::too_many_peers:
                return "the endpoint serves its maximum number of peers";
            case EndpointError::wrong_component:
                return "RTP cannot be sent on the RTCP component (no rtcp-mux)";
        }
        return "unknown endpoint error";
    }
};

}  // namespace

const std::error_category& endpoint_category() {
    static const EndpointCategory category;
    return category;
}

std::error_code make_error_code(EndpointError e) {
    return {static_cast<int>(e), endpoint_category()};
}

}  // namespace rtpsec::endpoint
