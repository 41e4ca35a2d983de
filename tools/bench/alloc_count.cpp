// Interposes malloc, calloc, realloc, the aligned variants and mmap to count calls; each
// forwards to glibc's own implementation. Linked only into benchmark executables.
#include "alloc_count.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
std::atomic<std::uint64_t> g_calls{0};
void count() noexcept {
    g_calls.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

namespace arenajson::bench {
std::uint64_t allocation_calls() noexcept {
    return g_calls.load(std::memory_order_relaxed);
}
}  // namespace arenajson::bench

extern "C" {
void* malloc(std::size_t n) {
    count();
    return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
    count();
    return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
    count();
    return __libc_realloc(p, n);
}
void* memalign(std::size_t align, std::size_t n) {
    count();
    return __libc_memalign(align, n);
}
void* aligned_alloc(std::size_t align, std::size_t n) {
    count();
    return __libc_memalign(align, n);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
    count();
    void* p = __libc_memalign(align, n);
    if (p == nullptr) return 12;  // ENOMEM
    *out = p;
    return 0;
}
void* mmap(void* addr, std::size_t len, int prot, int flags, int fd, off_t off) {
    count();
    return reinterpret_cast<void*>(syscall(SYS_mmap, addr, len, prot, flags, fd, off));
}
}
