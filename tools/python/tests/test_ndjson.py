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


def many_records(tmp_path, n=8000):
    """Over 4 MB: several of the parallel reader's 1 MiB blocks."""
    records = [{"i": i, "big": 2**70 + i, "s": "é" * (i % 7) + "x" * 500,
                "nested": {"k": [i, None]}} for i in range(n)]
    path = tmp_path / "many.ndjson"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return path, records


@pytest.mark.parametrize("threads", [0, 1, 3])
def test_threads_keep_the_input_order(tmp_path, threads):
    path, records = many_records(tmp_path)
    assert list(arenajson.iter_ndjson(path, threads=threads, lazy=False)) == records
    views = list(arenajson.iter_ndjson(path, threads=threads, pointer="/nested"))
    assert views == [r["nested"] for r in records]
    ints = list(arenajson.iter_ndjson(path, threads=threads, pointer="/big"))
    assert ints == [r["big"] for r in records]
    assert list(arenajson.iter_ndjson(path, threads=threads, pointer="/no")) == [None] * len(records)


def test_threads_from_zstd_and_files(samples):
    records = expected(samples)
    assert list(arenajson.iter_ndjson(samples / "requests.ndjson.zst", threads=2)) == records
    with open(samples / "requests.ndjson", "rb") as f:
        assert list(arenajson.iter_ndjson(f, threads=2, lazy=False)) == records
    data = (samples / "requests.ndjson").read_bytes()
    assert list(arenajson.iter_ndjson(io.BytesIO(data), threads=2)) == records


def test_threads_report_the_first_error_with_its_line(tmp_path):
    path, records = many_records(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5000] = '{"i": }'
    lines[7000] = '{"i" 1}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    it = arenajson.iter_ndjson(path, threads=2, lazy=False)
    got = []
    with pytest.raises(arenajson.JSONDecodeError) as e:
        for r in it:
            got.append(r)
    assert got == records[:5000]
    assert e.value.lineno == 5001 and e.value.code == "expected_value"
    with pytest.raises(ValueError):
        arenajson.iter_ndjson(path, threads=-1)


def test_threads_stop_when_the_iterator_is_dropped(tmp_path):
    path, records = many_records(tmp_path)
    it = arenajson.iter_ndjson(path, threads=2, lazy=False)
    assert next(it) == records[0] and next(it) == records[1]
    del it  # joins the reading thread, which stops at its blocks in flight
    assert [r["i"] for r in arenajson.iter_ndjson(path, threads=2, pointer="")][:3] == [0, 1, 2]


def ranges_of(path, size, blocksize, **kwargs):
    """Every range's records, range by range, as arenajson.dask reads a local file."""
    return [arenajson._arenajson._ndjson_records(str(path), offset=offset, length=blocksize,
                                                 **kwargs)
            for offset in range(0, max(size, 1), blocksize)]


def test_byte_ranges_give_each_line_once(tmp_path):
    # Lines of many lengths: one longer than most blocks, blank lines, CRLF, no final newline.
    lines = [json.dumps({"i": i, "pad": "x" * (i * 7 % 50)}) for i in range(40)]
    lines[17] = json.dumps({"i": 17, "pad": "y" * 300})
    text = "\n".join(lines[:20]) + "\n\n\r\n" + "\r\n".join(lines[20:])
    path = tmp_path / "lines.ndjson"
    path.write_text(text)
    expected = [json.loads(line) for line in lines]
    for blocksize in list(range(1, 70)) + [97, 301, 1000, len(text) - 1, len(text), 10**6]:
        parts = ranges_of(path, len(text), blocksize)
        assert [r for part in parts for r in part] == expected, blocksize
    # A range past the end is empty; a pointer and a filter work on ranges too.
    assert arenajson._arenajson._ndjson_records(str(path), offset=len(text) + 5, length=10) == []
    half = len(text) // 2
    names = ranges_of(path, len(text), half, pointer="/i")
    assert [n for part in names for n in part] == list(range(40))
    if arenajson.has_query:
        ids = ranges_of(path, len(text), half, filter="select(.i % 10 == 0) | .i")
        assert [n for part in ids for n in part] == [0, 10, 20, 30]


def test_byte_ranges_report_errors_and_bad_arguments(tmp_path, samples):
    path = tmp_path / "bad.ndjson"
    path.write_text('{"a": 1}\n{"a": 2}\n{"a": }\n')
    records = arenajson._arenajson._ndjson_records
    assert records(str(path), offset=0, length=9) == [{"a": 1}]
    with pytest.raises(arenajson.JSONDecodeError) as e:
        records(str(path), offset=9, length=100, name=str(path))
    # Lines are counted from the start of the range, as for a block of bytes.
    assert e.value.code == "expected_value" and e.value.lineno == 2
    with pytest.raises(TypeError):
        records(str(path), offset=0)
    with pytest.raises(TypeError):
        records(b'{"a": 1}\n', offset=0, length=5)
    with pytest.raises(ValueError):
        records(str(path), offset=-1, length=5)
    with pytest.raises(ValueError, match="plain regular file"):
        records(str(samples / "requests.ndjson.zst"), offset=0, length=100)
