"""Documents and their lazy views: lookups, iteration, equality, conversion."""
import collections.abc
import json
import pickle

import pytest

import arenajson

TEXT = '{"id": 7, "name": "Ada", "tags": ["x", "y", "z"], "nested": {"a": [1, {"b": null}]},' \
       ' "ok": true, "no": false, "pi": 3.5, "empty": {}, "none": []}'


@pytest.fixture
def doc():
    return arenajson.loads(TEXT)


def test_loads_returns_a_document_of_lazy_views(doc):
    assert isinstance(doc, arenajson.Document)
    assert isinstance(doc.root, arenajson.Object)
    assert isinstance(doc["tags"], arenajson.Array)
    assert isinstance(doc["nested"], arenajson.Object)
    assert doc["id"] == 7 and type(doc["id"]) is int
    assert doc["name"] == "Ada" and type(doc["name"]) is str
    assert doc["ok"] is True and doc["no"] is False
    assert doc["pi"] == 3.5 and type(doc["pi"]) is float
    assert doc["nested"]["a"][1]["b"] is None


def test_objects_behave_as_read_only_mappings(doc):
    obj = doc["nested"]
    assert isinstance(obj, collections.abc.Mapping)
    assert len(doc) == 9
    assert list(doc) == ["id", "name", "tags", "nested", "ok", "no", "pi", "empty", "none"]
    assert doc.keys() == list(doc)
    assert [v for v in doc.values()][:2] == [7, "Ada"]
    assert doc.items()[1] == ("name", "Ada")
    assert "name" in doc and "missing" not in doc and 3 not in doc
    assert doc.get("name") == "Ada"
    assert doc.get("missing") is None
    assert doc.get("missing", 42) == 42
    with pytest.raises(KeyError):
        doc["missing"]
    with pytest.raises(KeyError):
        doc[0]
    assert len(doc["empty"]) == 0 and list(doc["empty"]) == []


def test_arrays_behave_as_read_only_sequences(doc):
    tags = doc["tags"]
    assert isinstance(tags, collections.abc.Sequence)
    assert len(tags) == 3
    assert tags[0] == "x" and tags[-1] == "z" and tags[-3] == "x"
    assert list(tags) == ["x", "y", "z"]
    assert tags[1:] == ["y", "z"] and tags[::-1] == ["z", "y", "x"] and tags[5:] == []
    assert "y" in tags and "w" not in tags
    with pytest.raises(IndexError):
        tags[3]
    with pytest.raises(IndexError):
        tags[-4]
    with pytest.raises(TypeError):
        tags["x"]
    with pytest.raises(TypeError):
        tags.keys()
    assert list(reversed(doc["nested"]["a"]))[1] == 1


def test_scalar_roots():
    assert arenajson.loads("42").root == 42
    assert arenajson.loads('"s"').root == "s"
    assert arenajson.loads("null").root is None
    doc = arenajson.loads("1.5")
    with pytest.raises(TypeError):
        doc["a"]
    with pytest.raises(TypeError):
        len(doc)
    with pytest.raises(TypeError):
        iter(doc)
    assert doc.to_python() == 1.5
    assert doc.type == "number"


def test_at_pointer(doc):
    assert doc.at_pointer("/nested/a/1/b") is None
    assert doc.at_pointer("/tags/2") == "z"
    assert doc.at_pointer("") == doc
    assert doc["nested"].at_pointer("/a/0") == 1
    with pytest.raises(KeyError):
        doc.at_pointer("/missing")
    with pytest.raises(IndexError):
        doc.at_pointer("/tags/9")
    with pytest.raises(TypeError):
        doc.at_pointer("/id/x")
    with pytest.raises(ValueError):
        doc.at_pointer("no-slash")
    assert doc.at_pointer("/missing", None) is None
    assert doc.at_pointer("/tags/9", "d") == "d"
    escaped = arenajson.loads('{"a/b": {"~": 1}}')
    assert escaped.at_pointer("/a~1b/~0") == 1


