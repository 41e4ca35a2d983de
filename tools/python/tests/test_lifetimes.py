"""Views keep their document alive; documents are freed when nothing holds them."""
import gc

import arenajson
from arenajson import _arenajson


def live():
    gc.collect()
    return _arenajson._live_documents()


def test_views_outlive_their_variables():
    before = live()

    def inner():
        doc = arenajson.loads('{"a": {"b": [1, 2, {"c": "deep"}]}}')
        return doc["a"]["b"]

    b = inner()  # the Document object is gone; the view holds the document
    assert live() == before + 1
    assert b[2]["c"] == "deep"
    it = iter(b)
    c = b[2]
    del b
    assert next(it) == 1 and c["c"] == "deep"
    del c
    assert live() == before + 1  # the iterator still holds it
    del it
    assert live() == before


def test_documents_are_freed():
    before = live()
    docs = [arenajson.loads('[{"x": 1}]') for _ in range(100)]
    views = [d[0] for d in docs]
    assert live() == before + 100
    del docs
    assert live() == before + 100
    assert all(v["x"] == 1 for v in views)
    del views
    assert live() == before


def test_document_of_a_view():
    doc = arenajson.loads('{"a": [1]}')
    view = doc["a"]
    del doc
    assert view.document["a"] == [1]
    assert view.document.root == {"a": [1]}


def test_lazy_false_and_failed_parses_keep_nothing():
    before = live()
    assert arenajson.loads('{"a": [1]}', lazy=False) == {"a": [1]}
    try:
        arenajson.loads('{"a": [1')
    except arenajson.JSONDecodeError:
        pass
    assert live() == before


def test_ndjson_records_own_their_documents(samples):
    before = live()
    records = list(arenajson.iter_ndjson(samples / "requests.ndjson"))
    assert live() == before + len(records)
    first = records[0]
    del records
    assert live() == before + 1
    assert first["method"] == "GET"
    del first
    assert live() == before


def test_a_freed_documents_memory_is_reused_without_touching_live_ones():
    kept = arenajson.loads('{"keep": ["me", 1]}')["keep"]
    for i in range(50):
        doc = arenajson.loads('{"n": %d, "s": "%s"}' % (i, "x" * i))
        assert doc["n"] == i and doc["s"] == "x" * i
        del doc
    assert kept.to_python() == ["me", 1]
