"""The ladder of one checked value: ran -> right type and arity -> shape -> finite -> values.

Each rung that fails says so in a `Message` naming the function and the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.results.formatting import shape_text, value_text
from grader.results.models import ArrayPreview, Message

from .plan import Case, Output
from .runtime import MISSING, CallOutcome, Opaque
from .tolerance import FLOOR, STEP_ROUNDING, TOLERANCE, relative_error

#: How much of an array a preview shows.
PREVIEW_ROWS = 3
PREVIEW_COLUMNS = 6
DETAIL_CHARS = 400

RUNGS = ("status", "type", "shape", "finite", "values")


@dataclass(frozen=True, eq=False)
class Picked:
    """One output of one call, read from an outcome: an array, or why there is none."""

    array: np.ndarray | None
    message: Message | None = None
    raised: bool = False
    """The call raised an exception (a mutant that raises matches a student whose code raised)."""

    @property
    def ok(self) -> bool:
        return self.array is not None


@dataclass(frozen=True, eq=False)
class Finding:
    """The verdict on one output of one case."""

    case: Case
    output: Output
    passed: bool
    rung: str = ""
    message: Message | None = None
    expected: np.ndarray | None = None
    got: np.ndarray | None = None

    @property
    def group(self) -> str:
        return self.output.group or self.case.group


def type_text(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        reason = getattr(value, "reason", "")
        return f"{value.type_name} ({reason})" if reason else value.type_name
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return type(value).__name__


def to_array(value: Any) -> np.ndarray | None:
    """Numbers, arrays and (nested) lists of numbers as a float64 array; anything else None."""
    if isinstance(value, np.ndarray):
        return value.astype(np.float64) if value.dtype.kind in "biuf" else None
    if isinstance(value, (bool, int, float, np.generic)):
        try:
            return np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):  # an int beyond float range, a complex
            return None
    if isinstance(value, (list, tuple)):
        if not all(isinstance(item, (list, tuple, bool, int, float, np.ndarray, np.generic)) for item in value):
            return None
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            return None
        return array
    return None


_FRAME = re.compile(r'File "([^"]+)", line (\d+)(?:, in (\S+))?')


def short_detail(text: str) -> str:
    """A traceback as one line: the exception, then where it happened in the student's file."""
    text = str(text or "").strip()
    if "Traceback" not in text and "\n" not in text:
        return text[-DETAIL_CHARS:]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    frames = _FRAME.findall(text)
    last = lines[-1] if lines else ""
    if frames:
        file, line, function = frames[-1]
        where = f"{file}, line {line}" + (f", in {function}" if function and function != "<module>" else "")
        last = f"{last} ({where})"
    return last[-DETAIL_CHARS:]


def status_message(case: Case, outcome: CallOutcome | None) -> Message:
    status = "skipped" if outcome is None else outcome.status
    known = ("error", "timeout", "crashed", "skipped", "import_error", "missing_function", "not_callable")
    detail = "" if outcome is None else short_detail(outcome.message)
    return Message(
        f"codecheck.status.{status if status in known else 'unknown'}",
        {"function": case.function, "file": f"{case.call.module}.py", "detail": detail, "status": status},
    )


def pick(case: Case, output: Output, outcome: CallOutcome | None) -> Picked:
    """The output's value in an outcome, or the message of the rung (status or type) that failed."""
    if outcome is None or outcome.status != "ok":
        return Picked(None, status_message(case, outcome), raised=outcome is not None and outcome.status == "error")
    params = {"function": case.function, "output": output.name}
    tree = output_tree(case, output, outcome, params)
    if isinstance(tree, Picked):
        return tree
    array = to_array(tree)
    if array is None:
        return Picked(None, Message("codecheck.type", {**params, "got": type_text(tree)}))
    if output.scalar and array.size == 1:
        array = array.reshape(())
    return Picked(array)


