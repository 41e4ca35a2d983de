#!/usr/bin/env bash
# Runs the whole benchmark suite and writes bench/REPORT.md, bench/throughput.svg and
# bench/cold.svg, plus the raw results in bench/results/. Needs ../shared/corpus for the standard
# files (the generator synthesises the large inputs without it).
#
#   scripts/bench.sh            the full suite (about 10 minutes on a 2-core machine)
#   scripts/bench.sh --quick    fewer repetitions, for checking that everything runs
#   scripts/bench.sh --cold     only the whole-process runs; the report keeps the last hot results
#   scripts/bench.sh --jq       only the jq programs against jq and gojq (about 15 minutes)
#   scripts/bench.sh --parallel only streaming and threads: A/B pairs run alternately (5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0; cold_only=0; jq_only=0; parallel_only=0
[ "${1:-}" = "--quick" ] && quick=1
[ "${1:-}" = "--cold" ] && cold_only=1
[ "${1:-}" = "--jq" ] && { cold_only=1; jq_only=1; }
[ "${1:-}" = "--parallel" ] && { cold_only=1; jq_only=1; parallel_only=1; }
reps=5; min_time=0.3; cold_runs=5
if [ $quick = 1 ]; then reps=1; min_time=0.05; cold_runs=1; fi

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/bin
out=bench/results
mkdir -p "$out"

echo "== machine"
if [ $cold_only = 1 ]; then
  echo "cold section rerun alone: $(date -u +%Y-%m-%d) (the hot sections are from the run above)" >> "$out/machine.txt"
else {
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -r)"
  echo "compiler: $(c++ --version | head -1)"
  echo "date: $(date -u +%Y-%m-%d)"
  echo "thp: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
} > "$out/machine.txt"
fi
cat "$out/machine.txt"

echo "== large inputs"
gen=corpus/generated
if [ ! -f $gen/twitter_large.json ] || [ ! -f $gen/canada_large.json ] || [ ! -f $gen/statuses_large.ndjson ] ||
   [ ! -f $gen/twitter_large.json.zst ]; then
  python3 corpus/generate.py all
fi
if [ ! -f $gen/hostile/object_colliding_1m.json ]; then
  mkdir -p $gen/hostile
  "$bin/bench_hostile" --write-inputs $gen/hostile --benchmark_filter=NONE >/dev/null
fi

if [ $cold_only = 0 ]; then
echo "== hot and fresh: parse to DOM (Google Benchmark)"
gbench() {  # name, binary, extra args...
  local name=$1 binary=$2; shift 2
  "$bin/$binary" --benchmark_repetitions=$reps --benchmark_min_time=$min_time \
    --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true \
    --benchmark_format=console --benchmark_out_format=json --benchmark_out="$out/$name.json" "$@"
}
gbench dom bench_dom --benchmark_min_warmup_time=0.3
gbench reader bench_reader
gbench lookup bench_lookup
gbench arena bench_arena
gbench hostile bench_hostile
"$bin/bench_free" --benchmark_format=console --benchmark_out_format=json --benchmark_out="$out/free.json"
fi

