"""The corpus: fixtures written after real student implementations, their labels, and the
submission folder each one is graded in.

A fixture is one contract file (`backprop.py`, `batchnorm.py`, `perceptron.py` or
`optimizers.py`) that reproduces the pattern of a public implementation, in our own words.
Such a file usually holds only the functions its original had; the others are taken from
`examples/good` so that the submission imports and every function of the file is present,
but only the functions labelled in `labels.json` are classified.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIXTURES = HERE / "fixtures"
LABELS = HERE / "labels.json"
GOOD = REPO / "examples" / "good"

#: What a careful TA decides about one function, before any grading.
VERDICTS = ("correct", "convention", "mistake")

CONTRACT_FILES = ("backprop.py", "batchnorm.py", "perceptron.py", "optimizers.py")


@dataclass(frozen=True)
class Source:
    """The public implementation a fixture was written after (never copied)."""

    repo: str
    """owner/name on GitHub."""
    commit: str
    """The commit that was read."""
    path: str
    """The file inside the repository."""
    pattern: str
    """What was taken from it as a pattern (structure, conventions, bugs)."""


@dataclass(frozen=True)
class Label:
    """The deduction a careful TA would make for one function, decided before grading."""

    verdict: str
    """"correct" (full marks), "convention" (differs from the contract only in a convention a
    TA would accept: full marks, a note at most) or "mistake" (a real deviation from the contract)."""
    mistake: str = ""
    """The mistake in words (for "mistake"), or the convention (for "convention")."""
    names: tuple[str, ...] = ()
    """Ids of the grader's known mistakes (`reference/mutants.py`) that name this mistake
    correctly; empty when the catalog has none (then any name the grader gives is wrong)."""
    points_lost: float = 0.0
    """Roughly how many points a TA would take off (0 for "correct" and "convention")."""


@dataclass(frozen=True)
class Fixture:
    """One fixture file and its labels."""

    id: str
    """The fixture's name (its file is `fixtures/<id>.py`)."""
    file: str
    """The contract file it stands for."""
    source: Source
    """Where its pattern comes from."""
    labels: Mapping[str, Label]
    """Function name -> the TA's verdict; functions not listed are not classified."""
    shim: str = ""
    """What the adapter part of the fixture does where the original's interface differs."""

    @property
    def path(self) -> Path:
        return FIXTURES / f"{self.id}.py"

    @property
    def problem_id(self) -> str:
        return self.file[: -len(".py")]


def load(path: Path = LABELS) -> list[Fixture]:
    """Every fixture of labels.json, in file order; refuses an entry that cannot be graded."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    fixtures = []
    for entry in raw["fixtures"]:
        if entry["file"] not in CONTRACT_FILES:
            raise ValueError(f"{entry['id']}: unknown contract file {entry['file']}")
        labels = {}
        for function, label in entry["labels"].items():
            if label["verdict"] not in VERDICTS:
                raise ValueError(f"{entry['id']}.{function}: unknown verdict {label['verdict']}")
            labels[function] = Label(
                verdict=label["verdict"],
                mistake=label.get("mistake", ""),
                names=tuple(label.get("names", ())),
                points_lost=float(label.get("points_lost", 0.0)),
            )
        fixture = Fixture(
            id=entry["id"],
            file=entry["file"],
            source=Source(**entry["source"]),
            labels=labels,
            shim=entry.get("shim", ""),
        )
        if not fixture.path.is_file():
            raise ValueError(f"{fixture.id}: no fixture file {fixture.path}")
        fixtures.append(fixture)
    ids = [f.id for f in fixtures]
    if len(set(ids)) != len(ids):
        raise ValueError("fixture ids are not unique")
    return fixtures


def completed_source(fixture: Fixture) -> str:
    """The fixture's text with every function of the contract file it lacks appended from
    examples/good (with the module-level names those functions use)."""
    text = fixture.path.read_text(encoding="utf-8")
    defined = {node.name for node in ast.parse(text).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {
        target.id
        for node in ast.parse(text).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    good_text = (GOOD / fixture.file).read_text(encoding="utf-8")
    good = ast.parse(good_text)
    missing = [n for n in good.body if isinstance(n, ast.FunctionDef) and n.name not in defined]
    if not missing:
        return text
    used = {name.id for function in missing for name in ast.walk(function) if isinstance(name, ast.Name)}
    # module-level helpers of the good file (a dict of activations) that the appended functions read
    helpers = [
        n
        for n in good.body
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id in used and t.id not in defined for t in n.targets)
    ]
    pieces = [text.rstrip("\n"), "", "", "# --- taken from examples/good: functions the original did not have ---", "import numpy as np"]
    pieces += [ast.get_source_segment(good_text, n) for n in missing]
    pieces += [ast.get_source_segment(good_text, n) for n in helpers]
    return "\n\n".join(pieces) + "\n"


def write_submission(fixture: Fixture, root: Path) -> Path:
    """A submission folder in `root`: the completed fixture as its contract file, the other
    files (and answers.md) from examples/good."""
    root.mkdir(parents=True, exist_ok=True)
    for item in GOOD.iterdir():
        if item.is_file():
            (root / item.name).write_bytes(item.read_bytes())
    (root / fixture.file).write_text(completed_source(fixture), encoding="utf-8")
    return root