def output_tree(case: Case, output: Output, outcome: CallOutcome, params: dict[str, Any]) -> Any:
    """The part of a successful call's result (or of what it stored in its arguments) that
    `output` names; a `Picked` with no value where the result lacks it (never stored, another
    number of values, a missing key)."""
    if output.captured is not None:
        tree = outcome.captured[output.captured] if output.captured < len(outcome.captured) else MISSING
        if tree is None or tree is MISSING or (isinstance(tree, Opaque) and tree.type_name == "<missing>"):
            return Picked(None, Message("codecheck.not_stored", params))
    else:
        tree = outcome.value
        if case.arity is not None:
            if not isinstance(tree, (tuple, list)) or len(tree) != case.arity:
                got = type_text(tree) if not isinstance(tree, (tuple, list)) else f"{len(tree)} values"
                return Picked(None, Message("codecheck.arity", {**params, "got": got, "count": case.arity}))
            tree = tree[output.index] if output.index is not None else tree
    if output.key is not None:
        if not isinstance(tree, dict) or output.key not in tree:
            return Picked(None, Message("codecheck.missing_key", params))
        tree = tree[output.key]
    return tree


def whole_value(case: Case, outcome: CallOutcome | None) -> Any:
    return None if outcome is None or outcome.status != "ok" else outcome.value


def judge(case: Case, output: Output, expected: np.ndarray, student: CallOutcome | None) -> Finding:
    """Climb the ladder for one output of one case against the reference's value."""
    picked = pick(case, output, student)
    if picked.array is None:  # not picked.ok
        rung = "status" if student is None or student.status != "ok" else "type"
        return Finding(case, output, False, rung, picked.message, expected)
    got = picked.array
    if output.adapt is not None:
        got = output.adapt(got, expected, whole_value(case, student))
    params = {"function": case.function, "output": output.name}
    if got.shape != expected.shape:
        like = f" (the shape of {output.like})" if output.like else ""
        message = Message(
            "codecheck.shape",
            {**params, "got": shape_text(got.shape), "expected": shape_text(expected.shape), "like": like},
        )
        return Finding(case, output, False, "shape", message, expected, got)
    if np.array_equal(got, expected) and (output.base is None or output.kind != "step" or finite_base(output, got.shape)):
        # the reference's values bit for bit (no NaN): a relative error of 0, as in `same`
        return Finding(case, output, True, expected=expected, got=got)
    finite = np.isfinite(expected)
    if not np.array_equal(np.isfinite(got), finite):
        return Finding(case, output, False, "finite", Message("codecheck.finite", params), expected, got)
    error = relative_error(*finite_entries(output, expected, got, finite))
    tolerance = TOLERANCE[output.kind]
    if error > tolerance:
        message = Message("codecheck.values", {**params, "error": f"{error:.2e}", "tolerance": f"{tolerance:.0e}",
                                               **differing_entries(expected, got, output)})
        return Finding(case, output, False, "values", message, expected, got)
    return Finding(case, output, True, expected=expected, got=got)


def finite_entries(output: Output, a: np.ndarray, b: np.ndarray, finite: np.ndarray) -> tuple:
    """`relative_error`'s arguments for the entries of `a` and `b` where `finite` holds (and the
    output's base there): the arrays themselves where every entry does, the common case, since
    the largest error is the same over the same entries without the masked copies."""
    base = output.base
    if finite.all():
        if base is not None and not (type(base) is np.ndarray and base.shape == a.shape):
            base = np.broadcast_to(base, a.shape)
        return a, b, output.kind, base
    return a[finite], b[finite], output.kind, None if base is None else np.broadcast_to(base, a.shape)[finite]