if [ $jq_only = 0 ]; then
echo "== cold: whole processes on large files (hyperfine, /usr/bin/time)"
pointer=/statuses/1000/user/screen_name
filter='.statuses[1000].user.screen_name'
cold_cases=(
  # name|program|file|command
  "twitter check|arenajson|$gen/twitter_large.json|$bin/arenajson check FILE"
  "twitter check|simdjson|$gen/twitter_large.json|$bin/simdjson_oneshot FILE"
  "twitter check|RapidJSON exact|$gen/twitter_large.json|$bin/rapidjson_oneshot FILE"
  "twitter check|RapidJSON default|$gen/twitter_large.json|$bin/rapidjson_oneshot --default FILE"
  "twitter check|jq|$gen/twitter_large.json|jq empty FILE"
  "twitter query|arenajson|$gen/twitter_large.json|$bin/arenajson query '$filter' FILE"
  "twitter query|simdjson|$gen/twitter_large.json|$bin/simdjson_oneshot FILE $pointer"
  "twitter query|RapidJSON exact|$gen/twitter_large.json|$bin/rapidjson_oneshot FILE $pointer"
  "twitter query|RapidJSON default|$gen/twitter_large.json|$bin/rapidjson_oneshot --default FILE $pointer"
  "twitter query|jq|$gen/twitter_large.json|jq '$filter' FILE"
  "twitter DOM|arenajson|$gen/twitter_large.json|$bin/arenajson stats FILE"
  "twitter DOM|simdjson|$gen/twitter_large.json|$bin/simdjson_oneshot FILE"
  "twitter DOM|RapidJSON exact|$gen/twitter_large.json|$bin/rapidjson_oneshot FILE"
  "twitter DOM|RapidJSON default|$gen/twitter_large.json|$bin/rapidjson_oneshot --default FILE"
  "twitter DOM|jq|$gen/twitter_large.json|jq empty FILE"
  "canada check|arenajson|$gen/canada_large.json|$bin/arenajson check FILE"
  "canada check|simdjson|$gen/canada_large.json|$bin/simdjson_oneshot FILE"
  "canada check|RapidJSON exact|$gen/canada_large.json|$bin/rapidjson_oneshot FILE"
  "canada check|RapidJSON default|$gen/canada_large.json|$bin/rapidjson_oneshot --default FILE"
  "canada check|jq|$gen/canada_large.json|jq empty FILE"
  "canada DOM|arenajson|$gen/canada_large.json|$bin/arenajson stats FILE"
  "canada DOM|simdjson|$gen/canada_large.json|$bin/simdjson_oneshot FILE"
  "canada DOM|RapidJSON exact|$gen/canada_large.json|$bin/rapidjson_oneshot FILE"
  "canada DOM|RapidJSON default|$gen/canada_large.json|$bin/rapidjson_oneshot --default FILE"
  "canada DOM|jq|$gen/canada_large.json|jq empty FILE"
  "ndjson check|arenajson|$gen/statuses_large.ndjson|$bin/arenajson check --ndjson FILE"
  "ndjson check|simdjson|$gen/statuses_large.ndjson|$bin/simdjson_oneshot --ndjson FILE"
  "ndjson check|RapidJSON exact|$gen/statuses_large.ndjson|$bin/rapidjson_oneshot --ndjson FILE"
  "ndjson check|RapidJSON default|$gen/statuses_large.ndjson|$bin/rapidjson_oneshot --default --ndjson FILE"
  "ndjson check|jq|$gen/statuses_large.ndjson|jq empty FILE"
  "ndjson query|arenajson|$gen/statuses_large.ndjson|$bin/arenajson query --ndjson -c .user.screen_name FILE"
  "ndjson query|simdjson|$gen/statuses_large.ndjson|$bin/simdjson_oneshot --ndjson FILE /user/screen_name"
  "ndjson query|RapidJSON exact|$gen/statuses_large.ndjson|$bin/rapidjson_oneshot --ndjson FILE /user/screen_name"
  "ndjson query|RapidJSON default|$gen/statuses_large.ndjson|$bin/rapidjson_oneshot --default --ndjson FILE /user/screen_name"
  "ndjson query|jq|$gen/statuses_large.ndjson|jq -c .user.screen_name FILE"
  "hostile 64k DOM, ordinary keys|arenajson|$gen/hostile/object_ordinary_64k.json|$bin/arenajson stats FILE"
  "hostile 64k DOM, colliding keys|arenajson|$gen/hostile/object_colliding_64k.json|$bin/arenajson stats FILE"
  "hostile 64k check, ordinary keys|arenajson|$gen/hostile/object_ordinary_64k.json|$bin/arenajson check --reject-duplicate-keys FILE"
  "hostile 64k check, colliding keys|arenajson|$gen/hostile/object_colliding_64k.json|$bin/arenajson check --reject-duplicate-keys FILE"
  "hostile 1M DOM, ordinary keys|arenajson|$gen/hostile/object_ordinary_1m.json|$bin/arenajson stats FILE"
  "hostile 1M DOM, colliding keys|arenajson|$gen/hostile/object_colliding_1m.json|$bin/arenajson stats FILE"
  "hostile 1M check, ordinary keys|arenajson|$gen/hostile/object_ordinary_1m.json|$bin/arenajson check --reject-duplicate-keys FILE"
  "hostile 1M check, colliding keys|arenajson|$gen/hostile/object_colliding_1m.json|$bin/arenajson check --reject-duplicate-keys FILE"
  "zstd check|arenajson|$gen/twitter_large.json.zst|$bin/arenajson check FILE"
  "zstd check|zstd -dc, then simdjson|$gen/twitter_large.json.zst|sh -c 'zstd -dc FILE | $bin/simdjson_oneshot -'"
  "zstd check|zstd -dc, then RapidJSON exact|$gen/twitter_large.json.zst|sh -c 'zstd -dc FILE | $bin/rapidjson_oneshot -'"
  "zstd check|zstd -dc, then jq|$gen/twitter_large.json.zst|sh -c 'zstd -dc FILE | jq empty'"
)
: > "$out/cold.tsv"
for c in "${cold_cases[@]}"; do
  IFS='|' read -r name program file cmd <<< "$c"
  cmd=${cmd//FILE/$file}
  runs=$cold_runs
  case "$cmd" in jq*|*"| jq"*) [ $quick = 1 ] || runs=2 ;; esac  # jq takes seconds per run
  json=$(mktemp)
  hyperfine --style none --runs "$runs" --warmup 1 --export-json "$json" "$cmd" >/dev/null 2>&1 || {
    echo "  $name: $cmd FAILED"; rm -f "$json"; continue; }
  mean=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['median']:.4f}\")" "$json")
  rm -f "$json"
  rss=$(/usr/bin/time -f %M sh -c "$cmd > /dev/null" 2>&1 >/dev/null | tail -1)
  size=$(stat -c %s "$file")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$program" "$cmd" "$mean" "$rss" "$size" >> "$out/cold.tsv"
  printf '  %-14s %-30s %8.3f s %8s KB\n' "$name" "$program" "$mean" "$rss"
