r"""Derivation rows, round 8 (issue 11): valid derivations that missed full points.

- a name the author defines as a matrix or a vector (`D = (\Lambda + \alpha I)^{-1} \Lambda`) is read in that
  shape where it is used, before or after its definition (read as a number it commuted out of a product:
  `V D V^T w^*` became `D w^*`, and a valid step was called wrong);
- a known quantity written through a new letter in the prose (`$w = w^* + u$`) introduces the letter
  (u = w - w^*), so the step written in it (`J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + \frac{1}{2} u^T H u`) is
  checked, no longer left "u has no value";
- a one-letter name written with a prime before its argument (`f'(z_k)`, the author's activation) is a
  function, even undefined: read as a number, `f'(z)` was the derivative of the product f·z (that is f).

Each reading comes with a wrong variant that is still caught (or left unchecked, never passed).
"""

from __future__ import annotations

import pytest
import sympy
from test_derivations_table import _line_verdicts

from grader.course.course import load_problem
from grader.derivations.defined_shapes import defined_shape, with_defined_shapes
from grader.derivations.definitions import letter_introduced, primed_functions
from grader.mathengine.evaluate import FunctionDefinition
from grader.mathparse import parse_line

L2 = load_problem("l2_shrinkage").notation
ANSWER = "\nAnswer (a): $\\tilde w = (H + \\alpha I)^{-1} H w^*$\n"


def _l2(markdown: str) -> list:
    return _line_verdicts("l2_shrinkage", "## l2-shrinkage\n\n" + markdown + ANSWER)


# -- the author's matrices in their definitions' shape -------------------------------------------------


def test_a_matrix_defined_by_the_author_is_read_as_that_matrix_inside_a_product():
    verdicts = _l2("$$D = (\\Lambda + \\alpha I)^{-1} \\Lambda$$\n$$\\tilde w = V D V^{T} w^*$$\n")
    assert verdicts == [(True, "derivation.defines"), (True, None)]


@pytest.mark.parametrize("wrong", [
    r"\tilde w = V D w^*",  # V^T left out
    r"\tilde w = D V^{T} V w^*",  # the factors moved: D no longer commutes as a number would
    r"\tilde w = V D^{-1} V^{T} w^*",
])
def test_a_wrong_product_with_the_authors_matrix_is_still_charged(wrong):
    verdicts = _l2(f"$$D = (\\Lambda + \\alpha I)^{{-1}} \\Lambda$$\n$${wrong}$$\n")
    assert verdicts[1][0] is False


def test_a_matrix_defined_below_its_use_is_read_in_its_shape_there():
    verdicts = _l2("$$\\tilde w = V D V^{T} w^*$$\n$$D = (\\Lambda + \\alpha I)^{-1} \\Lambda$$\n")
    assert verdicts == [(True, "derivation.reading"), (True, "derivation.defines")]


def test_a_wrong_use_above_the_definition_is_never_passed():
    verdicts = _l2("$$\\tilde w = V D w^*$$\n$$D = (\\Lambda + \\alpha I)^{-1} \\Lambda$$\n")
    assert verdicts[0][0] is not True


def test_the_authors_matrix_added_to_a_vector_is_wrong_math():
    verdicts = _l2("$$D = (\\Lambda + \\alpha I)^{-1} \\Lambda$$\n$$\\tilde w = V D V^{T} w^* + D$$\n")
    assert verdicts[0] == (True, "derivation.defines") and len(verdicts) == 1  # the second line: a parse error


@pytest.mark.parametrize("body, shape", [
    (r"(\Lambda + \alpha I)^{-1} \Lambda", ("d", "d")),
    (r"H w^*", ("d", "1")),
    (r"w^T H w", None),  # a 1x1 product is a number
    (r"\alpha + 1", None),
])
def test_the_shape_a_definition_gives(body, shape):
    assert defined_shape(parse_line(body, L2).terms[0]) == shape