def differing_entries(expected: np.ndarray, got: np.ndarray, output: Output) -> dict[str, str]:
    """Which entries of two same-shape arrays differ beyond the output's tolerance: how many,
    and the first of them (its index, both values), for a message that points at the bug."""
    base = None if output.base is None else np.broadcast_to(output.base, expected.shape)
    flat_expected, flat_got = expected.reshape(-1), got.reshape(-1)
    flat_base = None if base is None else base.reshape(-1)
    # entry by entry, as relative_error computes each (one array operation per step, not a call
    # per entry): an entry is wrong where one side is not finite and they differ, or where the
    # expected one is finite and its own relative error is beyond the tolerance
    with np.errstate(all="ignore"):
        e, g = np.asarray(flat_expected, dtype=np.float64), np.asarray(flat_got, dtype=np.float64)
        finite_expected = np.isfinite(flat_expected)
        difference = np.abs(e - g)
        if output.kind == "step" and flat_base is not None:
            b = np.asarray(flat_base, dtype=np.float64)
            difference = np.maximum(difference - STEP_ROUNDING * (np.abs(b) + np.abs(e)), 0.0)
            scale = np.abs(e - b) + np.abs(g - b)
        else:
            scale = np.abs(e) + np.abs(g)
        errors = difference / np.maximum(FLOOR, scale)
        unequal = ~(finite_expected & np.isfinite(flat_got)) & (flat_expected != flat_got)
        wrong = np.flatnonzero(unequal | (finite_expected & (errors > TOLERANCE[output.kind]))).tolist()
    if not wrong:
        return {"count": "0", "total": str(expected.size), "index": "", "expected_entry": "", "got_entry": ""}
    first = wrong[0]
    index = "" if expected.ndim == 0 else "[" + ", ".join(str(int(i)) for i in np.unravel_index(first, expected.shape)) + "]"
    return {
        "count": str(len(wrong)),
        "total": str(expected.size),
        "index": index,
        "expected_entry": value_text(flat_expected[first]),
        "got_entry": value_text(flat_got[first]),
    }


def same(output: Output, first: Picked, second: Picked, factor: float = 1.0) -> bool:
    """Whether two implementations gave the same result for an output (both raised, or equal
    within `factor` times the tolerance)."""
    if first.array is None or second.array is None:  # not both ok
        if first.raised and second.raised:
            return True
        # The same kind of missing value (e.g. a running statistic never stored) is the same result.
        keys = {p.message.key if p.message is not None else "" for p in (first, second)}
        return not first.ok and not second.ok and len(keys) == 1 and not keys.pop().startswith("codecheck.status.")
    a, b = first.array, second.array
    if a.shape != b.shape:
        return False
    if equal(a, b) and (output.base is None or output.kind != "step" or finite_base(output, a.shape)):
        # bitwise the same values (so no NaN): a relative error of 0, whatever the tolerance (a
        # step's too, measured from a finite w).  Most of a known mistake's values are the
        # reference's own, compared once per mistake.
        return True
    finite = np.isfinite(a)
    if finite.all():
        # the usual case: the same finite entries and no NaN exactly where b is finite everywhere too
        return bool(np.isfinite(b).all()) and relative_error(*finite_entries(output, a, b, finite)) <= factor * TOLERANCE[output.kind]
    if not np.array_equal(finite, np.isfinite(b)):
        return False
    if not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    return relative_error(*finite_entries(output, a, b, finite)) <= factor * TOLERANCE[output.kind]


def equal(a: np.ndarray, b: np.ndarray) -> bool:
    """`np.array_equal` for two arrays of the same shape (without its conversions and checks)."""
    if type(a) is np.ndarray and type(b) is np.ndarray:
        return bool((a == b).all())
    return np.array_equal(a, b)


def finite_base(output: Output, shape: tuple[int, ...]) -> bool:
    """Whether the output's base, as broadcast to `shape`, is finite everywhere."""
    base = output.base
    assert base is not None, "asked only of an output with a base"
    if not np.isfinite(base).all():
        return False
    return np.shape(base) == shape or np.broadcast_shapes(np.shape(base), shape) == shape


def preview(array: np.ndarray | None) -> ArrayPreview | None:
    if array is None:
        return None
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 0:
        return ArrayPreview(shape=(), values=((float(array),),))
    # explicit sizes: a zero-size array (shape (0, 3)) cannot be reshaped with -1
    table = array.reshape(1, array.size) if array.ndim == 1 else array.reshape(array.shape[0], int(np.prod(array.shape[1:])))
    shown = table[:PREVIEW_ROWS, :PREVIEW_COLUMNS]
    truncated = shown.shape != table.shape or array.ndim > 2
    return ArrayPreview(
        shape=tuple(int(n) for n in array.shape),
        values=tuple(tuple(float(v) for v in row) for row in shown),
        truncated=truncated,
    )
