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
