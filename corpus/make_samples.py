#!/usr/bin/env python3
"""Writes the small samples in corpus/samples/ (committed). Deterministic: same bytes each run.

  people.json(.zst)   a list of people with nested addresses and tags (README examples, CLI tests)
  requests.ndjson(.zst)  an HTTP access log, one request per line (NDJSON examples)
  config.json         an application configuration (the embedding example)
  numbers.json        numbers at the edges of int64, uint64 and double (kept exactly)
"""
import json
import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "samples")

FIRST = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken",
         "Radia", "Niklaus", "Shafi", "Tony", "Lynn", "Dennis", "Hedy", "John", "Anita"]
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Hamilton",
        "Thompson", "Perlman", "Wirth", "Goldwasser", "Hoare", "Conway", "Ritchie", "Lamarr"]
CITIES = [("Zürich", "CH"), ("London", "GB"), ("Kraków", "PL"), ("東京", "JP"), ("São Paulo", "BR"),
          ("Cambridge", "US"), ("Montréal", "CA")]
TAGS = ["compilers", "databases", "graphics", "networks", "security", "theory", "systems"]


def people(rng):
    out = []
    for i in range(40):
        city, country = rng.choice(CITIES)
        out.append({
            "id": 1000 + i,
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "age": rng.randint(21, 80),
            "active": rng.random() < 0.7,
            "score": round(rng.uniform(0, 100), 2),
            "address": {"city": city, "country": country, "zip": None if rng.random() < 0.2 else str(rng.randint(1000, 99999))},
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
        })
    return out


def requests(rng):
    lines = []
    paths = ["/", "/api/users", "/api/users/42", "/login", "/static/app.js", "/api/orders", "/health"]
    for i in range(500):
        status = rng.choices([200, 201, 204, 301, 304, 400, 401, 403, 404, 500, 503],
                             weights=[60, 5, 3, 2, 8, 4, 3, 2, 8, 3, 2])[0]
        lines.append(json.dumps({
            "ts": f"2026-11-26T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
            "method": rng.choice(["GET", "GET", "GET", "POST", "PUT", "DELETE"]),
            "path": rng.choice(paths),
            "status": status,
            "bytes": rng.randint(0, 50000),
            "ms": round(rng.expovariate(1 / 40), 3),
            "ua": rng.choice(["curl/8.5", "Mozilla/5.0", "arenajson-test", "\"quoted\" agent"]),
        }, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + "\n"


CONFIG = {
    "service": {"name": "inventory", "port": 8080, "threads": 8, "debug": False},
    "database": {"url": "postgres://db.internal:5432/inventory", "pool": {"min": 2, "max": 32},
                 "timeout_ms": 2500},
    "features": ["search", "export", "audit-log"],
    "limits": {"max_upload_bytes": 104857600, "rate_per_minute": 600},
}

NUMBERS = ("[0, -0, 1, -1, 9223372036854775807, -9223372036854775808, 9223372036854775808, "
           "18446744073709551615, 18446744073709551616, -9223372036854775809, 0.1, 1.5e300, "
           "1e400, 5e-324, 3.14159265358979323846264338327950288, -65.613616999999977, 1.0, 1E2]\n")


def write(name, text):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


def zstd(path):
    subprocess.run(["zstd", "-q", "-f", "-19", "--no-progress", path, "-o", path + ".zst"], check=True)


def main():
    rng = random.Random(20261126)
    os.makedirs(OUT, exist_ok=True)
    zstd(write("people.json", json.dumps(people(rng), ensure_ascii=False, indent=2) + "\n"))
    zstd(write("requests.ndjson", requests(rng)))
    write("config.json", json.dumps(CONFIG, indent=2) + "\n")
    write("numbers.json", NUMBERS)


if __name__ == "__main__":
    main()
