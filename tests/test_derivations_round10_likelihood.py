r"""Derivation rows, round 10 (issue 11): the author's model, likelihood and probabilities (mle-mse, ce-mle).

- a MODEL STATEMENT (`y^{(i)} = \alpha + \beta x^{(i)} + \varepsilon^{(i)}, \varepsilon^{(i)} \sim N(0, \sigma^2)`,
  a noise term added to a prediction) is an assumption, never charged; where its prediction is the problem's under
  exactly one renaming of the author's letters, those letters are the problem's parameters by their ROLE (α the
  intercept b, β the slope w), whatever order the author lists them in `L(\alpha, \beta)`;
- a function the author defined, written BARE in an arg max chain (`\arg\max_{w,b} \ell`), is read at its own
  arguments;
- the density of the VECTOR of labels given the design (`p(\vec y \mid X, w, b)`), where the author writes the same
  letter's density for one sample, is the product of the samples' densities.

Each reading comes with wrong variants (a sign slip, a lost square, swapped roles, a wrong normaliser, max for
min) that stay charged.
"""

from __future__ import annotations

import re

import pytest
from test_derivations_table import _line_verdicts, grade_section, line_verdict

from grader.results.i18n import render

GAUSS = r"\frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{({residual})^2}{2\sigma^2}\right)"


def _lines(module: str, displays: list[str], problem: str | None = None) -> list:
    problem = problem or module.replace("_", "-")
    markdown = f"## {problem}\n\n" + "".join(f"$${display}$$\n\n" for display in displays) + "Answer: $0$\n"
    derivation = next(p for p in grade_section(module, markdown).parts if p.id == "derivation")
    return list(derivation.lines)


def _verdict(line) -> tuple:
    return line_verdict(line)


def _keys(line) -> list:
    return [k.reason.key if k.reason else None for k in line.links]


#: The grader's reasons for a line it shows without checking or charging.
UNCHARGED_KEYS = ("derivation.remark", "derivation.no_step", "derivation.model_statement", "derivation.model_statement_differs",
                  "derivation.class_model")


def _charged(line) -> bool:
    verdict, key = _verdict(line)
    return verdict is not True and key not in UNCHARGED_KEYS


def _likelihood(head: str, residual: str, count: str = "n", index: str = "i") -> str:
    return rf"{head} = \prod_{{{index}=1}}^{{{count}}} " + GAUSS.replace("{residual}", residual)


def _log_likelihood(head: str, residual: str, sign: str = "-", count: str = "n", index: str = "i") -> str:
    return (rf"\log {head} = -\frac{{{count}}}{{2}}\log(2\pi\sigma^2) {sign} \frac{{1}}{{2\sigma^2}}"
            rf"\sum_{{{index}=1}}^{{{count}}} ({residual})^2")


# -- 1. the model statement: an assumption, and the author's letters by their role ---------------------------------

#: (model line(s), the author's intercept letter, slope letter, sample label, input) written in several ways.
MODELS = [
    pytest.param([r"y^{(i)} = \alpha + \beta x^{(i)} + \varepsilon^{(i)}, \qquad \varepsilon^{(i)} \sim \mathcal{N}(0, \sigma^2)"],
                 r"\alpha", r"\beta", "y^{(i)}", "x^{(i)}", id="alpha-beta-superscript-same-line"),
    pytest.param([r"y_i = a + c x_i + e_i", r"e_i \sim \mathcal{N}(0, \sigma^2)"], "a", "c", "y_i", "x_i",
                 id="own-noise-letter-distribution-next-line"),
    pytest.param([r"y_i = \beta_1 x_i + \beta_0 + \eta_i"], r"\beta_0", r"\beta_1", "y_i", "x_i", id="beta0-beta1-eta"),
    pytest.param([r"y_i = \theta_1 x_i + \theta_0 + \epsilon_i \quad \text{where } \epsilon_i \sim N(0, \sigma^2)"],
                 r"\theta_0", r"\theta_1", "y_i", "x_i", id="theta0-theta1-where"),
]


