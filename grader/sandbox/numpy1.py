"""Names NumPy 2 removed that student code written for NumPy 1 still uses.

The sandbox's child gives each its NumPy 1 meaning (`harness/numpy1_names.py`, the
``NUMPY1`` table: the child cannot import the grader) and reports, with each call's result,
which of them the call used: the child's own accounting, never text the student wrote.  The
grader turns that into a note that costs nothing.  Here: the name -> what NumPy 2 calls it.
"""

from __future__ import annotations

#: A removed name -> its NumPy 2 spelling (what the note advises).
REPLACEMENTS: dict[str, str] = {
    "product": "np.prod",
    "cumproduct": "np.cumprod",
    "sometrue": "np.any",
    "alltrue": "np.all",
    "asscalar": "a.item()",
    "float": "float (or np.float64)",
    "int": "int (or np.int64)",
    "object": "object",
    "str": "str",
    "complex": "complex (or np.complex128)",
    "unicode": "str",
    "NaN": "np.nan",
    "NAN": "np.nan",
    "Inf": "np.inf",
    "Infinity": "np.inf",
    "infty": "np.inf",
    "PINF": "np.inf",
    "NINF": "-np.inf",
    "PZERO": "0.0",
    "NZERO": "-0.0",
    "float_": "np.float64",
    "complex_": "np.complex128",
    "cfloat": "np.complex128",
    "singlecomplex": "np.complex64",
    "longfloat": "np.longdouble",
    "clongfloat": "np.clongdouble",
    "longcomplex": "np.clongdouble",
    "string_": "np.bytes_",
    "unicode_": "np.str_",
    "round_": "np.round",
    "in1d": "np.isin",
    "trapz": "np.trapezoid",
    "msort": "np.sort(a, axis=0)",
    "asfarray": "np.asarray(a, dtype=float)",
    "int0": "np.intp",
    "uint0": "np.uintp",
    "mat": "np.asmatrix",
}


def used_names(outcomes) -> list[str]:
    """The removed names the child reported for these outcomes, known ones only, sorted."""
    found: set[str] = set()
    for outcome in outcomes:
        found.update(name for name in getattr(outcome, "numpy1", ()) if name in REPLACEMENTS)
    return sorted(found)
