// parser/kernels/kernels.hpp — the kernels this build has (internal to the library).
#pragma once

#include "arenajson/detail/index.hpp"

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

}  // namespace arenajson::detail
