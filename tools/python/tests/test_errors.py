"""Errors: arenajson.JSONDecodeError for bad input and limits, OSError for files."""
import json
import pickle

import pytest

import arenajson


def decode_error(text, **options):
    with pytest.raises(arenajson.JSONDecodeError) as e:
        arenajson.loads(text, **options)
    return e.value


def test_is_a_json_decode_error():
    assert issubclass(arenajson.JSONDecodeError, json.JSONDecodeError)
    assert issubclass(arenajson.JSONDecodeError, ValueError)
    with pytest.raises(json.JSONDecodeError):
        arenajson.loads("[1,]")


def test_message_position_line_and_column():
    e = decode_error('{\n  "a": 1,\n  "b" 2\n}')
    assert e.msg == "expected ':' after an object key"
    assert e.code == "expected_colon"
    assert (e.lineno, e.colno) == (3, 7)
    assert e.pos == 18 and e.offset == 18
    assert e.doc == '{\n  "a": 1,\n  "b" 2\n}'
    assert str(e) == "expected ':' after an object key: line 3 column 7 (char 18)"
    assert e.filename is None


def test_positions_count_characters_in_a_str_and_bytes_in_bytes():
    text = '["é日本", x]'
    e = decode_error(text)
    assert text[e.pos] == "x"
    assert e.colno == e.pos + 1
    assert e.offset == len('["é日本", '.encode())
    b = decode_error(text.encode())
    assert b.pos == b.offset == len('["é日本", '.encode())
    assert b.colno == b.pos + 1
    assert b.doc == text.encode()


def test_end_of_input():
    e = decode_error('{"a": [1, 2')
    assert e.msg.startswith("unexpected end of input: ")
    assert e.pos == len('{"a": [1, 2')
    assert decode_error("").code == "empty_input"


def test_limits_name_their_keyword():
    e = decode_error("[[[1]]]", max_depth=2)
    assert e.code == "depth_limit"
    assert "max_depth" in e.msg
    e = decode_error("[" + "1," * 100000 + "1]", max_memory=4096)
    assert e.code == "memory_limit" and "max_memory" in e.msg
    assert arenajson.loads("[[[1]]]", max_depth=3)[0][0][0] == 1


def test_policies():
    assert decode_error('\ufeff{}').code == "byte_order_mark"
    assert arenajson.loads('\ufeff{"a": 1}', allow_bom=True)["a"] == 1
    assert decode_error(r'["\ud800"]').code == "lone_surrogate"
    assert arenajson.loads(r'["\ud800"]', replace_lone_surrogates=True)[0] == "\ufffd"
    assert decode_error(b'["\xff"]').code == "invalid_utf8"


def test_bad_options():
    with pytest.raises(TypeError, match="unexpected keyword argument 'max_dpeth'"):
        arenajson.loads("1", max_dpeth=3)
    with pytest.raises(TypeError):
        arenajson.loads("1", max_depth="3")
    with pytest.raises(ValueError):
        arenajson.loads("1", max_depth=0)
    with pytest.raises(ValueError):
        arenajson.loads("1", duplicate_keys="first")
    with pytest.raises(TypeError):
        arenajson.loads("1", allow_bom=1)


def test_files(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        arenajson.load(tmp_path / "absent.json")
    assert e.value.filename == str(tmp_path / "absent.json")
    with pytest.raises(IsADirectoryError):
        arenajson.load(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"a":\n  1 2}')
    with pytest.raises(arenajson.JSONDecodeError) as e:
        arenajson.load(bad)
    assert (e.value.lineno, e.value.colno) == (2, 5)
    assert e.value.filename == str(bad)
    assert e.value.doc is None
    assert str(e.value).startswith(f"{bad}: ")


def test_zstd_errors(samples):
    compressed = (samples / "people.json.zst").read_bytes()
    e = decode_error(compressed[: len(compressed) // 2])
    assert e.code in ("zstd_truncated", "zstd_corrupt")
    assert e.lineno == 0
    assert decode_error(compressed, max_input=100).code == "input_limit"


def test_errors_pickle():
    e = decode_error("[1,]")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is arenajson.JSONDecodeError
    assert (back.msg, back.pos, back.lineno, back.colno, back.code) == \
        (e.msg, e.pos, e.lineno, e.colno, e.code)
