"""The course's reference implementations and catalog of known mistakes (`grader.reference.mutants`).

Imported when first asked, not with this package: an instructor's own code problem brings its own
reference and never loads the course's.
"""

from __future__ import annotations

from types import ModuleType


def reference_mutants() -> ModuleType:
    """The module `grader.reference.mutants`."""
    from grader.reference import mutants

    return mutants