def test_equality(doc):
    assert doc == json.loads(TEXT)
    assert doc.root == json.loads(TEXT)
    assert doc["tags"] == ["x", "y", "z"]
    assert doc["tags"] != ["x", "y"]
    assert doc == arenajson.loads(TEXT)
    assert doc["nested"] == arenajson.loads('{"a": [1.0, {"b": null}]}')  # numbers by value
    assert doc["nested"] != arenajson.loads('{"a": [2, {"b": null}]}')
    assert doc["tags"] != "xyz"
    with pytest.raises(TypeError):
        hash(doc["tags"])


def test_to_python_and_to_json(doc):
    assert doc.to_python() == json.loads(TEXT)
    assert doc["tags"].to_python() == ["x", "y", "z"]
    assert json.loads(doc.to_json()) == json.loads(TEXT)
    assert doc["nested"].to_json() == '{"a":[1,{"b":null}]}'
    assert doc["nested"].to_json(indent=2) == '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}'
    assert arenajson.loads('"é"').to_json(ensure_ascii=True) == '"\\u00e9"'
    assert arenajson.loads('"é"').to_json() == '"é"'


def test_types_and_repr(doc):
    assert doc.type == "object"
    assert doc["tags"].type == "array"
    assert repr(doc["tags"]) == '<arenajson.Array ["x","y","z"]>'
    long = arenajson.loads(json.dumps(list(range(1000))))
    assert repr(long).startswith("<arenajson.Document [0,1,2,") and repr(long).endswith("...>")
    assert len(repr(long)) < 100


def test_lazy_false_gives_plain_objects(samples):
    text = (samples / "people.json").read_text()
    assert arenajson.loads(text, lazy=False) == json.loads(text)
    assert type(arenajson.loads(text, lazy=False)) is list
    assert arenajson.loads("[]", lazy=False) == []
    assert arenajson.loads('"x"', lazy=False) == "x"


def test_inputs_of_every_kind(samples):
    text = (samples / "config.json").read_text()
    expected = json.loads(text)
    data = text.encode()
    assert arenajson.loads(text) == expected
    assert arenajson.loads(data) == expected
    assert arenajson.loads(bytearray(data)) == expected
    assert arenajson.loads(memoryview(data)) == expected
    with pytest.raises(TypeError):
        arenajson.loads(12)
    # zstd is recognised by its magic bytes, in memory too.
    compressed = (samples / "people.json.zst").read_bytes()
    assert arenajson.loads(compressed) == json.loads((samples / "people.json").read_text())


def test_strings_are_decoded():
    doc = arenajson.loads(r'["\u00e9\ud83d\ude00", "\n\t\"\\", "\u0000", "日本"]')
    assert doc.to_python() == ["é😀", "\n\t\"\\", "\x00", "日本"]
    assert list(arenajson.loads('{"ключ": 1}')) == ["ключ"]
    assert arenajson.loads('{"ключ": 1}')["ключ"] == 1


def test_duplicate_keys_keep_the_first_for_lookups():
    doc = arenajson.loads('{"a": 1, "b": 2, "a": 3}')
    assert doc["a"] == 1
    assert len(doc) == 3 and doc.keys() == ["a", "b", "a"]
    assert doc.items() == [("a", 1), ("b", 2), ("a", 3)]
    assert doc.to_python() == {"a": 1, "b": 2}
    assert list(doc.to_python()) == ["a", "b"]
    assert arenajson.loads('{"a": 1, "b": 2, "a": 3}', lazy=False) == {"a": 1, "b": 2}
    with pytest.raises(arenajson.JSONDecodeError) as e:
        arenajson.loads('{"a": 1, "a": 3}', duplicate_keys="reject")
    assert e.value.code == "duplicate_key"


def test_pickle_round_trip(doc):
    for value in (doc, doc["nested"], doc["tags"]):
        back = pickle.loads(pickle.dumps(value))
        assert type(back) is type(value)
        assert back == value


def test_views_are_registered_abcs():
    assert issubclass(arenajson.Object, collections.abc.Mapping)
    assert issubclass(arenajson.Array, collections.abc.Sequence)
