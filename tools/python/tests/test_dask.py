"""arenajson.dask.read_ndjson on a real distributed.LocalCluster (2 worker processes), over
plain and zstd NDJSON shards; the results are checked against jq's on the same files."""
import json
import logging
import shutil
import subprocess

import pytest

dask = pytest.importorskip("dask", reason="dask is not installed (python3-dask)")
distributed = pytest.importorskip("distributed", reason="distributed is not installed "
                                  "(python3-distributed)")

import arenajson  # noqa: E402
import arenajson.dask  # noqa: E402
from conftest import shared_corpus  # noqa: E402

ZSTD = shutil.which("zstd")
JQ = shutil.which("jq")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def source_records():
    """Records with nesting, big integers and non-ASCII text, and the pointer into them."""
    corpus = shared_corpus()
    if corpus is not None:
        statuses = json.loads((corpus / "twitter.json").read_text())["statuses"]
        return statuses, "/user/screen_name", ".user.screen_name"
    from conftest import SAMPLES

    people = json.loads((SAMPLES / "people.json").read_text())
    return people * 3, "/address/city", ".address.city"


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """Five shards in one folder: three plain (one with CRLF and blank lines), two zstd (one
    named without .zst: recognised by its magic bytes). Returns (folder, records in order,
    pointer, jq filter)."""
    if ZSTD is None:
        pytest.skip("zstd is not installed")
    records, pointer, jq_filter = source_records()
    folder = tmp_path_factory.mktemp("shards")
    per = -(-len(records) // 5)
    for i in range(5):
        part = records[i * per:(i + 1) * per]
        lines = [json.dumps(r, ensure_ascii=False) for r in part]
        text = ("\r\n\n".join(lines) if i == 1 else "\n".join(lines)) + "\n"
        name = folder / f"part-{i}.ndjson"
        name.write_text(text, encoding="utf-8")
        if i >= 3:
            subprocess.run([ZSTD, "-q", "--rm", "-o", f"{name}.zst" if i == 3 else f"{name}.z",
                            str(name)], check=True)
    return folder, records, pointer, jq_filter


def plain_text(folder):
    """Every shard's text in the order of their names, decompressed."""
    out = []
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        if data[:4] == b"\x28\xb5\x2f\xfd":
            data = subprocess.run([ZSTD, "-dc", str(path)], check=True, capture_output=True).stdout
        out.append(data)
    return b"".join(out)


def jq(program, data):
    if JQ is None:
        pytest.skip("jq is not installed")
    done = subprocess.run([JQ, "-c", program], input=data, check=True, capture_output=True)
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


def test_records_equal_the_shards(client, shards):
    folder, records, _, _ = shards
    bag = arenajson.dask.read_ndjson(str(folder / "part-*"), blocksize="16 KiB")
    # Plain files cut at newlines into several blocks; one partition per zstd file.
    assert bag.npartitions > 5
    assert bag.compute() == records


def test_pointer_equals_jq(client, shards):
    folder, records, pointer, jq_filter = shards
    bag = arenajson.dask.read_ndjson(str(folder / "part-*"), pointer=pointer, blocksize="16 KiB")
    found = bag.compute()
    assert found == jq(jq_filter, plain_text(folder))
    assert bag.count().compute() == len(records)
    assert bag.frequencies().compute(), "frequencies over the values"


def test_filter_equals_jq(client, shards):
    folder, records, _, jq_filter = shards
    text = plain_text(folder)
    # A plain path, followed on the stream.
    bag = arenajson.dask.read_ndjson(str(folder / "part-*"), jq_filter, blocksize="16 KiB")
    assert bag.compute() == jq(jq_filter, text)
    assert bag.count().compute() == len(records)
    # A program with several results per record, and none for others.
    program = "select(.id % 3 == 0) | .id, (.entities | keys | length)" if shared_corpus() \
        else "select(.id % 3 == 0) | .id, (.tags | length)"
    bag = arenajson.dask.read_ndjson(str(folder / "part-*"), program, blocksize="16 KiB")
    assert bag.compute() == jq(program, text)


def test_lazy_records_travel_between_processes(client, shards):
    folder, records, pointer, jq_filter = shards
    bag = arenajson.dask.read_ndjson(sorted(str(p) for p in folder.iterdir()), lazy=True)
    names = bag.map(lambda r: r.at_pointer(pointer, None)).compute()
    assert names == jq(jq_filter, plain_text(folder))
    first = bag.take(1)[0]
    assert isinstance(first, arenajson.Document) and first == records[0]


def test_count_equals_jq(client, shards):
    folder, _, _, _ = shards
    bag = arenajson.dask.read_ndjson(str(folder), blocksize=None)
    assert bag.npartitions == 5
    assert bag.count().compute() == len(jq(".", plain_text(folder)))


def test_to_dataframe_of_flat_records(client, samples, tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas is not installed (python3-pandas)")
    (tmp_path / "a.ndjson").write_bytes((samples / "requests.ndjson").read_bytes())
    (tmp_path / "b.ndjson.zst").write_bytes((samples / "requests.ndjson.zst").read_bytes())
    meta = {"ts": str, "method": str, "path": str, "status": int, "bytes": int, "ms": float,
            "ua": str}
    frame = arenajson.dask.read_ndjson(str(tmp_path / "*"), blocksize="8 KiB").to_dataframe(
        meta=pd.DataFrame({k: pd.Series(dtype=v) for k, v in meta.items()}))
    counts = frame.groupby("status")["bytes"].sum().compute().to_dict()
    both = (samples / "requests.ndjson").read_bytes() * 2
    expected = {}
    for r in jq(".", both):
        expected[r["status"]] = expected.get(r["status"], 0) + r["bytes"]
    assert counts == expected
    assert len(frame) == 2 * len(jq(".", (samples / "requests.ndjson").read_bytes()))


def test_errors_reach_the_client(client, tmp_path):
    (tmp_path / "good.ndjson").write_text('{"a": 1}\n')
    (tmp_path / "bad.ndjson").write_text('{"a": 1}\n{"a": }\n')
    with pytest.raises(arenajson.JSONDecodeError) as e:
        arenajson.dask.read_ndjson(str(tmp_path / "*.ndjson")).compute()
    assert e.value.code == "expected_value" and e.value.lineno == 2
    assert e.value.filename.endswith("bad.ndjson")


def test_arguments_are_checked_on_the_client(tmp_path):
    (tmp_path / "a.ndjson").write_text("1\n")
    with pytest.raises(TypeError):
        arenajson.dask.read_ndjson(str(tmp_path / "a.ndjson"), max_dpeth=3)
    with pytest.raises(ValueError):
        arenajson.dask.read_ndjson(str(tmp_path / "a.ndjson"), pointer="a")
    with pytest.raises(FileNotFoundError):
        arenajson.dask.read_ndjson(str(tmp_path / "none-*.ndjson"))
    if arenajson.has_query:
        with pytest.raises(arenajson.QueryError):
            arenajson.dask.read_ndjson(str(tmp_path / "a.ndjson"), ".a[")
        with pytest.raises(TypeError):
            arenajson.dask.read_ndjson(str(tmp_path / "a.ndjson"), ".a", pointer="/a")
    else:
        with pytest.raises(NotImplementedError, match="jq engine"):
            arenajson.dask.read_ndjson(str(tmp_path / "a.ndjson"), ".a")
