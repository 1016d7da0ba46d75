r"""Derivation rows, round 12 (issue 11), branch generic12: general readings that do not depend on one item.

1. Well-known macro sets used without a definition: notes copied from the *Deep Learning* book keep its
   shorthands (`\vw`, `\mH`, `\mI`, `\mLambda`, `\T`, `\E`, `\ptrain`...). A TA reads each as what it renders as
   (`grader.reading.known_macros`); the author's own definition wins; the feedback names the reading taken; a
   command outside the set stays an unknown command.

Every row is written for these tests in our own words (other letters, layouts and problems than the corpus's
sources); every RIGHT row has WRONG variants that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section

from grader.mathparse import MathParseError, parse_expression
from grader.reading.answers_md import read_answers_document
from grader.reading.author_macros import expanded_lines
from grader.reading.known_macros import WELL_KNOWN, well_known_used
from grader.results.i18n import render


def _derivation(module: str, markdown: str):
    return next(p for p in grade_section(module, markdown).parts if p.id == "derivation")


def _l2(*displays: str, answer_a: str = r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*") -> str:
    return ("## l2-shrinkage\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
            + f"Answer (a): ${answer_a}$\n\nAnswer (b): $\\frac{{\\lambda_i}}{{\\lambda_i + \\alpha}}$\n")


# -- 3. well-known macro sets ------------------------------------------------------------------------------------


def test_every_shorthand_of_the_table_is_one_the_parser_does_not_read_by_itself():
    """The table only adds readings: a name the parser already reads would change what it meant before."""
    for name in WELL_KNOWN:
        with pytest.raises(MathParseError, match="unknown command"):
            parse_expression(f"{name} x")


@pytest.mark.parametrize("name, reads_as", [
    (r"\vw", r"\bm{w}"), (r"\vx", r"\bm{x}"), (r"\vtheta", r"\bm{\theta}"), (r"\mH", r"\bm{H}"),
    (r"\mLambda", r"\bm{\Lambda}"), (r"\mBeta", r"\bm{\beta}"), (r"\E", r"\mathbb{E}"), (r"\T", r"\top"),
    (r"\ptrain", r"\hat{p}_{\mathrm{data}}"), (r"\KL", r"D_{\mathrm{KL}}"), (r"\sR", r"\mathbb{R}"),
])
def test_the_table_gives_what_the_book_renders(name, reads_as):
    assert WELL_KNOWN[name] == reads_as


def test_only_the_shorthands_used_are_taken_and_a_longer_name_is_not_one_of_them():
    assert well_known_used(r"$\vw^{\T} \vwx + \mHx$") == {r"\vw": r"\bm{w}", r"\T": r"\top"}
    assert well_known_used("no math here") == {}


@pytest.mark.parametrize("displays, answer_a", [
    # the book's own layout: gradient set to zero, solved, in bold vectors and matrices
    ((r"\alpha\tilde{\vw} + \mH(\tilde{\vw} - \vw^*) = 0", r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*"),
     r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*"),
    # the same steps with the terms in another order, one more line to the result
    ((r"\mH\tilde{\vw} - \mH\vw^* + \alpha\tilde{\vw} = 0", r"(\mH + \alpha \mI)\tilde{\vw} = \mH \vw^*",
      r"\tilde{\vw} = (\mH + \alpha \mI)^{-1} \mH \vw^*"),
     r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*"),
    # a mixed answer: the book's shorthand for some symbols, plain letters for others
    ((r"\mH(\tilde w - \vw^*) + \alpha \tilde w = 0", r"\tilde w = (\mH + \alpha I)^{-1} \mH w^*"),
     r"\tilde w = (\mH + \alpha I)^{-1} \mH w^*"),
])
def test_a_right_l2_derivation_in_the_books_shorthands_earns_full_points(displays, answer_a):
    derivation = _derivation("l2_shrinkage", _l2(*displays, answer_a=answer_a))
    assert derivation.invalid_line is None, [(l.number, l.error) for l in derivation.lines]
    assert all(l.error is None for l in derivation.lines), [(l.number, l.error) for l in derivation.lines]
    assert derivation.score == pytest.approx(derivation.max_score)


@pytest.mark.parametrize("wrong", [
    r"\tilde{\vw} = (\mH - \alpha\mI)^{-1}\mH\vw^*",        # sign slip
    r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\vw^*",           # dropped factor H
    r"\tilde{\vw} = \mH(\mH + 2\alpha\mI)^{-1}\vw^*",       # wrong coefficient
    r"\tilde{\vw} = (\mH + \alpha\mI)\mH^{-1}\vw^*",        # inverse on the wrong factor
])
def test_a_wrong_step_in_the_books_shorthands_stays_charged(wrong):
    derivation = _derivation("l2_shrinkage", _l2(r"\alpha\tilde{\vw} + \mH(\tilde{\vw} - \vw^*) = 0", wrong))
    assert derivation.invalid_line == 2, [(l.number, l.error, [(k.valid, k.reason) for k in l.links]) for l in derivation.lines]


def test_the_eigen_form_with_the_books_q_and_lambda_is_checked_both_ways():
    right = _l2(r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*",
                r"\tilde{\vw} = \mV(\mLambda + \alpha\mI)^{-1}\mLambda\mV^{\T}\vw^*")
    wrong = _l2(r"\tilde{\vw} = (\mH + \alpha\mI)^{-1}\mH\vw^*",
                r"\tilde{\vw} = \mV(\mLambda + \alpha\mI)^{-1}\mV^{\T}\vw^*")   # the Λ factor dropped
    assert _derivation("l2_shrinkage", right).invalid_line is None
    assert _derivation("l2_shrinkage", wrong).invalid_line == 2


def test_the_authors_own_definition_wins_over_the_table():
    lines = expanded_lines([r"$\newcommand{\vw}{v}$", r"$$\vw + \mH$$"]).lines
    assert lines[1] == r"$$v + \bm{H}$$"
    provided = expanded_lines([r"$\providecommand{\vw}{u}$", r"$$\vw$$"]).lines
    assert provided[1] == r"$$u$$"   # `\providecommand` defines a name the answer has not defined: the table's is not
    renewed = expanded_lines([r"$$\vw$$", r"$\renewcommand{\vw}{q}$", r"$$\vw$$"]).lines
    assert (renewed[0], renewed[2]) == (r"$$\bm{w}$$", r"$$q$$")


def test_the_feedback_says_which_reading_was_taken_once():
    document = read_answers_document(_l2(r"\alpha\tilde{\vw} + \mH(\tilde{\vw} - \vw^*) = 0"))
    notes = [m for m in document.warnings if m.key == "answers.macros_well_known"]
    assert len(notes) == 1
    text = render(notes[0], "en")
    assert r"\vw as \bm{w}" in text and r"\mH as \bm{H}" in text and "Deep Learning" in text
    plain = read_answers_document(_l2(r"\alpha\tilde{w} + H(\tilde{w} - w^*) = 0", answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*"))
    assert not [m for m in plain.warnings if m.key == "answers.macros_well_known"]


def test_a_command_outside_the_set_stays_an_unknown_command():
    derivation = _derivation("l2_shrinkage", _l2(r"\alpha\tilde{\vw} + \mH(\tilde{\vw} - \vwstar) = 0"))
    assert derivation.lines[0].error is not None
    assert "unknown command `\\vwstar`" in render(derivation.lines[0].error, "en")


def test_a_shorthand_in_a_ce_mle_derivation_reads_as_its_bold_letter():
    markdown = r"""
## ce-mle

$$
\E_{\vx \sim \ptrain}[-\log p(y \mid \vx)] = -\frac{1}{N}\sum_{i=1}^{N} \log p(y_i \mid \vx_i)
$$

Answer: $-\sum_{i} \log p(y_i \mid x_i)$
"""
    document = read_answers_document(markdown)
    text = document.sections[0].derivation[0].text
    assert r"\vx" not in text and r"\mathbb{E}_{\bm{x} \sim \hat{p}_{\mathrm{data}}}" in text
