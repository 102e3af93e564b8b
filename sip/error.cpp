// SPDX-License-Identifier: BSD-3-Clause
#include <string>

#include <rtpsec/sip/error.hpp>

namespace rtpsec::sip {
namespace {

class SipCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.sip"; }
    std::string message(int value) const override {
        switch (static_cast<SipError>(value)) {
            case SipError::too_large:
                return "SIP message is larger than the size limit";
            case SipError::empty:
                return "SIP message is empty";
            case SipError::invalid_character:
                return "SIP message contains a NUL byte";
            case SipError::malformed_message:
                return "SIP message could not be parsed";
            case SipError::unsupported_version:
                return "SIP version is not SIP/2.0";
            case SipError::invalid_status_code:
                return "SIP status code is outside 100..699";
            case SipError::missing_header:
                return "SIP message lacks a Via, From, To, Call-ID or CSeq header";
            case SipError::malformed_header:
                return "SIP header has an unusable value";
            case SipError::cseq_method_mismatch:
                return "SIP request's CSeq method differs from its method";
            case SipError::body_length_mismatch:
                return "SIP Content-Length is larger than the body";
            case SipError::unsupported_body:
                return "SIP message has a multipart body";
        }
        return "unknown rtpsec.sip error";
    }
};

}  // namespace

const std::error_category& sip_category() {
    static const SipCategory category;
    return category;
}

std::error_code make_error_code(SipError e) {
    return {static_cast<int>(e), sip_category()};
}

}  // namespace rtpsec::sip