@pytest.mark.parametrize("model, intercept, slope, label, given", MODELS)
def test_model_statement_is_never_charged_and_fixes_the_parameters_by_role(model, intercept, slope, label, given):
    residual = f"{label} - {intercept} - {slope} {given}"
    # the author lists the slope first in one, the intercept first in the other: the roles decide, not the order
    for head in (rf"L({intercept}, {slope})", rf"L({slope}, {intercept})"):
        lines = _lines("mle_mse", [*model, _likelihood(head, residual), _log_likelihood(head, residual)])
        assert not any(_charged(line) for line in lines), [(_verdict(line), line.source) for line in lines]
        said = " ".join(render(k.reason) for line in lines for k in line.links if k.reason is not None)
        assert "→ b" in said and "→ w" in said  # the reading by role is said


@pytest.mark.parametrize("model, intercept, slope, label, given", MODELS)
def test_model_statement_wrong_steps_after_it_stay_charged(model, intercept, slope, label, given):
    right = f"{label} - {intercept} - {slope} {given}"
    head = rf"L({intercept}, {slope})"
    swapped = f"{label} - {slope} - {intercept} {given}"  # the roles swapped in the likelihood's body
    lines = _lines("mle_mse", [*model, _likelihood(head, swapped)])
    assert _verdict(lines[-1])[0] is False
    lines = _lines("mle_mse", [*model, _likelihood(head, right), _log_likelihood(head, right, sign="+")])  # sign slip
    assert _verdict(lines[-1])[0] is False
    lost_square = _likelihood(head, right).replace(r"2\sigma^2}\right)", r"2\sigma^2}\right)^{1/2}")
    lines = _lines("mle_mse", [*model, lost_square])
    assert _verdict(lines[-1])[0] is False
    wrong_normaliser = _likelihood(head, right).replace(r"\sqrt{2\pi\sigma^2}", r"\sqrt{2\pi}\sigma^2")
    lines = _lines("mle_mse", [*model, wrong_normaliser])
    assert _verdict(lines[-1])[0] is False


def test_model_in_the_problems_letters_stays_valid():
    lines = _lines("mle_mse", [r"y_i = b + w x_i + \epsilon_i, \qquad \epsilon_i \sim \mathcal{N}(0, \sigma^2)"])
    assert _verdict(lines[0]) == (True, None)


@pytest.mark.parametrize("model, key", [
    (r"y_i = w x_i + \epsilon_i, \qquad \epsilon_i \sim \mathcal{N}(0, \sigma^2)", "derivation.model_statement_differs"),  # no intercept
    (r"y_i = w x_i^2 + b + \varepsilon_i", "derivation.model_statement_differs"),  # another model
    # the author's own noise letter: nothing to compare it with, an assumption all the same
    (r"y_i = w x_i + b + 1 + \xi_i", "derivation.model_statement"),
])
def test_another_model_is_an_assumption_and_the_problems_model_still_checks(model, key):
    lines = _lines("mle_mse", [model, _likelihood("L(w, b)", "y_i - w x_i")])
    assert _verdict(lines[0]) == (None, key)
    if key.endswith("differs"):
        assert "not the problem's model" in render(lines[0].links[0].reason)
    assert _verdict(lines[1])[0] is False  # the likelihood of the author's model is not the problem's L(w, b)


@pytest.mark.parametrize("line", [
    r"\epsilon_i = y_i - w x_i",  # the noise defined wrongly: a step about the problem's noise
    r"y_i - w x_i - b = 2\epsilon_i",  # no single quantity on the left: a claim
    r"y_i = w x_i + b + 2\epsilon_i",  # no lone noise term: a claim about the problem's noise
])
def test_lines_about_the_noise_that_are_no_model_statement_stay_charged(line):
    lines = _lines("mle_mse", [line])
    assert _verdict(lines[0])[0] is False, _keys(lines[0])


