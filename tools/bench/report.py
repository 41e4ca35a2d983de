#!/usr/bin/env python3
"""Turns the raw results of scripts/bench.sh into bench/REPORT.md and two SVG charts.

  report.py RESULTS_DIR OUTPUT_DIR

Ratios are always taken between results of the same run.
"""
import json
import os
import subprocess
import sys

FILES = ["twitter.json", "citm_catalog.json", "canada.json", "fhir_Encounter.000.ndjson",
         "generated/twitter_large.json", "generated/canada_large.json"]


def load_gbench(path):
    """{benchmark name: {'gbps': median bytes/s in GB/s, 'ns': median real time in ns, counters...}}"""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        kind = b.get("aggregate_name", "")
        if kind not in ("", "median"):
            continue
        entry = out.setdefault(name, {})
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        entry["ns"] = b["real_time"] * scale
        if "bytes_per_second" in b:
            entry["gbps"] = b["bytes_per_second"] / 1e9
        for k in ("dom_bytes_per_input_byte", "allocs_per_parse", "items_per_second",
                  "dom_per_byte", "ns_per_byte"):
            if k in b:
                entry[k] = b[k]
    return out


def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def dom_section(dom, mode):
    libs = ["arenajson", "rapidjson_default", "rapidjson_fullprec_validate", "simdjson",
            "boostjson_monotonic", "boostjson", "nlohmann"]
    files = [f for f in FILES if any(f"dom/{mode}/{l}/{f}" in dom for l in libs)]
    present = [l for l in libs if any(f"dom/{mode}/{l}/{f}" in dom for f in FILES)]
    rows = []
    for f in files:
        ours = dom.get(f"dom/{mode}/arenajson/{f}", {}).get("gbps")
        row = [f]
        for l in present:
            g = dom.get(f"dom/{mode}/{l}/{f}", {}).get("gbps")
            cell = fmt(g)
            if l != "arenajson" and g and ours:
                cell += f" ({ours / g:.2f}x)"
            row.append(cell)
        rows.append(row)
    head = ["file"] + [l + " GB/s" + ("" if l == "arenajson" else " (ours ÷ it)") for l in present]
    return table(head, rows), present


def hostile_section(hostile):
    """Objects under attack against ordinary ones, and the densest shapes against twitter.json."""
    if not hostile:
        return []
    md = ["## Hostile input", "",
          "Objects of n members: ordinary keys, keys that collide in arenajson 0.1's unseeded "
          "hash, and every key hashing alike (the test hook: keys chosen against the seeded hash "
          "by someone who knows the secret). Time to build the DOM, to check duplicate keys "
          "while streaming, and one lookup; in brackets, the ratio to the ordinary object.", ""]
    rows = []
    for n in ("10000", "65536", "100000", "1000000"):
        for op, label in (("BM_ObjectParse", "parse ms"), ("BM_ObjectCheckDuplicates", "check ms"),
                          ("BM_ObjectLookup", "lookup ns")):
            base = hostile.get(f"{op}/0/{n}", {}).get("ns")
            if base is None:
                continue
            row = [n, label]
            for kind in ("0", "1", "2"):
                t = hostile.get(f"{op}/{kind}/{n}", {}).get("ns")
                scale = 1 if label.endswith("ns") else 1e6
                cell = fmt(t / scale if t else None, 1 if scale == 1 else 2)
                if kind != "0" and t:
                    cell += f" ({t / base:.1f}x)"
                row.append(cell)
            rows.append(row)
    md += [table(["members", "operation", "ordinary", "colliding in 0.1's hash", "equal hashes (hook)"],
                 rows), ""]
    for group, reference, what in (
            ("BM_Shape/", "twitter.json", "twitter.json (631 KB), each shape made at its size"),
            ("BM_ShapeLarge/", "twitter.json_x8",
             "eight copies of twitter.json in one array (5 MB), each shape made at its size")):
        # Google Benchmark stores the inverted rate in seconds per byte.
        def ns_per_byte(entry):
            value = entry.get("ns_per_byte")
            return value * 1e9 if value else None

        base = ns_per_byte(hostile.get(group + reference, {}))
        rows = []
        for name, entry in sorted(hostile.items()):
            if not name.startswith(group):
                continue
            per_byte = ns_per_byte(entry)
            cell = fmt(per_byte, 2)
            if base and per_byte and not name.endswith(reference):
                cell += f" ({per_byte / base:.1f}x)"
            rows.append([name[len(group):], cell, fmt(entry.get("dom_per_byte"), 2)])
        md += [f"Shapes with the most DOM per input byte against {what}: time per input byte "
               "(ratio to the reference's) and DOM bytes per input byte.", "",
               table(["shape", "ns per input byte", "DOM bytes per input byte"], rows), ""]
    return md


