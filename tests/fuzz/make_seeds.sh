#!/usr/bin/env bash
# Builds the seed corpora for the fuzz targets in a build folder (never committed):
#   tests/fuzz/make_seeds.sh [OUT_DIR]      (default: build/fuzz/seeds)
# Seeds: the shared corpus (../shared/corpus/*.json, cut to the first 64 KiB), JSONTestSuite's
# test_parsing/*.json, small hand-written inputs, zstd-compressed versions of some of them for
# fuzz_zstd, and each target's regressions. Missing shared data is skipped, not an error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build/fuzz/seeds}
shared=${ARENAJSON_SHARED_DIR:-$root/../shared}
targets=(fuzz_parse fuzz_chunks fuzz_roundtrip fuzz_ndjson fuzz_zstd fuzz_differential)
max_seed=65536

rm -rf "$out"
mkdir -p "$out/json" "$out/zstd"

# Plain JSON seeds, shared by every target.
n=0
if compgen -G "$shared/corpus/*.json" >/dev/null; then
  for f in "$shared"/corpus/*.json "$shared"/corpus/*.ndjson; do
    [ -f "$f" ] || continue
    head -c "$max_seed" "$f" >"$out/json/corpus_$(basename "$f")"
    n=$((n + 1))
  done
else
  echo "make_seeds: no corpus in $shared/corpus (skipped)" >&2
fi
suite=$shared/conformance/JSONTestSuite/test_parsing
if compgen -G "$suite/*.json" >/dev/null; then
  for f in "$suite"/*.json; do
    cp "$f" "$out/json/suite_$(basename "$f")"
    n=$((n + 1))
  done
else
  echo "make_seeds: no JSONTestSuite in $suite (skipped)" >&2
fi
i=0
while IFS= read -r line; do
  printf '%s' "$line" >"$out/json/hand_$i.json"
  i=$((i + 1))
done <<'SEEDS'
{"a":[1,-2,2.5,"s",true,false,null,{}],"b":[]}
[0,-0,-0.0,1e400,1e-400,5e-324,18446744073709551615,18446744073709551616,-9223372036854775809]
["\u00e9\ud83d\ude00\u0000\n\t\"\\/","caf\u00e9"]
{"k":1,"k":2,"k":{"k":[3]}}
[12345678901234.5,123456789012345.0,3.14159265358979323846,0e99999,1E2]
{"a":1}
[2]
"x"
SEEDS
printf '\xef\xbb\xbf[1]' >"$out/json/hand_bom.json"
printf '["\\udc00","\\ud800"]' >"$out/json/hand_surrogates.json"
printf '[1]\0garbage' >"$out/json/hand_nul.json"
printf '{"a":1}\n[2]\r\n\n   \n3\n"x"' >"$out/json/hand_ndjson.ndjson"
n=$((n + i + 4))

# zstd seeds for fuzz_zstd: its first byte is a control byte (even: no magic is added).
if command -v zstd >/dev/null; then
  for f in "$out"/json/hand_*.json "$out"/json/corpus_*; do
    [ -f "$f" ] || continue
    { printf '\x00'; zstd -q -c -3 "$f"; } >"$out/zstd/$(basename "$f").zst"
  done
  { printf '\x00'; printf '[1,2,3]' | zstd -q -c; printf '[4]' | zstd -q -c; } >"$out/zstd/two_frames.zst"
  { printf '\x00'; head -c 200000 /dev/zero | tr '\0' '[' | zstd -q -c -19; } >"$out/zstd/bomb.zst"
  { printf '\x00'; printf '"long %s"' "$(head -c 3000 /dev/zero | tr '\0' 'x')" | zstd -q -c --no-check; } >"$out/zstd/nocheck.zst"
else
  echo "make_seeds: no zstd program (zstd seeds skipped)" >&2
fi

# One folder per target: the shared seeds, with the control bytes the target reads first
# (fuzz_chunks: options 0, two chunk sizes 3 and 7; fuzz_ndjson: options 0, or 0x20 (NDJSON)
# for fuzz_chunks' .ndjson seeds; fuzz_zstd: 0, no magic added), plus its own regressions.
prefix_for() {
  case "$1:$2" in
    fuzz_chunks:*.ndjson) printf '\x20\x01\x03\x07' ;;
    fuzz_chunks:*) printf '\x00\x01\x03\x07' ;;
    fuzz_ndjson:* | fuzz_zstd:*) printf '\x00' ;;
  esac
}
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
  for f in "$out"/json/*; do
    { prefix_for "$t" "$f"; cat "$f"; } >"$out/$t/$(basename "$f")"
  done
  if [ "$t" = fuzz_zstd ]; then cp "$out"/zstd/* "$out/$t/" 2>/dev/null || true; fi
  if [ -d "$here/regressions/$t" ]; then
    find "$here/regressions/$t" -maxdepth 1 -type f ! -name 'README*' -exec cp {} "$out/$t/" \;
  fi
done
# fuzz_query: every program of the case files in tests/jq, NUL, its input.
mkdir -p "$out/fuzz_query"
q=0
for f in "$root"/tests/jq/*.test; do
  awk -v dir="$out/fuzz_query" -v base="$(basename "$f" .test)" '
    /^#/ { next }
    /^[ \t]*$/ { state = 0; next }
    /^%%FAIL/ { fail = 1; next }
    state == 0 { program = $0; state = 1; if (fail) { print program > (dir "/" base "_" NR); close(dir "/" base "_" NR); fail = 0; state = 2 }; next }
    state == 1 { file = dir "/" base "_" NR; printf "%s%c%s", program, 0, $0 > file; close(file); state = 2; next }
  ' "$f"
done
q=$(find "$out/fuzz_query" -type f | wc -l)
if [ -d "$here/regressions/fuzz_query" ]; then
  find "$here/regressions/fuzz_query" -maxdepth 1 -type f ! -name 'README*' -exec cp {} "$out/fuzz_query/" \;
fi
echo "make_seeds: $n JSON seeds in $out/<target>/, $q programs in $out/fuzz_query/"