def test_two_readings_of_the_authors_letters_fix_nothing():
    # `\alpha + \beta x + \gamma`: three letters for two parameters: no renaming, the letters stay the author's
    lines = _lines("mle_mse", [r"y_i = \alpha + \beta x_i + \gamma + \epsilon_i", _likelihood(r"L(\alpha, \beta)", r"y_i - \alpha - \beta x_i")])
    assert _verdict(lines[0])[1] == "derivation.model_statement"
    assert "→ w" not in " ".join(render(k.reason) for line in lines for k in line.links if k.reason is not None)


# -- 1b. a model statement explains the LABEL by a noise: a line solved for a parameter is a step -------------------
#
# Red team round 10, finding 6: after `y_i \sim \mathcal{N}(w x_i + b, \sigma^2)` the label y was "a letter given a
# distribution", so `b = y_i - w x_i` (a wrong step: the noise dropped) read as a model with y as its noise, free.
# The noise is never one of the problem's data (y, x) nor a letter given a distribution WITH a mean (the author's
# label), and the left side of a model is the label, never a parameter or an input.

LABEL_DISTRIBUTED = r"y_i \sim \mathcal{N}(w x_i + b, \sigma^2)"


def _link_verdicts(module: str, *displays: str) -> list[tuple[bool | None, str | None]]:
    """(valid, reason key) of every link of the section, as the red team's rows read them (notes of a reading left out)."""
    section = f"## {module.replace('_', '-')}\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
    verdicts = _line_verdicts(module, section)
    return [v for v in verdicts if v[1] not in ("derivation.role_letters", "layer_letters.read", "derivation.sample_product")]


@pytest.mark.parametrize("wrong", [
    r"b = y_i - w x_i",            # the noise dropped: not an identity of the model
    r"w = y_i - b",                # likewise, and the input dropped
    r"b = y_i + w x_i",            # a sign slip besides
])
def test_a_wrong_step_with_the_label_as_its_lone_term_is_no_model_statement(wrong):
    # the red team's rows (tests/test_derivations_round10_redteam.py), as written there
    verdicts = _link_verdicts("mle_mse", LABEL_DISTRIBUTED, wrong)
    assert verdicts[-1][0] is False, verdicts


@pytest.mark.parametrize("displays, charged_line", [
    # the label given its distribution on the line AFTER the wrong step (the distribution is looked for two lines on)
    ([r"b = y_i - w x_i", r"y_i \sim \mathcal{N}(w x_i + b, \sigma^2)"], 0),
    # superscript samples, \left( \right), the intercept solved for with the slope's sign slipped
    ([r"y^{(i)} \sim \mathcal{N}\left(w x^{(i)} + b, \sigma^2\right)", r"b = y^{(i)} + w x^{(i)}"], 1),
    # a parameter on the left with a real noise term: a claim that the intercept is the slope's term plus noise
    ([r"b = w x_i + \epsilon_i"], 0),
    ([r"b = y_i - w x_i + \epsilon_i"], 0),
    # the INPUT on the left: not the quantity the model explains
    ([r"x_i = y_i - b + \epsilon_i"], 0),
])
def test_a_parameter_or_input_solved_for_is_a_step_not_a_model(displays, charged_line):
    lines = _lines("mle_mse", displays)
    assert _verdict(lines[charged_line])[0] is False, [_keys(line) for line in lines]


@pytest.mark.parametrize("displays", [
    # the author's own label letter t, given a distribution with the model's mean: t stands for the label, no noise
    [r"t_i \sim N\left(w x_i + b, \sigma^2\right)", r"b = t_i - w x_i"],
    [r"t_i \sim \mathcal{N}(w x_i + b, \sigma^2)", r"w = t_i - b"],
    [r"y^{(i)} \sim \mathcal{N}(\alpha + \beta x^{(i)}, \sigma^2)", r"\alpha = y^{(i)} - \beta x^{(i)}"],
])
def test_a_letter_standing_for_the_label_is_no_noise(displays):
    lines = _lines("mle_mse", displays)
    assert not _verdict(lines[-1])[1].startswith("derivation.model_statement"), _keys(lines[-1])


