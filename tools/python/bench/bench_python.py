#!/usr/bin/python3
"""Benchmarks of the arenajson Python module against json, ujson and python-rapidjson, and of
arenajson.dask.read_ndjson against read_text().map(json.loads) on a distributed.LocalCluster.

    /usr/bin/python3 tools/python/bench/bench_python.py [--repeat N] [--dask-mb MB] [--skip-dask]

Run it with the module on the path (PYTHONPATH=build/release/python, or after
scripts/setup.sh). Every figure is the median of --repeat runs, in this process; the ratios
compare runs made in the same process minutes apart, never figures from other runs.

Parsing: the shared corpus's twitter.json, citm_catalog.json and canada.json, each read into a
str once; every parser is given that str (json.loads, ujson.loads, rapidjson.loads, and
arenajson.loads(s).to_python(), the same objects json.loads returns). One field: the id of the
51st status's user, through lazy views (arenajson.loads(s)["statuses"][50]["user"]["id"])
against json.loads(s) and the dict.

Dask: corpus/generate.py's statuses_large.ndjson (about --dask-mb MB, one twitter status per
line) cut at newlines into 8 shards, counted through .user.screen_name: arenajson with the jq
filter (when the module has the jq engine), with pointer="/user/screen_name", and through lazy
views (lazy=True, then .map over the records), each on 2 workers and on 1; and
read_text(...).map(json.loads).map(<the field>) on the same 2-worker cluster. Both clusters
stay up and the runs alternate between them.
"""
import argparse
import gc
import json
import logging
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import arenajson

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]


def shared_corpus():
    root = os.environ.get("ARENAJSON_SHARED_DIR")
    corpus = pathlib.Path(root) / "corpus" if root else REPO.parent / "shared" / "corpus"
    if not (corpus / "twitter.json").is_file():
        sys.exit(f"bench_python: the shared corpus is not at {corpus} (set ARENAJSON_SHARED_DIR)")
    return corpus


def median_seconds(fn, repeat, number=1):
    """The median over `repeat` runs of the time of `number` calls of fn, per call."""
    times = []
    fn()  # warm: caches, the allocator's pools
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def peers():
    found = {"json": json.loads}
    try:
        import ujson

        found["ujson"] = ujson.loads
    except ImportError:
        print("ujson is not installed (python3-ujson): left out")
    try:
        import rapidjson

        found["rapidjson"] = rapidjson.loads
    except ImportError:
        print("python-rapidjson is not installed (python3-rapidjson): left out")
    return found


