"""arenajson.iter_ndjson: records one at a time, from paths and files, plain and zstd."""
import io
import json

import pytest

import arenajson


def expected(samples):
    return [json.loads(line) for line in (samples / "requests.ndjson").read_text().splitlines()]


def test_records_from_paths(samples):
    records = expected(samples)
    assert list(arenajson.iter_ndjson(samples / "requests.ndjson", lazy=False)) == records
    lazy = list(arenajson.iter_ndjson(str(samples / "requests.ndjson.zst")))
    assert all(isinstance(r, arenajson.Document) for r in lazy)
    assert lazy == records


def test_records_from_files(samples):
    records = expected(samples)
    with open(samples / "requests.ndjson.zst", "rb") as f:
        assert list(arenajson.iter_ndjson(f)) == records
    data = (samples / "requests.ndjson").read_bytes()
    assert list(arenajson.iter_ndjson(io.BytesIO(data), lazy=False)) == records


def test_pointer(samples):
    records = expected(samples)
    paths = list(arenajson.iter_ndjson(samples / "requests.ndjson", pointer="/path"))
    assert paths == [r["path"] for r in records]
    absent = list(arenajson.iter_ndjson(samples / "requests.ndjson", pointer="/nothing/here"))
    assert absent == [None] * len(records)
    with pytest.raises(ValueError):
        arenajson.iter_ndjson(samples / "requests.ndjson", pointer="path")


def test_count_blank_lines_and_crlf(tmp_path):
    path = tmp_path / "r.ndjson"
    path.write_bytes(b'{"a": 1}\r\n\n  \n[2]\r\n3')
    it = arenajson.iter_ndjson(path, lazy=False)
    assert list(it) == [{"a": 1}, [2], 3]
    assert it.count == 0  # finished: the stream is closed


def test_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.ndjson"
    path.write_text('{"a": 1}\n{"a": 2}\n{"a" 3}\n{"a": 4}\n')
    it = arenajson.iter_ndjson(path)
    assert next(it)["a"] == 1 and next(it)["a"] == 2
    with pytest.raises(arenajson.JSONDecodeError) as e:
        next(it)
    assert e.value.lineno == 3 and e.value.code == "expected_colon"
    assert e.value.filename == str(path)
    with pytest.raises(StopIteration):
        next(it)
    path.write_text('{"a":\n1}\n')
    with pytest.raises(arenajson.JSONDecodeError) as e:
        list(arenajson.iter_ndjson(path))
    assert e.value.code == "ndjson_newline_in_record"
    with pytest.raises(FileNotFoundError):
        arenajson.iter_ndjson(tmp_path / "absent.ndjson")


def test_filter_and_threads_wait_for_the_library():
    if not arenajson.has_query:
        with pytest.raises(NotImplementedError, match="jq engine"):
            arenajson.iter_ndjson("x.ndjson", ".a")
    with pytest.raises(NotImplementedError, match="parallel NDJSON"):
        arenajson.iter_ndjson("x.ndjson", threads=2)
