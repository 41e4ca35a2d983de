#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`), makes the seed corpora, and fuzzes each target
# for a while, one after another:
#
#   tests/fuzz/run_fuzz.sh [SECONDS_PER_TARGET] [TARGET...]       (default: 60 s, every target)
#
# Inputs that crash, leak, time out or run out of memory are saved in
# tests/fuzz/regressions/<target>/ (ready to commit: ctest replays that folder); the script
# then exits 1. New coverage goes to build/fuzz/corpus/<target>/ and is kept between runs.
# Environment: FUZZ_MAX_LEN (largest input, default 16384), FUZZ_TIMEOUT (seconds per input,
# default 10), FUZZ_RSS_MB (default 2048), FUZZ_EXTRA (more libFuzzer flags).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
all=(fuzz_parse fuzz_chunks fuzz_roundtrip fuzz_ndjson fuzz_zstd fuzz_differential fuzz_query)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

cd "$root" || exit 2
cmake --preset fuzz >/dev/null || { echo "run_fuzz: configure failed" >&2; exit 2; }
cmake --build --preset fuzz >/dev/null || { echo "run_fuzz: build failed" >&2; exit 2; }
"$here/make_seeds.sh" "$root/build/fuzz/seeds" || exit 2

bin=$root/build/fuzz/bin
failed=0
summary=()
for t in "${targets[@]}"; do
  if [ ! -x "$bin/$t" ]; then
    echo "run_fuzz: no such target: $t" >&2
    exit 2
  fi
  corpus=$root/build/fuzz/corpus/$t
  regressions=$here/regressions/$t
  log=$root/build/fuzz/$t.log
  mkdir -p "$corpus" "$regressions"
  dict=()
  [ "$t" != fuzz_zstd ] && dict=(-dict="$here/json.dict")
  [ "$t" = fuzz_query ] && dict=(-dict="$here/query.dict")
  mapfile -t before < <(find "$regressions" -maxdepth 1 -type f | sort)
  echo "== $t: ${seconds}s"
  # shellcheck disable=SC2086
  "$bin/$t" "$corpus" "$root/build/fuzz/seeds/$t" "${dict[@]}" \
    -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-16384}" \
    -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
    -print_final_stats=1 -artifact_prefix="$regressions/" ${FUZZ_EXTRA:-} >"$log" 2>&1
  rc=$?
  # New artifacts: an input already saved (a known bug hit again) is not saved twice.
  new_inputs=()
  while IFS= read -r f; do
    known=""
    for old in "${before[@]}"; do
      if cmp -s "$f" "$old"; then known=$old; break; fi
    done
    if [ -n "$known" ]; then
      echo "   $(basename "$f"): the same input as $(basename "$known") (known); not kept"
      rm -f "$f"
    else
      new_inputs+=("$f")
    fi
  done < <(comm -13 <(printf '%s\n' "${before[@]}") <(find "$regressions" -maxdepth 1 -type f | sort))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.*corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
  status=ok
  if [ $rc -ne 0 ] || [ ${#new_inputs[@]} -gt 0 ]; then
    status="FAILED (exit $rc; see $log; ${#new_inputs[@]} new input(s) in $regressions)"
    failed=1
    grep -E 'ERROR|runtime error|fuzz check failed|mismatch|SUMMARY' "$log" | head -n 5 | sed 's/^/   /'
  fi
  line=$(printf '%-18s execs %-10s exec/s %-7s cov %-6s ft %-7s corpus %-12s %s' \
    "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status")
  echo "$line"
  summary+=("$line")
done

echo
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $failed
