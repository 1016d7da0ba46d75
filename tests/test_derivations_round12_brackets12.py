r"""Derivation rows, round 12 (issue 11), branch brackets12: brackets, case headings and arrows as people write them.

- an index written in a bracket, as code writes it (`w[i]`, `a[1]`, `\mathbf{x}[k]`, `\mathrm{softmax}(z)[c]`), read as
  the entry (`w_i`), never as the product of w with a bracket; `E[X]`, `\left[`, `a[b + c]` and Iverson's `[i = j]`
  keep their reading, and so does the bracket of the entropy, the divergence and the information (`H[p]`);
- a case heading on a line of its own (`1) $k = i$`, `(a) $i = j$:`, `Case 2: $i \neq c$`) restricts the displays right
  after it (up to prose or a display that writes both cases), a sentence's condition its own display; the feedback
  names the case where a step needs it;
- a hard label in prose ("If $k$ is the correct label,", "where $c$ is the true class") reads the lines after it with
  the labels one-hot there, only where the sentence assumes it for the display (not named in passing, not negated) and
  until prose speaks of soft or general labels;
- an arrow between two equations (`A = B \rightarrow C = D`, `\to`, `\longrightarrow`) read as "hence": each side a
  statement, checked as `\Rightarrow` is; a limit's arrow, a mapping and an arrow with no equation on a side stay;
- a `cases` line headed by the Jacobian's name (`Jacobian =`, `\text{Jacobian} =`, `J_{ik} =`) read as the derivative
  of an entry by an entry written before it with the cases' two indices;
- an indicator or a Kronecker delta spelled otherwise (`\mathbb{I}(k = i)`, `\mathds{1}_{i=j}`, `\mathbb{1}_{[k=c]}`,
  `\delta_{i=k}`, `\delta(i, k)`) read as the indicator;
- the loss at a class written as a bracket entry of the softmax (`E = -\log(\mathrm{softmax}(z)[c])`): c the true class;

Each reading comes with wrong variants (sign slip, dropped factor, swapped index, wrong coefficient) that stay charged.
"""

from __future__ import annotations

import time

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.mathparse.arrow_statements import arrows_as_implications
from grader.mathparse.bracket_indices import bracket_indices
from grader.mathparse.indicator_spellings import indicators_spelled
from grader.mathparse.rewrites import rewrite
from grader.reading.block_prose import block_condition
from grader.reading.hard_labels import hard_label_assumption
from grader.results.i18n import render

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
    r"\mathbb{E}_w[w] + E_x[x]",  # the letter is the operator's subscript
    r"H[p] + \mathcal{H}[q] + D[p] + I[X]",  # the entropy, the divergence, the information: a distribution's functional
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


# -- case headings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prose, condition", [
    ("1) $k = i$", "k = i"),
    ("2) $k \\neq i$", "k \\neq i"),
    ("(a) $i=j$:", "i=j"),
    ("b) $j = k$", "j = k"),
    ("Case 1: $i = c$", "i = c"),
    ("Case $i \\ne j$:", "i \\ne j"),
    ("**Case 2:** $m \\neq c$", "m \\neq c"),
])
def test_a_case_heading_is_read_as_the_condition(prose, condition):
    assert block_condition(prose + "\n\n$$", "", "y_i") == (condition, condition)


def test_a_heading_reaches_the_displays_right_after_it_and_a_sentence_its_own():
    heading = "k \\neq i"
    assert block_condition("\n\n$$", heading, "y_i y_k") == (heading, heading)  # no prose between: same case
    assert block_condition("\n\nThen\n\n$$", heading, "y_i") == ("", "")  # prose between: the case is over
    assert block_condition("\n\n$$", heading, r"y_i(\delta_{ik} - y_k)") == ("", "")  # both cases at once
    assert block_condition("\n\n$$", heading, r"\begin{cases} a & i = k \\ b & i \neq k \end{cases}") == ("", "")
    assert block_condition("And if $i \\neq j$,\n\n$$", "", "y_i") == ("i \\neq j", "")  # a sentence: its display only


