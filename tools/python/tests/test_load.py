"""arenajson.load: paths and file objects, plain and zstd."""
import io
import json
import pathlib

import arenajson


def test_paths_of_every_kind(samples):
    path = samples / "people.json"
    expected = json.loads(path.read_text())
    assert arenajson.load(path) == expected
    assert arenajson.load(str(path)) == expected
    assert arenajson.load(bytes(path)) == expected
    assert arenajson.load(path, lazy=False) == expected


def test_zstd_by_magic_bytes(samples, tmp_path):
    expected = json.loads((samples / "people.json").read_text())
    assert arenajson.load(samples / "people.json.zst") == expected
    renamed = tmp_path / "people.data"
    renamed.write_bytes((samples / "people.json.zst").read_bytes())
    assert arenajson.load(renamed, lazy=False) == expected


def test_binary_files_from_their_position(samples, tmp_path):
    path = tmp_path / "two.txt"
    path.write_bytes(b"HEADER\n" + (samples / "config.json").read_bytes())
    expected = json.loads((samples / "config.json").read_text())
    with open(path, "rb") as f:
        assert f.readline() == b"HEADER\n"  # the buffered reader has read ahead
        assert arenajson.load(f) == expected
        assert f.read() == b""  # left at the end, as json.load leaves it
    with open(path, "rb", buffering=0) as f:
        f.seek(7)
        assert arenajson.load(f, lazy=False) == expected


def test_other_file_objects(samples):
    text = (samples / "config.json").read_text()
    assert arenajson.load(io.BytesIO(text.encode())) == json.loads(text)
    assert arenajson.load(io.StringIO(text)) == json.loads(text)
    with open(samples / "config.json", encoding="utf-8") as f:
        assert arenajson.load(f) == json.loads(text)
    with open(samples / "people.json.zst", "rb") as f:
        assert arenajson.load(io.BytesIO(f.read())) == \
            json.loads((samples / "people.json").read_text())


def test_large_file_read_ahead(corpus, tmp_path):
    # Files of 8 MiB and more are read on a second thread: the same document.
    statuses = json.loads((corpus / "twitter.json").read_text())["statuses"]
    big = tmp_path / "big.json"
    with open(big, "w") as f:
        json.dump({"statuses": statuses * 40}, f)
    assert pathlib.Path(big).stat().st_size > 8 << 20
    doc = arenajson.load(big)
    assert len(doc["statuses"]) == len(statuses) * 40
    assert doc["statuses"][-1] == statuses[-1]
