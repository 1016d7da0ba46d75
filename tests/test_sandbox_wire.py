"""The parent's side of the wire: everything a child sends is checked before it is believed (no child here)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grader.sandbox import MISSING, CallOutcome, Opaque, Ref
from grader.sandbox.wire import InputBlob, ProtocolError, RecordReader, ValueDecoder, refs_in

TOKEN = "t0k"


def reader(**caps) -> RecordReader:
    return RecordReader(TOKEN, max_header=caps.get("max_header", 1000), max_payload=caps.get("max_payload", 1000),
                        max_total=caps.get("max_total", 10_000))


def line(record: dict) -> bytes:
    return (json.dumps({**record, "tok": record.get("tok", TOKEN)}) + "\n").encode()


def test_records_are_cut_at_any_boundary_and_payloads_follow_their_header():
    data = line({"k": "ready"}) + line({"k": "done", "s": 0, "n": 4}) + b"\x01\x02\x03\x04" + line({"k": "bye"})
    r = reader()
    got = []
    for i in range(len(data)):  # one byte at a time
        got.extend(r.feed(data[i : i + 1]))
    assert [rec["k"] for rec, _ in got] == ["ready", "done", "bye"]
    assert got[1][1] == b"\x01\x02\x03\x04"


@pytest.mark.parametrize(
    "data",
    [
        b"not json\n",
        line({"k": "ready", "tok": "guessed"}),
        line({"k": "exec"}),
        b"[1, 2]\n",
        line({"k": "done", "n": -1}),
        line({"k": "done", "n": 10**9}),
        line({"k": "done", "n": 1.5}),
        b"x" * 30_000,  # a header that never ends
        b"[" * 5000 + b"]" * 5000 + b"\n",
    ],
)
def test_malformed_records_are_refused(data):
    with pytest.raises(ProtocolError):
        list(reader(max_header=20_000).feed(data))


def test_good_records_before_a_bad_one_are_still_delivered():
    r = reader()
    records = r.feed(line({"k": "ready"}) + b"garbage\n")
    assert next(records)[0]["k"] == "ready"
    with pytest.raises(ProtocolError):
        next(records)


def test_a_run_cannot_send_more_than_its_budget():
    r = reader(max_total=100)
    with pytest.raises(ProtocolError):
        list(r.feed(b" " * 101))


def decode(node, payload=b""):
    return ValueDecoder(payload).decode(node)


def test_value_trees_decode_to_plain_data_with_the_students_types():
    payload = np.arange(6, dtype="<i8").tobytes() + np.array([True, False]).tobytes()
    node = {
        "t": [
            {"a": ["<i8", [2, 3], 0, 48], "y": "numpy.matrix"},
            {"d": [["W1", {"a": ["|b1", [2], 48, 2]}], ["x", {"v": 1.5, "y": "numpy.float32"}]]},
            {"o": "backprop.Cache"},
            {"o": "<missing>"},
            {"l": [1, "s", None, True, float("nan")]},
        ]
    }
    value, types = decode(node, payload)
    matrix, grads, cache, missing, items = value
    assert type(matrix) is np.ndarray and matrix.dtype == np.float64 and matrix.shape == (2, 3)
    assert grads["W1"].dtype == np.bool_ and grads["x"] == 1.5
    assert cache == Opaque("backprop.Cache") and missing is MISSING
    assert items[:4] == [1, "s", None, True] and np.isnan(items[4])
    assert types[()] == "tuple" and types[(0,)] == "numpy.matrix" and types[(1, "x")] == "numpy.float32"
    outcome = CallOutcome("c", "ok", value=value, types=types, type_name="tuple")
    assert outcome.type_at(0) == "numpy.matrix" and outcome.type_at(1, "W1") == "numpy.ndarray"
    assert CallOutcome("c", "ok", value=[np.zeros(2)]).type_at(0) == "numpy.ndarray"  # a hand-made outcome


@pytest.mark.parametrize(
    "node, payload",
    [
        ({"a": ["<f8", [2], 0, 16]}, b"\x00" * 8),  # payload too short
        ({"a": ["<f8", [3], 0, 16]}, b"\x00" * 16),  # shape does not match size
        ({"a": ["|O", [1], 0, 8]}, b"\x00" * 8),  # object dtype: never
        ({"a": [">f8", [1], 0, 8]}, b"\x00" * 8),  # not on the allow-list
        ({"a": ["<f8", [1], -8, 8]}, b"\x00" * 16),
        ({"a": ["<f8", [1.0], 0, 8]}, b"\x00" * 8),
        ({"a": ["<f8", [1] * 40, 0, 8]}, b"\x00" * 8),
        ({"x": 1}, b""),
        ({"l": [1], "t": [2]}, b""),
        ({"d": [[1, 2]]}, b""),
        ({"o": ""}, b""),
        ({"o": "a\nb"}, b""),
        ({"v": [1]}, b""),
        ([1, 2], b""),
    ],
)
def test_malformed_values_are_refused(node, payload):
    with pytest.raises(ProtocolError):
        decode(node, payload)


def test_deep_or_huge_value_trees_are_refused():
    deep: dict = {"l": []}
    for _ in range(100):
        deep = {"l": [deep]}
    with pytest.raises(ProtocolError):
        decode(deep)
    with pytest.raises(ProtocolError):
        decode({"l": [0] * (ValueDecoder.MAX_NODES + 1)})


def test_inputs_are_encoded_into_one_aligned_blob_and_refs_are_found():
    blob = InputBlob()
    nodes = blob.encode((np.ones((2, 2)), {"k": [np.int64(3), Ref("a", 1)]}, None))
    first, second, _ = nodes["t"]
    dtype, shape, offset, nbytes = first["a"]
    assert (dtype, shape, offset, nbytes) == ("<f8", [2, 2], 0, 32)
    scalar = second["d"][0][1]["l"][0]
    assert scalar["scalar"] is True and scalar["a"][2] % 64 == 0
    assert len(blob.bytes()) == scalar["a"][2] + 8
    assert set(refs_in((1, {"x": [Ref("a"), (Ref("b", 0),)]}))) == {Ref("a"), Ref("b", 0)}
    with pytest.raises(TypeError):
        blob.encode(np.array([object()]))
    with pytest.raises(TypeError):
        blob.encode({1: 2})