HEADED = (r"\frac{\partial y_j}{\partial z_i} = y_i - y_i^2", r"= y_j (1 - y_i)", r"\frac{\partial y_j}{\partial z_i} = -y_j y_i")


def test_the_displays_under_case_headings_are_valid_and_say_the_case():
    lines = _lines("softmax_ce_grad", *HEADED, prose=("(a) $i = j$:", "", "(b) $i \\ne j$:"))
    assert [line_verdict(line)[0] for line in lines] == [True, True, True]
    said = [render(link.reason) for line in lines for link in line.links if link.reason is not None]
    assert any("the case i = j" in text for text in said) and any("the case i \\ne j" in text for text in said)


@pytest.mark.parametrize("prose, display", [
    ("(b) $i \\ne j$:", r"\frac{\partial y_j}{\partial z_i} = y_j y_i"),  # sign slip in the case
    ("1) $k = i$", r"\frac{\partial y_i}{\partial z_k} = y_i(1 - y_i)^2"),  # wrong power in the case
    ("Case 2: $k \\neq i$", r"\frac{\partial y_i}{\partial z_k} = y_i(1 - y_k)"),  # the other case's result
])
def test_a_wrong_step_under_a_case_heading_stays_charged(prose, display):
    assert _verdicts("softmax_ce_grad", display, prose=(prose,)) == [False]


def test_a_heading_does_not_reach_past_prose():
    # the second display is the general case again (prose between): the case's result is no longer true there
    assert _verdicts("softmax_ce_grad", r"\frac{\partial y_i}{\partial z_k} = y_i - y_i y_k", r"\frac{\partial y_i}{\partial z_k} = y_i(1 - y_i)",
                     prose=("1) $k = i$", "In general,")) == [True, False]
    assert _verdicts("softmax_ce_grad", r"\frac{\partial y_i}{\partial z_k} = y_i - y_i y_k", r"\frac{\partial y_i}{\partial z_k} = y_i(1 - y_i)",
                     prose=("1) $k = i$",)) == [True, True]  # no prose between: the same case


# -- a hard label stated in prose ---------------------------------------------------------------------------


@pytest.mark.parametrize("prose, assumption", [
    ("If $k$ is the correct label,", "?_k = 1"),
    ("where $c$ is the true class", "?_c = 1"),
    ("Let the target class be $t$.", ""),  # the letter after `be`: not a sentence this reads
    ("The true class is $m$.", "?_m = 1"),
    ("If $k$ is a label,", ""),
])
def test_a_hard_label_in_prose(prose, assumption):
    assert hard_label_assumption(prose) == assumption


@pytest.mark.parametrize("prose, assumption", [
    # the sentence states the label for the display, with a word leading into it
    ("Let $c$ be the true class. Then", "?_c = 1"),
    ("Suppose the correct label is $j$; we get:", "?_j = 1"),
    ("$k$ 是正确的类别，则", "?_k = 1"),
    ("If $k$ is the correct label, no other term survives:", "?_k = 1"),
    # named in passing: the sentence goes on with more math, or another sentence follows, or it contrasts
    (r"If $k$ is the correct label, the loss is $-\log y_k$, yet we keep the sum:", ""),
    ("Let $c$ be the true class. The targets used below are probabilities:", ""),
    ("If $m$ is the target class the loss has one term, but the labels here are soft:", ""),
    # negated
    ("We do not assume that $k$ is the correct label:", ""),
    ("Without taking $j$ to be the true class,", ""),
    ("If $c$ isn't the true class,", ""),
    ("我们不假设 $k$ 是正确的类别，", ""),
])
def test_a_hard_label_is_read_only_where_the_sentence_assumes_it_for_the_display(prose, assumption):
    assert hard_label_assumption(prose) == assumption


