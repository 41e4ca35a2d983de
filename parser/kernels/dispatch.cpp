// parser/kernels/dispatch.cpp — which stage 1 kernel runs: the best the CPU supports, unless
// ARENAJSON_KERNEL names another that it supports (tests run every kernel that way). The
// Highway kernel, when built, is never chosen by itself: it runs on any CPU (Highway picks its
// own target) and is there to be measured against the others, so only ARENAJSON_KERNEL=highway
// selects it.
#include "kernels.hpp"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace arenajson::detail {
namespace {

bool cpu_has(const char* name) noexcept {
#if defined(ARENAJSON_HAVE_HIGHWAY)
    if (std::strcmp(name, "highway") == 0) return true;
#endif
#if defined(__x86_64__) || defined(_M_X64)
    __builtin_cpu_init();
    if (std::strcmp(name, "avx512") == 0) {
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2") &&
               __builtin_cpu_supports("avx512vl") && cpu_has("avx2");
    }
    if (std::strcmp(name, "avx2") == 0) {
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
               __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt") &&
               __builtin_cpu_supports("pclmul");
    }
    if (std::strcmp(name, "sse2") == 0) return true;
#endif
    return std::strcmp(name, "portable") == 0;
}

const Kernel* kernel_named(const char* name) noexcept {
#if defined(ARENAJSON_HAVE_HIGHWAY)
    if (std::strcmp(name, "highway") == 0) return &highway_kernel();
#endif
#if defined(__x86_64__) || defined(_M_X64)
    if (std::strcmp(name, "avx512") == 0) return &avx512_kernel();
    if (std::strcmp(name, "avx2") == 0) return &avx2_kernel();
    if (std::strcmp(name, "sse2") == 0) return &sse2_kernel();
#endif
    if (std::strcmp(name, "portable") == 0) return &portable_kernel();
    return nullptr;
}

const Kernel& choose() noexcept {
    if (const char* forced = std::getenv("ARENAJSON_KERNEL")) {
        if (const Kernel* k = find_kernel(forced)) return *k;
    }
    for (const char* name : {"avx512", "avx2", "sse2", "portable"}) {
        if (const Kernel* k = find_kernel(name)) return *k;
    }
    return portable_kernel();
}

}  // namespace

const Kernel* find_kernel(const char* name) noexcept {
    if (name == nullptr || !cpu_has(name)) return nullptr;
    return kernel_named(name);
}

const Kernel& active_kernel() noexcept {
    static const Kernel& k = choose();
    return k;
}

}  // namespace arenajson::detail
