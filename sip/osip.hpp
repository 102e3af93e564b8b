// SPDX-License-Identifier: BSD-3-Clause
// The libosip2 adapter: RAII for osip_message_t and the once-per-process
// parser initialisation. Only sip/*.cpp include this (and libosip2).
#pragma once

#include <memory>
#include <osipparser2/osip_parser.h>

namespace rtpsec::sip::detail {

// parser_init() builds libosip2's global header-name tables; it is not
// reentrant, so every entry point into libosip2 calls this first
// (std::call_once makes it thread-safe).
void ensure_osip_initialised();

struct OsipMessageDeleter {
    void operator()(osip_message_t* message) const noexcept { osip_message_free(message); }
};
using OsipMessage = std::unique_ptr<osip_message_t, OsipMessageDeleter>;

// A fresh, empty message; throws std::bad_alloc when libosip2 cannot allocate.
OsipMessage make_osip_message();

// Memory that libosip2 allocated (osip_*_to_str results).
struct OsipFree {
    void operator()(char* text) const noexcept { osip_free(text); }
};
using OsipString = std::unique_ptr<char, OsipFree>;

}  // namespace rtpsec::sip::detail
