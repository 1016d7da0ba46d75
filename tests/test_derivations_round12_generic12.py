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


# -- 1. general definitions and identities of information theory -------------------------------------------------


def _ce_mle(*displays: str) -> str:
    return ("## ce-mle\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
            + "Answer: $-\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}$\n")


def _softmax(*displays: str) -> str:
    return ("## softmax-ce-grad\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
            + "Answer: $\\frac{\\partial E}{\\partial z_i} = y_i - Y_i$\n")


def _verdicts(module: str, markdown: str) -> list[list[tuple]]:
    derivation = _derivation(module, markdown)
    return [[(k.valid, k.reason.key if k.reason else None) for k in line.links] or [("error", line.error)]
            for line in derivation.lines]


HOLDS = (True, "information_measures.holds")
FAILS = (False, "information_measures.fails")


@pytest.mark.parametrize("line, links", [
    # definitions restated in other letters and spellings: they hold for any distributions
    (r"H(Q) = -\sum_{x} Q(x) \ln Q(x)", 1),
    (r"H(Y) = -\sum P(y) \log P(y)", 1),                                      # the random variable's distribution
    (r"H(q, r) = - \sum_{k} q_k \log r_k", 1),                                 # entries indexed by the sum's letter
    (r"H(p,\tilde p) = -\mathbb{E}_{z \sim p}\left[\log \tilde{p}(z)\right]", 1),
    (r"KL(q \| p) = \sum_x q(x) \log \frac{q(x)}{p(x)}", 1),
    (r"D_{\mathrm{KL}}(P \parallel Q) = H(P, Q) - H(P) = \sum_{x} P(x)\log P(x) - \sum_x P(x) \log Q(x)", 2),
    (r"D_{KL}(\hat{p}_{\text{data}} \| p_{\text{model}}) = \mathbb{E}_{x \sim \hat{p}_{\text{data}}}[\log \hat{p}_{\text{data}}(x) - \log p_{\text{model}}(x)]", 1),
    (r"H(p, q) = H(p) + D_{KL}(p || q)", 1),                                   # the decomposition, a valid identity
])
def test_a_general_identity_of_distributions_holds_whatever_they_are(line, links):
    for module, markdown in (("ce_mle", _ce_mle(line)), ("softmax_ce_grad", _softmax(line))):
        assert _verdicts(module, markdown)[0] == [HOLDS] * links, (module, line)


@pytest.mark.parametrize("line", [
    r"D_{KL}(p\|q) = H(p) - H(p,q)",                         # the difference taken the wrong way round
    r"H(p, q) = \sum_{x} p(x) \log q(x)",                     # the minus dropped
    r"D_{KL}(p \| q) = 2 H(p, q) - H(p)",                     # a wrong coefficient
    r"H(p, q) = -\sum_x q(x) \log p(x)",                      # the two distributions swapped
    r"KL(q \| p) = \sum_x q(x) \log \frac{p(x)}{q(x)}",       # the fraction upside down
    r"H(p, q) = H(q) + D_{KL}(p || q)",                       # the arguments swapped in the decomposition
    r"D_{KL}(P \parallel Q) = -\mathbb{E}_{x \sim Q}[\log P(x) - \log Q(x)]",  # the expectation over the wrong distribution
])
def test_a_wrong_general_identity_stays_charged_with_distributions_where_it_fails(line):
    derivation = _derivation("ce_mle", _ce_mle(line))
    link = derivation.lines[0].links[-1]
    assert (link.valid, link.reason.key if link.reason else None) == FAILS, [(l.number, l.error, l.links) for l in derivation.lines]
    assert link.counterexample is not None and link.counterexample.left != link.counterexample.right
    assert all(value.startswith("(") for value in link.counterexample.point.values())
    assert derivation.invalid_line == 1


def test_a_line_starting_with_equals_continues_the_identity_before_it():
    verdicts = _verdicts("ce_mle", _ce_mle(r"D_{KL}(p\|q) = \sum_x p(x) \log \frac{p(x)}{q(x)}",
                                           r"= \sum_x p(x)\log p(x) - \sum_x p(x) \log q(x)"))
    assert verdicts == [[HOLDS], [HOLDS]]
    wrong = _verdicts("ce_mle", _ce_mle(r"D_{KL}(p\|q) = \sum_x p(x) \log \frac{p(x)}{q(x)}",
                                        r"= \sum_x p(x)\log q(x) - \sum_x p(x) \log p(x)"))   # sign slip on the continued line
    assert wrong == [[HOLDS], [FAILS]]


