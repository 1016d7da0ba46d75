r"""Derivation rows, round 11 (issue 11): the extended course's derivations in the author's own letters.

- The perceptron's convergence proof as authors write it: the update's two iterates at the author's index
  (`w_{t+1}`, `w_t`; `W_{t+1}`; `\vec w_{k+1}`, `w^{k+1}`), the separating vector dotted with them (`w^*`, `W_f`,
  `\vec w^*`), the sample the update adds (`y_t x_t`, `y_{n(t)} x_{n(t)}`) and a margin the update count multiplies
  (`k\delta`) read as the problem's `w_k`, `w_{k-1}`, `w_{opt}`, `y_i x_i`, `\gamma`.  A proof that counts its
  iterates from 1 (`w_{0+1} = 0`) is read one index lower on every line; where the author's index letter is the
  problem's k and the start is not written, only a line with the one step (and no other k) is.

Each reading comes with wrong variants that stay charged (a sign slip, a dropped factor, indices swapped, a wrong
coefficient), and the feedback says which reading was taken.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from test_extended_derivations import derivation_part, grade_section

from grader.derivations.dropout_letters import DropoutNames, dropout_reading


@dataclass(frozen=True)
class _Source:
    number: int
    text: str


def _lines(module: str, title: str, displays: list[str]) -> list[list[tuple[bool | None, str | None]]]:
    markdown = f"## {title}\n\n" + "\n\n".join(f"$$\n{display}\n$$" for display in displays) + "\n"
    derivation = derivation_part(grade_section(module, markdown))
    return [[(k.valid, k.reason.key if k.reason else None) for k in line.links] for line in derivation.lines]


def _step_verdicts(module: str, title: str, displays: list[str]) -> list[bool | None]:
    """Each line's verdict on its steps (notes aside)."""
    return [next((valid for valid, key in links if key is None or not key.endswith(".read")), None)
            if any(key is None or not key.endswith(".read") for _, key in links) else True
            for links in _lines(module, title, displays)]


def _perceptron(displays: list[str]) -> list[bool | None]:
    return _step_verdicts("perceptron_convergence", "perceptron-convergence", displays)


# -- the perceptron's update in the author's names -------------------------------------------------------------


@pytest.mark.parametrize(
    "display, expected",
    [
        # the author's t for the update before, t+1 after, a star on the separator, bold vectors
        (r"\mathbf{w}_{t+1}^\top \mathbf{w}^* = \mathbf{w}_t^\top \mathbf{w}^* + y_t \mathbf{x}_t^\top \mathbf{w}^*", True),
        (r"\mathbf{w}_{t+1}^\top \mathbf{w}^* = \mathbf{w}_t^\top \mathbf{w}^* - y_t \mathbf{x}_t^\top \mathbf{w}^*", False),  # sign slip
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 + 2 y_t w_t^T x_t + \|x_t\|^2", True),
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 - 2 y_t w_t^T x_t + \|x_t\|^2", False),  # sign slip
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 + y_t w_t^T x_t + \|x_t\|^2", False),  # the 2 dropped
        # a capital letter, the separator named by a letter (`W_f`), a transposition written before the mark
        (r"W^T_f W_{s+1} = W_f^T (W_s + y_{j} x_{j})", True),
        (r"W^T_f W_{s+1} = W_f^T (W_s + x_{j})", False),  # the label dropped
        (r"W^T_f W_{s} = W_f^T (W_{s+1} + y_{j} x_{j})", False),  # before and after swapped
    ],
)
def test_the_update_in_the_authors_letters_is_the_problems(display, expected):
    assert _perceptron([display]) == [expected]


def test_an_author_who_counts_iterates_from_one_is_read_one_index_lower_on_every_line():
    verdicts = _perceptron([
        r"\|\vec w_{0+1}\|^2 = 0",
        r"\|\vec w_{k+1}\|^2 \le \|\vec w_k\|^2 + R^2",
        r"\|\vec w_{k+1}\|^2 \le k R^2",  # after k updates: the problem's w_k
        r"\vec w_{k+1} \cdot \vec w^* \ge k \delta",  # the margin the count multiplies: the problem's gamma
    ])
    assert verdicts == [True, True, True, True]
    wrong = _perceptron([r"\|\vec w_{0+1}\|^2 = 0", r"\|\vec w_{k+1}\|^2 \le (k-1) R^2"])  # a wrong coefficient
    assert wrong == [True, False]
    wrong = _perceptron([r"\|\vec w_{0+1}\|^2 = 0", r"\|\vec w_{k+1}\|^2 \le \|\vec w_k\|^2 - R^2"])
    assert wrong == [True, False]


