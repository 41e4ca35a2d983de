"""arenajson: JSON parsed in C++ into an arena, read lazily from Python.

    import arenajson
    doc = arenajson.loads(text)                 # or arenajson.load("data.json.zst")
    doc["statuses"][0]["user"]["id"]            # views until a scalar is read
    doc.to_python()                             # plain dicts and lists, like json.loads
    doc.query(".statuses[] | .user.name")       # a jq program, run in C++: a list of results

A Document owns the parsed document; its Objects and Arrays are views that keep it alive.
Errors in the input raise JSONDecodeError, a json.JSONDecodeError; jq programs that fail,
QueryError (a ValueError). The Dask reader is
arenajson.dask.read_ndjson (import arenajson.dask; it needs dask).
"""
import collections.abc as _abc
import json as _json

from . import _arenajson
from ._arenajson import (
    Array,
    Document,
    NdjsonIterator,
    Object,
    __version__,
    has_query,
    iter_ndjson,
    load,
    loads,
    reader_kernel,
)

__all__ = [
    "Array",
    "Document",
    "JSONDecodeError",
    "NdjsonIterator",
    "Object",
    "QueryError",
    "has_query",
    "iter_ndjson",
    "load",
    "loads",
    "query",
    "reader_kernel",
]


class JSONDecodeError(_json.JSONDecodeError):
    """Invalid JSON, or an exceeded limit (the message names the keyword that raises it).

    Like json.JSONDecodeError: msg, doc (the str or bytes parsed; None for files), pos (in
    characters for a str, else in bytes), lineno and colno (1-based; 0 when the error has no
    place, such as a corrupt zstd stream). Also: offset (bytes from the start of the text,
    after decompression), code (the library's error name, such as "expected_colon") and
    filename (None for text in memory).
    """

    def __init__(self, msg, doc, pos, lineno, colno, *, offset=None, code=None, filename=None):
        where = f"line {lineno} column {colno} (char {pos})" if lineno else f"byte {pos}"
        text = f"{msg}: {where}"
        if filename:
            text = f"{filename}: {text}"
        ValueError.__init__(self, text)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno
        self.offset = pos if offset is None else offset
        self.code = code
        self.filename = filename

    def __reduce__(self):
        return _rebuild_error, (self.msg, self.doc, self.pos, self.lineno, self.colno,
                                self.offset, self.code, self.filename)


def _rebuild_error(msg, doc, pos, lineno, colno, offset, code, filename):
    return JSONDecodeError(msg, doc, pos, lineno, colno, offset=offset, code=code,
                           filename=filename)


_arenajson._set_decode_error_class(JSONDecodeError)


def _document_from_json(text):
    """Unpickles a Document from its JSON text."""
    return loads(text)


def _root_from_json(text):
    """Unpickles an Object or Array view from its JSON text (the root of a new Document)."""
    return loads(text).root

# Views behave as read-only mappings and sequences for isinstance checks.
_abc.Mapping.register(Object)
_abc.Sequence.register(Array)

if has_query:
    from ._arenajson import QueryError, query  # noqa: F401

    def _query_method(self, filter):
        """Runs the jq program `filter` on this value and returns the list of its results, as
        plain Python objects (arenajson.query(filter, self)). Raises QueryError."""
        return query(filter, self)

    for _cls in (Document, Object, Array):
        _cls.query = _query_method
    del _cls
else:

    class QueryError(ValueError):
        """A jq program that does not compile or fails (never raised by this build)."""

    def query(filter, source, **options):
        """Runs a jq program on a Document, a view, or JSON text, returning its results.

        Needs the library's jq engine (arenajson/query.hpp); this build does not have it, so
        this raises NotImplementedError. Document.query(filter) is its method form.
        """
        raise NotImplementedError(
            "arenajson.query needs the library's jq engine (arenajson/query.hpp), "
            "which this build does not have")
