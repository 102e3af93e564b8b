// SPDX-License-Identifier: BSD-3-Clause
// RTPSEC_EXPORT marks the public API. The libraries are compiled with
// -fvisibility=hidden, so in a shared build only what carries this macro is
// exported; everything else (libsrtp, our internals) stays inside the library.
// In a static build it changes nothing.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define RTPSEC_EXPORT __attribute__((visibility("default")))
#else
#define RTPSEC_EXPORT
#endif