done

fi

if [ $jq_only = 0 ] || [ $parallel_only = 1 ]; then
echo "== streaming and threads: A/B pairs, run alternately (tools/bench/pairs.py)"
# Element-by-element queries against the same work on the whole document (`. as $d | $d...`
# is not a path, so it is evaluated on the whole document), and NDJSON on two threads against
# one, from a file and from zstd.
ndjson=$gen/statuses_large.ndjson
[ -f $ndjson.zst ] || zstd -q -3 -k $ndjson
select='select(.retweet_count > 1000) | .id'
pair_rounds=11; [ $quick = 1 ] && pair_rounds=1
: > "$out/pairs.tsv"
python3 tools/bench/pairs.py "$out/pairs.tsv" $pair_rounds \
  "stream .statuses[] | select" "whole document" "$bin/arenajson query -c '. as \$d | \$d.statuses[] | $select' $gen/twitter_large.json" \
    "element by element" "$bin/arenajson query -c '.statuses[] | $select' $gen/twitter_large.json" \
  "ndjson check" "1 thread" "$bin/arenajson check --ndjson --threads 1 $ndjson" \
    "2 threads" "$bin/arenajson check --ndjson --threads 2 $ndjson" \
  "ndjson query select" "1 thread" "$bin/arenajson query --ndjson --threads 1 -c '$select' $ndjson" \
    "2 threads" "$bin/arenajson query --ndjson --threads 2 -c '$select' $ndjson" \
  "ndjson query path" "1 thread" "$bin/arenajson query --ndjson --threads 1 -c .user.screen_name $ndjson" \
    "2 threads" "$bin/arenajson query --ndjson --threads 2 -c .user.screen_name $ndjson" \
  "ndjson fmt" "1 thread" "$bin/arenajson fmt --ndjson -c --threads 1 $ndjson" \
    "2 threads" "$bin/arenajson fmt --ndjson -c --threads 2 $ndjson" \
  "ndjson.zst check" "1 thread" "$bin/arenajson check --ndjson --threads 1 $ndjson.zst" \
    "2 threads" "$bin/arenajson check --ndjson --threads 2 $ndjson.zst" \
  "ndjson.zst query select" "1 thread" "$bin/arenajson query --ndjson --threads 1 -c '$select' $ndjson.zst" \
    "2 threads" "$bin/arenajson query --ndjson --threads 2 -c '$select' $ndjson.zst"
