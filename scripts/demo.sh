#!/usr/bin/env bash
# Runs the built tools on a committed sample.
set -euo pipefail
cd "$(dirname "$0")/.."
set -x
build/release/bin/bench_arena --benchmark_min_time=0.1 --benchmark_filter='<64>'