def test_entries_indices_and_the_problems_own_matrices_keep_their_reading():
    matrix = parse_line(r"(\Lambda + \alpha I)^{-1}", L2).terms[0]
    definitions = {name: FunctionDefinition((), matrix) for name in ("D", "a_j", "H", "I")}
    notation = with_defined_shapes(L2, definitions)
    assert notation.matrices["D"] == ("d", "d")
    assert "a_j" not in notation.matrices and notation.matrices["H"] == L2.matrices["H"] and "I" not in notation.matrices
    assert with_defined_shapes(L2, {"c": FunctionDefinition((), sympy.Symbol("alpha") + 1)}) is L2


# -- a letter the prose introduces through a known quantity --------------------------------------------


TAYLOR = r"J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + \dfrac{1}{2}u^THu"


def test_a_step_written_in_the_letter_the_prose_introduces_is_checked():
    assert _l2(f"$w=w^*+u$\n\n$${TAYLOR}$$\n") == [(True, None)]


@pytest.mark.parametrize("wrong", [
    r"J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + u^THu",  # the 1/2 lost
    r"J(w^* + u) = J(w^*) + \dfrac{1}{2}u^THu + u^T u",
])
def test_a_wrong_step_in_the_introduced_letter_is_charged(wrong):
    assert _l2(f"$w=w^*+u$\n\n$${wrong}$$\n")[0][0] is False


@pytest.mark.parametrize("prose", [
    "$w=w^*+2u$",  # the letter under a coefficient: a statement, not a name given
    "$w=u$",  # a renaming of w, not a step from w^*
])
def test_other_equations_introduce_no_letter(prose):
    assert _l2(f"{prose}\n\n$${TAYLOR}$$\n")[0][0] is None


@pytest.mark.parametrize("src, expected", [
    (r"w = w^* + u", ("u", "w - w_star")),
    (r"w = u + w^*", ("u", "w - w_star")),
    (r"w = w^* + 2u", None),
    (r"w = w^* + u + v", None),  # two new letters: nothing to solve for
    (r"\alpha = \beta + u", None),  # alpha is no quantity of the problem here
])
def test_the_letter_an_equation_introduces(src, expected):
    parsed = parse_line(src, L2)
    known = set(L2.matrices) | {"J"}
    found = letter_introduced(parsed.terms[0], parsed.terms[1], known)
    if expected is None:
        assert found is None
    else:
        letter, value = found
        assert (letter.name, str(value).replace(" ", "")) == (expected[0], expected[1].replace(" ", ""))


# -- a primed letter is a function ----------------------------------------------------------------------


def _xavier(display: str) -> list:
    return _line_verdicts("xavier_variance", f"## xavier-variance\n\n$${display}$$\n")


@pytest.mark.parametrize("text, names", [
    (r"w_{jk}\,f'(z_k)", ("f",)),
    (r"a \cdot g^\prime(x) + h'(y)", ("g", "h")),
    (r"\hat y'(z)", ()),  # a decorated letter is another name
    (r"\sum_{k'=1}^{K} y_{k'}", ()),  # a primed index, no function
])
def test_the_letters_written_primed_before_an_argument(text, names):
    assert primed_functions(text) == names


def test_a_derivative_of_the_authors_undefined_function_is_read_as_a_call():
    # since round 9 the problem models the backward pass (tests/test_derivations_round9_backward.py): the line,
    # read with f'(z_k) a call, holds there (the activation's slope 1 in the linear layer)
    verdicts = _xavier(r"\frac{\partial \mathcal{L}}{\partial a_j} = \sum_{k=1}^{n_{out}} w_{jk}\,f'(z_k)\,\frac{\partial \mathcal{L}}{\partial z_k}")
    assert verdicts == [(True, "derivation.reading")]
    # outside the backward pass, the author's undefined function has no value
    assert _xavier(r"f'(z_k) = w_{jk}") == [(None, "equivalence.could_not_evaluate")]


@pytest.mark.parametrize("wrong", [r"f'(z) = f(z)", r"w_{jk} f'(z_k) = 0"])
def test_a_step_in_the_primed_function_never_passes(wrong):
    # read as a number, f'(z) was the derivative of f·z, that is f: `f'(z) = f` could pass
    assert all(valid is not True for valid, _ in _xavier(wrong))
