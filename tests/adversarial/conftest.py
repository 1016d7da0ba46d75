"""Fixtures of the adversarial suite: an arena per test, and the clean grade computed once."""

from __future__ import annotations

import pytest

from .arena import Arena


@pytest.fixture(scope="session")
def clean(tmp_path_factory):
    """examples/good graded once with the suite's seed and limits (the same checks as every attack)."""
    arena = Arena(tmp_path_factory.mktemp("clean"))
    try:
        outcome = arena.grade(arena.submission("clean"))
    finally:
        arena.close()
    assert outcome.result.score == outcome.result.max_score == 100, "examples/good must score 100 with the suite's seed"
    return outcome.result


@pytest.fixture()
def arena(tmp_path):
    arena = Arena(tmp_path)
    yield arena
    arena.close()