@pytest.mark.parametrize("displays, line", [
    # the author's label letter, of the noise's sample: a model all the same
    ([r"t_i = \alpha + \beta x_i + e_i", r"e_i \sim \mathcal{N}(0, \sigma^2)"], 0),
    # a zero mean written bold, a noise given another zero-mean distribution, a vector model
    ([r"y_i = w x_i + b + e_i", r"e_i \sim \mathcal{N}(\mathbf{0}, \sigma^2)"], 0),
    ([r"y_i = \alpha x_i + \beta + u_i, \quad u_i \sim \text{Laplace}(0, s)"], 0),
    ([r"y = w^\top x + b + \epsilon"], 0),
])
def test_models_that_explain_the_label_stay_uncharged(displays, line):
    lines = _lines("mle_mse", displays)
    assert not _charged(lines[line]), _keys(lines[line])


# -- 4. a bare function the author defined, in an arg max chain --------------------------------------------------

SSE = r"\sum_{i=1}^n (y_i - w x_i - b)^2"


@pytest.mark.parametrize("chain", [
    r"\underset{w,b}{\operatorname{argmax}}\ L \quad\Leftrightarrow\quad \underset{w,b}{\operatorname{argmax}}\ \ell \quad\Leftrightarrow\quad \underset{w,b}{\operatorname{argmin}}\ J",
    r"\arg\max_{w,b} L = \arg\max_{w,b} \ell = \arg\min_{w,b} J",
    r"\arg\max_{w, b} \ell \iff \arg\min_{w, b} J",
])
def test_bare_author_function_reads_at_its_own_arguments(chain):
    lines = _lines("mle_mse", [
        r"\ell(w,b) = -\frac{1}{2\sigma^2}" + SSE + r" - \frac{n}{2}\log(2\pi\sigma^2)",
        r"J(w,b) = \frac{1}{2}" + SSE,
        chain,
    ])
    assert lines[2].error is None
    assert _verdict(lines[2])[0] is True, _keys(lines[2])


@pytest.mark.parametrize("chain", [
    r"\arg\max_{w,b} \ell = \arg\max_{w,b} J",  # max for min
    r"\arg\max_{w,b} L \iff \arg\min_{w,b} \ell",  # the log-likelihood minimized
    r"\underset{w,b}{\operatorname{argmax}}\ \ell \quad\Leftrightarrow\quad \underset{w,b}{\operatorname{argmin}}\ Q",  # Q the sum with a sign slip
])
def test_bare_author_function_wrong_step_stays_charged(chain):
    lines = _lines("mle_mse", [
        r"\ell(w,b) = -\frac{1}{2\sigma^2}" + SSE + r" - \frac{n}{2}\log(2\pi\sigma^2)",
        r"J(w,b) = \frac{1}{2}" + SSE,
        r"Q(w,b) = \sum_{i=1}^n (y_i - w x_i + b)^2",
        chain,
    ])
    assert _verdict(lines[3])[0] is False, _keys(lines[3])


def test_bare_name_of_a_function_defined_twice_with_other_arguments_is_not_guessed():
    lines = _lines("mle_mse", [r"\ell(w,b) = \log L(w,b)", r"\ell(w) = \log L(w, 0)", r"\arg\max_{w,b} L = \arg\max_{w,b} \ell"])
    assert _verdict(lines[2])[0] is not True


# -- 3. the density of the vector of labels given the design -----------------------------------------------------