def test_a_step_written_one_index_later_is_the_problems_step_where_the_count_is_k():
    verdicts = _perceptron([
        r"w_{k+1}^T w_{opt} \ge w_k^T w_{opt} + \gamma",  # the one step, one index later
        r"w_k^T w_{opt} \ge k\gamma",  # a bound in k: the problem's own w_k, not shifted
        r"\|w_{k+1}\|^2 \le \|w_k\|^2 + R^2",
        r"\|w_{k+1}\|^2 \le \|w_k\|^2 - R^2",  # sign slip
    ])
    assert verdicts == [True, True, True, False]
    # a line that writes the count beside the step is not read one index later (the bound would change)
    assert _perceptron([r"\|w_{k+1}\|^2 \le \|w_{k}\|^2 + R^2 + k"]) == [None]


def test_the_feedback_names_the_iterates_as_read():
    lines = derivation_part(grade_section(
        "perceptron_convergence", "## perceptron-convergence\n\n$$\nW^T_f W_{s+1} = W_f^T (W_s + y_{j} x_{j})\n$$\n")).lines
    note = lines[0].links[0]
    assert note.reason is not None and note.reason.key == "iterate_letters.read"
    assert "w_{k}" in note.reason.params["letters"] and "w_{opt}" in note.reason.params["letters"]
    assert "x_i" in note.reason.params["letters"]


def test_three_iterates_of_the_author_are_not_read_onto_the_problems_two():
    # `w_{t-1}`, `w_t`, `w_{t+1}`: no reading; the lines stay unchecked (never passed on a guess)
    assert _perceptron([r"w_{t+1}^T w^* \ge w_t^T w^* + \gamma", r"w_t^T w^* \ge w_{t-1}^T w^* + \gamma"]) == [None, None]


def test_a_vector_of_another_letter_dotted_with_the_update_is_any_vector():
    # `u`: not read as the separator; the update's identity holds for any u, a sign slip is never passed
    assert _perceptron([r"w_{t+1}^T u = w_t^T u + y_t x_t^T u"]) == [True]
    assert _perceptron([r"w_{t+1}^T u = w_t^T u - y_t x_t^T u"]) in ([False], [None])


@pytest.mark.parametrize(
    "display",
    [
        r"w_{t+1}^T w_j \ge w_t^T w_j + \gamma",  # red team X5: w_j another iterate or any weight vector
        r"W_{s+1}^T W_i \ge W_s^T W_i + \gamma",
        r"\mathbf w_{t+1} \cdot \mathbf w_n \ge \mathbf w_t \cdot \mathbf w_n + \gamma",
    ],
)
def test_the_iterates_letter_with_an_index_letter_is_not_the_separator(display):
    # the margin step holds for the separator only: with the letter indexed by i, j, n it is not read so, never passed
    assert _perceptron([display]) != [True]


def test_a_separator_marked_by_a_letter_of_its_own_is_still_read():
    assert _perceptron([r"W_{s+1}^T W_f \ge W_s^T W_f + \gamma"]) == [True]
    assert _perceptron([r"W_{s+1}^T W_f \ge W_s^T W_f + 2\gamma"]) != [True]  # a margin counted twice


# -- dropout in the author's letters --------------------------------------------------------------------------


def _dropout(displays: list[str]) -> list[bool | None]:
    return _step_verdicts("dropout_moments", "dropout-moments", displays)


@pytest.mark.parametrize(
    "last, expected",
    [
        (r"\mathrm{Var}(\tilde y) = \frac{1-q}{q} y^2", True),
        (r"\mathrm{Var}(\tilde y) = (1-q) y^2", False),  # the 1/q dropped
        (r"\mathrm{Var}(\tilde y) = \frac{q}{1-q} y^2", False),  # keep and drop swapped
    ],
)
def test_the_authors_letters_for_activation_mask_and_keep_probability(last, expected):
    # r the mask, y the activation, q the keep probability (the author's own statement)
    assert _dropout([r"r \sim \mathrm{Bernoulli}(q)", r"\tilde y = \frac{y \odot r}{q}", last]) == [None, True, expected]


