"""jq programs run in C++: arenajson.query, the views' query(), iter_ndjson(filter=...); the
results are checked against jq's on the same input."""
import json
import pathlib
import shutil
import subprocess

import pytest

import arenajson

pytestmark = pytest.mark.skipif(not arenajson.has_query, reason="built without the jq engine")

JQ = shutil.which("jq")


def jq(program, data):
    if JQ is None:
        pytest.skip("jq is not installed")
    done = subprocess.run([JQ, "-c", program], input=data, check=True, capture_output=True)
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


PROGRAMS = [
    ".[] | select(.age > 70) | .name",
    "[.[] | .address.country] | group_by(.) | map({(.[0]): length}) | add",
    "map(.score) | add / length",
    ".[3:5] | .[] | {name, tags: (.tags | join(\",\"))}",
    "[paths(type == \"number\")] | length",
    "group_by(.active) | map(max_by(.age).id)",
]


@pytest.mark.parametrize("program", PROGRAMS)
def test_query_equals_jq(samples, program):
    data = (samples / "people.json").read_bytes()
    expected = jq(program, data)
    assert arenajson.query(program, data) == expected
    assert arenajson.loads(data).query(program) == expected
    assert arenajson.query(program, samples / "people.json.zst") == expected


def test_sources_and_views():
    doc = arenajson.loads('{"a": {"b": [1, 2, {"c": "d"}]}, "n": 123456789012345678901234567890}')
    assert doc["a"].query(".b[2].c") == ["d"]
    assert doc["a"]["b"].query(".[] | numbers") == [1, 2]
    assert arenajson.query(".n", doc) == [123456789012345678901234567890]
    assert arenajson.query(".n + 1", '{"n": 1}') == [2]
    assert arenajson.query("empty", "1") == []
    assert arenajson.query(".[]", b"[1, 2.5, null, true]") == [1, 2.5, None, True]
    assert arenajson.query("{a: 1} | .b", "null") == [None]
    with pytest.raises(TypeError):
        arenajson.query(".", doc, max_depth=3)
    with pytest.raises(TypeError):
        arenajson.query(".", 12)


def test_a_view_outlives_its_name_while_queried():
    inner = arenajson.loads('{"xs": [3, 1, 2]}')["xs"]
    assert inner.query("sort") == [[1, 2, 3]]


def test_errors():
    with pytest.raises(arenajson.QueryError) as e:
        arenajson.query(".[", "1")
    assert e.value.code == "query_syntax" and isinstance(e.value, ValueError)
    with pytest.raises(arenajson.QueryError) as e:
        arenajson.query(".a", "1")
    assert e.value.code == "query_error" and "Cannot index number" in str(e.value)
    with pytest.raises(arenajson.QueryError, match="boom"):
        arenajson.query('error("boom")', "null")
    with pytest.raises(arenajson.JSONDecodeError):
        arenajson.query(".", "[1,")


def test_iter_ndjson_filter_equals_jq(samples):
    program = "select(.status >= 400) | {path, status}"
    expected = jq(program, (samples / "requests.ndjson").read_bytes())
    assert expected, "the sample has errors to select"
    for threads in (None, 2):
        got = list(arenajson.iter_ndjson(samples / "requests.ndjson.zst", program,
                                         threads=threads))
        assert got == expected
    two = list(arenajson.iter_ndjson(samples / "requests.ndjson", ".status, .method", threads=2))
    assert two == jq(".status, .method", (samples / "requests.ndjson").read_bytes())


def test_iter_ndjson_filter_errors_name_the_record(tmp_path):
    path = tmp_path / "r.ndjson"
    path.write_text('{"a": {"b": 1}}\n{"a": 2}\n{"a": {"b": 3}}\n')
    it = arenajson.iter_ndjson(path, ".a.b")
    assert next(it) == 1
    with pytest.raises(arenajson.QueryError, match="record 2") as e:
        next(it)
    assert e.value.code == "query_error"
    # With threads the failure is the first in input order, placed at its record's line.
    got = []
    with pytest.raises(arenajson.QueryError, match="line 2: .*Cannot index number") as e:
        for value in arenajson.iter_ndjson(path, ".a.b", threads=2):
            got.append(value)
    assert got == [1] and e.value.code == "query_error"
    with pytest.raises(arenajson.QueryError):
        arenajson.iter_ndjson(path, ".a[")
    with pytest.raises(TypeError):
        arenajson.iter_ndjson(path, ".a", pointer="/a")
