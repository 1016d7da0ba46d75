"""The baseline every attack is compared with must itself be right, whatever the seed.

A correct derivation that fails for some seeds would make the suite compare against a wrong
grade (and cost honest students points): examples/good's arg-max/arg-min derivations were
judged wrong for about one seed in ten before relative ties were used in `same_minimizers`.
"""

from __future__ import annotations

from grader.course.course import load_course
from grader.grading.pipeline import grade_submission

from .arena import GOOD

SEEDS = range(24)


def test_the_clean_arg_min_derivations_earn_full_marks_for_every_seed():
    problems = [p for p in load_course() if p.id in ("mle-mse", "ce-mle")]
    failing = {}
    for seed in SEEDS:
        result = grade_submission(GOOD, seed=seed, problems=problems)
        lost = {p.id: p.score for p in result.problems if p.score != p.max_score}
        if lost:
            failing[seed] = lost
    assert failing == {}
