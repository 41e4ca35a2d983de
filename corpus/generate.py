#!/usr/bin/env python3
"""Deterministic generator for the large benchmark inputs (written to corpus/generated/).

  generate.py [--size-mb N] [--out DIR] [--shared DIR] KIND...

KIND:
  twitter   {"statuses":[...]} replicating the statuses of twitter.json, byte for byte
  canada    a GeoJSON FeatureCollection replicating the features of canada.json, byte for byte
  ndjson    one status per line (compact), replicating twitter.json's statuses
  zstd      twitter.json.zst: the twitter file compressed with zstd (needs `zstd`)
  all       all of the above

The inputs are read from ../shared/corpus when present. Without them, documents of the same
shape are synthesised from a fixed seed (statuses with users, entities and CJK text; polygons of
17-digit coordinates), so the benchmarks still run on a clone without ../shared.
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def inner_array(text, key):
    """The bytes between the brackets of the array that follows "key": in text."""
    start = text.index(b'"' + key + b'"')
    start = text.index(b"[", start) + 1
    depth, i, in_string = 1, start, False
    while depth:
        c = text[i]
        if in_string:
            if c == 0x5C:
                i += 1
            elif c == 0x22:
                in_string = False
        elif c == 0x22:
            in_string = True
        elif c in b"[{":
            depth += 1
        elif c in b"]}":
            depth -= 1
        i += 1
    return start, i - 1


def synth_statuses(rng, n):
    words = ["arena", "json", "stream", "parse", "fast", "一", "東京", "こんにちは", "データ", "☃", "😀"]
    out = []
    for i in range(n):
        uid = rng.randint(10**8, 10**10)
        out.append({
            "metadata": {"result_type": "recent", "iso_language_code": rng.choice(["ja", "en", "es"])},
            "created_at": "Sun Aug 31 00:29:15 +0000 2014",
            "id": 505874924095815700 + i,
            "id_str": str(505874924095815681 + i),
            "text": " ".join(rng.choice(words) for _ in range(rng.randint(3, 30))),
            "source": "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
            "truncated": False,
            "in_reply_to_status_id": None,
            "in_reply_to_user_id": rng.choice([None, uid]),
            "user": {"id": uid, "id_str": str(uid), "name": rng.choice(words) * 2,
                     "screen_name": f"user{rng.randint(0, 10**6)}", "location": "", "description": "",
                     "url": None, "entities": {"description": {"urls": []}}, "protected": False,
                     "followers_count": rng.randint(0, 10**5), "friends_count": rng.randint(0, 2000),
                     "created_at": "Mon Feb 18 03:12:46 +0000 2013", "favourites_count": rng.randint(0, 500),
                     "profile_image_url_https": "https://pbs.twimg.com/profile_images/1/abc_normal.jpeg",
                     "default_profile": rng.random() < 0.5, "following": False},
            "geo": None, "coordinates": None, "place": None, "contributors": None,
            "retweet_count": rng.randint(0, 100), "favorite_count": rng.randint(0, 100),
            "entities": {"hashtags": [], "symbols": [], "urls": [],
                         "user_mentions": [{"screen_name": "aym0566x", "id": 866260188,
                                            "indices": [0, 9]}]},
            "favorited": False, "retweeted": False, "lang": "ja",
        })
    return out


def twitter_parts(shared):
    text = read(os.path.join(shared, "twitter.json"))
    if text is not None:
        s, e = inner_array(text, b"statuses")
        return text[:s], text[s:e].strip(), text[e:]
    rng = random.Random(631514)
    body = ",\n".join(json.dumps(st, ensure_ascii=False, indent=2) for st in synth_statuses(rng, 100))
    return b'{"statuses": [\n', body.encode(), b'\n],\n"search_metadata": {"count": 100}}\n'


def canada_parts(shared):
    text = read(os.path.join(shared, "canada.json"))
    if text is not None:
        s, e = inner_array(text, b"features")
        return text[:s], text[s:e].strip(), text[e:]
    rng = random.Random(2251051)
    ring = ",".join(f"[{rng.uniform(-140, -50):.15f}{rng.randint(0, 99):02d},{rng.uniform(40, 80):.14f}{rng.randint(0, 99):02d}]"
                    for _ in range(50000))
    feature = ('{"type":"Feature","properties":{"name":"Canada"},"geometry":{"type":"Polygon",'
               '"coordinates":[[' + ring + ']]}}')
    return b'{"type":"FeatureCollection","features":[', feature.encode(), b"]}\n"


def replicate(head, item, tail, size, sep):
    count = max(1, (size - len(head) - len(tail)) // (len(item) + len(sep)))
    return head + sep.join([item] * count) + tail, count


def write(out, name, data):
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        f.write(data)
    print(f"{path}: {len(data)} bytes", file=sys.stderr)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kinds", nargs="+", choices=["twitter", "canada", "ndjson", "zstd", "all"])
    ap.add_argument("--size-mb", type=float, default=None, help="target size (default 230, canada 180)")
    ap.add_argument("--out", default=os.path.join(HERE, "generated"))
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "shared", "corpus"))
    args = ap.parse_args()
    kinds = {"twitter", "canada", "ndjson", "zstd"} if "all" in args.kinds else set(args.kinds)
    os.makedirs(args.out, exist_ok=True)
    mb = 1_000_000

    if kinds & {"twitter", "zstd"}:
        head, body, tail = twitter_parts(args.shared)
        data, n = replicate(head, body, tail, int((args.size_mb or 230) * mb), b",\n")
        path = write(args.out, "twitter_large.json", data)
        if "zstd" in kinds:
            subprocess.run(["zstd", "-q", "-f", "-3", "-T2", path, "-o", path + ".zst"], check=True)
            print(f"{path}.zst: {os.path.getsize(path + '.zst')} bytes", file=sys.stderr)
    if "canada" in kinds:
        head, body, tail = canada_parts(args.shared)
        data, _ = replicate(head, body, tail, int((args.size_mb or 180) * mb), b",")
        write(args.out, "canada_large.json", data)
    if "ndjson" in kinds:
        head, body, tail = twitter_parts(args.shared)
        statuses = json.loads(b"[" + body + b"]")
        lines = b"\n".join(json.dumps(s, ensure_ascii=False, separators=(",", ":")).encode() for s in statuses)
        data, _ = replicate(b"", lines, b"\n", int((args.size_mb or 230) * mb), b"\n")
        write(args.out, "statuses_large.ndjson", data)


if __name__ == "__main__":
    main()