def test_an_aligned_chain_of_identities_is_followed_line_by_line():
    markdown = ("## ce-mle\n\n$$\n\\begin{aligned}\nD_{KL}(\\hat p \\| q) &= \\mathbb{E}_{x \\sim \\hat p}[\\log \\hat p(x) - \\log q(x)] \\\\\n"
                "&= \\mathbb{E}_{x \\sim \\hat p} \\log \\hat p(x) - \\mathbb{E}_{x \\sim \\hat p} \\log q(x) \\\\\n"
                "&= -H(\\hat p) + H(\\hat p, q)\n\\end{aligned}\n$$\n\nAnswer: $-\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}$\n")
    assert _verdicts("ce_mle", markdown) == [[HOLDS], [HOLDS], [HOLDS]]
    assert _verdicts("ce_mle", markdown.replace("-H(\\hat p) + H", "H(\\hat p) - H")) == [[HOLDS], [HOLDS], [FAILS]]


def test_the_problems_own_sums_and_other_lines_are_left_to_the_derivations_checker():
    from grader.derivations.information_measures import information_line
    for line in (r"E = -\sum_{k=1}^{K} Y_k \log y_k", r"\nabla J(w) = H(w - w^*)", r"H = V \Lambda V^T",
                 r"-\log L = \sum_{i=1}^{n} -\log p(c_i \mid x_i; \theta)", r"H(X, Y) = -\sum p(x, y) \log p(x, y)"):
        assert information_line(line, None) is None, line


def test_sides_that_name_different_distributions_are_not_charged():
    verdicts = _verdicts("ce_mle", _ce_mle(r"H(p) = -\sum_i r_i \log r_i"))
    assert verdicts == [[(None, "information_measures.other_letters")]]


def test_the_feedback_says_the_identity_was_read_for_any_distributions():
    link = _derivation("ce_mle", _ce_mle(r"H(p, q) = -\sum_x p(x) \log q(x)")).lines[0].links[0]
    text = render(link.reason, "en")
    assert "any distributions p, q" in text


# -- 3b. the physics package's \grad ------------------------------------------------------------------------------


