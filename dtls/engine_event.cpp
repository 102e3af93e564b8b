// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/dtls/engine_event.hpp>

namespace rtpsec::dtls {

std::string_view close_reason_name(CloseReason reason) {
    switch (reason) {
        case CloseReason::close_notify_sent:
            return "close_notify_sent";
        case CloseReason::close_notify_received:
            return "close_notify_received";
        case CloseReason::fatal_alert_received:
            return "fatal_alert_received";
        case CloseReason::closed_during_handshake:
            return "closed_during_handshake";
    }
    return "unknown";
}

}  // namespace rtpsec::dtls