@pytest.mark.parametrize(
    "last, expected",
    [
        (r"\mathbb{E}[\tilde{\mathbf x}] = \mathbf x", True),
        (r"\mathrm{Var}(\tilde{\mathbf x}) = \frac{p}{1-p} \mathbf x^2", True),  # in the author's p (drop)
        (r"\mathrm{Var}(\tilde{\mathbf x}) = \frac{1-p}{p} \mathbf x^2", False),  # the keep formula, in the drop convention
        (r"\mathbf x_{\text{test}} = \mathbf x", True),
        (r"\mathbf x_{\text{test}} = (1-p) \mathbf x", False),  # scaled twice after inverted dropout
    ],
)
def test_an_author_whose_p_drops_is_read_in_that_convention(last, expected):
    verdicts = _dropout([r"\mathbf{z} \sim \text{Bernoulli}(1-p)", r"\tilde{\mathbf x} = \frac{\mathbf x \odot \mathbf z}{1-p}", last])
    assert verdicts[1:] == [True, expected]


@pytest.mark.parametrize(
    "last, expected",
    [
        (r"\mathbb{E}[\hat a] = (1-p) a", True),
        (r"\mathbb{E}[\hat a] = p a", False),  # the keep probability of the course, not the author's
        (r"a_{test} = (1-p) a", True),
        (r"a_{test} = a", False),  # standard dropout must scale at test time
    ],
)
def test_standard_dropout_with_the_drop_probability_stated(last, expected):
    assert _dropout([r"d \sim \mathrm{Bernoulli}(1 - p)", r"\hat a = a \cdot d", last])[1:] == [True, expected]


@pytest.mark.parametrize(
    "last, expected",
    [
        (r"\mathbb{E}[\tilde{a}_j^{[l]}] = a_j^{[l]}", True),
        (r"\mathrm{Var}(\tilde{a}_j^{[l]}) = \frac{1-p}{p} (a_j^{[l]})^2", True),
        (r"\mathrm{Var}(\tilde{a}_j^{[l]}) = \frac{1-p}{p} a_j^{[l]}", False),  # the square dropped
        (r"\mathbb{E}[\tilde{a}_j^{[l]}] = p \, a_j^{[l]}", False),
    ],
)
def test_a_units_and_layers_marks_name_one_unit(last, expected):
    assert _dropout([r"\tilde{a}_j^{[l]} = \frac{a_j^{[l]} \, d_j^{[l]}}{p}", last]) == [True, expected]


def test_a_name_first_given_to_standard_dropout_then_to_inverted_dropout():
    verdicts = _dropout([
        r"\mathbf m \sim \mathrm{Bernoulli}(p)",
        r"\tilde{\mathbf h} = \mathbf h \odot \mathbf m",  # the author's tilde: standard dropout, for now
        r"\mathbb{E}[\tilde{\mathbf h}] = p \mathbf h",
        r"\tilde{\mathbf h} = \frac{\mathbf h \odot \mathbf m}{p}",  # the tilde now names inverted dropout
        r"\mathbb{E}[\tilde{\mathbf h}] = \mathbf h",
        r"\mathbb{E}[\tilde{\mathbf h}] = p \mathbf h",  # no longer: charged
    ])
    assert verdicts[1:] == [True, True, True, True, False]


def test_the_answer_is_read_in_the_authors_convention_and_the_feedback_says_so():
    markdown = ("## dropout-moments\n\n$$\nm \\sim \\mathrm{Bernoulli}(1-p)\n$$\n\n$$\n\\hat h = h \\odot m\n$$\n\n"
                "$$\n\\mathbb{E}[\\hat h] = (1-p) h\n$$\n\nAnswer (b): $1-p$\n")
    result = grade_section("dropout_moments", markdown)
    answer = next(part for part in result.parts if part.id == "answer-b")
    assert answer.score == answer.max_score
    notes = [link.reason for line in derivation_part(result).lines for link in line.links
             if link.reason is not None and link.reason.key == "dropout_letters.read"]
    assert len(notes) == 1 and "p → 1 - p" in notes[0].params["letters"]
    wrong = grade_section("dropout_moments", markdown.replace("Answer (b): $1-p$", "Answer (b): $p$"))
    assert next(part for part in wrong.parts if part.id == "answer-b").score == 0


