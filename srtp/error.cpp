// SPDX-License-Identifier: BSD-3-Clause
#include <string>

#include <rtpsec/srtp/error.hpp>

namespace rtpsec::srtp {
namespace {

class SrtpCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.srtp"; }

    std::string message(int value) const override {
        switch (static_cast<SrtpError>(value)) {
            case SrtpError::auth_fail:
                return "SRTP authentication failed (forged, corrupted or wrongly keyed packet)";
            case SrtpError::replay_fail:
                return "SRTP replay: packet index already received";
            case SrtpError::replay_old:
                return "SRTP replay check failed: packet index older than the replay window";
            case SrtpError::malformed:
                return "packet too short or its RTP/RTCP header is malformed";
            case SrtpError::cipher_fail:
                return "SRTP cipher failed on this packet";
            case SrtpError::buffer_too_small:
                return "not enough tailroom in the buffer for the SRTP authentication tag";
            case SrtpError::bad_param:
                return "invalid SRTP parameter";
            case SrtpError::key_expired:
                return "SRTP key usage limit reached: the session must be re-keyed";
            case SrtpError::no_ctx:
                return "SRTP session has no libsrtp context (moved from)";
            case SrtpError::alloc_fail:
                return "libsrtp could not allocate memory";
            case SrtpError::init_fail:
                return "libsrtp could not initialise a cipher or stream";
            case SrtpError::library_fail:
                return "libsrtp internal failure";
        }
        return "unknown rtpsec.srtp error";
    }
};

}  // namespace

const std::error_category& srtp_category() noexcept {
    static const SrtpCategory category;
    return category;
}

std::error_code make_error_code(SrtpError e) noexcept {
    return {static_cast<int>(e), srtp_category()};
}

bool is_fatal(std::error_code ec) noexcept {
    if (ec.category() != srtp_category()) return false;
    switch (static_cast<SrtpError>(ec.value())) {
        case SrtpError::key_expired:
        case SrtpError::no_ctx:
        case SrtpError::alloc_fail:
        case SrtpError::init_fail:
        case SrtpError::library_fail:
            return true;
        case SrtpError::auth_fail:
        case SrtpError::replay_fail:
        case SrtpError::replay_old:
        case SrtpError::malformed:
        case SrtpError::cipher_fail:
        case SrtpError::buffer_too_small:
        case SrtpError::bad_param:
            return false;
    }
    // A value outside the enum did not come from us; refuse to keep going on it.
    return true;
}

}  // namespace rtpsec::srtp
