"""Threads: the GIL is released while parsing; one document is read from many threads."""
import json
import threading
import time

import arenajson


def test_many_threads_read_one_document(corpus):
    text = (corpus / "twitter.json").read_text()
    doc = arenajson.loads(text)
    expected = json.loads(text)
    errors = []

    def reader(k):
        try:
            for round in range(20):
                i = (k * 7 + round) % len(expected["statuses"])
                status = doc["statuses"][i]
                assert status["user"]["screen_name"] == expected["statuses"][i]["user"]["screen_name"]
                assert status.to_python() == expected["statuses"][i]
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_parsing_in_many_threads(samples):
    texts = [(samples / name).read_text() for name in ("people.json", "config.json")]
    expected = [json.loads(t) for t in texts]
    results = {}

    def parse(k):
        results[k] = [arenajson.loads(texts[k % 2], lazy=bool(k % 3)) == expected[k % 2]
                      for _ in range(50)]

    threads = [threading.Thread(target=parse, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(all(r) for r in results.values()) and len(results) == 6


def test_the_gil_is_released_while_parsing():
    # A large document takes a while to parse; while it does, another thread must run.
    text = "[" + ",".join(['{"k": [1.5, "abcdefgh", true, null]}'] * 400000) + "]"
    ticks = []
    window = []
    done = threading.Event()

    def parse():
        start = time.perf_counter()
        arenajson.loads(text)
        window.extend([start, time.perf_counter()])
        done.set()

    worker = threading.Thread(target=parse)
    worker.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = window
    inside = [t for t in ticks if start < t < end]
    assert len(inside) > 10, f"{len(inside)} ticks while parsing for {end - start:.3f} s"
