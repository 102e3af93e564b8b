// SPDX-License-Identifier: BSD-3-Clause
#include "call/memory_sample.hpp"

#include <fstream>
#include <malloc.h>
#include <string>

namespace rtpsec::apps {

MemorySample sample_memory() {
    MemorySample sample;
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            sample.resident_kb = std::stoul(line.substr(6));
            break;
        }
    }
    const struct mallinfo2 info = mallinfo2();
    sample.heap_in_use_kb = (info.uordblks + info.hblkhd) / 1024;
    return sample;
}

void release_free_memory() {
    malloc_trim(0);
}

}  // namespace rtpsec::apps
