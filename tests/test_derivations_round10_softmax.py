r"""Derivation rows, round 10 (issue 11), the softmax cross-entropy's gradient as people write it:

- the sample's true class as a letter of the author's (`E(z, c) = -\log y_c`, `-z_c + \log\sum_j e^{z_j}`), its
  indicator (`\mathbf{1}\{i = c\}`, `\mathbb{1}[i = c]`, `[k = t]`, `\delta_{ic}`) and its one-hot vector (`e_c`):
  c read as the true class, the labels one-hot there, said in the feedback; a line that writes the letter is
  checked at the class of its index and away from it, whatever the seed;
- `p(\text{label} = i)` as the model's probability of class i; the logits written as functions of the input
  (`z_i(x)`, `z(x)`).

Each reading comes with wrong variants (sign slip, dropped factor, swapped index, wrong coefficient) that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section

from grader.course.course import load_problem
from grader.derivations.class_letters import class_reading


def _graded(*displays: str, answer: str | None = None, prose: str = ""):
    markdown = "## softmax-ce-grad\n\n" + prose + "".join(f"$${d}$$\n\n" for d in displays)
    if answer is not None:
        markdown += f"Answer: ${answer}$\n"
    return grade_section("softmax_ce_grad", markdown)


def _verdicts(*displays: str, answer: str | None = None, prose: str = "") -> list[list[tuple]]:
    """Per line: (valid, reason key, reading key) of each link."""
    derivation = next(p for p in _graded(*displays, answer=answer, prose=prose).parts if p.id == "derivation")
    return [[(k.valid, k.reason.key if k.reason else None,
              k.reason.params["reading"].key if k.reason is not None and k.reason.key == "derivation.reading" else None)
             for k in line.links] for line in derivation.lines]


def _steps(*displays: str) -> list[bool | None]:
    """The verdict of every line (False if a link is wrong, None if one is open, else True), notes left out."""
    out = []
    for line in _verdicts(*displays):
        links = [v for v, key, reading in line if reading not in ("derivation.reading_class_letter", "derivation.reading_class_probability")]
        out.append(False if False in links else None if None in links else True)
    return out


# -- the true class as a letter -------------------------------------------------------------------------


@pytest.mark.parametrize("displays", [
    (r"E(z, c) = -\log y_c", r"\frac{\partial E(z, c)}{\partial z_i} = y_i - \mathbf{1}\{i = c\}"),
    (r"E = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_i - \delta_{ic}"),
    (r"E = -z_c + \log \sum_{j=1}^{K} e^{z_j}", r"\frac{\partial E}{\partial z_i} = y_i - \mathbb{1}[i=c]"),
    (r"E(\mathbf{z}, t) = -\log y_t", r"\frac{\partial E}{\partial z_k} = y_k - [k = t]"),
    (r"E = -\log \hat{y}_c", r"\frac{\partial E}{\partial z_i} = \hat y_i - \delta_{i,c}"),
    (r"E(z, m) = -z_m + \log \sum_{l=1}^{K} \exp(z_l)", r"\frac{\partial E}{\partial z_j} = \frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}} - \delta_{jm}"),
])
def test_the_true_class_written_as_a_letter_is_read(displays):
    verdicts = _verdicts(*displays)
    assert verdicts[0][0][2] == "derivation.reading_class_letter", verdicts
    assert _steps(*displays) == [True, True], verdicts


@pytest.mark.parametrize("displays, wrong_line", [
    ((r"E = \log y_c",), 0),  # the sign slipped
    ((r"E(z, c) = -\log z_c",), 0),  # the logit for the probability
    ((r"E = -z_c - \log \sum_{j=1}^{K} e^{z_j}",), 0),  # the second term's sign
    ((r"E = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_c - \delta_{ic}"), 1),  # an index swapped
    ((r"E = -\log y_c", r"\frac{\partial E}{\partial z_i} = \delta_{ic} - y_i"), 1),  # the sign of the gradient
    ((r"E = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_i - 2\delta_{ic}"), 1),  # a wrong coefficient
    ((r"E(z, t) = -\log y_t", r"\frac{\partial E}{\partial z_k} = y_k - [k = t] y_k"), 1),  # a factor kept
    ((r"E = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_i - 1"), 1),  # no class written: the problem's labels
])
def test_a_wrong_step_with_the_class_letter_stays_charged(displays, wrong_line):
    assert _steps(*displays)[wrong_line] is False


def test_the_one_hot_vector_of_the_class_is_read_and_is_no_result_for_every_label():
    displays = (r"E(z, c) = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_i - \delta_{ic}", r"\nabla_z E(z, c) = y - e_c")
    result = _graded(*displays, answer=r"y_i - \delta_{ic}")
    derivation = next(p for p in result.parts if p.id == "derivation")
    note = derivation.lines[0].links[0].reason
    assert note.params["reading"].params["vector"].key == "derivation.reading_class_vector"
    assert all(k.valid for line in derivation.lines for k in line.links)
    # a derivation for one class's hard label is a special case: its last line is not the problem's goal
    assert derivation.score < derivation.max_score
    answer = next(p for p in result.parts if p.id == "answer")
    assert answer.score == answer.max_score  # the answer, read for the sample's class, is right


@pytest.mark.parametrize("wrong", [r"\nabla_z E(z, c) = e_c - y", r"\nabla_z E(z, c) = y - 2 e_c", r"\nabla_{\mathbf z} E = \mathbf y + \mathbf e_c"])
def test_a_wrong_vector_step_with_the_unit_vector_is_charged(wrong):
    assert _steps(r"E(z, c) = -\log y_c", wrong)[1] is False


@pytest.mark.parametrize("answer, full", [
    (r"y_i - \mathbf{1}\{i=c\}", True),
    (r"y_i - \delta_{ic}", True),
    (r"\mathbf{1}\{i=c\} - y_i", False),
    (r"y_c - \mathbf{1}\{i=c\}", False),
])
def test_the_answer_written_with_the_class_letter(answer, full):
    result = _graded(r"E(z, c) = -\log y_c", r"\frac{\partial E}{\partial z_i} = y_i - \mathbf{1}\{i = c\}", answer=answer)
    part = next(p for p in result.parts if p.id == "answer")
    assert (part.score == part.max_score) is full


@pytest.mark.parametrize("displays", [
    (r"E = -\sum_{c=1}^{K} Y_c \log y_c",),  # c bound by the loss's sum: no class of the sample's
    (r"\frac{\partial y_c}{\partial z_i} = y_c(\delta_{ic} - y_i)",),  # the loss is never written with c
    (r"c = 2", r"E = -\log y_c"),  # a value of the author's own
])
def test_no_class_reading_where_the_letter_is_not_the_samples_class(displays):
    readings = [reading for line in _verdicts(*displays) for _, _, reading in line]
    assert "derivation.reading_class_letter" not in readings


def test_the_class_is_drawn_at_the_lines_index_whatever_the_seed():
    # a coefficient that matters only where i is the class is charged at every seed
    problem = load_problem("softmax_ce_grad")
    for seed in (1, 7, 2026, 31337):
        checker = problem.checker(seed)
        reading = class_reading([r"E = -\log y_c"], problem.notation, checker, problem.known_names)
        assert reading is not None and reading.letter == "c"
        line = reading.checker_for(checker, r"y_i - 3\delta_{ic}")
        points = line.points(line.scenarios[0])
        assert any(p["c"] == p["i"] for p in points) and any(p["c"] != p["i"] for p in points)
        assert all(p["Y"][p["c"] - 1] == 1 and p["Y"].sum() == 1 for p in points)


# -- the model's probability in words, the logits as functions of the input ------------------------------


def test_the_probability_of_a_label_in_words_and_logits_of_the_input():
    verdicts = _verdicts(r"y_i = p(\text{label}=i) = \frac{\exp(z_i(x))}{\sum_{j=1}^{K}\exp(z_j(x))}",
                         r"E(z(x), c) = -\log p(\text{label}=c) = -z_c(x) + \log \sum_{j=1}^{K}\exp(z_j(x))")
    assert verdicts[0][0][2] == "derivation.reading_class_probability"
    assert all(v for line in verdicts for v, _, _ in line), verdicts


@pytest.mark.parametrize("display", [
    r"y_k = P(\mathrm{class}=k \mid x) = \frac{e^{z_k(\mathbf{x})}}{\sum_{j=1}^{K} e^{z_j(\mathbf{x})}}",
    r"y_j = p(\text{label} = j) = \frac{\exp(z_j(u))}{\sum_{l=1}^{K} \exp(z_l(u))}",
])
def test_other_letters_for_the_probability_in_words(display):
    assert _steps(display) == [True]


@pytest.mark.parametrize("wrong", [
    r"y_i = p(\text{label}=i) = \frac{\exp(z_i(x))}{\sum_{j=1}^{K}\exp(z_i(x))}",  # the sum's index
    r"y_i = p(\text{label}=i) = \frac{\exp(-z_i(x))}{\sum_{j=1}^{K}\exp(z_j(x))}",  # a sign
    r"y_k = P(\mathrm{class}=k) = \frac{e^{z_k(\mathbf{x})}}{\sum_{j=1}^{K} e^{z_j(\mathbf{x})}} = e^{z_k}",  # the denominator dropped
])
def test_a_wrong_softmax_in_words_is_charged(wrong):
    assert _steps(wrong) == [False]


def test_the_probability_given_another_of_the_problems_letters_is_not_read_as_the_outputs():
    # `z_i = p(label = i)`: the author's z are the probabilities, not the course's logits; nothing is called wrong for it
    verdicts = _verdicts(r"z_i = p(\text{label}=i) = \frac{\exp(h_i(x))}{\sum_{j=1}^{K}\exp(h_j(x))}")
    assert all(v is not False for line in verdicts for v, _, _ in line), verdicts


# -- the result restated as the mean over a batch ---------------------------------------------------------

_PER_SAMPLE = r"\frac{\partial E}{\partial z_i} = y_i - Y_i"


@pytest.mark.parametrize("batch", [
    r"\frac{\partial E}{\partial z} = \frac{1}{N}(y - Y)",
    r"\frac{\partial E}{\partial z_i} = \frac{1}{m}(y_i - Y_i)",
    r"\frac{\partial E}{\partial z_j} = \frac{y_j - Y_j}{B}",
    r"\nabla_{\mathbf z} E = \frac{1}{n} (\mathbf y - \mathbf Y)",
])
def test_the_batch_mean_after_the_per_sample_result_costs_nothing(batch):
    verdicts = _verdicts(_PER_SAMPLE, batch)
    assert verdicts[1] == [(True, "derivation.reading", "derivation.reading_batch_mean")], verdicts


@pytest.mark.parametrize("wrong, said", [
    (r"\frac{\partial E}{\partial z} = \frac{1}{N}(Y - y)", True),  # the sign slipped
    (r"\frac{\partial E}{\partial z_i} = \frac{1}{m}(y_i - 2Y_i)", True),  # a wrong coefficient
    (r"\frac{\partial E}{\partial z_i} = \frac{1}{m}(y_j - Y_i)", True),  # an index swapped
    (r"\frac{\partial E}{\partial z_i} = \frac{1}{N^2}(y_i - Y_i)", False),  # not a mean: not read
    (r"\frac{\partial E}{\partial z_i} = N(y_i - Y_i)", False),
    (r"\frac{\partial E}{\partial z_i} = \frac{1}{N}(y_i - Y_i) + N", False),
])
def test_a_wrong_batch_mean_is_not_passed(wrong, said):
    valid, key, _ = _verdicts(_PER_SAMPLE, wrong)[1][0]
    assert valid is None  # unchecked: charged as a step that cannot be checked, never passed
    assert (key == "derivation.batch_mean_differs") is said


@pytest.mark.parametrize("display", [r"y_i = \frac{e^{z_i}}{S}", r"y_i = \frac{e^{z_i}}{2S}", r"E = \frac{1}{N}\left(-\log y_i\right)"])
def test_a_letter_dividing_what_is_not_a_gradient_is_no_batch_size(display):
    valid, key, _ = _verdicts(display)[0][-1]
    assert valid is None and key == "equivalence.could_not_evaluate"



@pytest.mark.parametrize("displays", [
    # the per-sample result over several lines, the last a continuation (the course's usual layout)
    (r"\frac{\partial E}{\partial z_i} = \sum_{k=1}^{K} -Y_k(\delta_{ki} - y_i)", r"= -Y_i + y_i \sum_{k=1}^{K} Y_k",
     r"= y_i - Y_i", r"\frac{\partial E}{\partial z_i} = \frac{1}{N}\left(y_i - Y_i\right)"),
    # the vector of results, then the batch version with the sides swapped
    (r"\frac{\partial E}{\partial z} = y - Y", r"\frac{1}{B}(y - Y) = \frac{\partial E}{\partial z}"),
    # another index than the one derived at
    (r"\frac{\partial E}{\partial z_k} = -Y_k + y_k", r"\frac{\partial E}{\partial z_l} = \frac{-Y_l + y_l}{m}"),
])
def test_the_batch_mean_of_a_result_derived_over_several_lines_costs_nothing(displays):
    verdicts = _verdicts(*displays)
    assert verdicts[-1] == [(True, "derivation.reading", "derivation.reading_batch_mean")], verdicts


# Red team, round 10 (finding 4): a factor 1/N (N a letter with no value) is read as a batch mean only in a problem
# whose loss is one sample's (the softmax cross-entropy), and only where the line restates the per-sample result an
# earlier line judged right derived.  Elsewhere the factor is the author's own and the line stays unchecked.

_MLE_GRADIENT_OVER_N = (r"\frac{\partial}{\partial w}\left(-\log L(w,b)\right) = "
                        r"\frac{1}{N}\left(-\frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)x_i\right)")


def _module_verdicts(module: str, *displays: str) -> list[tuple]:
    derivation = next(p for p in grade_section(module, f"## {module.replace('_', '-')}\n\n" + "".join(
        f"$$\n{d}\n$$\n\n" for d in displays)).parts if p.id == "derivation")
    return [(k.valid, k.reason.key if k.reason else None) for line in derivation.lines for k in line.links
            if not (k.reason is not None and k.reason.key in ("derivation.role_letters", "layer_letters.read", "derivation.sample_product"))]


@pytest.mark.parametrize("module, displays", [
    # the red team's rows: a regularized optimum, a layer's variance, a likelihood over the data (no batch), and a
    # softmax gradient with nothing derived before it
    ("l2_shrinkage", (r"\tilde w = \frac{1}{m}(H + \alpha I)^{-1} H w^*",)),
    ("xavier_variance", (r"\mathrm{Var}(z) = \frac{1}{m} n \mathrm{Var}(w) \mathrm{Var}(a)",)),
    ("mle_mse", (_MLE_GRADIENT_OVER_N,)),
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = \frac{1}{B}\left(y_i - Y_i\right)",)),
    # a gradient derived right before the spurious factor, in a problem that has no batch
    ("mle_mse", (r"\frac{\partial}{\partial b}\left(-\log L(w,b)\right) = -\frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)",
                 r"\frac{\partial}{\partial b}\left(-\log L(w,b)\right) = -\frac{1}{m \sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)")),
    # only the chain rule before it: no per-sample result derived yet
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = \sum_{k=1}^{K} \frac{\partial E}{\partial y_k} \frac{\partial y_k}{\partial z_i}",
                         r"\frac{\partial E}{\partial z_i} = \frac{1}{N}(y_i - Y_i)")),
    # a per-sample result charged before it (the sign slipped), then the batch version of that wrong result
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = Y_i - y_i", r"\frac{\partial E}{\partial z_i} = \frac{1}{N}(Y_i - y_i)")),
    # another gradient than the one derived, its sign slipped
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = y_i - Y_i", r"\frac{\partial E}{\partial y_i} = \frac{1}{N}\cdot\frac{Y_i}{y_i}")),
    # a value derived before, but a wrong coefficient in the restatement
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = y_i - Y_i", r"\frac{\partial E}{\partial z_i} = \frac{2}{N}(y_i - Y_i)")),
])
def test_a_spurious_factor_one_over_an_unknown_letter_is_not_valid(module, displays):
    verdicts = _module_verdicts(module, *displays)
    assert verdicts[-1][0] is not True, verdicts


# -- a slip on one intermediate line, and the next line simplifying the line before it -----------------------

_QUOTIENT = r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_k} - e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_k})^2}"
_GARBLED = r"= \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}} \cdot \frac{\frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}} - e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}"
_CHAIN = r"\frac{\partial E}{\partial z_j} = -\sum_{k=1}^{K} Y_k (\delta_{kj} - y_j)"


@pytest.mark.parametrize("displays", [
    (_QUOTIENT, _GARBLED, r"= y_i(1-y_i)"),
    (_QUOTIENT, _GARBLED, r"= y_i - y_i^2"),
    (_QUOTIENT, _GARBLED, r"= \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}\left(1 - \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}\right)"),
    (r"\frac{\partial y_j}{\partial z_j} = \frac{e^{z_j}\sum_{l=1}^{K} e^{z_l} - e^{z_j}e^{z_j}}{(\sum_{l=1}^{K} e^{z_l})^2}",
     r"= \frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}} \cdot \frac{\frac{e^{z_j}}{\sum_{l=1}^{K} e^{z_l}} - e^{z_j}}{\sum_{l=1}^{K} e^{z_l}}",
     r"= y_j(1-y_j)"),
])
def test_the_line_after_a_slip_is_read_from_the_line_before_it(displays):
    verdicts = _verdicts(*displays)
    assert verdicts[1][0][0] is False  # the slip is charged, once
    assert verdicts[2] == [(True, "derivation.recovers_after_slip", None)], verdicts


@pytest.mark.parametrize("displays", [
    (_QUOTIENT, _GARBLED, r"= y_i(1+y_i)"),  # wrong for the line before the slip too
    (_CHAIN, r"= -Y_j + 2 y_j \sum_{k=1}^{K} Y_k", r"= y_j - 2Y_j"),
    # a wrong first step, then the result: no line shown that it simplifies (the table's row)
    (r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_k} + e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_k})^2}", r"= y_i(1-y_i)"),
    (_CHAIN, r"= -Y_j + 2 y_j \sum_{k=1}^{K} Y_k", r"= y_j - Y_j"),  # a coefficient written wrong: a mistake, not a copy
    (_CHAIN, r"= Y_j - y_j \sum_{k=1}^{K} Y_k", r"= y_j \sum_{k=1}^{K} Y_k - Y_j"),  # a sign flipped
    # two wrong lines in a row: the second is no slip of one line
    (_CHAIN, r"= -Y_j + 2 y_j \sum_{k=1}^{K} Y_k", r"= -Y_j + 3 y_j", r"= y_j - Y_j"),
])
def test_a_line_after_a_mistake_that_does_not_simplify_the_line_before_stays_charged(displays):
    verdicts = _verdicts(*displays)
    assert verdicts[-1][0][0] is False, verdicts


# -- a name the prose gives as the first side of a chain of equalities ---------------------------------------


@pytest.mark.parametrize("prose, display, holds", [
    (r"Let $L = E = -\sum_{k=1}^{K} Y_k \log y_k$ be the loss." + "\n\n", r"\frac{\partial L}{\partial z_i} = y_i - Y_i", True),
    (r"Let $L = E = -\sum_{k=1}^{K} Y_k \log y_k$ be the loss." + "\n\n", r"\frac{\partial L}{\partial z_i} = Y_i - y_i", False),
    (r"where $S = \sum_{k=1}^{K} e^{z_k} = e^{z_1} + \cdots + e^{z_K}$:" + "\n\n", r"y_i = \frac{e^{z_i}}{S}", True),
    (r"where $S = \sum_{k=1}^{K} e^{z_k} = e^{z_1} + \cdots + e^{z_K}$:" + "\n\n", r"y_i = \frac{e^{z_i}}{2S}", False),
    (r"with $\ell = E = -\log y_j$ for one-hot labels," + "\n\n", r"\frac{\partial \ell}{\partial z_i} = y_i + Y_i", False),
])
def test_a_name_given_by_a_chain_in_the_prose_is_defined_by_its_first_side(prose, display, holds):
    verdicts = _verdicts(display, prose=prose)
    assert [v for v, _, _ in verdicts[0]][-1] is holds, verdicts


# -- vectors written as lists around a generic entry (`[0, \cdots, -\frac{1}{y_j}, \cdots, 0]`) ---------------

_ONE_HOT_PROSE = "Labels are one-hot: $Y = [0, \\cdots, 1, \\cdots, 0]$ with $E = -Y_j \\log y_j$.\n\n"


@pytest.mark.parametrize("display, expected", [
    (r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_K] = y - Y", [True, True]),
    (r"\frac{\partial E}{\partial y} = [0, \cdots, -\frac{1}{y_j}, \cdots, 0]", [True]),
    (r"\frac{\partial E}{\partial z} = [y_1, \cdots, y_j + 1, \cdots, y_K]", [False]),  # the entry's sign
    (r"\frac{\partial E}{\partial y} = [0, \cdots, \frac{1}{y_j}, \cdots, 0]", [False]),  # the sign of dE/dy_j
    (r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_K] = Y - y", [True, False]),  # the vector's sign
])
def test_a_list_around_its_generic_entry_is_the_vector_whose_entry_j_is_written(display, expected):
    verdicts = _verdicts(display, prose=_ONE_HOT_PROSE)
    assert [v for v, _, _ in verdicts[0]] == expected, verdicts


def test_a_list_that_writes_no_generic_entry_is_never_charged():
    verdicts = _verdicts(r"\frac{\partial E}{\partial y} = [0, \cdots, 0, -\frac{1}{y_j}, 0, \cdots, 0]", prose=_ONE_HOT_PROSE)
    assert all(v is not False for line in verdicts for v, _, _ in line)


def test_an_exponent_written_wrong_is_no_copying_slip():
    # `\frac{h^2}{p}` for `\frac{h^2}{p^2}` (the square forgotten), then the right next line: still charged, though
    # a piece of the line (E[m]^2, equal to p^2 under the problem's mask) would make the slipped line right
    markdown = (r"## dropout-moments" "\n\n$$\n" r"\mathrm{Var}(\tilde h) = E[\tilde h^2] - E[\tilde h]^2 \\" "\n"
                r"= \frac{h^2}{p} E[m^2] - \frac{h^2}{p^2} E[m]^2 \\" "\n" r"= \frac{h^2}{p^2} p - \frac{h^2}{p^2} p^2" "\n$$\n")
    derivation = next(p for p in grade_section("dropout_moments", markdown).parts if p.id == "derivation")
    assert [k.valid for line in derivation.lines for k in line.links][-1] is False
