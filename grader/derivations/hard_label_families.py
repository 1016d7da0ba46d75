r"""The family of the labels a hard label in prose is about ("If $k$ is the correct label,": one-hot at k).

The reading layer names only the letter (`grader.reading.hard_labels`: the assumption `?_k = 1`); here the problem
names the family: the labels of its cross-entropy (a family drawn on the simplex, `Y`), so that the lines after the
sentence are checked with `Y_k = 1` and every other label 0 (`written_lines.under_assumption`), and the feedback
says so where a step needs it.  A problem without such labels drops the assumption (its lines are read as written).
"""

from __future__ import annotations

from grader.derivations.class_letters import cross_entropy_families
from grader.mathengine.equivalence import Checker
from grader.mathparse import Notation
from grader.reading.hard_labels import HARD_LABEL_FAMILY


def hard_label_named(assumption: str, notation: Notation, checker: Checker) -> str:
    """The prose's assumption with the hard label's family named (`Y_k = 1` for `?_k = 1`), "" where the problem has
    no labels on the simplex; any other assumption as it is."""
    if not assumption.startswith(HARD_LABEL_FAMILY + "_"):
        return assumption
    families = cross_entropy_families(notation, checker)
    return f"{families[0]}{assumption[len(HARD_LABEL_FAMILY):]}" if families is not None else ""
