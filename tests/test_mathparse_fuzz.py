"""Fuzzing the math parser: whatever the text, only MathParseError comes out, and quickly."""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.mathparse import Limits, MathParseError, Notation, parse_expression, parse_line

EXAMPLES = int(os.environ.get("MATHPARSE_FUZZ_EXAMPLES", "300"))

NOTATIONS = [
    Notation(),
    Notation(indexed={"x": 1, "y": 1, "Y": 2, "z": 1}, index_ranges={"i": ("1", "n"), "k": ("1", "K")},
             functions={"L": ("w", "b"), "Var": ()}, symbols=("n_in", "n_out", "const")),
    Notation(matrices={"H": ("d", "d"), "V": ("d", "d"), "Lambda": ("d", "d"), "w": ("d", "1"),
                       "w_star": ("d", "1"), "tilde_w": ("d", "1")},
             identity="I", functions={"J": ("w",), "tilde_J": ("w",)}, indexed={"lambda": 1}),
]

FRAGMENTS = [
    "x", "y", "w", "b", "H", "I", "e", "n", "i", "k", "0", "1", "2", "9", "10", "0.5", "1e3",
    "+", "-", "*", "/", "^", "_", "**", "(", ")", "[", "]", "{", "}", "|", "||", "!", ",", ".", "=",
    "<", "=>", "<=>", ":=", "&", "'", " ", "\\\\", "^{", "_{", "^{-1}", "^T", "^*", "^{9^{9}}",
    "\\frac", "\\frac{", "\\dfrac", "\\sqrt", "\\sqrt[", "\\sum", "\\sum_{i=1}^{n}", "\\sum_i",
    "\\prod", "\\prod_{k=1}^{K}", "\\log", "\\ln", "\\exp", "\\log_{10}", "\\partial", "\\nabla_w",
    "\\alpha", "\\lambda", "\\sigma", "\\pi", "\\epsilon", "\\Lambda", "\\tilde", "\\hat", "\\bar",
    "\\mathbf", "\\mathrm{Var}", "\\text{const}", "\\text{ for }", "\\operatorname{arg\\,min}",
    "\\arg", "\\min", "\\max", "\\argmin", "\\left(", "\\right)", "\\left.", "\\right|", "\\big(",
    "\\cdot", "\\times", "\\div", "\\|", "\\lVert", "\\rVert", "\\Rightarrow", "\\iff", "\\approx",
    "\\neq", "\\substack{", "\\stackrel{def}{=}", "\\underset{w}{", "\\delta_{ij}", "\\infty",
    "\\,", "\\quad", "\\tag{1}", "\\foo", "\\{", "\\}", "α", "−", "·", "√", "∑", "²", "⇒", "≠",
    "Var(", "L", "J(", "y_{ik}", "x_i", "z_j", "n_{in}", "w^\\ast", "\\mathbb{V}[", "!",
    "(" * 30, ")" * 30, "{" * 30, "}" * 30, "2^{2^{2^{2^{2}}}}", "99999999999999999999",
]

soup = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=40).map("".join)
any_text = st.text(max_size=200)
ascii_math = st.text(alphabet="xyzabn0123456789+-*/^_()[]{}|!.,= eE\\", max_size=120)

SETTINGS = settings(max_examples=EXAMPLES, deadline=1000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _reads_safely(src: str, notation: Notation) -> None:
    for read in (parse_line, parse_expression):
        start = time.perf_counter()
        try:
            read(src, notation)
        except MathParseError as err:
            assert err.message.key.startswith("parse.")
            assert {"snippet", "column"} <= set(err.message.params)
            assert 1 <= err.column <= len(src) + 1
            str(err)
        assert time.perf_counter() - start < 1.0, src


@SETTINGS
@given(src=soup, which=st.integers(0, len(NOTATIONS) - 1))
def test_token_soup(src, which):
    _reads_safely(src, NOTATIONS[which])


@SETTINGS
@given(src=any_text, which=st.integers(0, len(NOTATIONS) - 1))
def test_random_text(src, which):
    _reads_safely(src, NOTATIONS[which])


@SETTINGS
@given(src=ascii_math)
def test_ascii_math(src):
    _reads_safely(src, NOTATIONS[1])


@settings(max_examples=max(EXAMPLES // 3, 50), deadline=1000, derandomize=True)
@given(src=soup)
def test_tight_limits(src):
    limits = Limits(max_length=60, max_depth=5, max_nodes=20, max_exponent=5, max_factorial=5,
                    max_integer_digits=3, max_sum_bound=10)
    try:
        parse_line(src, NOTATIONS[1], limits)
    except MathParseError:
        pass


# -- round trip: SymPy's own LaTeX of a trusted expression reads back as the same function ------

import sympy  # noqa: E402

_x, _y, _alpha, _sigma = sympy.symbols("x y alpha sigma")
_LEAVES = [_x, _y, _alpha, _sigma, sympy.Integer(2), sympy.Integer(3), sympy.Rational(1, 2), sympy.pi, sympy.E]
_POINT = {_x: sympy.Rational(7, 10), _y: sympy.Rational(13, 10), _alpha: sympy.Rational(3, 2),
          _sigma: sympy.Rational(9, 10)}


def _expressions(depth: int):
    leaf = st.sampled_from(_LEAVES)
    if depth == 0:
        return leaf
    sub = _expressions(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(sub, sub).map(lambda ab: ab[0] + ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] - ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] * ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] / ab[1]),
        st.tuples(sub, st.sampled_from([2, 3, -1, sympy.Rational(1, 2)])).map(lambda ab: ab[0] ** ab[1]),
        sub.map(sympy.exp),
        sub.map(lambda a: sympy.log(a**2 + 1)),
        sub.map(lambda a: sympy.sqrt(a**2 + 1)),
    )


@settings(max_examples=150, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(expected=_expressions(3))
def test_sympy_latex_reads_back(expected):
    if expected.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return
    src = sympy.latex(expected)
    if "infty" in src or "i " in src or src.startswith("i"):  # zoo and the imaginary unit are not course math
        return
    try:
        got = parse_expression(src)
    except MathParseError as err:  # a fair refusal of a huge number (e^{e^{8}} > 10^1000)
        assert err.message.key in ("parse.number_too_big", "parse.exponent_too_big"), (src, err)
        return
    try:
        want = complex(expected.evalf(subs=_POINT))
    except (TypeError, OverflowError):  # no finite value to compare at this point
        return
    have = complex(got.evalf(subs=_POINT))
    assert abs(want - have) <= 1e-9 * max(1.0, abs(want)), (src, expected, got)
