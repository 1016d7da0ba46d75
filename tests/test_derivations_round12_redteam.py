r"""Derivation rows, round 12 (issue 11), red team: wrong steps that a round-12 reading let pass.

Every row is a derivation a hostile or careless student could hand in, written for these tests (no corpus item, no
held-out item): a WRONG line that must never be graded valid, and the score it must not reach.  Each row passes on
main (bc33fe4), where the line is charged or left unchecked; the comment names the round-12 branch (and the commit)
that graded it valid, and the finding in /work/briefs/out/redteam12_findings.md.

- unknowns12: a free function drawn as one function of all its arguments reads `P(x | theta)` as `P(x, theta)`; a
  free function of a random variable is taken out of an expectation at the mean (`E[g(a_1)] = g(0)`);
- optimise12: the variables written under `\max` / `\min` are not compared (`\max_\sigma` for `\max_{w,b}`), or
  renamed onto a letter free in the other objective;
- brackets12: a hard label named in passing (or negated) in prose makes every later line one-hot; the bracket after
  an expectation's subscript (`\mathbb{E}_w[z]`) or the entropy's (`H[p]`) is read as an entry;
- batch12: the batch always has three samples and four classes, so a literal 3 (or K - 3 = 1) passes; a transpose in
  the matrix form is read as nothing;
- generic12: an information identity whose terms do not depend on the summed outcome (`-\sum_x p(x) \log q(y)`); a
  strict inequality that fails at p = q (`D_{KL}(p \| q) > 0`).
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

_SECTIONS = {"ce_mle": "ce-mle", "mle_mse": "mle-mse", "softmax_ce_grad": "softmax-ce-grad", "xavier_variance": "xavier-variance"}


def _derivation(module: str, blocks: tuple[str, ...]):
    """The derivation part of a section made of `blocks`: a display (`$$...$$` added) or prose (a block that starts
    with `>`, the marker dropped)."""
    body = "".join(f"{block[1:].strip()}\n\n" if block.startswith(">") else f"$${block}$$\n\n" for block in blocks)
    return next(p for p in grade_section(module, f"## {_SECTIONS[module]}\n\n{body}").parts if p.id == "derivation")


def _last(module: str, *blocks: str) -> tuple:
    return line_verdict(_derivation(module, blocks).lines[-1])


SSE = r"\sum_{i=1}^{n} (y_i - w x_i - b)^2"
BATCH_LOSS = r"E = -\frac{1}{m}\sum_{i,j} Y_{ij}\log y_{ij}"
LAYER = r"z = \sum_{j=1}^{n} w_j a_j"
LABEL_IN_PASSING = (
    r"> If $k$ is the correct label, the loss is just $-\log y_k$; but here the labels are soft, so keep the sum:",
    r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\sum_{i=1}^{K} \log y_i^{Y_i}",
    r"\frac{\partial E}{\partial z_k} = y_k - 1",
)

WRONG_LINES = [
    # -- unknowns12 (2577f5c), F1: the conditional probability read as the joint one
    pytest.param("ce_mle", (r"\log \prod_{i=1}^{n} P(x_i | \theta) = \sum_{i=1}^{n} \log P(x_i , \theta)",),
                 id="unknowns12-conditional-as-joint-in-a-sum"),
    pytest.param("ce_mle", (r"-\log \prod_{k=1}^{n} Q(u_k \mid \theta) = -\sum_{k=1}^{n} \log Q(u_k, \theta)",),
                 id="unknowns12-conditional-as-joint-other-letters"),
    # -- unknowns12 (e624cdf), F11: a free function of a random variable taken out of the expectation at the mean
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}[g(a_1)] = g(0)"), id="unknowns12-expectation-through-a-free-function"),
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}[g(w_1 a_1)] = g(0)"), id="unknowns12-expectation-through-a-free-function-of-a-product"),
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}[w_1^2 g(w_1)] = \mathrm{Var}(w) g(0)"), id="unknowns12-free-function-factored-out-at-the-mean"),
    # -- optimise12 (6391284), F2: an optimum over the wrong variables
    pytest.param("mle_mse", (rf"\max_{{\sigma}} \left(-{SSE}\right) \leftrightarrow \min_{{w,b}} {SSE}",),
                 id="optimise12-max-over-sigma-leftrightarrow"),
    pytest.param("mle_mse", (rf"\min_{{w}} {SSE} \propto \min_{{w,b}} {SSE}",),
                 id="optimise12-min-over-w-alone-propto"),
    pytest.param("mle_mse", (rf"\min_{{\sigma}} {SSE} \propto \min_{{w,b}} {SSE}",),
                 id="optimise12-min-over-sigma-propto"),
    # -- optimise12 (7332c38), F9: the optimum's variable renamed onto a letter free in its objective
    pytest.param("mle_mse", (r"\min_{w} \sum_{i=1}^{n} (y_i - w x_i - w)^2 = \min_{b} \sum_{i=1}^{n} (y_i - w x_i - b)^2",),
                 id="optimise12-renamed-variable-captures-a-free-letter"),
    pytest.param("mle_mse", (r"\max_{b} \left(-\sum_{i=1}^{n} (y_i - b x_i - b)^2\right) = \max_{w} \left(-\sum_{i=1}^{n} (y_i - b x_i - w)^2\right)",),
                 id="optimise12-renamed-variable-captures-a-free-letter-max"),
    # -- brackets12 (003f649), F3: a hard label named in passing, or negated, in prose
    pytest.param("softmax_ce_grad", LABEL_IN_PASSING, id="brackets12-hard-label-in-passing-then-soft-labels"),
    pytest.param("softmax_ce_grad", (
        r"> We do not assume that $k$ is the correct label; the labels $Y$ are soft.",
        r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\log y_k"), id="brackets12-hard-label-negated"),
    pytest.param("softmax_ce_grad", (
        r"> We do not assume that $c$ is the true class: the targets are soft.",
        r"\frac{\partial E}{\partial z_c} = y_c - 1"), id="brackets12-true-class-negated-gradient"),
    # -- brackets12 (003f649), F4: an expectation's subscript then its bracket read as an entry
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}_w[z] = 1"), id="brackets12-subscripted-expectation-as-definition"),
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}_w[z]^2 = 1"), id="brackets12-subscripted-expectation-squared"),
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}_a[z] = 3"), id="brackets12-subscripted-expectation-other-letter"),
    # -- brackets12 (f7975ad), F12: the entropy's bracket read as an entry, a wrong entropy then a definition
    pytest.param("ce_mle", (r"H[p] = \sum_{k=1}^{K} p_k \log p_k",), id="brackets12-entropy-in-brackets-sign-dropped"),
    pytest.param("ce_mle", (r"H[q] = -\sum_{k=1}^{K} \log q_k",), id="brackets12-entropy-in-brackets-weights-dropped"),
    # -- batch12 (1043005), F5: the batch's fixed size makes a constant right
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{3}(y_{pq} - Y_{pq})"),
                 id="batch12-literal-three-for-the-batch-size"),
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})(K - 3)"),
                 id="batch12-class-count-minus-three"),
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq}) + \frac{1}{m}(m - 3)"),
                 id="batch12-batch-size-minus-three"),
    # -- batch12 (aeecc89), F10: the transpose dropped in the matrix form
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{y}^T - \boldsymbol{Y})"),
                 id="batch12-transposed-probabilities-minus-labels"),
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{y} - \boldsymbol{Y})^T"),
                 id="batch12-transposed-gradient"),
    # -- generic12 (1baeb87), F6: a term that does not depend on the summed outcome
    pytest.param("ce_mle", (r"H(p) = -\sum_x p(x) \log p(z)",), id="generic12-entropy-log-at-another-outcome"),
    pytest.param("ce_mle", (r"H(p,q) = -\sum_k p_k \log q_j",), id="generic12-cross-entropy-other-index"),
    pytest.param("ce_mle", (r"H(p,q) = -\sum_y p(x) \log q(x)",), id="generic12-sum-over-a-letter-nothing-uses"),
    pytest.param("ce_mle", (r"H(p,q) = -\mathbb{E}_{x \sim p}[\log q(y)]",), id="generic12-expectation-of-a-constant"),
    pytest.param("ce_mle", (r"D_{KL}(p \| q) = \sum_x p(x) \log \frac{p(x)}{q(z)}",), id="generic12-kl-denominator-elsewhere"),
    # -- generic12 (0f5fd77), F8: a strict inequality that fails at p = q
    pytest.param("ce_mle", (r"D_{KL}(p \| q) > 0",), id="generic12-kl-strictly-positive"),
    pytest.param("ce_mle", (r"H(p,q) > H(p)",), id="generic12-cross-entropy-strictly-above-entropy"),
    pytest.param("ce_mle", (r"H(q) < H(q, p)",), id="generic12-entropy-strictly-below-cross-entropy"),
]


@pytest.mark.parametrize("module, blocks", WRONG_LINES)
def test_a_wrong_line_is_never_valid(module, blocks):
    assert _last(module, *blocks)[0] is not True


def test_a_hard_label_in_passing_does_not_raise_the_score():
    # brackets12: 1.25 -> 3.75 of 5 with the wrong gradient read one-hot; main charges it
    derivation = _derivation("softmax_ce_grad", LABEL_IN_PASSING)
    assert derivation.score < derivation.max_score / 2


def test_a_literal_batch_size_does_not_earn_full_marks():
    # batch12: the wrong 1/3 earned 3.75 of 5; main leaves it unchecked (0)
    derivation = _derivation("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{3}(y_{pq} - Y_{pq})"))
    assert derivation.score < derivation.max_score / 2


@pytest.mark.parametrize("module, blocks", [
    # the right versions of rows above stay right (or unchecked) on main: the rows charge the slip, not the notation
    pytest.param("softmax_ce_grad", (r"> The labels here are soft, so keep the sum:",
                                     r"E = -\sum_{i=1}^{K} Y_i \log y_i = -\sum_{i=1}^{K} \log y_i^{Y_i}"), id="soft-labels-kept-in-the-sum"),
    pytest.param("softmax_ce_grad", (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})"),
                 id="batch-gradient-with-its-mean"),
    pytest.param("xavier_variance", (LAYER, r"\mathbb{E}[z] = 0"), id="expectation-of-the-layer"),
])
def test_the_right_version_is_not_charged(module, blocks):
    assert _last(module, *blocks)[0] is not False