def test_letters_without_a_stated_convention_are_not_read():
    # no Bernoulli statement and no inverted output: the keep probability is not known, nothing is renamed
    result = grade_section("dropout_moments", "## dropout-moments\n\n$$\n\\hat a = a \\cdot d\n$$\n\n$$\n\\mathbb{E}[\\hat a] = (1-p) a\n$$\n")
    keys = {link.reason.key for line in derivation_part(result).lines for link in line.links if link.reason is not None}
    assert "dropout_letters.read" not in keys
    # two conventions stated at once (keep p, and dividing by 1 - p): no reading either
    names = DropoutNames("h", "m", "p", r"\tilde h", r"\hat h")
    sources = [_Source(1, r"m \sim \mathrm{Bernoulli}(p)"), _Source(2, r"\tilde a = \frac{a m}{1 - p}")]
    assert dropout_reading(sources, names) is None


@pytest.mark.parametrize(
    "prose, definition",
    [
        ("", r"\tilde{\mathbf x} = \frac{\mathbf x \odot \mathbf z}{1-p}"),
        ("Each unit survives with probability $p$.\n\n", r"\tilde y = \frac{r \, y}{1 - p}"),
        ("", r"a_{\text{train}} = d \cdot \frac{a}{1-p}"),
        ("", r"\tilde{h} = \frac{1}{1-p} h m"),
    ],
)
def test_a_division_by_one_less_p_alone_is_the_keep_drop_confusion(prose, definition):
    # red team X1: with no statement of the mask, the division is the key's named mistake, not the author's
    # convention; the line is charged and the answers stay in the problem's convention
    markdown = (f"## dropout-moments\n\n{prose}$$\n{definition}\n$$\n\n"
                "Answer (a): $\\frac{p}{1-p} h^2$\n\nAnswer (b): $1-p$\n")
    result = grade_section("dropout_moments", markdown)
    parts = {part.id: part for part in result.parts}
    assert parts["answer-a"].score == 0 and parts["answer-b"].score == 0
    assert any(link.valid is False for link in derivation_part(result).lines[-1].links)


def test_a_division_by_one_less_p_against_a_stated_keep_probability_is_charged():
    # the mask said to keep with p, the output divided by 1 - p: no reading, charged in the problem's letters
    assert _dropout([r"\mathbf m \sim \mathrm{Bern}(p)", r"\tilde{\mathbf h} = \frac{\mathbf h \odot \mathbf m}{1-p}"])[-1] is False


@pytest.mark.parametrize(
    "relation, last, expected",
    [
        (r"q = 1 - p", r"\mathrm{Var}(\tilde y) = \frac{1-q}{q} y^2 = \frac{p}{1-p} y^2", True),
        (r"p = 1 - q", r"\mathrm{Var}(\tilde y) = \frac{p}{q} y^2", True),
        (r"q = 1 - p", r"\mathrm{Var}(\tilde y) = \frac{1-p}{p} y^2", False),  # the keep formula in their drop letter
        (r"q = 1 - p", r"\mathbb{E}[\tilde y] = q \, y", False),  # the division forgotten
    ],
)
def test_the_authors_keep_letter_defined_from_their_drop_letter(relation, last, expected):
    # red team X2: `r ~ Bernoulli(q)` with `q = 1 - p`: q keeps and the author's p drops; their relation holds
    verdicts = _dropout([r"r \sim \mathrm{Bernoulli}(q)", relation, r"\tilde y = \frac{y \odot r}{q}", last])
    assert verdicts[1:] == [True, True, expected]


def test_a_keep_letter_defined_from_p_with_no_statement_of_the_mask_is_not_read():
    # `q = 1 - p` and a division by q, nothing said of the mask: the X1 confusion in another letter, still charged
    verdicts = _dropout([r"q = 1 - p", r"\tilde a = \frac{a \, r}{q}"])
    assert verdicts == [True, False]


