// SPDX-License-Identifier: BSD-3-Clause
// The process's memory, as rtpsec-call reports it per established call.
#pragma once

#include <cstddef>

namespace rtpsec::apps {

struct MemorySample {
    std::size_t resident_kb = 0;     // VmRSS
    std::size_t heap_in_use_kb = 0;  // malloc's bytes in use (all arenas, mmapped included)
};

MemorySample sample_memory();

// Gives the pages malloc holds free back to the system (glibc malloc_trim):
// the DTLS handshakes of a burst of calls leave their buffers free between
// the calls' long-lived state, which malloc keeps resident otherwise.
void release_free_memory();

}  // namespace rtpsec::apps