def bench_parsing(corpus, repeat):
    loaders = peers()
    loaders["arenajson"] = lambda s: arenajson.loads(s).to_python()
    print(f"\n## loads -> Python objects (median of {repeat}; ratio = json's time / this time)")
    print(f"{'file':18} " + " ".join(f"{name:>16}" for name in loaders))
    for name in ("twitter.json", "citm_catalog.json", "canada.json"):
        text = (corpus / name).read_text(encoding="utf-8")
        expected = json.loads(text)
        assert loaders["arenajson"](text) == expected
        number = max(1, int(5e6 // len(text)))
        times = {k: median_seconds(lambda f=f: f(text), repeat, number) for k, f in loaders.items()}
        cells = []
        for k in loaders:
            mbps = len(text.encode()) / times[k] / 1e6
            cells.append(f"{mbps:7.0f} MB/s {times['json'] / times[k]:4.2f}x")
        print(f"{name:18} " + " ".join(f"{c:>16}" for c in cells))

    text = (corpus / "twitter.json").read_text(encoding="utf-8")
    lazy = lambda: arenajson.loads(text)["statuses"][50]["user"]["id"]  # noqa: E731
    whole = lambda: json.loads(text)["statuses"][50]["user"]["id"]  # noqa: E731
    assert lazy() == whole()
    t_lazy = median_seconds(lazy, repeat, 20)
    t_whole = median_seconds(whole, repeat, 20)
    print(f"\n## one field of twitter.json: [\"statuses\"][50][\"user\"][\"id\"] (median of {repeat})")
    print(f"json.loads + dict:     {t_whole * 1e3:7.3f} ms")
    print(f"arenajson lazy views:  {t_lazy * 1e3:7.3f} ms   {t_whole / t_lazy:5.1f}x json")


def make_shards(folder, size_mb, count=8):
    """statuses_large.ndjson from corpus/generate.py, cut at newlines into `count` shards."""
    subprocess.run([sys.executable, str(REPO / "corpus" / "generate.py"), "ndjson", "--size-mb",
                    str(size_mb), "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    big = folder / "statuses_large.ndjson"
    data = big.read_bytes()
    big.unlink()
    paths, start = [], 0
    for i in range(count):
        end = len(data) if i == count - 1 else data.index(b"\n", (i + 1) * len(data) // count) + 1
        path = folder / f"shard-{i}.ndjson"
        path.write_bytes(data[start:end])
        paths.append(str(path))
        start = end
    return paths, len(data), data.count(b"\n")


def screen_name(record):
    return record["user"]["screen_name"]


def bench_dask(size_mb, repeat):
    import dask.bag
    import distributed

    import arenajson.dask

    # The second cluster's scheduler finds its HTTP port taken and says so; not a problem.
    warnings.filterwarnings("ignore", message=".*already in use", category=UserWarning)
    with tempfile.TemporaryDirectory(prefix="arenajson-bench-") as tmp:
        paths, total, lines = make_shards(pathlib.Path(tmp), size_mb)
        print(f"\n## Dask: 8 shards, {total / 1e6:.0f} MB, {lines} records; "
              f".count() of .user.screen_name (median of {repeat}, runs alternated)")
        pipelines = {}
        if arenajson.has_query:
            pipelines["read_ndjson(filter='.user.screen_name')"] = lambda: arenajson.dask.read_ndjson(
                paths, ".user.screen_name")
        pipelines["read_ndjson(pointer='/user/screen_name')"] = lambda: arenajson.dask.read_ndjson(
            paths, pointer="/user/screen_name")
        pipelines["read_ndjson(lazy=True).map(views)"] = lambda: arenajson.dask.read_ndjson(
            paths, lazy=True).map(screen_name)
        baseline = "read_text().map(json.loads).map(field)"
        # Both clusters stay up and the runs alternate between them, so that a change in the
        # machine's load during the run weighs on both sides of each ratio alike.
        clusters, clients = {}, {}
        for workers in (1, 2):
            clusters[workers] = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR)
            clients[workers] = distributed.Client(clusters[workers], set_as_default=False)
        runs = [(name, make, workers) for name, make in pipelines.items() for workers in (1, 2)]
        runs.append((baseline, lambda: dask.bag.read_text(paths, blocksize="128 MiB").map(
            json.loads).map(screen_name), 2))
        times = {(name, workers): [] for name, _, workers in runs}
        try:
            for name, make, workers in runs:  # warm: imports, the page cache, the check
                assert clients[workers].compute(make().count()).result() == lines
            for _ in range(repeat):
                for name, make, workers in runs:
                    start = time.perf_counter()
                    clients[workers].compute(make().count()).result()
                    times[name, workers].append(time.perf_counter() - start)
        finally:
            for workers in (1, 2):
                clients[workers].close()
                clusters[workers].close()
        results = {key: statistics.median(value) for key, value in times.items()}
        print(f"{'pipeline':42} {'1 worker':>9} {'2 workers':>10} {'2 vs 1':>7} "
              f"{'vs json (2)':>12}")
        for name in list(pipelines) + [baseline]:
            one = results.get((name, 1))
            two = results[name, 2]
            scaling = f"{one / two:6.2f}x" if one else ""
            print(f"{name:42} {f'{one:.2f} s' if one else '':>9} {two:8.2f} s {scaling:>7} "
                  f"{results[baseline, 2] / two:11.2f}x")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    ap.add_argument("--dask-mb", type=float, default=230, help="size of the 8 shards together")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    print(f"arenajson {arenajson.__version__}, reader kernel {arenajson.reader_kernel()}, "
          f"Python {sys.version.split()[0]} ({sys.executable}), {os.cpu_count()} cores")
    bench_parsing(shared_corpus(), args.repeat)
    if not args.skip_dask:
        bench_dask(args.dask_mb, max(3, args.repeat))


if __name__ == "__main__":
    main()
