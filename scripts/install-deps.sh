#!/usr/bin/env bash
# Installs the system packages arenajson builds with (Debian/Ubuntu). Nothing is downloaded at
# build time; this is the only place packages come from. Safe to run again: it installs only
# what is missing.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libzstd-dev zstd              # the zstd source
  libonig-dev                   # Oniguruma: the query layer's regular expressions (as jq's)
  rapidjson-dev                 # benchmark peer and fuzz differential
  libbenchmark-dev              # Google Benchmark
  libgtest-dev libgmock-dev     # GoogleTest
  libcli11-dev                  # the CLI's argument parsing
  libsimdjson-dev libboost-json1.81-dev nlohmann-json3-dev   # optional benchmark peers
  libfast-float-dev             # optional: bench_numbers compares number conversion with it
  libhwy-dev                    # optional: Google Highway, the highway stage 1 kernel
  clang-14 libclang-rt-14-dev   # libFuzzer and sanitizers for the fuzz targets
  jq gojq hyperfine gnuplot-nox doxygen python3   # jq and gojq: oracles and benchmark peers
  python3-dev python3-pybind11  # the Python module (tools/python)
  python3-pytest python3-dask python3-distributed python3-pandas   # its tests and Dask reader
  python3-ujson python3-rapidjson python3-venv   # benchmark peers; pip's documented path
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: every package is present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
