r"""Derivation rows, round 9 (issue 11): the extended course's derivations, mistakes first.

- `A \propto B` where both sides have values (the map-priors densities, the cross-entropy likelihood) is a claim
  a TA checks: the ratio A / B must not change when only the problem's parameters do.  Bayes' rule with the
  conditionals swapped, or with the prior dropped or squared, is charged; the rule as it is, in any of its
  forms, is valid; the loose "equal up to constants" use (`-\log p(w|D) \propto NLL(w) - \log p(w)`) and a
  `\propto` between letters without values stay remarks (free);
- a restatement of the problem's own \tilde J in matrix form (`J(w^*) + \frac12 (w - w^*)^T H (w - w^*) + ...`)
  is checked against the problem's definition, not read as the author's new definition of \tilde J: a wrong
  coefficient on the penalty is charged, the right one is valid.

Each reading comes with a wrong variant that stays charged.
"""

from __future__ import annotations

import pytest
from test_extended_derivations import derivation_part, grade_section


def _link_verdicts(module: str, markdown: str) -> list[tuple[bool | None, str | None]]:
    derivation = derivation_part(grade_section(module, markdown))
    return [(k.valid, k.reason.key if k.reason else None) for l in derivation.lines for k in l.links]


def _one_line(module: str, title: str, display: str) -> tuple[bool | None, str | None]:
    verdicts = _link_verdicts(module, f"## {title}\n\n$$\n{display}\n$$\n")
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


# -- \propto where both sides have values ------------------------------------------------------

@pytest.mark.parametrize(
    "display, expected",
    [
        # Bayes' rule: the posterior is the likelihood times the prior, over p(D) (a constant in w)
        (r"p(w | \mathcal{D}) \propto p(\mathcal{D} | w) p(w)", (True, "derivation.proportional")),
        (r"p(w | \mathcal{D}) \propto \exp(-\mathrm{NLL}(w)) p(w)", (True, "derivation.proportional")),
        # the conditionals swapped (a source's slip): the ratio p(D) / p(w)^2 changes with w
        (r"p(\mathcal{D} | w) \propto p(w | \mathcal{D}) p(w)", (False, "derivation.not_proportional")),
        # the prior dropped, or squared
        (r"p(w | \mathcal{D}) \propto p(\mathcal{D} | w)", (False, "derivation.not_proportional")),
        (r"p(w | \mathcal{D}) \propto p(\mathcal{D} | w) p(w)^2", (False, "derivation.not_proportional")),
        # `\propto` for "the same up to an added constant": read loosely, a remark as before
        (r"-\log p(w | \mathcal{D}) \propto \mathrm{NLL}(w) - \log p(w)", (None, "derivation.remark")),
        # letters with no value: nothing to check, a remark
        (r"\epsilon \propto \sigma", (None, "derivation.remark")),
    ],
)
def test_a_proportionality_between_densities_is_checked_in_the_parameters(display, expected):
    assert _one_line("map_priors", "map-priors", display) == expected


def test_the_feedback_of_a_wrong_proportionality_names_the_variable_and_the_two_ratios():
    derivation = derivation_part(grade_section("map_priors", "## map-priors\n\n$$\np(\\mathcal{D} | w) \\propto p(w | \\mathcal{D}) p(w)\n$$\n"))
    link = derivation.lines[0].links[0]
    assert link.valid is False and link.reason is not None
    assert link.reason.params["variables"] == "w" and link.reason.params["first"] != link.reason.params["second"]
    assert link.counterexample is not None and "w" in link.counterexample.point


def test_a_wrong_step_after_a_checked_proportionality_is_still_charged():
    # the next line continues from the term after `\propto`, as it did after the remark
    derivation = derivation_part(grade_section("ce_mle", (
        "## ce-mle\n$$\nL(\\theta) \\propto \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}^{Y_{ik}} \\\\\n"
        "= \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}\n$$\n")))
    assert derivation.lines[0].links[0].valid is True
    assert derivation.lines[1].links[0].valid is False and derivation.invalid_line == 2


def test_a_likelihood_proportional_to_a_wrong_product_is_charged():
    verdict = _one_line("ce_mle", "ce-mle", r"L(\theta) \propto \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{2 Y_{ik}}")
    assert verdict == (False, "derivation.not_proportional")