@pytest.mark.parametrize(
    "line, expected",
    [
        (r"\frac{d}{dp}\left(\frac{1}{p}\right) = -\frac{1}{p^2}", True),
        (r"\frac{d}{dp}\left(\frac{1-p}{p}\right) = \frac{1}{p^2}", False),  # sign slip
        (r"\mathbb{E}[\tilde a] = \frac{a \, \mathbb{E}[d]}{p} = a", True),  # the mask d, read as m
        (r"\mathbb{E}[\tilde a] = a \, \mathbb{E}[d] = a", False),  # the 1/p dropped
    ],
)
def test_the_differential_d_is_not_the_authors_mask_d(line, expected):
    # red team X3: the mask's letter d; `\frac{d}{dp}` keeps its differential d
    assert _dropout([r"\tilde a = \frac{a d}{p}", line])[-1] is expected


# -- L1 in the author's letters: the starred entry, bold argument lists, the data after `;` ---------------------


def _l1(displays: list[str]) -> list[bool | None]:
    return _step_verdicts("l1_soft_threshold", "l1-soft-threshold", displays)


_OMEGA = r"\tilde J(\omega) = J(\omega^\ast) + \sum_{i} \left[\frac{1}{2} H_{i,i} (\omega_i - \omega_i^\ast)^2 + \alpha |\omega_i|\right]"
_BETA = r"\tilde J(\boldsymbol{\beta; X, y}) = J(\boldsymbol{\beta^{\star}; X, y}) + \sum_{i} [\frac{1}{2} H_{i,i} (\beta_i - \beta_i^{\star})^2 + \alpha |\beta_i|]"
_THETA = r"\tilde J(\theta; X, y) = J(\theta^*; X, y) + \sum_{i} [\frac{1}{2} H_{i,i} (\theta_i - \theta_i^*)^2 + \alpha |\theta_i|]"


@pytest.mark.parametrize(
    "display, expected",
    [
        (_OMEGA, True),  # ω the author's w, `\omega_i^\ast` the i-th entry of their w*
        (_OMEGA.replace(r"+ \alpha |\omega_i|", r"+ \frac{1}{2}\alpha |\omega_i|"), False),  # a wrong coefficient
        (_OMEGA.replace(r"(\omega_i - \omega_i^\ast)", r"(\omega_i + \omega_i^\ast)"), False),  # sign slip
        (_BETA, True),  # bold over the whole argument list
        (_BETA.replace(r"\frac{1}{2} H_{i,i}", r"2 H_{i,i}"), False),
        (_THETA, True),  # the data after `;`: read as fixed, the problem's \tilde J of the parameters
        (_THETA.replace(r"\frac{1}{2} H_{i,i}", r"H_{i,i}"), False),  # the 1/2 dropped: no longer the author's definition
        (_THETA.replace(r"(\theta_i - \theta_i^*)", r"(\theta_i^* - \theta_i^*)"), False),
    ],
)
def test_a_restatement_of_the_objective_in_the_authors_letters_is_checked(display, expected):
    assert _l1([display]) == [expected]


@pytest.mark.parametrize(
    "display, expected",
    [
        (r"\frac{\partial \tilde J(\boldsymbol{\beta; X, y})}{\partial \beta_i} = H_{i,i}(\beta_i - \beta_i^{\star}) + \alpha \operatorname{sign}(\beta_i)", True),
        (r"\frac{\partial \tilde J(\boldsymbol{\beta; X, y})}{\partial \beta_i} = H_{i,i}(\beta_i - \beta_i^{\star}) - \alpha \operatorname{sign}(\beta_i)", False),
        (r"\frac{\partial \tilde J(\boldsymbol{\beta; X, y})}{\partial \beta_i} = H_{i,i}(\beta_i^{\star} - \beta_i) + \alpha \operatorname{sign}(\beta_i)", False),
    ],
)
def test_the_gradient_in_the_authors_letters(display, expected):
    assert _l1([display]) == [expected]


def test_data_after_a_semicolon_are_dropped_only_from_the_problems_own_functions():
    from grader.derivations.function_letters import data_arguments_dropped

    functions = {"tilde_J": ("w",), "J": ("w",), "sign": ()}
    assert data_arguments_dropped(r"\tilde J(\omega; X, y) = J(\omega^\ast; X', y)", functions) == r"\tilde J(\omega) = J(\omega^\ast)"
    assert data_arguments_dropped(r"\widetilde{J}(w; (X, y)) + 1", functions) == r"\widetilde{J}(w) + 1"
    # another function, two parameters before `;` for a function of one, a conditional bar: left as written
    assert data_arguments_dropped(r"p(y | x; \theta) + L(w, b; X)", functions) == r"p(y | x; \theta) + L(w, b; X)"
    assert data_arguments_dropped(r"J(w, b; X)", functions) == r"J(w, b; X)"


