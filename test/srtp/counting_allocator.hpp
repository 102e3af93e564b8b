// SPDX-License-Identifier: BSD-3-Clause
// A counting allocator for the test program that links counting_allocator.cpp:
// it replaces malloc, calloc, realloc, free, the aligned allocation functions
// and the global operator new/delete (forwarding to glibc's own), so that the
// C allocations of OpenSSL and libsrtp are counted along with C++'s.
// Allocations are counted only between start() and stop(), on every thread.
// Not for sanitizer builds: their runtimes replace the same functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace rtpsec::test::allocations {

void start();
// The number of allocations (malloc, calloc, realloc, aligned, new) since start().
std::uint64_t stop();

// Where the first allocation since start() came from, as backtrace_symbols
// lines (empty when there was none): names the culprit when a check fails.
std::string first_allocation_site();

}  // namespace rtpsec::test::allocations