PER_SAMPLE = [
    (r"p(y_i | x_i, w, b)", r"p(\vec{y} | X, w, b)"),
    (r"p(y_i \mid x_i; w, b)", r"p(\boldsymbol{y} \mid X; w, b)"),
    (r"f(y^{(i)} | x^{(i)}, w, b)", r"f(\mathbf{y} | \mathbf{X}, w, b)"),
]


@pytest.mark.parametrize("one, vector", PER_SAMPLE)
def test_vector_density_is_the_product_of_the_samples(one, vector):
    lines = _lines("mle_mse", [
        one + " = " + GAUSS.replace("{residual}", "y_i - w x_i - b"),
        rf"L(w, b) = {vector} = \prod_{{i=1}}^{{n}} {one}",
        rf"\log {vector} = \sum_{{i=1}}^{{n}} \log {one}",
    ])
    assert not any(_charged(line) for line in lines), [(_verdict(line), line.source) for line in lines]
    assert "derivation.sample_product" in _keys(lines[1])
    shown = " ".join(f"{k.left} {k.right}" for k in lines[1].links)
    assert vector in shown and "(\\prod" not in shown  # the density shown as the author wrote it


@pytest.mark.parametrize("one, vector", PER_SAMPLE)
def test_vector_density_wrong_steps_stay_charged(one, vector):
    density = one + " = " + GAUSS.replace("{residual}", "y_i - w x_i - b")
    lines = _lines("mle_mse", [density, rf"L(w, b) = {vector} = \sum_{{i=1}}^{{n}} {one}"])  # a sum for the product
    assert _verdict(lines[1])[0] is False
    lines = _lines("mle_mse", [density, rf"-\log {vector} = \sum_{{i=1}}^{{n}} \log {one}"])  # the sign lost
    assert _verdict(lines[1])[0] is False
    wrong = one + " = " + GAUSS.replace("{residual}", "y_i - w x_i")  # the intercept lost in the density
    lines = _lines("mle_mse", [wrong, rf"L(w, b) = {vector}"])
    assert _verdict(lines[1])[0] is False


def test_vector_density_without_a_per_sample_density_is_not_read():
    lines = _lines("mle_mse", [r"L(w, b) = p(\vec{y} | X, w, b)"])
    assert "derivation.sample_product" not in _keys(lines[0])


# -- mutated lines: only our own messages ------------------------------------------------------------------------