# -- MAP in the author's letters: the parameter, the data, a capital P ------------------------------------------


def _map(displays: list[str]) -> list[bool | None]:
    return _step_verdicts("map_priors", "map-priors", displays)


def test_the_authors_parameter_and_data_letters_read_from_the_prior_and_the_conditionals():
    prior = r"P(z) = \frac{1}{2b} \exp\left(-\frac{|z|}{b}\right)"
    assert _map([prior, r"P(z | S) \propto P(S | z) P(z)"]) == [True, True]
    assert _map([prior, r"P(S | z) \propto P(z | S) P(z)"]) == [True, False]  # the conditionals swapped
    assert _map([prior, r"P(z | S) \propto P(S | z) P(z)^2"]) == [True, False]  # the prior squared
    assert _map([r"P(z) = \frac{1}{2} \exp\left(-\frac{|z|}{b}\right)", r"P(z | S) \propto P(S | z) P(z)"])[0] is False  # the 1/b dropped


@pytest.mark.parametrize(
    "display, expected",
    [
        (r"p(\beta | \mathcal{D}) \propto p(\mathcal{D} | \beta) p(\beta)", True),
        (r"p(\beta | \mathcal{D}) \propto p(\mathcal{D} | \beta)", False),  # the prior dropped
        (r"p(\beta) = \frac{1}{2b} e^{-|\beta|/b}", True),
        (r"p(\beta) = \frac{1}{2} e^{-|\beta|/b}", False),
        (r"p(\beta) = \frac{1}{2b} e^{|\beta|/b}", False),  # sign slip
    ],
)
def test_the_parameter_the_author_maximizes_over(display, expected):
    assert _map([r"\hat\beta = \arg\max_\beta p(\beta | \mathcal{D})", display])[1] == expected


def test_the_feedback_names_the_letters_and_a_sample_letter_is_not_read_as_the_data():
    result = grade_section("map_priors", "## map-priors\n\n$$\nP(z) = \\frac{1}{2b} e^{-|z|/b}\n$$\n\n$$\nP(z | S) \\propto P(S | z) P(z)\n$$\n")
    note = derivation_part(result).lines[0].links[0]
    assert note.reason is not None and note.reason.key == "bayes_letters.read"
    assert "z → w" in note.reason.params["letters"] and "S → \\mathcal{D}" in note.reason.params["letters"]
    # `x_i` the author's samples: x is not the data set, and `P(` with it is not read as the problem's p
    from grader.derivations.bayes_letters import bayes_reading
    from problems import map_priors

    sources = [_Source(1, r"\theta_{MAP} = \arg\max_\theta P(\theta | x)"), _Source(2, r"y_i = x_i^\top \theta")]
    reading = bayes_reading(sources, map_priors.NOTATION, map_priors.PROBLEM.known_names)
    assert reading is not None and dict(reading.letters) == {"\\theta": "w"} and not reading.capital
    assert reading.rewritten(r"\theta_{MAP} = \arg\max_\theta P(\theta | x)") == r"\theta_{MAP} = \arg\max_w P(w | x)"


# -- the author's name for one of the problem's functions used for another --------------------------------------


_HAT = r"\hat J(w) = J(w^*) + \sum_{i} [\frac{1}{2} H_{i,i} (w_i - w_i^*)^2 + \alpha |w_i|]"


@pytest.mark.parametrize(
    "display, expected",
    [
        (_HAT, True),  # the author's \hat J for the regularized approximation: the problem's \tilde J
        (_HAT.replace(r"\hat J(w)", r"J(\theta)").replace("w", r"\theta"), True),  # plain J, the author's theta
        (_HAT.replace(r"\frac{1}{2} H_{i,i}", r"H_{i,i}"), False),  # the 1/2 dropped: no function of the problem's
        (_HAT.replace(r"+ \alpha |w_i|", r"- \alpha |w_i|"), False),  # sign slip
        (r"\hat J(w) = J(w^*) + \sum_{i} \frac{1}{2} H_{i,i} (w_i - w_i^*)^2", True),  # the problem's own \hat J: as it is
        (r"\frac{\partial \hat J(w)}{\partial w_i} = H_{i,i}(w_i - w_i^*) + \alpha \operatorname{sign}(w_i)", True),
        (r"\frac{\partial \hat J(w)}{\partial w_i} = H_{i,i}(w_i + w_i^*) + \alpha \operatorname{sign}(w_i)", False),
    ],
)
def test_the_authors_name_for_the_regularized_objective(display, expected):
    assert _l1([display]) == [expected]


