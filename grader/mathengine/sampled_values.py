"""Values computed at sample points: when two of them agree, and how one is shown in a counterexample.

A value is what the evaluator returns: a Python complex number, or a NumPy array for a matrix.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.results.formatting import value_text

#: Relative tolerance of numeric agreement.  Numeric derivatives are accurate to about 1e-10
#: relative; 1e-6 leaves a wide margin while any real algebra mistake changes values by far more.
RELATIVE_TOLERANCE = 1e-6
#: Values smaller than this are compared absolutely (so that 0 = 1e-17 holds).
ABSOLUTE_FLOOR = 1e-9


def format_value(value: Any) -> str:
    """A value as a short text for counterexamples."""
    if isinstance(value, np.ndarray):
        array = value
        if np.iscomplexobj(array) and np.allclose(array.imag, 0):
            array = array.real
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        text = np.array2string(np.asarray(array), precision=4, separator=", ", suppress_small=True, max_line_width=10_000)
        return " ".join(text.split())  # one line: a matrix's rows would break a report's layout
    if isinstance(value, complex):
        if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
            return value_text(value.real)
        return f"{value.real:.4g}{value.imag:+.4g}i"
    if isinstance(value, float):
        return value_text(value)
    return str(value)


def close(a: Any, b: Any) -> bool:
    """Numeric agreement within `RELATIVE_TOLERANCE`."""
    a, b = _one_entry_as_number(a), _one_entry_as_number(b)
    a_arr, b_arr = isinstance(a, np.ndarray), isinstance(b, np.ndarray)
    if a_arr != b_arr:
        # `H w - b = 0` with a vector on the left: 0 stands for the zero vector.
        scalar = b if a_arr else a
        if complex(scalar) != 0:
            return False
        a, b = (a, np.zeros_like(a)) if a_arr else (np.zeros_like(b), b)
        return _arrays_close(a, b)
    if a_arr:
        return _arrays_close(a, b)
    a, b = complex(a), complex(b)
    if not (np.isfinite(a) and np.isfinite(b)):
        return False
    scale = max(abs(a), abs(b), ABSOLUTE_FLOOR / RELATIVE_TOLERANCE)
    return abs(a - b) <= RELATIVE_TOLERANCE * scale


def _one_entry_as_number(value: Any) -> Any:
    """A 1×1 (or one-entry) array as its number: `a^T b` and a scalar are the same value."""
    if isinstance(value, np.ndarray) and value.size == 1:
        return complex(value.reshape(-1)[0])
    return value


def _arrays_close(a: np.ndarray, b: np.ndarray) -> bool:
    """Two arrays of one shape, every entry finite and within the tolerance of the larger entry."""
    if a.shape != b.shape:
        return False
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), ABSOLUTE_FLOOR / RELATIVE_TOLERANCE)
    return float(np.max(np.abs(a - b), initial=0.0)) <= RELATIVE_TOLERANCE * scale


def finite(value: Any) -> bool:
    """Whether a number, or every entry of an array, is finite."""
    if isinstance(value, np.ndarray):
        return bool(np.all(np.isfinite(value)))
    return bool(np.isfinite(complex(value)))


def plain(value: Any) -> Any:
    """A point's value as it is shown: arrays as arrays, whole numbers as Python ints."""
    if isinstance(value, np.ndarray):
        return np.asarray(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return value


def same_value(a: Any, b: Any) -> bool:
    """Whether two of a point's values are exactly equal (a parameter that did not move)."""
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except (TypeError, ValueError):
        return False
