// SPDX-License-Identifier: BSD-3-Clause
#include "osip.hpp"

#include <cstdarg>
#include <mutex>
#include <new>

namespace rtpsec::sip::detail {
namespace {

void discard_trace(const char*, int, osip_trace_level_t, const char*, va_list) {}

}  // namespace

void ensure_osip_initialised() {
    static std::once_flag once;
    std::call_once(once, [] {
        parser_init();
        // libosip2 logs every parse failure on stdout/stderr; a malformed
        // datagram is an rtpsec.sip error for the caller to count, not a log
        // line. A no-op sink with no level enabled silences it.
        osip_trace_initialize_func(TRACE_LEVEL0, &discard_trace);
        for (int level = TRACE_LEVEL0; level < END_TRACE_LEVEL; ++level) {
            osip_trace_disable_level(static_cast<osip_trace_level_t>(level));
        }
    });
}

OsipMessage make_osip_message() {
    ensure_osip_initialised();
    osip_message_t* raw = nullptr;
    if (osip_message_init(&raw) != OSIP_SUCCESS || raw == nullptr) throw std::bad_alloc();
    return OsipMessage(raw);
}

}  // namespace rtpsec::sip::detail
