// SPDX-License-Identifier: BSD-3-Clause
#include <stdexcept>

#include <rtpsec/sdp/error.hpp>
#include <rtpsec/sdp/setup.hpp>

#include "text.hpp"

namespace rtpsec::sdp {

std::string_view setup_name(Setup setup) {
    switch (setup) {
        case Setup::active:
            return "active";
        case Setup::passive:
            return "passive";
        case Setup::actpass:
            return "actpass";
        case Setup::holdconn:
            return "holdconn";
    }
    return "actpass";
}

std::optional<Setup> parse_setup(std::string_view value) {
    value = detail::trim(value);
    for (Setup s : {Setup::active, Setup::passive, Setup::actpass, Setup::holdconn}) {
        if (detail::iequals(value, setup_name(s))) return s;
    }
    return std::nullopt;
}

std::optional<Setup> answer_setup(std::optional<Setup> offer, std::optional<Setup> preferred,
                                  std::error_code& ec) {
    if (preferred && *preferred != Setup::active && *preferred != Setup::passive) {
        throw std::invalid_argument("an answer's a=setup can only be active or passive");
    }
    if (!offer) {
        ec = SdpError::missing_setup;
        return std::nullopt;
    }
    ec.clear();
    switch (*offer) {
        case Setup::actpass:
            return preferred.value_or(Setup::active);
        case Setup::active:
            return Setup::passive;
        case Setup::passive:
            return Setup::active;
        case Setup::holdconn:
            break;
    }
    ec = SdpError::setup_holdconn;
    return std::nullopt;
}

std::optional<DtlsRole> negotiated_role(std::optional<Setup> offer, std::optional<Setup> answer,
                                        Side us, std::error_code& ec) {
    if (!offer || !answer) {
        ec = SdpError::missing_setup;
        return std::nullopt;
    }
    if (*offer == Setup::holdconn || *answer == Setup::holdconn) {
        ec = SdpError::setup_holdconn;
        return std::nullopt;
    }
    // RFC 4145 §4.1: the answer must pick a side, and the one the offer left open.
    const bool answer_may_be_active = *offer == Setup::actpass || *offer == Setup::passive;
    const bool answer_may_be_passive = *offer == Setup::actpass || *offer == Setup::active;
    const bool consistent = (*answer == Setup::active && answer_may_be_active) ||
                            (*answer == Setup::passive && answer_may_be_passive);
    if (!consistent) {
        ec = SdpError::setup_conflict;
        return std::nullopt;
    }
    ec.clear();
    // RFC 5763 §5: the endpoint that is active is the DTLS client.
    const bool answerer_is_client = *answer == Setup::active;
    const bool we_are_client = (us == Side::answerer) == answerer_is_client;
    return we_are_client ? DtlsRole::client : DtlsRole::server;
}

}  // namespace rtpsec::sdp
