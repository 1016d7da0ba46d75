"""report_view's decisions that every format shares: which shown entries differ."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.presentation.report_view import array_difference
from grader.results.models import ArrayPreview


def _expected_marks(expected, got):
    """numpy.isclose's verdict, entry by entry (False where an entry has no counterpart)."""
    marks = []
    for i, row in enumerate(got.values):
        row_marks = []
        for j, value in enumerate(row):
            try:
                want, have = float(expected.values[i][j]), float(value)
            except (IndexError, TypeError, ValueError):
                row_marks.append(False)
                continue
            row_marks.append(not bool(np.isclose(have, want, rtol=1e-6, atol=1e-12, equal_nan=True)))
        marks.append(tuple(row_marks))
    return tuple(marks)


_entries = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from([0.0, -0.0, 1.0, 1.0 + 1e-9, 1.0 + 1e-5, math.inf, -math.inf, math.nan, 1e-13, "n/a"]),
)
_rows = st.lists(st.lists(_entries, max_size=4).map(tuple), max_size=3).map(tuple)


@settings(max_examples=300, deadline=None)
@given(_rows, _rows)
def test_marks_follow_numpy_isclose_and_the_largest_difference_is_the_largest(expected_values, got_values):
    expected = ArrayPreview(shape=(len(expected_values),), values=expected_values)
    got = ArrayPreview(shape=(len(got_values),), values=got_values)
    difference = array_difference(expected, got)
    assert difference.differs == _expected_marks(expected, got)
    gaps = []
    for i, row in enumerate(difference.differs):
        for j, differs in enumerate(row):
            if differs:
                want, have = float(expected_values[i][j]), float(got_values[i][j])
                gaps.append(abs(have - want) if math.isfinite(have) and math.isfinite(want) else math.inf)
    if not gaps:
        assert difference.largest is None
    else:
        assert difference.largest.difference == max(gaps)
        first = next(k for k, gap in enumerate(gaps) if gap == max(gaps))  # the first of equal ones
        where = [(i, j) for i, row in enumerate(difference.differs) for j, d in enumerate(row) if d][first]
        assert (difference.largest.row, difference.largest.column) == where


def test_nothing_to_compare_is_no_difference():
    preview = ArrayPreview(shape=(1,), values=((1.0,),))
    assert array_difference(None, preview) is None and array_difference(preview, None) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 中文\u0301xyz，。", max_size=30), st.integers(min_value=-2, max_value=40))
def test_a_reason_is_cut_to_the_longest_start_that_fits_the_columns(text, columns):
    from grader.presentation.report_view import _fitting, display_width

    longest = text
    while longest and display_width(longest) > columns:  # the definition: drop the last character while too wide
        longest = longest[:-1]
    assert text[: _fitting(text, columns)] == longest


def test_a_long_reason_is_cut_with_an_ellipsis_at_the_width():
    from grader.presentation.report_view import display_width, short_reason

    cut = short_reason("梯度" * 60, 20)
    assert cut.endswith("…") and display_width(cut) <= 20 and display_width(cut[:-1]) >= 18


def _short_reason_by_definition(sentence, width):
    """short_reason as first written: every prefix measured again (slow, plainly right)."""
    from grader.presentation.report_view import _CLAUSE_END, display_width
    from grader.presentation.safe_text import one_line

    text = one_line(sentence)
    match = next((m for m in _CLAUSE_END.finditer(text) if display_width(text[: m.start()]) >= 8), None)
    if match:
        text = text[: match.start()].rstrip(" ,，")
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("ab 中文\u0301:;.：。，,x\n"), max_size=40), st.integers(min_value=0, max_value=30))
def test_short_reason_cuts_where_its_definition_cuts(sentence, width):
    from grader.presentation.report_view import short_reason

    assert short_reason(sentence, width) == _short_reason_by_definition(sentence, width)
