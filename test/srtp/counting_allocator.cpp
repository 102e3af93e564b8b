// SPDX-License-Identifier: BSD-3-Clause
#include "counting_allocator.hpp"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <execinfo.h>
#include <new>

// glibc's own allocator, under the names it exports for exactly this use.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);
}

namespace rtpsec::test::allocations {
namespace {

std::atomic<bool> counting{false};
std::atomic<std::uint64_t> count{0};
constexpr int max_frames = 32;
void* first_site[max_frames];
std::atomic<int> first_site_frames{0};
std::atomic<bool> site_taken{false};

void note() {
    if (!counting.load(std::memory_order_relaxed)) return;
    if (count.fetch_add(1, std::memory_order_relaxed) == 0 && !site_taken.exchange(true)) {
        // backtrace() does not allocate once libgcc is loaded (start() does that).
        first_site_frames.store(backtrace(first_site, max_frames));
    }
}

}  // namespace

void start() {
    void* warm[2];
    (void)backtrace(warm, 2);  // loads libgcc's unwinder now, not while counting
    count.store(0);
    first_site_frames.store(0);
    site_taken.store(false);
    counting.store(true);
}

std::uint64_t stop() {
    counting.store(false);
    return count.load();
}

std::string first_allocation_site() {
    const int frames = first_site_frames.load();
    if (frames == 0) return {};
    char** names = backtrace_symbols(first_site, frames);
    if (names == nullptr) return {};
    std::string lines;
    for (int i = 0; i < frames; ++i) {
        lines += names[i];
        lines += '\n';
    }
    __libc_free(names);
    return lines;
}

}  // namespace rtpsec::test::allocations

using rtpsec::test::allocations::note;

extern "C" {

void* malloc(std::size_t size) noexcept {
    note();
    return __libc_malloc(size);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
    note();
    return __libc_calloc(count, size);
}

void* realloc(void* pointer, std::size_t size) noexcept {
    note();
    return __libc_realloc(pointer, size);
}

void free(void* pointer) noexcept {
    __libc_free(pointer);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
    note();
    return __libc_memalign(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    note();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    note();
    void* pointer = __libc_memalign(alignment, size);
    if (pointer == nullptr) return ENOMEM;
    *out = pointer;
    return 0;
}

}  // extern "C"

// operator new/delete on the functions above: counted once, in malloc.
void* operator new(std::size_t size) {
    if (void* pointer = std::malloc(size == 0 ? 1 : size)) return pointer;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    if (void* pointer = aligned_alloc(static_cast<std::size_t>(alignment), size == 0 ? 1 : size))
        return pointer;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    return operator new(size, alignment);
}
void operator delete(void* pointer) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::size_t) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete(void* pointer, std::size_t, std::align_val_t) noexcept {
    std::free(pointer);
}
void operator delete[](void* pointer, std::size_t, std::align_val_t) noexcept {
    std::free(pointer);
}
