"""The JSON report's writer (`grader.presentation.report.json_text`) against the standard library's:
the same text as `json.dumps(value, ensure_ascii=False, indent=2)`, character for character,
except that DEL, C1 and bidi controls inside strings are escaped."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.presentation.report import json_text

_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def standard(value) -> str:
    """What the JSON report was before: json.dumps, then the raw controls escaped in the whole text."""
    return _RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False, indent=2))


class Text(str):
    pass


class Count(int):
    pass


SAMPLES = [
    {},
    [],
    {"a": [], "b": {}, "c": [[]], "d": [{}]},
    {"values": [[1.5, -0.0, 1e-300, 1e300, 2.0], [math.nan, math.inf, -math.inf, 3, None]]},
    {"trajectory": {"reference": [[0.1, 0.2], [None, 1.0]], "student": []}},
    {"name": "naïve 中文 \"quoted\" back\\slash \n tab\t \x00 \x1f", "bidi": "\u202eevil\u202c", "del": "a\x7fb\x85c"},
    {3: "int key", 2.5: "float key", True: "bool key", None: "none key", "": "empty"},
    [True, False, None, 0, -7, 10**30, "x"],
    (1, (2, 3), [4, (5,)]),
    {"subclasses": [Text("text"), Count(5), {Text("k"): Count(6)}]},
    {"nested": {"deeper": {"deepest": [[[1.0]]]}}},
]


@pytest.mark.parametrize("value", SAMPLES)
def test_json_text_writes_what_json_dumps_writes(value):
    assert json_text(value) == standard(value)


def test_json_text_refuses_what_json_refuses():
    with pytest.raises(TypeError):
        json_text({"x": object()})
    with pytest.raises(TypeError):
        json_text({(1, 2): "tuple key"})


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.text(max_size=6), children, max_size=5)),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(_values)
def test_json_text_matches_json_dumps_on_any_plain_value(value):
    assert json_text(value) == standard(value)
