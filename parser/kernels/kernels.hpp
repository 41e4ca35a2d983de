// parser/kernels/kernels.hpp — the kernels this build has (internal to the library).
#pragma once

#include "arenajson/detail/index.hpp"

#include <cstddef>

namespace arenajson::detail {

/// Stage 1 in plain C++: any architecture.
const Kernel& portable_kernel() noexcept;
#if defined(__x86_64__) || defined(_M_X64)
/// x86-64 baseline: SSE2 compares (no byte shuffles, no carry-less multiply).
const Kernel& sse2_kernel() noexcept;
/// AVX2 with BMI1/2, POPCNT and PCLMULQDQ.
const Kernel& avx2_kernel() noexcept;
/// AVX-512 (F, BW, VL, VBMI, VBMI2: Ice Lake, Zen 4 and later) with the AVX2 kernel's
/// extensions.
const Kernel& avx512_kernel() noexcept;
#endif
#if defined(ARENAJSON_HAVE_HIGHWAY)
/// Google Highway's ops with Highway's own runtime dispatch (highway.cpp): built on request
/// (ARENAJSON_HIGHWAY=ON), used only when ARENAJSON_KERNEL=highway names it.
const Kernel& highway_kernel() noexcept;
/// The Highway target that highway_kernel() runs on this CPU ("AVX3_DL", "AVX2"...).
const char* highway_target() noexcept;
/// For tests: the i-th copy of the highway kernel that this CPU can run, one per Highway
/// target (named "highway/AVX2"...), best first; nullptr past the last.
const Kernel* highway_kernel_on_target(std::size_t i) noexcept;
#endif

}  // namespace arenajson::detail
