r"""A link that holds only at a problem's special points (a key scenario such as l2-shrinkage's "w at the
minimizer") because both sides vanish there proves nothing: a sign flip or a factor 2 of the regularized
gradient is 0 at the minimizer too. It holds there only where the line itself says a side is 0."""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts


def _last_link(module: str, line: str) -> tuple[bool | None, str | None]:
    return _line_verdicts(module, f"## {module.replace('_', '-')}\n\n$${line}$$\n")[-1]


@pytest.mark.parametrize("wrong", [
    r"\nabla \tilde J(w) = -(H(w - w^*) + \alpha w)",          # a sign flip
    r"\nabla_w \tilde J(w) = 2 H(w - w^*) + 2\alpha w",        # a factor 2
    r"\nabla_w \tilde J(w) = \frac{1}{d}\left(H(w - w^*) + \alpha w\right)",  # a spurious 1/d
    r"\nabla_w \tilde J(w) = H(w - w^*) - \alpha w",           # a sign slip in one term (differs at the optimum too)
])
def test_a_multiple_of_the_regularized_gradient_is_charged(wrong):
    assert _last_link("l2_shrinkage", wrong) == (False, "equivalence.differs")


@pytest.mark.parametrize("right", [
    r"\nabla_w \tilde J(w) = H(w - w^*) + \alpha w",
    r"\nabla_w \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w = 0",  # says the gradient vanishes
    r"H(w - w^*) + \alpha w = 0",                               # the condition, w written for \tilde w
    r"0 = H(w - w^*) + \alpha w",
    r"(H + \alpha I) w = H w^*",                                # holds at the minimizer only, sides nonzero
    r"w = (H + \alpha I)^{-1} H w^*",
])
def test_the_gradient_and_the_condition_at_the_minimizer_stay_valid(right):
    assert _last_link("l2_shrinkage", right)[0] is True