@pytest.mark.parametrize("head", [r"\grad_w \tilde J(\tilde w)", r"\grad{\tilde J(\tilde w)}", r"\grad \tilde{J}(\tilde w)"])
def test_the_physics_packages_grad_is_the_gradient(head):
    right = _l2(head + r" = H(\tilde w - w^*) + \alpha \tilde w = 0", r"\tilde w = (H + \alpha I)^{-1} H w^*",
                answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*")
    derivation = _derivation("l2_shrinkage", right)
    assert derivation.invalid_line is None and all(l.error is None for l in derivation.lines)
    assert derivation.score == pytest.approx(derivation.max_score)
    wrong = _l2(head + r" = H(\tilde w - w^*) - \alpha \tilde w", answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*")  # sign slip
    assert _derivation("l2_shrinkage", wrong).invalid_line == 1


def test_grad_with_a_subscript_reads_as_nabla_with_that_subscript():
    assert str(parse_expression(r"\grad_w J(w)")) == str(parse_expression(r"\nabla_w J(w)"))


# -- 2. the author's matrices named in a product, and their entries ---------------------------------------------

EIGEN = r"\tilde{w} = V(\Lambda + \alpha I)^{-1}\Lambda V^T w^*"


@pytest.mark.parametrize("displays", [
    (EIGEN, r"= V D V^T w^*", r"D_{ii} = \frac{\lambda_i}{\lambda_i + \alpha}"),                    # the corpus's layout
    (EIGEN + r" = V S V^{T} w^*", r"S_{jj} = \frac{\lambda_j}{\lambda_j + \alpha}"),                  # one line, other letters
    (r"\tilde w = Q(\Lambda + \alpha I)^{-1}\Lambda Q^T w^*", r"= Q M Q^T w^*", r"M_{ii} = \frac{\lambda_i}{\alpha + \lambda_i}"),
    (EIGEN, r"= V D V^T w^*", r"D = (\Lambda + \alpha I)^{-1}\Lambda"),                               # the letter restated
])
def test_a_matrix_letter_named_in_a_product_is_read_and_its_entries_are_checked(displays):
    derivation = _derivation("l2_shrinkage", _l2(r"\tilde w = (H + \alpha I)^{-1} H w^*", *displays,
                                                 answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*"))
    assert derivation.invalid_line is None, [(l.number, l.error, [(k.valid, k.reason) for k in l.links]) for l in derivation.lines]
    assert all(k.valid for l in derivation.lines for k in l.links), [(l.number, [(k.valid, k.reason) for k in l.links]) for l in derivation.lines]
    keys = [k.reason.key for l in derivation.lines for k in l.links if k.reason is not None]
    assert "matrix_letters.defined" in keys


@pytest.mark.parametrize("entry", [
    r"D_{ii} = \frac{\alpha}{\lambda_i + \alpha}",            # the complement of the factor
    r"D_{ii} = \frac{\lambda_i}{\lambda_i - \alpha}",         # sign slip
    r"D_{ii} = \frac{\lambda_i + \alpha}{\lambda_i}",         # upside down
    r"D_{ii} = \frac{2\lambda_i}{\lambda_i + \alpha}",        # wrong coefficient
])
def test_a_wrong_entry_of_the_named_matrix_stays_charged(entry):
    derivation = _derivation("l2_shrinkage", _l2(r"\tilde w = (H + \alpha I)^{-1} H w^*", EIGEN, r"= V D V^T w^*", entry,
                                                 answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*"))
    assert derivation.invalid_line == 4


@pytest.mark.parametrize("last", [
    r"= V H V^T w^*",            # a matrix the problem knows: a step, checked (and wrong)
    r"= V \Lambda V^T w^*",      # the same, the regularization forgotten
    r"= V D^{-1} V^T w^*",       # more than a letter in its place: not a name given, a step with an unknown
])
def test_a_known_matrix_or_more_than_a_letter_is_not_read_as_a_name(last):
    derivation = _derivation("l2_shrinkage", _l2(EIGEN, last, answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*"))
    keys = [k.reason.key for l in derivation.lines for k in l.links if k.reason is not None]
    assert "matrix_letters.defined" not in keys
    assert not all(k.valid for k in derivation.lines[1].links)


@pytest.mark.parametrize("line, valid", [
    (r"\Lambda_{ii} = \lambda_i", True),                     # the problem's own diagonal matrix, entry by entry
    (r"\Lambda_{ii} = \lambda_i^2", False),
    (r"(V^T V)_{ii} = 1", None),                             # a bracket's entry: not read (no letter)
])
def test_an_entry_of_the_problems_matrix_is_its_value(line, valid):
    derivation = _derivation("l2_shrinkage", _l2(r"\tilde w = (H + \alpha I)^{-1} H w^*", line,
                                                 answer_a=r"\tilde w = (H + \alpha I)^{-1} H w^*"))
    second = derivation.lines[1]
    if valid is None:
        assert second.error is not None or any(k.valid is None for k in second.links)
    else:
        assert [k.valid for k in second.links] == [valid]


def test_matrix_entry_needs_whole_indices_in_range():
    import numpy as np

    from grader.mathengine.matrix_entries import matrix_entry
    values = {"H": np.arange(4.0).reshape(2, 2), "i": 2, "j": 1, "x": 0.5, "k": 3}
    assert matrix_entry("H_ij", values, lambda _: None) == 2.0
    assert matrix_entry("H_ix", values, lambda _: None) is None     # not a whole number
    assert matrix_entry("H_ik", values, lambda _: None) is None     # outside the matrix
    assert matrix_entry("G_ij", values, lambda _: None) is None     # no such matrix
    assert matrix_entry("G_ij", values, lambda name: np.eye(2)) == 0.0


@pytest.mark.parametrize("line, valid", [
    (r"D_{KL}(p \| q) \geq 0", True),                 # Gibbs' inequality
    (r"H(p, q) \ge H(p)", True),
    (r"H(Q) = -\sum_x Q(x) \log Q(x) \geq 0", True),
    (r"D_{KL}(p \| q) \leq 0", False),                # the wrong way round
    (r"H(p, q) \le H(p)", False),
    (r"D_{\mathrm{KL}}(P \parallel Q) \geq H(P)", False),
])
def test_an_inequality_of_information_measures_is_tried_at_many_distributions(line, valid):
    link = _derivation("ce_mle", _ce_mle(line)).lines[0].links[-1]
    assert link.valid is valid, link
    assert (link.counterexample is None) is valid


def test_a_hostile_line_is_refused_by_the_information_reader_without_a_fault():
    from grader.derivations.information_measures import information_line
    deep = "H(p) = " + "(" * 400 + "H(p)" + ")" * 400
    assert information_line(deep, None) is None
    long_line = "H(p) = " + " + ".join(["H(p)"] * 200)
    assert information_line(long_line, None) is None       # beyond the length read here
    assert information_line(r"H(p) = \INFOLOG p", None) is None   # the reader's own marks typed by the author


# -- red team round 12, F6: every distribution in a sum or expectation is at the outcome summed ------------------


@pytest.mark.parametrize("line", [
    r"H(Q) = -\sum_{u} Q(u) \ln Q(v)",                                    # the log at another outcome
    r"H(q, r) = -\sum_{j} q_j \log r_i",                                  # entries at another index
    r"H(q, r) = -\sum q_j \log r_i",                                      # no letter under the sum: the first one binds
    r"H(P, Q) = -\sum_{t} P(s) \log Q(s)",                                # the summed letter used by nothing
    r"H(P, Q) = -\sum_{s \in \mathcal S} P(t) \log Q(t)",
    r"H(p, \tilde p) = -\mathbb{E}_{z \sim p}\left[\log \tilde{p}(w)\right]",  # the expectation of a constant
    r"KL(q \| p) = \sum_u q(u) \log \frac{q(u)}{p(v)}",                   # the denominator elsewhere
    r"KL(q \| p) = \sum_u q(u) \log \frac{q(v)}{p(u)}",                   # the numerator elsewhere
    r"H(P, Q) = -\sum_{s} P(s) \log Q",                                   # one outcome written, one left out
    r"D_{KL}(p \| q) = \mathbb{E}_{a \sim p}[\log p(a) - \log q]",
])
def test_a_term_not_at_the_outcome_summed_is_not_read_as_the_measure(line):
    from grader.derivations.information_measures import information_line
    assert information_line(line, None) is None, line
    for module, markdown in (("ce_mle", _ce_mle(line)), ("softmax_ce_grad", _softmax(line))):
        verdicts = _verdicts(module, markdown)[0]
        # left to the derivation's checker: unread there, or (softmax-ce-grad, where H is no name of the problem's)
        # a definition of a new function H, as on main; never a step that holds
        assert all(valid is not True or key == "derivation.defines" for valid, key in verdicts), (module, line, verdicts)


def test_a_continued_side_at_another_outcome_is_not_read_either():
    verdicts = _verdicts("ce_mle", _ce_mle(r"H(p, r) = -\mathbb{E}_{t \sim p}[\log r(t)]", r"= -\mathbb{E}_{s \sim p}[\log r(t)]"))
    assert verdicts[0] == [HOLDS] and all(valid is not True for valid, _ in verdicts[1]), verdicts


@pytest.mark.parametrize("line", [
    r"H(Q) = -\sum_{u} Q(u) \ln Q(u) = -\sum_{v} Q(v) \ln Q(v)",          # the outcome renamed between sides
    r"H(q, r) = -\sum q_j \log r_j",                                      # indexed, no letter under the sum
    r"H(P, Q) = -\sum_{s \in \mathcal S} P(s) \log Q(s)",
    r"H(p_d, q) = -\sum_{x} p_d(x) \log q(x)",                            # a subscripted name at the outcome
    r"H(p, q) = -\sum p \log q",                                          # all bare: the shorthand
])
def test_distributions_at_the_outcome_summed_still_hold(line):
    verdicts = _verdicts("ce_mle", _ce_mle(line))[0]
    assert verdicts and all(v == HOLDS for v in verdicts), (line, verdicts)


# -- red team round 12, F8: a strict inequality between the measures ---------------------------------------------


@pytest.mark.parametrize("line", [
    r"D_{\mathrm{KL}}(P \parallel Q) > 0",                  # fails at P = Q
    r"H(q, r) > H(q)",
    r"H(r) < H(r, q)",
    r"0 < KL(q \| p)",
])
def test_a_strict_inequality_that_is_an_equality_at_equal_distributions_is_charged(line):
    link = _derivation("ce_mle", _ce_mle(line)).lines[0].links[-1]
    assert (link.valid, link.reason.key if link.reason else None) == FAILS, link
    point = link.counterexample.point
    assert len(set(point.values())) == 1                   # shown at distributions that are all the same
    assert link.counterexample.left == link.counterexample.right


@pytest.mark.parametrize("line", [r"H(p) > 0", r"H(p, q) > -H(p)"])
def test_a_strict_inequality_is_never_taken_as_proven(line):
    # true at every draw and at equal distributions, an equality at a point mass (H = 0): left unchecked, not valid
    link = _derivation("ce_mle", _ce_mle(line)).lines[0].links[-1]
    assert (link.valid, link.reason.key) == (None, "information_measures.strict_unproven")
