# Every dependency comes from the system (Debian packages); nothing is downloaded.
find_package(PkgConfig QUIET)

# Threads: the file source reads large files ahead on a second thread.
find_package(Threads REQUIRED)

# libzstd: the parser's zstd source.
set(ARENAJSON_ZSTD_TARGET "")
find_package(zstd CONFIG QUIET)
if(TARGET zstd::libzstd_shared)
  set(ARENAJSON_ZSTD_TARGET zstd::libzstd_shared)
elseif(TARGET zstd::libzstd_static)
  set(ARENAJSON_ZSTD_TARGET zstd::libzstd_static)
elseif(PkgConfig_FOUND)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  set(ARENAJSON_ZSTD_TARGET PkgConfig::ZSTD)
else()
  message(FATAL_ERROR "libzstd not found: install libzstd-dev (scripts/setup.sh)")
endif()

# Google Highway (libhwy-dev), opt-in: the stage 1 kernel that measures Highway against the
# intrinsics kernels (parser/kernels/highway.cpp, docs/highway.md), private to the library; its
# CMake package first, else pkg-config. ARENAJSON_HWY_FOUND_BY says which, for the installed
# package. Off by default: the reader never chooses it, and it would make every user of the
# library link and load libhwy.so. CI turns it on, so it is tested.
option(ARENAJSON_HIGHWAY "Build the Highway stage 1 kernel (needs libhwy-dev)" OFF)
set(ARENAJSON_HWY_TARGET "")
set(ARENAJSON_HWY_FOUND_BY "")
if(ARENAJSON_HIGHWAY)
  find_package(hwy CONFIG QUIET)
  if(TARGET hwy::hwy)
    set(ARENAJSON_HWY_TARGET hwy::hwy)
    set(ARENAJSON_HWY_FOUND_BY config)
  elseif(PkgConfig_FOUND)
    pkg_check_modules(HWY QUIET IMPORTED_TARGET libhwy)
    if(HWY_FOUND)
      set(ARENAJSON_HWY_TARGET PkgConfig::HWY)
      set(ARENAJSON_HWY_FOUND_BY pkg-config)
    endif()
  endif()
  if(NOT ARENAJSON_HWY_TARGET)
    message(FATAL_ERROR "ARENAJSON_HIGHWAY=ON but Highway was not found: install libhwy-dev")
  endif()
endif()

# Oniguruma: the query layer's regular expressions (the engine jq uses).
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: install pkg-config (scripts/setup.sh)")
endif()
pkg_check_modules(ONIG REQUIRED IMPORTED_TARGET oniguruma)
set(ARENAJSON_ONIG_TARGET PkgConfig::ONIG)

if(ARENAJSON_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(ARENAJSON_BUILD_BENCH)
  find_package(benchmark REQUIRED)
  find_package(RapidJSON REQUIRED)
  # Optional peers: each benchmark is built only when its Debian package is present.
  find_package(simdjson CONFIG QUIET)
  find_package(Boost 1.81 CONFIG QUIET COMPONENTS json)
  find_package(nlohmann_json CONFIG QUIET)
  foreach(peer simdjson Boost nlohmann_json)
    if(NOT ${peer}_FOUND)
      message(STATUS "arenajson: benchmark peer ${peer} not found; its benchmarks are skipped")
    endif()
  endforeach()
endif()
if(ARENAJSON_BUILD_TOOLS)
  find_package(CLI11 CONFIG REQUIRED)
endif()