def test_the_feedback_names_the_function_read():
    result = grade_section("l1_soft_threshold", f"## l1-soft-threshold\n\n$$\n{_HAT}\n$$\n")
    link = derivation_part(result).lines[0].links[-1]
    assert link.reason is not None and link.reason.key == "objective_names.read"
    assert link.reason.params == {"written": "\\hat J", "read": "\\tilde J"}


def test_a_plain_name_beside_the_problems_own_name_for_it_is_a_slip():
    # the author writes \tilde J, then J for it: charged (a TA reads the slip), in l2-shrinkage as in l1
    verdicts = _step_verdicts("l2_shrinkage", "l2-shrinkage", [
        r"\nabla \tilde{J}(w; X; y) = \alpha w + \nabla_w J(w; X; y)",
        r"\nabla J(w; X; y) = \alpha w + \nabla_w J(w; X; y)",
    ])
    assert verdicts == [True, False]
    assert _l1([r"\tilde J(w) = J(w^*) + \sum_i [\frac{1}{2} H_{i,i} (w_i - w_i^*)^2 + \alpha |w_i|]", _HAT.replace(r"\hat J(w)", "J(w)")]) == [True, False]


@pytest.mark.parametrize(
    "display",
    [
        r"\nabla \tilde J(w) = \nabla J(w)",  # the penalty's gradient dropped: never read as the identity J = J
        r"\nabla J(w) = \alpha w + \nabla J(w)",  # J on both sides at the same point: the problem's J, charged
    ],
)
def test_no_reading_of_another_function_makes_a_wrong_line_say_nothing(display):
    assert _step_verdicts("l2_shrinkage", "l2-shrinkage", [display]) == [False]


@pytest.mark.parametrize(
    "module, display, expected",
    [
        # red team X4: the problem's own \tilde J is never read as the function its definition adds the penalty to
        ("l2_shrinkage", r"\nabla \tilde J(\tilde w) = H(\tilde w - w^*)", False),  # the penalty's gradient dropped
        ("l2_shrinkage", r"\nabla \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w", True),
        ("l2_shrinkage", r"\tilde J(\theta) = J(\theta)", False),
        ("l1_soft_threshold", r"\tilde J(w) = J(w^*) + \sum_{j} \frac{1}{2} H_{j,j}(w_j - w_j^*)^2", False),
        ("l1_soft_threshold", r"\tilde J(w) = J(w^*) + \sum_{j} [\frac{1}{2} H_{j,j}(w_j - w_j^*)^2 + \alpha |w_j|]", True),
        ("l1_soft_threshold", r"\frac{\partial \tilde J(w)}{\partial w_j} = H_{j,j}(w_j - w_j^*)", False),
        ("l1_soft_threshold", r"\frac{\partial \tilde J(w)}{\partial w_j} = H_{j,j}(w_j - w_j^*) + \alpha \operatorname{sign}(w_j)", True),
        ("l1_soft_threshold", r"\hat J(w) = J(w)", False),  # \hat J is built on J: its quadratic term dropped
        # the other way (a name the problem builds on, used by the author for the penalized one) is their name
        ("l2_shrinkage", r"J(w) = J(w^*) + \frac{1}{2}(w - w^*)^T H (w - w^*) + \frac{\alpha}{2} w^T w", True),
    ],
)
def test_a_dropped_penalty_is_never_the_authors_name_for_the_function_it_is_added_to(module, display, expected):
    assert _step_verdicts(module, module.replace("_", "-"), [display]) == [expected]


def test_a_gradient_without_a_subscript_keeps_its_data_arguments():
    from grader.derivations.function_letters import data_arguments_dropped

    functions = {"tilde_J": ("w",), "J": ("w",)}
    assert data_arguments_dropped(r"\nabla \tilde J(w; X, y) + J(w; X)", functions) == r"\nabla \tilde J(w; X, y) + J(w)"