def main():
    results, out_dir = sys.argv[1], sys.argv[2]
    dom = load_gbench(os.path.join(results, "dom.json"))
    reader = load_gbench(os.path.join(results, "reader.json"))
    lookup = load_gbench(os.path.join(results, "lookup.json"))
    arena = load_gbench(os.path.join(results, "arena.json"))
    free = load_gbench(os.path.join(results, "free.json"))
    hostile = load_gbench(os.path.join(results, "hostile.json"))
    machine = open(os.path.join(results, "machine.txt")).read().strip() if os.path.exists(
        os.path.join(results, "machine.txt")) else "unknown"

    md = ["# arenajson benchmark report", "",
          "Generated by `scripts/bench.sh`; raw results in `bench/results/`. Every ratio compares",
          "results of the same run. Medians of repeated runs (Google Benchmark, random interleaving).",
          "", "```", machine, "```", ""]

    hot, libs = dom_section(dom, "hot")
    md += ["## Parse to DOM, hot (memory reused as each library allows)", "",
           "arenajson: `Parser::parse_into` reusing one Document's arena. RapidJSON: `Document` over a",
           "`MemoryPoolAllocator` cleared between parses, default flags and `kParseFullPrecisionFlag |",
           "kParseValidateEncodingFlag`. simdjson: one `dom::parser` reused, input pre-padded. Boost.JSON:",
           "one `parser`, with and without a `monotonic_resource` over a reused buffer. nlohmann:",
           "`json::parse`. The NDJSON sample is parsed one record per document.", "", hot, ""]
    rows = []
    for f in FILES:
        keep = dom.get(f"dom/hot/arenajson/{f}", {}).get("gbps")
        reject = dom.get(f"dom/hot/arenajson_reject_duplicates/{f}", {}).get("gbps")
        if keep and reject:
            rows.append([f, fmt(keep), fmt(reject), f"{reject / keep:.2f}x"])
    if rows:
        md += ["Rejecting duplicate keys (`DuplicateKeys::reject`, `--reject-duplicate-keys`) checks each",
               "key against its object's earlier keys as it arrives:", "",
               table(["file", "keep GB/s", "reject GB/s", "reject ÷ keep"], rows), ""]
    fresh, _ = dom_section(dom, "fresh")
    md += ["## Parse to DOM, fresh (a new parser and document every time)", "", fresh, ""]

    rows = []
    for f in [f for f in FILES if f"dom/hot/arenajson/{f}" in dom]:
        o = dom.get(f"dom/hot/arenajson/{f}", {})
        r = dom.get(f"dom/hot/rapidjson_fullprec_validate/{f}", {})
        rows.append([f, fmt(o.get("dom_bytes_per_input_byte")), fmt(r.get("dom_bytes_per_input_byte")),
                     fmt(o.get("allocs_per_parse"), 3), fmt(r.get("allocs_per_parse"), 1),
                     fmt(dom.get(f"dom/fresh/arenajson/{f}", {}).get("allocs_per_parse"), 1),
                     fmt(dom.get(f"dom/fresh/rapidjson_fullprec_validate/{f}", {}).get("allocs_per_parse"), 1)])
    md += ["## Memory", "",
           "DOM bytes per input byte (arenajson: arena bytes used; RapidJSON: its pool's size; for the",
           "NDJSON sample the sum over records), and calls to malloc/calloc/realloc/mmap per parse.", "",
           table(["file", "arenajson DOM/input", "RapidJSON DOM/input", "arenajson allocs (hot)",
                  "RapidJSON allocs (hot)", "arenajson allocs (fresh)", "RapidJSON allocs (fresh)"], rows), ""]

    rows = []
    for f in FILES[:3]:
        o = reader.get(f"sax/arenajson/{f}", {}).get("gbps")
        r = reader.get(f"sax/rapidjson_fullprec_validate/{f}", {}).get("gbps")
        d = reader.get(f"sax/rapidjson_default/{f}", {}).get("gbps")
        c = reader.get(f"sax/arenajson_chunks64k/{f}", {}).get("gbps")
        fl = reader.get(f"sax/arenajson_file64k/{f}", {}).get("gbps")
        fw = reader.get(f"sax/arenajson_file_whole/{f}", {}).get("gbps")
        rows.append([f, fmt(o), fmt(r), f"{o / r:.2f}x" if o and r else "—", fmt(d),
                     fmt(c), f"{(o / c - 1) * 100:+.1f}%" if o and c else "—",
                     fmt(fw), fmt(fl), f"{(fw / fl - 1) * 100:+.1f}%" if fw and fl else "—"])
    md += ["## SAX reader", "",
           "Handlers that do nothing. RapidJSON `Reader` with full precision and UTF-8 validation does the",
           "work arenajson's reader always does. Chunked: the same bytes fed in 64 KiB pieces from memory",
           "(cost against one whole feed), and a file read whole into one buffer and fed once against the",
           "same file read through a reused 64 KiB buffer, a feed per read (cost of the chunked file).", "",
           table(["file", "arenajson GB/s", "RapidJSON exact GB/s", "ratio", "RapidJSON default GB/s",
                  "64 KiB feeds GB/s", "cost", "file whole GB/s", "file in 64 KiB GB/s", "cost"], rows), ""]

    rows = []
    for name in sorted(free):
        rows.append([name.split("/")[1], fmt(free[name]["ns"] / 1e3, 0)])
    md += ["## Dropping a document", "",
           "Time to free the document of the generated 230 MB twitter-like file (or, without it, 40",
           "copies of twitter.json); parsing excluded. arenajson's chunks go to its chunk cache.", "",
           table(["library", "µs"], rows), ""]

    rows = []
    for n in (16, 1000, 10000):
        i = lookup.get(f"lookup/indexed/{n}", {}).get("ns")
        l = lookup.get(f"lookup/linear/{n}", {}).get("ns")
        rows.append([n, fmt(i, 1), fmt(l, 1), f"{l / i:.0f}x" if i and l else "—"])
    md += ["## Object lookup", "", table(["members", "indexed ns", "linear scan ns", "speed-up"], rows), ""]

    rows = []
    for size in (64, 16):
        nd = arena.get(f"BM_NewDelete<{size}>", {}).get("items_per_second")
        row = [f"{size} B"]
        for k in ("BM_NewDelete", "BM_ArenaFresh", "BM_ArenaReset", "BM_PmrMonotonic", "BM_PmrMonotonicReused"):
            v = arena.get(f"{k}<{size}>", {}).get("items_per_second")
            row.append(f"{v / 1e6:.0f}" + (f" ({v / nd:.1f}x)" if v and nd and k != "BM_NewDelete" else "") if v else "—")
        rows.append(row)
    md += ["## Arena against the heap", "", "1000 objects created, touched and freed per iteration; million items/s.", "",
           table(["object", "new/delete", "arena (fresh)", "arena (reset)", "pmr monotonic", "pmr monotonic (reused buffer)"], rows), ""]

    md += hostile_section(hostile)

    cold = []
    cold_path = os.path.join(results, "cold.tsv")
    if os.path.exists(cold_path):
        for line in open(cold_path):
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 5:  # results from before the program column: name it by its binary
                tool = fields[1].split()[0].split("/")[-1]
                fields.insert(1, "zstd -dc, then jq" if tool == "sh" else tool.replace("_oneshot", ""))
            name, program, cmd, secs, rss, size = fields
            cold.append((name, program, float(secs), int(rss), int(size), cmd))
    rows = []
    for name, program, secs, rss, size, cmd in cold:
        ours = next((c[2] for c in cold if c[0] == name and c[1] == "arenajson"), None)
        ratio = f"{secs / ours:.1f}x" if ours and program != "arenajson" else ""
        # For a compressed file the ratio to its (compressed) size says nothing.
        per_size = "—" if ".zst" in cmd else f"{rss * 1024 / size:.2f}"
        rows.append([name, program, f"{secs:.3f}", ratio, f"{rss / 1024:.0f}", per_size])
    md += ["## Cold: one whole process on a large file", "",
           "Median wall time of hyperfine runs (file in the page cache), and peak RSS from /usr/bin/time.",
           "`check`: validate (arenajson streams the reader alone; the peers build their DOM, which is",
           "how each validates); `query`: print `.statuses[1000].user.screen_name` (arenajson follows the",
           "path on the stream); `DOM`: every program builds the whole document (arenajson: `stats`).",
           "Peers are small programs built here (tools/bench/oneshot) that read and parse the file as",
           "their library documents it (RapidJSON exact: `kParseFullPrecisionFlag |",
           "kParseValidateEncodingFlag`; default: its default flags; NDJSON: simdjson's `parse_many`,",
           "RapidJSON one document per line in a reused pool), and jq. The zstd copy is decompressed by",
           "`zstd -dc` into the peers' standard input.", "",
           table(["case", "program", "seconds", "÷ arenajson", "peak RSS MB", "RSS ÷ file size"], rows), ""]

    jq_rows = []
    jq_path = os.path.join(results, "jq.tsv")
    if os.path.exists(jq_path):
        cases = [line.rstrip("\n").split("\t") for line in open(jq_path) if line.strip()]
        for name, tool, program, secs, rss, size, same in cases:
            ours = next((float(c[3]) for c in cases if c[0] == name and c[1] == "arenajson"), None)
            ratio = f"{float(secs) / ours:.1f}x" if ours and tool != "arenajson" else ""
            jq_rows.append([name if tool == "arenajson" else "", tool, f"{float(secs):.3f}", ratio,
                            f"{int(rss) / 1024:.0f}", f"{int(rss) * 1024 / int(size):.2f}",
                            same or "", f"`{program}`" if tool == "arenajson" else ""])
        md += ["## Cold: jq programs on the large twitter-like file", "",
               "`arenajson query -c PROGRAM FILE` against jq 1.6 and gojq 0.12 on the 230 MB file: median",
               "wall time of hyperfine runs, peak RSS, and whether the output is the same as arenajson's",
               "(jq: byte for byte; gojq: after sorting keys, since gojq sorts them).", "",
               table(["program", "tool", "seconds", "÷ arenajson", "peak RSS MB", "RSS ÷ file size",
                      "same output", "filter"], jq_rows), ""]

    md += ["## Charts", "", "![hot DOM throughput](throughput.svg)", "", "![cold runs](cold.svg)", ""]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "REPORT.md"), "w") as f:
        f.write("\n".join(md))

    # Charts with gnuplot, when present.
    try:
        dat = os.path.join(results, "hot.dat")
        with open(dat, "w") as f:
            f.write("file " + " ".join(libs) + "\n")
            for file in FILES[:4]:
                f.write(file.split(".")[0] + " " + " ".join(
                    fmt(dom.get(f"dom/hot/{l}/{file}", {}).get("gbps") or 0) for l in libs) + "\n")
        cols = len(libs)
        script = f"""
set terminal svg size 900,420 dynamic noenhanced font 'sans,11'
set output '{os.path.join(out_dir, 'throughput.svg')}'
set title 'Parse to DOM, hot (GB/s, higher is better)'
set style data histograms
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set key outside right top
set ylabel 'GB/s'
set grid ytics
plot for [i=2:{cols + 1}] '{dat}' using i:xtic(1) title columnheader(i)
"""
        subprocess.run(["gnuplot"], input=script.encode(), check=True)
        cdat = os.path.join(results, "cold.dat")
        with open(cdat, "w") as f:
            for name, program, secs, rss, size, cmd in cold:
                f.write(f'"{name}: {program}" {secs:.4f} {1 if program == "arenajson" else 2}\n')
        script = f"""
set terminal svg size 900,{120 + 22 * len(cold)} dynamic noenhanced font 'sans,11'
set output '{os.path.join(out_dir, 'cold.svg')}'
set title 'One process on a large file (seconds, log scale, lower is better)'
set style fill solid 0.85 border -1
set logscale x
set xrange [0.01:*]
set grid xtics
set yrange [-1:{len(cold)}] reverse
set ytics nomirror
unset key
set linetype 1 lc rgb '#1b7837'
set linetype 2 lc rgb '#999999'
plot '{cdat}' using 2:0:(0.01):2:($0-0.4):($0+0.4):3:yticlabels(1) with boxxyerror lc variable
"""
        subprocess.run(["gnuplot"], input=script.encode(), check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"charts skipped: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