#: Python's own words in feedback (an internal fault shown to a student).
INTERNAL = re.compile(r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|has no attribute|unsupported operand|NoneType|sympy\.|numpy\.")

MUTATED = [
    r"y^{(i)} = \alpha + \beta x^{(i} + \varepsilon^{(i)}, \qquad \varepsilon^{(i)} \sim",  # a bracket dropped
    r"y_i = \alpha + \beta x_j + \epsilon_i",  # the index swapped
    r"y_i = \alpha + \beta x_i + \epsilon_i + \epsilon_i",  # two noise terms
    r"L(\alpha,) = \prod_{i=1}^n p(y_i | x_i, \alpha)",
    r"p(\vec{y} | X, w, b) = \prod_{i=1}^{n} p(\vec y | X, w, b)",
    r"p(\vec{y} | | X) = p(y_i | x_i",
    r"\arg\max_{w,b} \ell \iff",
    r"\ell = \arg\max \ell(",
]


@pytest.mark.parametrize("mutated", MUTATED)
def test_mutated_lines_show_only_our_own_messages(mutated):
    lines = _lines("mle_mse", [r"y_i = a + c x_i + e_i", r"\ell(w,b) = \log L(w,b)", r"p(y_i | x_i, w, b) = 1", mutated])
    said = " ".join(render(k.reason) for line in lines for k in line.links if k.reason is not None)
    said += " ".join(render(line.error) for line in lines if line.error is not None)
    assert not INTERNAL.search(said), said


# -- 3. the model's probability of a class for one generic sample, through the author's scores -------------------


@pytest.mark.parametrize("line", [
    r"p(k \mid x; \theta) = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
    r"p(k \mid x_i; \theta) = \frac{\exp(s_k)}{\sum_{c=1}^{K} \exp(s_c)}",
    r"p(j | x; \theta) = \frac{e^{o_j}}{\sum_{k=1}^{K} e^{o_k}}",
])
def test_class_model_through_the_authors_scores_is_an_assumption(line):
    lines = _lines("ce_mle", [line, r"L(\theta) = \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}"])
    assert _verdict(lines[0]) == (None, "derivation.class_model")
    assert _verdict(lines[1])[0] is True


@pytest.mark.parametrize("line", [
    r"p(k \mid x; \theta) = e^{z_k}",  # not normalised: no distribution over the classes
    r"p(k \mid x; \theta) = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_k}}",  # the class's own score in the sum: 1/K whatever the scores
    r"p(k \mid x; \theta) = \frac{e^{z_k}}{1 + \sum_{j=1}^{K} e^{z_j}}",  # a wrong normaliser
])
def test_class_model_that_is_no_distribution_stays_charged(line):
    lines = _lines("ce_mle", [line])
    assert _verdict(lines[0])[0] is None and _verdict(lines[0])[1] != "derivation.class_model"
    assert 1 in _unchecked_or_invalid(lines)


def _unchecked_or_invalid(lines) -> set:
    return {line.number for line in lines if _charged(line)}


# -- 3. the density of the noise at one sample, which the model fixes ---------------------------------------------


@pytest.mark.parametrize("line", [
    r"p(\epsilon^{(i)}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(\epsilon^{(i)})^2}{2\sigma^2}\right)",
    r"p(\epsilon^{(j)}) = \frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(\epsilon^{(j)})^2}{2\sigma^2}}",
    r"q(\varepsilon^{(i)}) = (2\pi\sigma^2)^{-1/2} \exp\left(-\frac{1}{2\sigma^2} (\varepsilon^{(i)})^2\right)",
])
def test_noise_density_as_the_model_fixes_it_is_valid(line):
    lines = _lines("mle_mse", [line])
    assert _verdict(lines[0]) == (True, "derivation.noise_density")


@pytest.mark.parametrize("line", [
    r"p(\epsilon^{(i)}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{\epsilon^{(i)}}{2\sigma^2}\right)",  # the square lost
    r"p(\epsilon^{(i)}) = \frac{1}{\sqrt{2\pi}\sigma^2} \exp\left(-\frac{(\epsilon^{(i)})^2}{2\sigma^2}\right)",  # a wrong normaliser
    r"p(\epsilon^{(i)}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(\frac{(\epsilon^{(i)})^2}{2\sigma^2}\right)",  # the sign of the exponent
    r"p(\epsilon^{(i)}) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(\epsilon^{(i)})^2}{\sigma^2}\right)",  # the 2 lost
])
def test_wrong_noise_density_stays_charged(line):
    lines = _lines("mle_mse", [line])
    assert _verdict(lines[0])[0] is False


def test_vector_density_is_shown_as_written_where_a_next_line_continues_from_it():
    lines = _lines("mle_mse", [
        r"p(y_i \mid x_i; w, b) = " + GAUSS.replace("{residual}", "y_i - w x_i - b"),
        r"L(w, b) = p(\vec{y} \mid X; w, b)",
        r"= \prod_{i=1}^{n} p(y_i \mid x_i; w, b)",
    ])
    assert [_verdict(line)[0] for line in lines] == [True, True, True]
    assert lines[2].links[0].left == r"p(\vec{y} \mid X; w, b)"


def test_a_noise_letter_in_a_problem_without_noise_is_no_model_statement():
    # xavier-variance has no noise in its model: a line adding an ε is a claim about the problem's z, charged
    lines = _lines("xavier_variance", [r"z = \sum_{j=1}^{n} w_j a_j + \epsilon"])
    assert _charged(lines[0]) and _verdict(lines[0])[1] not in UNCHARGED_KEYS
