"""Numbers: integers exact at any size, doubles, and numbers kept as their text."""
import json
import math

import arenajson


def test_integers_are_exact_beyond_64_bits():
    for n in (0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2**63, 2**64 - 1, 2**64, -(2**63) - 1,
              10**40, -(10**40)):
        text = str(n)
        assert arenajson.loads(text).root == n, text
        assert arenajson.loads(f"[{text}]", lazy=False) == [n], text
        assert type(arenajson.loads(text).root) is int


def test_the_samples_numbers_match_json(samples):
    text = (samples / "numbers.json").read_text()
    ours = arenajson.loads(text).to_python()
    theirs = json.loads(text)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a == b or (math.isinf(a) and math.isinf(b)), (a, b)
        if isinstance(b, float) or (isinstance(b, int) and b != 0):
            assert type(a) is type(b), (a, b)


def test_minus_zero_is_the_double():
    value = arenajson.loads("-0").root
    assert type(value) is float and math.copysign(1.0, value) == -1.0


def test_doubles_and_kept_texts_round_like_float():
    for text in ("0.1", "1e400", "-1e400", "5e-324", "1e-400", "2.2250738585072014e-308",
                 "3.14159265358979323846264338327950288", "-65.613616999999977",
                 "1.7976931348623157e308", "123456789012345678901234567890.5"):
        assert arenajson.loads(text).root == float(text), text
        assert arenajson.loads(f"[{text}]", lazy=False)[0] == float(text), text


def test_kept_texts_are_written_back_unchanged():
    doc = arenajson.loads("[1e400, 18446744073709551616, -65.613616999999977]")
    assert doc.to_json() == "[1e400,18446744073709551616,-65.613616999999977]"


def test_exact_numbers_off_rounds_at_parse():
    doc = arenajson.loads("[-65.613616999999977]", exact_numbers=False)
    assert doc.to_json() == "[-65.61361699999998]"
    assert doc[0] == -65.613616999999977