fi
[ $parallel_only = 1 ] && exit 0

echo "== cold: jq programs on the large twitter-like file (arenajson query, jq, gojq)"
# Programs that build objects, group, sort, reduce, recurse with `..`, use to_entries and regexes.
# Each is checked first: arenajson's output must equal jq's byte for byte, and gojq's once both
# are key-sorted (gojq sorts object keys on output).
jq_cases=(
  "objects|.statuses[] | {id, user: .user.screen_name, retweets: .retweet_count}"
  "group_by|.statuses | group_by(.user.lang) | map({lang: .[0].user.lang, n: length})"
  "sort_by|.statuses | sort_by(.retweet_count, .id) | map(.id) | .[0:5]"
  "reduce|reduce .statuses[] as \$s ({}; .[\$s.user.lang] += 1)"
  "recurse ..|[.. | numbers] | add"
  "to_entries|[.statuses[] | .user | to_entries | map(select(.value == null)) | length] | add"
  "regex|[.statuses[] | .text | select(test(\"^RT @\"))] | length"
)
file=$gen/twitter_large.json
size=$(stat -c %s "$file")
jq_runs=$cold_runs; peer_runs=2
[ $quick = 1 ] && { jq_runs=1; peer_runs=1; }
: > "$out/jq.tsv"
for c in "${jq_cases[@]}"; do
  name=${c%%|*}; program=${c#*|}
  "$bin/arenajson" query -c "$program" "$file" > "$out/jq_ours.out"
  jq -c "$program" "$file" > "$out/jq_jq.out"
  gojq -c "$program" "$file" > "$out/jq_gojq.out"
  same_jq=no; same_gojq=no
  cmp -s "$out/jq_ours.out" "$out/jq_jq.out" && same_jq=yes
  cmp -s <(jq -S -c . "$out/jq_ours.out") <(jq -S -c . "$out/jq_gojq.out") && same_gojq=yes
  rm -f "$out"/jq_*.out
  for tool in arenajson jq gojq; do
    case $tool in
      arenajson) cmd="$bin/arenajson query -c '$program' $file"; runs=$jq_runs ;;
      *) cmd="$tool -c '$program' $file"; runs=$peer_runs ;;
    esac
    json=$(mktemp)
    hyperfine --style none --runs "$runs" --warmup 1 --export-json "$json" "$cmd" >/dev/null 2>&1 || {
      echo "  $name: $cmd FAILED"; rm -f "$json"; continue; }
    median=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['median']:.4f}\")" "$json")
    rm -f "$json"
    rss=$(/usr/bin/time -f %M sh -c "$cmd > /dev/null" 2>&1 >/dev/null | tail -1)
    same=$same_jq; [ $tool = gojq ] && same=$same_gojq; [ $tool = arenajson ] && same=
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$tool" "$program" "$median" "$rss" "$size" "$same" >> "$out/jq.tsv"
    printf '  %-12s %-10s %8.3f s %8s KB  same output: %s\n' "$name" "$tool" "$median" "$rss" "${same:-}"
  done
done

echo "== report"
python3 tools/bench/report.py "$out" bench
echo "wrote bench/REPORT.md, bench/throughput.svg and bench/cold.svg"