# -- the problem's \tilde J restated in matrix form --------------------------------------------

QUADRATIC = r"J(w^{*}) + \frac{1}{2}(w - w^{*})^{T}H(w - w^{*})"


@pytest.mark.parametrize(
    "display, expected",
    [
        (rf"\tilde J(w) = {QUADRATIC} + \alpha\lVert w\rVert_{{1}}", (True, None)),
        (rf"\tilde J(w) = {QUADRATIC} + \alpha \sum_i |w_i|", (True, None)),
        # a source's slip: half the penalty; and a doubled one
        (rf"\tilde J(w) = {QUADRATIC} + \alpha\frac{{1}}{{2}}\lVert w\rVert_{{1}}", (False, "equivalence.differs")),
        (rf"\tilde J(w) = {QUADRATIC} + 2\alpha\lVert w\rVert_{{1}}", (False, "equivalence.differs")),
        # \hat J in matrix form: the problem's definition, checked, and a wrong factor on it charged
        (rf"\hat J(w) = {QUADRATIC}", (True, None)),
        (r"\hat J(w) = J(w^{*}) + (w - w^{*})^{T}H(w - w^{*})", (False, "equivalence.differs")),
    ],
)
def test_the_problems_objective_restated_in_matrix_form_is_checked_against_its_definition(display, expected):
    assert _one_line("l1_soft_threshold", "l1-soft-threshold", display) == expected


def test_the_quadratic_form_equals_the_sum_over_the_diagonal():
    display = r"\frac{1}{2}(w - w^{*})^{T}H(w - w^{*}) = \sum_{i=1}^{d} \frac{1}{2} H_{i,i} (w_i - w_i^*)^2"
    assert _one_line("l1_soft_threshold", "l1-soft-threshold", display) == (True, None)
    wrong = r"(w - w^{*})^{T}H(w - w^{*}) = \sum_{i=1}^{d} \frac{1}{2} H_{i,i} (w_i - w_i^*)^2"
    assert _one_line("l1_soft_threshold", "l1-soft-threshold", wrong) == (False, "equivalence.differs")


# -- a bare expression after a bare expression: its log, or it up to a constant ----------------

LIKELIHOOD = r"\prod_{i=1}^{n} \frac{1}{\sqrt{2\pi}\sigma} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"
LOG_LIKELIHOOD = r"\sum_{i=1}^{n} \left(-\log(\sqrt{2\pi}\sigma) - \frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"


def _displays(*displays: str) -> str:
    return "## mle-mse\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)


def test_the_log_of_the_likelihood_on_the_line_before_is_checked():
    verdicts = _link_verdicts("mle_mse", _displays(LIKELIHOOD, LOG_LIKELIHOOD))
    assert verdicts == [(True, "derivation.reading")]


def test_a_wrong_log_of_the_likelihood_is_charged_and_says_which_reading_was_taken():
    # the normalising constant taken once instead of n times
    wrong = r"-\log(\sqrt{2\pi}\sigma) - \sum_{i=1}^{n} \frac{(y_i - w x_i - b)^2}{2\sigma^2}"
    derivation = derivation_part(grade_section("mle_mse", _displays(LIKELIHOOD, wrong)))
    link = derivation.lines[1].links[0]
    assert link.valid is False and link.reason is not None and link.reason.key == "derivation.transformed_fails"
    assert link.reason.params["reading"].key == "derivation.reading_log_of_previous"
    assert derivation.invalid_line == 2


def test_constants_dropped_from_the_line_before_are_checked_in_the_parameters():
    dropped = r"-\frac{1}{2\sigma^2}\sum_{i=1}^{n} (y_i - w x_i - b)^2 + const"
    assert _link_verdicts("mle_mse", _displays(LIKELIHOOD, LOG_LIKELIHOOD, dropped))[-1] == (True, "derivation.reading")
    # the squared errors doubled but not the rest: not the line before up to a constant
    doubled = r"-\frac{1}{\sigma^2}\sum_{i=1}^{n} (y_i - w x_i - b)^2 + const"
    assert _link_verdicts("mle_mse", _displays(LIKELIHOOD, LOG_LIKELIHOOD, doubled))[-1] == (False, "derivation.transformed_fails")


