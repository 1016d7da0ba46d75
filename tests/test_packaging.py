"""Every package of grader/ is installed and bundled: a new folder never goes missing from a pip
install (pyproject's explicit list) or from the Gradescope bundle (found on disk)."""

from __future__ import annotations

import re
from pathlib import Path

from grader.apps.gradescope import PACKAGES

ROOT = Path(__file__).resolve().parent.parent


def packages_on_disk() -> set[str]:
    grader = ROOT / "grader"
    return {
        ".".join(("grader", *path.parent.relative_to(grader).parts)).rstrip(".")
        for path in grader.rglob("__init__.py")
        if "__pycache__" not in path.parts
    } | {"grader.problems", "grader.reference", "grader.templates"}


def pyproject_packages() -> set[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listing = text[text.index("packages = ["):]
    listing = listing[: listing.index("]")]
    return set(re.findall(r'"([\w.]+)"', listing))


def test_pyproject_installs_every_package_of_the_grader():
    assert packages_on_disk() - pyproject_packages() == set()
    assert pyproject_packages() - packages_on_disk() == set(), "a listed package no longer exists"


def test_the_gradescope_bundle_holds_every_package_once():
    assert set(PACKAGES) == packages_on_disk()
    assert len(PACKAGES) == len(set(PACKAGES))
