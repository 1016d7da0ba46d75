r"""Derivation rows, round 12 (issue 11), branch brackets12: brackets, case headings and arrows as people write them.

- an index written in a bracket, as code writes it (`w[i]`, `a[1]`, `\mathbf{x}[k]`, `\mathrm{softmax}(z)[c]`), read as
  the entry (`w_i`), never as the product of w with a bracket; `E[X]`, `\left[`, `a[b + c]` and Iverson's `[i = j]`
  keep their reading;

Each reading comes with wrong variants (sign slip, dropped factor, swapped index, wrong coefficient) that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.mathparse.bracket_indices import bracket_indices

_SECTIONS = {"mle_mse": "mle-mse", "ce_mle": "ce-mle", "softmax_ce_grad": "softmax-ce-grad", "xavier_variance": "xavier-variance"}


def _lines(module: str, *displays: str, prose: tuple[str, ...] = ()):
    """The derivation's lines of a section of `displays`, each after its prose (`prose[k]`, "" for none)."""
    before = list(prose) + [""] * (len(displays) - len(prose))
    markdown = f"## {_SECTIONS[module]}\n\n" + "".join((f"{p}\n\n" if p else "") + f"$${d}$$\n\n" for p, d in zip(before, displays))
    return next(p for p in grade_section(module, markdown).parts if p.id == "derivation").lines


def _verdicts(module: str, *displays: str, prose: tuple[str, ...] = ()) -> list[bool | None]:
    return [line_verdict(line)[0] for line in _lines(module, *displays, prose=prose)]


# -- bracket indices --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    (r"w[1]a[1] + w[2]a[2] + \ldots + w[n]a[n]", r"w_{1}a_{1} + w_{2}a_{2} + \ldots + w_{n}a_{n}"),
    (r"\text{Var}(w[i])", r"\text{Var}(w_{i})"),
    (r"\mathbf{x}[k] \hat{y}[ j ]", r"\mathbf{x}_{k} \hat{y}_{j}"),
    (r"-\log(\text{softmax}(z)[c])", r"-\log(\text{softmax}(z)_{c})"),
    (r"\sigma(u)[t] + f(x)[2]", r"\sigma(u)_{t} + f(x)_{2}"),
    (r"x[class] - q[m+1]", r"x_{class} - q_{m+1}"),
])
def test_an_index_in_a_bracket_is_a_subscript(text, read):
    assert bracket_indices(text) == read


@pytest.mark.parametrize("text", [
    r"E[X] + \mathbb{E}[x] + P[A] + V[X]",  # an operator's argument
    r"\left[ x \right] + \sqrt[3]{x}",  # a command's bracket
    r"a[b + c] + [i = j] y_i",  # more than an index; Iverson's bracket
    r"(a + b)[i] + \frac{1}{2}[x]",  # a bracket after a group that is no call
])
def test_a_bracket_that_is_no_index_stays(text):
    assert bracket_indices(text) == text


def test_bracket_indices_in_xavier_variance():
    assert _verdicts(
        "xavier_variance",
        r"\text{Var}(z) = \text{Var}(w[1]a[1] + w[2]a[2] + \ldots + w[n]a[n])",
        r"\text{Var}(w[i]a[i]) = \text{Var}(w[i])\text{Var}(a[i])",
        r"\text{Var}(z) = n \cdot \text{Var}(w[i]) \cdot \text{Var}(a[i])",
        r"\text{Var}(w[i]) = \frac{1}{n}",
    ) == [True, True, True, True]


@pytest.mark.parametrize("wrong", [
    r"\text{Var}(w[i]) = \frac{2}{n}",  # wrong coefficient
    r"\text{Var}(z) = n^2 \text{Var}(w[i]) \text{Var}(a[i])",  # wrong power
    r"\text{Var}(\mathbf{w}[k] \mathbf{a}[k]) = \text{Var}(\mathbf{w}[k]) + \text{Var}(\mathbf{a}[k])",  # sum for product
    r"\text{Var}(w[i] a[i]) = E[w[i]^2] E[a[i]]",  # dropped square (E[...] stays the expectation)
])
def test_bracket_indices_keep_a_wrong_xavier_step_charged(wrong):
    assert _verdicts("xavier_variance", wrong) == [False]


def test_bracket_indices_in_softmax_and_mle():
    assert _verdicts(
        "softmax_ce_grad",
        r"\frac{\partial E}{\partial z[i]} = \text{softmax}(z)[i] - Y[i]",
        r"E = -\sum_{k=1}^{K} Y[k] \log y[k]",
        r"\frac{\partial y[i]}{\partial z[j]} = y[i]([i=j] - y[j])",
    ) == [True, True, True]
    assert _verdicts(
        "mle_mse",
        r"\frac{\partial}{\partial b} \sum_{i=1}^{n}(y[i] - w x[i] - b)^2 = -2\sum_{i=1}^{n}(y[i] - w x[i] - b)",
        r"\frac{\partial}{\partial w} \sum_{i=1}^{n}(y[i] - w x[i] - b)^2 = -2\sum_{i=1}^{n}x[i](y[i] - w x[i] - b)",
    ) == [True, True]


@pytest.mark.parametrize("module, wrong", [
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z[i]} = \mathrm{softmax}(z)[i] + Y[i]"),  # sign slip
    ("softmax_ce_grad", r"\frac{\partial y[i]}{\partial z[j]} = y[i]([i=j] + y[j])"),  # sign slip
    ("mle_mse", r"\frac{\partial}{\partial b} \sum_{i=1}^{n}(y[i] - w x[i] - b)^2 = 2\sum_{i=1}^{n}(y[i] - w x[i] - b)"),
    ("mle_mse", r"\frac{\partial}{\partial w} \sum_{i=1}^{n}(y[i] - w x[i] - b)^2 = -2\sum_{i=1}^{n}(y[i] - w x[i] - b)"),  # dropped x[i]
])
def test_bracket_indices_keep_a_wrong_step_charged(module, wrong):
    assert _verdicts(module, wrong) == [False]
