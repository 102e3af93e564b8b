// SPDX-License-Identifier: BSD-3-Clause
// Turning OpenSSL's thread-local error queue into text for our messages.
// Private to dtls/.
#pragma once

#include <string>

namespace rtpsec::dtls::detail {

// Drains the calling thread's OpenSSL error queue and returns its entries as
// "reason; reason" (empty when the queue was empty). Every failed OpenSSL call
// we report goes through here, so the queue never leaks into a later call.
std::string take_openssl_errors();

// Drops whatever the queue holds (after an expected failure).
void clear_openssl_errors();

}  // namespace rtpsec::dtls::detail