@pytest.mark.parametrize("prose, display, verdict", [
    ("If $k$ is the correct label,", r"E = - \sum_{i=1}^K Y_i \log(y_i) = -\log(y_k)", True),
    ("where $c$ is the true class:", r"E = -\sum_{j=1}^{K} Y_j \log y_j = -\log y_c", True),
    ("The true class is $m$.", r"E = -\sum_{j=1}^{K} Y_j \log y_j = -\log y_m", True),
    ("If $k$ is the correct label,", r"E = - \sum_{i=1}^K Y_i \log(y_i) = \log(y_k)", False),  # sign slip
    ("where $c$ is the true class:", r"E = -\sum_{j=1}^{K} Y_j \log y_j = -\log y_j", False),  # the sum's own index
    ("The true class is $m$.", r"E = -\sum_{j=1}^{K} Y_j \log y_j = -2\log y_m", False),  # wrong coefficient
])
def test_a_hard_label_makes_the_true_class_term_valid(prose, display, verdict):
    lines = _lines("softmax_ce_grad", display, prose=(prose,))
    assert [line_verdict(line)[0] for line in lines] == [verdict]
    if verdict:
        assert any("one-hot" in render(link.reason) for link in lines[0].links if link.reason is not None)


@pytest.mark.parametrize("steps", [
    # named in passing, then soft labels kept: the wrong gradient stays charged
    ((r"If $j$ is the correct label the loss reduces to $-\log y_j$, but we keep the soft targets:",
      r"E = -\sum_{i=1}^{K} Y_i \log y_i"), ("", r"\frac{\partial E}{\partial z_j} = y_j - 1")),
    # negated
    # (a letter the problem does not use as an index, `-\log y_m`, is read as the true class on main already, prose or not)
    (("We never assume that $k$ is the true class.", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k"),),
    (("我们不假设 $k$ 是正确的类别，", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k"),),
    # a hard label assumed, then prose speaks of soft labels: the assumption ends there
    (("If $k$ is the correct label,", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k"),
     ("For soft labels in general the same loss gives:", r"\frac{\partial E}{\partial z_k} = y_k - 1")),
    (("Let $j$ be the true class.", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_j"),
     ("Now take arbitrary labels:", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_j")),
    (("Suppose the true class is $k$:", r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k"),
     ("Otherwise,", r"\frac{\partial E}{\partial z_k} = y_k - 1")),
])
def test_a_hard_label_not_assumed_for_the_display_does_not_pass_a_wrong_line(steps):
    prose, displays = zip(*steps)
    assert _verdicts("softmax_ce_grad", *displays, prose=prose)[-1] is not True


def test_a_hard_label_stated_for_the_display_reaches_the_displays_after_it():
    loss, gradient = r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k", r"\frac{\partial E}{\partial z_k} = y_k - 1"
    assert _verdicts("softmax_ce_grad", loss, gradient, prose=("Let $k$ be the correct label. Then",)) == [True, True]
    assert _verdicts("softmax_ce_grad", loss, gradient, prose=("If $k$ is the correct label,", "The gradient:")) == [True, True]
    # the same display after prose on soft labels: the hard label no longer holds
    assert _verdicts("softmax_ce_grad", loss, gradient, prose=("If $k$ is the correct label,", "With soft labels:")) == [True, False]


# -- the bracket of an operator (the red team's F4, F12) ----------------------------------------------------


@pytest.mark.parametrize("module, blocks", [
    ("ce_mle", (r"H[p] = \sum_{k=1}^{K} p_k \log p_k",)),  # the minus dropped
    ("ce_mle", (r"H[q] = -\sum_{k=1}^{K} \log q_k",)),  # the weights dropped
    ("ce_mle", (r"\mathcal{H}[p] = -\sum_{k=1}^{K} p_k^2 \log p_k",)),  # a wrong power
    ("xavier_variance", (r"z = \sum_{j=1}^{n} w_j a_j", r"\mathbb{E}_w[z] = 1")),  # E[z] = 0 here
    ("xavier_variance", (r"z = \sum_{j=1}^{n} w_j a_j", r"\mathbb{E}_a[z]^2 = 2")),
])
def test_an_operators_bracket_is_no_entry_that_a_wrong_line_defines(module, blocks):
    assert _verdicts(module, *blocks)[-1] is not True


# -- arrows between results ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    (r"a_k = b_k \rightarrow c = d", r"a_k = b_k \Rightarrow c = d"),
    (r"u = v \longrightarrow p = q \to r = s", r"u = v \Rightarrow p = q \Rightarrow r = s"),
    (r"\lim_{n \to \infty} a_n = 0", r"\lim_{n \to \infty} a_n = 0"),  # the arrow of a limit, in a script
    (r"x \to 0", r"x \to 0"),  # no statement on either side
    (r"a = b \to c", r"a = b \to c"),  # one side is no equation: left as written
    (r"f: X \rightarrow Y", r"f: X \rightarrow Y"),
])
def test_an_arrow_between_two_equations_is_hence(text, read):
    assert arrows_as_implications(text) == read


LOG_LOSS = r"-\log L = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"


@pytest.mark.parametrize("module, display, verdict", [
    ("softmax_ce_grad", r"\frac{\partial y_k}{\partial z_k} = y_k(1 - y_k) \rightarrow -\frac{1}{y_k} y_k(1 - y_k) = -(1 - y_k) = y_k - 1", True),
    ("softmax_ce_grad", r"\frac{\partial y_k}{\partial z_k} = y_k(1 - y_k) \rightarrow -\frac{1}{y_k} y_k(1 - y_k) = -(1 + y_k)", False),  # sign slip after the arrow
    ("softmax_ce_grad", r"\frac{\partial y_k}{\partial z_k} = y_k(1 + y_k) \rightarrow -\frac{1}{y_k} y_k(1 + y_k) = -(1 + y_k)", False),  # before it
    ("mle_mse", LOG_LOSS + r" \to \frac{\partial (-\log L)}{\partial b} = -\frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)", True),
    ("mle_mse", LOG_LOSS + r" \to \frac{\partial (-\log L)}{\partial b} = \frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)", False),  # sign
    ("xavier_variance", r"\text{Var}(w_i a_i) = \text{Var}(w_i)\text{Var}(a_i) \longrightarrow \text{Var}(z) = n\text{Var}(w)\text{Var}(a)", True),
    ("xavier_variance", r"\text{Var}(w_i a_i) = \text{Var}(w_i)\text{Var}(a_i) \longrightarrow \text{Var}(z) = \text{Var}(w)\text{Var}(a)", False),  # dropped n
])
def test_each_side_of_an_arrow_is_checked_as_a_statement(module, display, verdict):
    assert _verdicts(module, display) == [verdict]


@pytest.mark.parametrize("display, verdict", [
    (r"E = -\log(\text{softmax}(z)[c])", True),
    (r"E = -\log(\mathrm{softmax}(z)[t]) = -z[t] + \log\sum_{j=1}^K e^{z[j]}", True),
    (r"E = -\log(\operatorname{softmax}(z)[m])", True),
    (r"E = \log(\text{softmax}(z)[c])", False),  # sign slip
    (r"E = -\log(\text{softmax}(z)[c]) = -z[c] - \log\sum_{j=1}^K e^{z[j]}", False),  # sign slip in the expansion
])
def test_the_loss_at_a_class_written_as_a_bracket_entry_of_the_softmax(display, verdict):
    lines = _lines("softmax_ce_grad", display)
    assert [line_verdict(line)[0] for line in lines] == [verdict]
    assert "true class" in render(lines[0].links[0].reason)  # the class letter's reading is named


# -- a `cases` line headed by the Jacobian's name -----------------------------------------------------------

DERIVATIVE_IK = r"\frac{\partial y_i}{\partial z_k} = \frac{\partial}{\partial z_k} \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}"
DERIVATIVE_JM = r"\frac{\partial y_j}{\partial z_i} = y_j([j = i] - y_i)"


@pytest.mark.parametrize("before, display, verdict", [
    (DERIVATIVE_IK, r"Jacobian = \begin{cases} y_i(1-y_i) & i = k \\ -y_i y_k & i \neq k \end{cases}", True),
    (DERIVATIVE_IK, r"\text{Jacobian} = \begin{cases} y_i - y_i^2 & k = i \\ -y_k y_i & k \neq i \end{cases}", True),
    (DERIVATIVE_JM, r"J_{ji} = \begin{cases} y_j(1-y_j) & \text{if } j = i \\ -y_j y_i & \text{otherwise} \end{cases}", True),
    (DERIVATIVE_IK, r"Jacobian = \begin{cases} y_i(1-y_i) & i = k \\ y_i y_k & i \neq k \end{cases}", False),  # sign slip
    (DERIVATIVE_IK, r"\text{Jacobian} = \begin{cases} y_i(1-y_k) & i = k \\ -y_i y_i & i \neq k \end{cases}", False),  # swapped index
    (DERIVATIVE_JM, r"\mathbf{J} = \begin{cases} 2y_j(1-y_j) & j = i \\ -y_j y_i & j \neq i \end{cases}", False),  # coefficient
])
def test_the_jacobian_named_in_a_cases_line_is_the_derivative_before_it(before, display, verdict):
    assert _verdicts("softmax_ce_grad", before, display)[1] is verdict


# -- indicators and Kronecker deltas as people spell them ------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    (r"\mathbb{I}(k = i)", r"\mathbb{1}[k = i]"),
    (r"\mathds{1}_{j=i}", r"\mathbb{1}[j = i]"),
    (r"\mathbb 1\{i = c\}", r"\mathbb{1}[i = c]"),
    (r"\mathbb{1}_{[k=c_i]}", r"\mathbb{1}[k = c_i]"),
    (r"\unicode{x1D7D9}(j = k) + 𝟙[i = k]", r"\mathbb{1}[j = k] + \mathbb{1}[i = k]"),
    (r"\delta_{i=j} - \delta(k, i)", r"\delta_{ij} - \delta_{ki}"),
])
def test_an_indicator_spelled_otherwise_is_the_indicator(text, read):
    assert indicators_spelled(text) == read


@pytest.mark.parametrize("text", [
    r"\mathbb{I} w",  # the identity, no condition after it
    r"\mathbb{1}(x)",  # no equation inside
    r"\delta(x)",  # Dirac's delta of one argument
    r"\mathbb{I}(a + b = c)",  # more than two index letters
])
def test_what_is_no_indicator_stays(text):
    assert indicators_spelled(text) == text


@pytest.mark.parametrize("display, verdict", [
    (r"\frac{\partial y_i}{\partial z_k} = y_i(\mathbb{I}(k=i) - y_k)", True),
    (r"\frac{\partial y_j}{\partial z_i} = y_j \mathds{1}_{i=j} - y_j y_i", True),
    (r"\frac{\partial E}{\partial z_i} = y_i - \sum_{k=1}^{K} Y_k \delta(i, k)", True),
    (r"\frac{\partial y_i}{\partial z_k} = y_i(\delta_{i=k} - y_k)", True),
    (r"\frac{\partial y_i}{\partial z_k} = y_k(\mathbb{I}(k=i) - y_k)", False),  # swapped index
    (r"\frac{\partial y_j}{\partial z_i} = y_j \mathds{1}_{i=j} + y_j y_i", False),  # sign slip
    (r"\frac{\partial E}{\partial z_i} = y_i - 2\sum_{k=1}^{K} Y_k \delta(i, k)", False),  # wrong coefficient
    (r"\frac{\partial y_i}{\partial z_k} = \delta_{i=k} - y_k", False),  # dropped factor
])
def test_indicators_spelled_otherwise_are_checked(display, verdict):
    assert _verdicts("softmax_ce_grad", display) == [verdict]


# -- cost --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "f(x)[i]" * 500,  # many bracket entries after calls
    r"a = b \to " * 400,  # many arrows
    r"\mathds{1}(k = i)" * 250,  # many indicators
    r"\a=\a=" * 650 + r" \to x = y",  # many `=` after commands before an arrow
])
def test_the_new_rewrites_stay_linear_on_a_long_line(text):
    started = time.process_time()
    rewrite(text[:4000])
    assert time.process_time() - started < 0.1  # idle: 0.002 to 0.007 s (CPU s)
