"""Dask reader for NDJSON, plain or zstd-compressed: arenajson.dask.read_ndjson.

    import arenajson.dask
    bag = arenajson.dask.read_ndjson("logs/*.ndjson*")       # a dask.bag of records
    bag.map(lambda r: r["status"]).frequencies().compute()

Plain files are cut into blocks at newlines (local files into byte ranges each worker reads
from the file; others by Dask's own read_bytes); a zstd file (recognised by its magic bytes,
whatever its name) is one partition. Each partition is parsed on a worker
by arenajson, with the GIL released while it parses.
"""
import dask
import dask.bag
from dask.bytes import read_bytes
from dask.utils import parse_bytes
from fsspec.core import get_fs_token_paths

from . import _arenajson

__all__ = ["read_ndjson"]


def _is_zstd(head):
    # A zstd frame, or a skippable frame (0x184D2A50 to 0x184D2A5F), as the library's Source
    # recognises them.
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return True
    return len(head) >= 4 and head[0] & 0xF0 == 0x50 and head[1:4] == b"\x2a\x4d\x18"


def _is_local(fs):
    protocol = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
    return "file" in protocol or "local" in protocol


def _read_block(block, pointer, lazy, name, filter, options):
    return _arenajson._ndjson_records(block, pointer, lazy, name, filter, **options)


def _read_range(path, offset, length, pointer, lazy, filter, options):
    # The lines of a local file that start in [offset, offset + length), read by the library
    # from the file's map: no block of bytes is made in Python.
    return _arenajson._ndjson_records(path, pointer, lazy, path, filter, offset=offset,
                                      length=length, **options)


def _read_file(fs, path, pointer, lazy, filter, options):
    # A local file is streamed from its path; others are fetched whole, then parsed.
    data = path if _is_local(fs) else fs.cat_file(path)
    return _arenajson._ndjson_records(data, pointer, lazy, path, filter, **options)


def read_ndjson(urlpath, filter=None, *, pointer=None, blocksize="128 MiB", lazy=False,
                storage_options=None, **options):
    """A dask.bag of the records of NDJSON files (one JSON value per line).

    urlpath: a path, a folder (its files), a glob ("shards/*.ndjson.zst") or a list of them, on
    any file system fsspec knows (storage_options are passed to it).
    filter: a jq program run on each record in C++, its results (plain Python objects) making
    the bag; a plain path such as ".user.screen_name" is followed on the stream, building only
    the value it reaches. A program that does not compile raises QueryError here.
    pointer: an RFC 6901 JSON Pointer ("/user/screen_name"): the bag holds the value at it in
    each record (None where it leads nowhere), found on the stream: only that value is built.
    blocksize: plain files are cut into blocks of about this size at newlines; None for one
    partition per file. A zstd file is always one partition. Local files are cut into byte
    ranges that the workers read from the files themselves (mapped), a line going to the range
    its first byte is in; files on other file systems are read in blocks by Dask's read_bytes.
    lazy: records as arenajson Documents (each owning its record) instead of plain Python
    objects; they pickle as their JSON text.
    options: parse options as for arenajson.loads (max_depth, max_memory, duplicate_keys, ...).

    Errors in the input raise arenajson.JSONDecodeError when the bag is computed; its line is
    counted from the start of the block.
    """
    if filter is not None and not _arenajson.has_query:
        raise NotImplementedError(
            "read_ndjson(filter=...) needs the library's jq engine (arenajson/query.hpp), "
            "which this build does not have; pointer= follows a JSON Pointer instead")
    # Bad options, a malformed pointer or a program that does not compile fail here, not on a
    # worker.
    _arenajson._ndjson_records(b"", pointer, lazy, "", filter, **options)

    storage_options = dict(storage_options or {})
    fs, _, found = get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options)
    # A folder stands for the files in it (and in its subfolders), in the order of their names.
    paths = []
    for path in found:
        paths.extend(sorted(fs.find(path)) if fs.isdir(path) else [path])
    if not paths:
        raise FileNotFoundError(f"no files match {urlpath!r}")

    zstd = {}
    for path in paths:
        with fs.open(path, "rb") as f:
            zstd[path] = _is_zstd(f.read(4))

    # Local plain files are cut into byte ranges here and read by the workers from the files
    # themselves; a block of bytes made in Python (Dask's read_bytes) costs more than parsing
    # it, on a worker whose allocator gives freed memory back to the system at once.
    if blocksize is not None and not isinstance(blocksize, int):
        blocksize = parse_bytes(blocksize)
    if blocksize is not None and blocksize <= 0:
        raise ValueError("read_ndjson(blocksize=...) must be positive, or None")
    local = _is_local(fs)
    plain = [path for path in paths if not zstd[path] and not local]
    blocks_of = {}
    if plain:
        urls = [fs.unstrip_protocol(path) for path in plain]
        _, blocks, _ = read_bytes(urls, delimiter=b"\n", blocksize=blocksize, sample=False,
                                  compression=None, include_path=True, **storage_options)
        blocks_of = dict(zip(plain, blocks))

    read_block = dask.delayed(_read_block, pure=True)
    read_range = dask.delayed(_read_range, pure=True)
    read_file = dask.delayed(_read_file, pure=True)
    parts = []
    for path in paths:
        if zstd[path] or (local and blocksize is None):
            parts.append(read_file(fs, path, pointer, lazy, filter, options))
        elif local:
            size = fs.size(path)
            parts.extend(read_range(path, offset, min(blocksize, size - offset), pointer, lazy,
                                    filter, options)
                         for offset in range(0, max(size, 1), blocksize))
        else:
            parts.extend(read_block(block, pointer, lazy, path, filter, options)
                         for block in blocks_of[path])
    return dask.bag.from_delayed(parts)
