#!/usr/bin/env bash
# Stage 1 kernels against each other on the standard files: bench_reader's stage1/arenajson/*
# (stage 1 alone) and sax/arenajson/* (the whole reader), one process per kernel
# (ARENAJSON_KERNEL), the kernels run in turn, round after round, so that a noisy machine
# weighs on all of them alike. Reports per kernel the minimum and the median over every
# repetition of every round, in microseconds per file, and the ratios of the last kernel's
# minima to each other kernel's.
#
#   scripts/bench_kernels.sh [BIN_DIR] [ROUNDS] [KERNELS...]
#   scripts/bench_kernels.sh build/release/bin 7 avx512 avx2 highway     (the defaults)
#   scripts/bench_kernels.sh build/release/bin 0 avx512 avx2 highway     (the table again)
#
# Writes the raw Google Benchmark JSON and the table to bench/results/kernels/ (the table also
# to standard output). Needs ../shared/corpus; a kernel the CPU or build lacks is reported as
# such (the reader falls back to another, which the `kernel` counter shows). The highway kernel
# is built only on request: cmake --preset release -DARENAJSON_HIGHWAY=ON.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-build/release/bin}
rounds=${2:-7}
shift $(( $# < 2 ? $# : 2 ))
kernels=("$@")
[ ${#kernels[@]} -eq 0 ] && kernels=(avx512 avx2 highway)
out=bench/results/kernels
mkdir -p "$out"
[ "$rounds" -gt 0 ] && rm -f "$out"/*.json

for round in $(seq 1 "$rounds"); do
  for k in "${kernels[@]}"; do
    echo "round $round/$rounds: $k" >&2
    ARENAJSON_KERNEL=$k "$bin/bench_reader" --benchmark_filter='^(stage1|sax)/arenajson/' \
      --benchmark_repetitions=5 --benchmark_min_time=0.2 --benchmark_format=json \
      --benchmark_out="$out/$k.$round.json" --benchmark_out_format=json >/dev/null
  done
done

python3 - "$out" "${kernels[@]}" <<'EOF'
import glob, json, os, statistics, subprocess, sys
out, kernels = sys.argv[1], sys.argv[2:]
names = ["portable", "sse2", "avx2", "avx512", "highway"]  # bench_reader's kKernels
times, ran = {}, {}
for k in kernels:
    for path in sorted(glob.glob(os.path.join(out, f"{k}.*.json"))):
        for b in json.load(open(path))["benchmarks"]:
            if b.get("run_type") != "iteration":
                continue
            scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
            times.setdefault((k, b["run_name"]), []).append(b["real_time"] * scale)
            ran[k] = names[int(b["kernel"])] if b.get("kernel", -1) >= 0 else "?"
benches = sorted({n for (_, n) in times}, key=lambda n: (n.split("/")[0] != "stage1", n))
info = open("/proc/cpuinfo").read().splitlines()
cpu = next((l.split(":", 1)[1].strip() for l in info if l.startswith("model name")), "?")
flags = next((l.split(":", 1)[1].split() for l in info if l.startswith("flags")), [])
simd = " ".join(f for f in flags if f.startswith(("avx512", "vpclmul", "gfni", "avx2")))
lines = [f"cpu: {cpu} ({simd}); rounds: "
         f"{len(glob.glob(os.path.join(out, kernels[0] + '.*.json')))}, "
         "5 repetitions each; us per file, min (median)"]
for k in kernels:
    if ran.get(k) != k:
        lines.append(f"note: ARENAJSON_KERNEL={k} ran the {ran.get(k)} kernel")
head = "| benchmark | " + " | ".join(kernels) + " | " + " | ".join(
    f"{kernels[-1]}/{k}" for k in kernels[:-1]) + " |"
lines += [head, "|" + "---|" * (head.count("|") - 1)]
for n in benches:
    mins = [min(times[(k, n)]) for k in kernels]
    meds = [statistics.median(times[(k, n)]) for k in kernels]
    row = [n] + [f"{a:.1f} ({b:.1f})" for a, b in zip(mins, meds)]
    row += [f"{mins[-1] / m:.2f}" for m in mins[:-1]]
    lines.append("| " + " | ".join(row) + " |")
text = "\n".join(lines) + "\n"
open(os.path.join(out, "table.md"), "w").write(text)
print(text, end="")
EOF
