// SPDX-License-Identifier: BSD-3-Clause
#include <string>

#include <rtpsec/dtls/error.hpp>

namespace rtpsec::dtls {
namespace {

class DtlsCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.dtls"; }
    std::string message(int value) const override {
        switch (static_cast<Error>(value)) {
            case Error::fingerprint_mismatch:
                return "peer certificate does not match the expected fingerprint";
            case Error::no_trusted_fingerprint:
                return "no trusted fingerprint to verify the peer against";
            case Error::no_common_srtp_profile:
                return "no common SRTP profile";
            case Error::handshake_timeout:
                return "handshake timed out";
            case Error::peer_alert:
                return "peer sent a fatal alert";
            case Error::protocol_error:
                return "DTLS protocol error";
            case Error::key_export_failed:
                return "SRTP key export failed";
            case Error::not_dtls:
                return "datagram is not DTLS";
            case Error::association_over:
                return "DTLS association is over";
            case Error::early_queue_full:
                return "too many datagrams before the peer's fingerprint arrived";
            case Error::no_authentic_alert:
                return "datagram after the handshake holds no authentic alert (a repeated flight, "
                       "or forged)";
            case Error::unauthenticated_alert:
                return "alert during the handshake ignored (it cannot be authenticated yet)";
        }
        return "unknown DTLS error";
    }
};

}  // namespace

const std::error_category& dtls_category() {
    static const DtlsCategory category;
    return category;
}

std::error_code make_error_code(Error e) {
    return {static_cast<int>(e), dtls_category()};
}

bool is_fatal(std::error_code ec) {
    if (!ec) return false;
    if (ec.category() != dtls_category()) return true;
    switch (static_cast<Error>(ec.value())) {
        case Error::not_dtls:
        case Error::association_over:
        case Error::early_queue_full:
        case Error::no_authentic_alert:
        case Error::unauthenticated_alert:
            return false;
        default:
            return true;
    }
}

}  // namespace rtpsec::dtls