def test_a_bare_expression_that_takes_no_log_and_writes_no_constant_is_no_step():
    # the likelihood written again after its log: an expression shown, not a step
    assert _link_verdicts("mle_mse", _displays(LOG_LIKELIHOOD, LIKELIHOOD)) == []


def test_a_log_line_that_cannot_be_evaluated_is_not_checked_rather_than_passed():
    # the author's own letters (N, x_n, y_n of a 1-D model) have no value in map-priors: charged as not checked
    markdown = ("## map-priors\n\n$$\n\\prod_{n=1}^N \\mathcal{N}(y_n|w x_n, \\sigma^2) \\mathcal{N}(w|0, \\tau^2)\n$$\n\n"
                "$$\n\\sum_{n=1}^N \\frac{-(y_n - w x_n)^2}{2 \\sigma^2} + \\frac{-w^2}{2 \\tau^4}\n$$\n")
    assert _link_verdicts("map_priors", markdown) == []  # no log taken, no constant: not read as a step
    markdown = markdown.replace("\\sum_{n=1}^N \\frac{-(y", "\\log(\\frac{1}{\\sqrt{2\\pi \\tau^2}}) + \\sum_{n=1}^N \\frac{-(y")
    assert _link_verdicts("map_priors", markdown) == [(None, "derivation.transformed_unchecked")]


# -- the one-dimensional case of a vector problem ------------------------------------------------

@pytest.mark.parametrize(
    "display, expected",
    [
        # the Laplace prior of one weight, and its log: checked with d = 1
        (r"p(w) = \frac{1}{2b} \exp\left(-\frac{|w|}{b}\right)", (True, "derivation.reading")),
        (r"-\log p(w) = \log(2b) + \frac{|w|}{b}", (True, "derivation.reading")),
        # the 1/b dropped (a source's slip), and a sign slip: charged in the 1-D case too
        (r"p(w) = \frac{1}{2} \exp\left(-\frac{|w|}{b}\right)", (False, "equivalence.differs")),
        (r"-\log p(w) = \log(2b) - \frac{|w|}{b}", (False, "equivalence.differs")),
    ],
)
def test_a_scalar_line_of_a_vector_problem_is_read_as_its_one_dimensional_case(display, expected):
    assert _one_line("map_priors", "map-priors", display) == expected


def test_a_line_that_mixes_the_vector_and_its_entries_keeps_its_shape_error():
    derivation = derivation_part(grade_section("map_priors", "## map-priors\n\n$$\nw_j + |w| = 1\n$$\n"))
    assert derivation.lines[0].error is not None and derivation.lines[0].error.key in ("parse.shape", "parse.not_scalar")


def test_the_feedback_says_the_one_dimensional_reading_was_taken():
    derivation = derivation_part(grade_section("map_priors", "## map-priors\n\n$$\np(w) = \\frac{1}{2b} \\exp\\left(-\\frac{|w|}{b}\\right)\n$$\n"))
    reason = derivation.lines[0].links[0].reason
    assert reason is not None and reason.params["reading"].key == "derivation.reading_one_dimensional"


# -- the entrywise product of numbers ------------------------------------------------------------

@pytest.mark.parametrize(
    "display, expected",
    [
        (r"\hat h = h \odot m", (True, "derivation.reading")),
        (r"\tilde h = \frac{h \bigodot m}{p}", (True, "derivation.reading")),
        # inverted dropout's scaling put on standard dropout, and the mask's complement: charged
        (r"\hat h = \frac{h \odot m}{p}", (False, "equivalence.differs")),
        (r"\tilde h = \frac{h \odot (1 - m)}{p}", (False, "equivalence.differs")),
    ],
)
def test_an_entrywise_product_in_a_problem_of_numbers_is_their_product(display, expected):
    assert _one_line("dropout_moments", "dropout-moments", display) == expected


def test_an_entrywise_product_in_a_problem_with_matrices_is_not_read_as_a_product():
    derivation = derivation_part(grade_section("map_priors", "## map-priors\n\n$$\n\\Omega(w) = w \\odot w\n$$\n"))
    assert all(k.reason is None or k.reason.params.get("reading") is None or
               k.reason.params["reading"].key != "derivation.reading_entrywise_of_numbers" for k in derivation.lines[0].links)
