#!/usr/bin/env python3
"""Whole-process A/B timing: two commands run alternately, so that a machine whose speed drifts
(other tenants, frequency) slows both alike, and compared by their medians.

    pairs.py OUT.tsv ROUNDS  NAME 'LABEL A' 'COMMAND A' 'LABEL B' 'COMMAND B'  [NAME ...]

For each pair both outputs are first compared (their SHA-256), then the commands run ROUNDS
times each, A and B alternating, with stdout discarded. Writes one line per pair to OUT.tsv:
name, label A, label B, median A (s), median B (s), A/B, peak RSS A and B (KB), same output.
"""
import hashlib
import os
import statistics
import subprocess
import sys
import time


def run(command, keep_output=False):
    """Wall time, peak RSS (KB) and, when asked, the SHA-256 of stdout of one shell command."""
    start = time.perf_counter()
    out = subprocess.PIPE if keep_output else subprocess.DEVNULL
    proc = subprocess.Popen(["sh", "-c", "exec " + command], stdout=out)
    digest = hashlib.sha256()
    if keep_output:
        for block in iter(lambda: proc.stdout.read(1 << 20), b""):
            digest.update(block)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: a check or query that found what it reports
        raise SystemExit(f"failed ({proc.returncode}): {command}")
    return elapsed, usage.ru_maxrss, digest.hexdigest()


def main():
    args = sys.argv[3:]
    if len(sys.argv) < 8 or len(args) % 5 != 0:
        raise SystemExit(__doc__)
    out_path, rounds = sys.argv[1], int(sys.argv[2])
    with open(out_path, "a", encoding="utf-8") as out:
        for i in range(0, len(args), 5):
            name, label_a, cmd_a, label_b, cmd_b = args[i:i + 5]
            _, _, sum_a = run(cmd_a, keep_output=True)
            _, _, sum_b = run(cmd_b, keep_output=True)
            times = {"a": [], "b": []}
            rss = {"a": 0, "b": 0}
            for _ in range(rounds):
                for key, cmd in (("a", cmd_a), ("b", cmd_b)):
                    elapsed, peak, _ = run(cmd)
                    times[key].append(elapsed)
                    rss[key] = max(rss[key], peak)
            med_a, med_b = statistics.median(times["a"]), statistics.median(times["b"])
            same = "yes" if sum_a == sum_b else "no"
            out.write(f"{name}\t{label_a}\t{label_b}\t{med_a:.4f}\t{med_b:.4f}\t"
                      f"{med_a / med_b:.2f}\t{rss['a']}\t{rss['b']}\t{same}\n")
            print(f"  {name}: {label_a} {med_a * 1000:.0f} ms ({rss['a'] // 1024} MB), "
                  f"{label_b} {med_b * 1000:.0f} ms ({rss['b'] // 1024} MB): "
                  f"{med_a / med_b:.2f}x, same output: {same}", flush=True)


if __name__ == "__main__":
    main()
