"""A realistic class of generated submissions: correct and buggy, answers in varied notation.

Everything here is OUR OWN text: answers.md sections come from examples/good,
examples/typical and the answer and derivation tables of the tests; Python
files are examples/good, examples/typical, the code-check test fixtures, or
the reference with one or two known mistakes of `grader.reference.mutants`
written into it as source.  The same (count, seed) always gives the same files.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from grader.course.course import answer_modules, code_modules, load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "test_codecheck_fixtures"
#: The default course's code problems, by module, in course order (as the course declares them).
CODE_MODULES = code_modules("default")


@functools.cache
def answer_problems() -> dict[str, str]:
    """The default course's problems graded from answers.md: module -> problem id, in course order
    (their specs imported, SymPy with them: only when a workload is made)."""
    return {module: load_spec(module).id for module in answer_modules("default")}


_ANSWER_LINE = re.compile(r"^(?:\*\*)?(?:Answer|答案)\s*(?:\((?P<label>[a-z])\))?\s*(?::|：)", re.MULTILINE)


@dataclass
class Blueprint:
    """What one generated submission is made of (kept in workload.json)."""

    name: str
    sections: dict[str, str] = field(default_factory=dict)
    """Problem id -> where its answers.md section comes from."""
    code: dict[str, str] = field(default_factory=dict)
    """Module -> where its file comes from ("missing" if left out)."""


def split_sections(markdown: str) -> dict[str, str]:
    """Level-2 sections of an answers.md by problem id (first word of the heading)."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip() + "\n"
            current = line[3:].split()[0] if line[3:].split() else None
            lines = [line]
        elif line.startswith("# "):
            if current is not None:
                sections[current] = "\n".join(lines).strip() + "\n"
            current, lines = None, []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip() + "\n"
    return sections


def _tables():
    """The answer and derivation tables of the tests (imported as plain data)."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import test_answers_table
    import test_derivations_table

    return test_answers_table.ROWS, test_derivations_table.ROWS


def answer_line(label: str, written: str) -> str:
    """`Answer (a): ...` as a student writes it: LaTeX in `$...$`, plain ASCII bare."""
    head = f"Answer ({label[-1]}):" if label.startswith("answer-") else "Answer:"
    body = f"${written}$" if "\\" in written or "{" in written else written
    return f"{head} {body}"


def replace_answer(section: str, label: str, line: str) -> str:
    """The section with the answer line of `label` replaced (appended if it has none)."""
    wanted = label[-1] if label.startswith("answer-") else None
    out, replaced = [], False
    for text in section.splitlines():
        match = _ANSWER_LINE.match(text)
        if match and match.group("label") == wanted and not replaced:
            out.append(line)
            replaced = True
        else:
            out.append(text)
    if not replaced:
        out += ["", line]
    return "\n".join(out) + "\n"


class SectionPool:
    """Every section variant of every problem, by problem id: (origin, markdown)."""

    def __init__(self) -> None:
        good = split_sections((EXAMPLES / "good" / "answers.md").read_text())
        typical = split_sections((EXAMPLES / "typical" / "answers.md").read_text())
        answer_rows, derivation_rows = _tables()
        self.good = good
        self.variants: dict[str, list[tuple[str, str]]] = {pid: [] for pid in answer_problems().values()}
        self.typical = {pid: ("typical", text) for pid, text in typical.items()}
        for number, (problem_id, part, written, _credit, _mistake) in enumerate(answer_rows):
            base = good[problem_id]
            self.variants[problem_id].append((f"answer-row-{number}", replace_answer(base, part, answer_line(part, written))))
        self.derivations: dict[str, list[tuple[str, str]]] = {pid: [] for pid in answer_problems().values()}
        for name, module, markdown, _invalid, _points in derivation_rows:
            self.derivations[answer_problems()[module]].append((f"derivation-{name}", markdown.strip() + "\n"))

    def pick(self, problem_id: str, rng: random.Random) -> tuple[str, str | None]:
        roll = rng.random()
        if roll < 0.30:
            return "good", self.good[problem_id]
        if roll < 0.65 and self.variants[problem_id]:
            return rng.choice(self.variants[problem_id])
        if roll < 0.85 and self.derivations[problem_id]:
            return rng.choice(self.derivations[problem_id])
        if roll < 0.96 and problem_id in self.typical:
            return self.typical[problem_id]
        return "missing", None


# ------------------------------------------------------------------ code files with known mistakes


def _mutants():
    from grader.reference import mutants

    return mutants


def _portable(impl) -> bool:
    """A mutant whose source can be written into a student file (no closure state)."""
    return getattr(impl, "__closure__", None) is None and "<locals>" not in getattr(impl, "__qualname__", "")


def _function_source(function) -> str:
    """The function's source without decorators."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    node = tree.body[0]
    node.decorator_list = []  # type: ignore[attr-defined]
    return ast.unparse(node)


def _helpers(function, module, seen: set[str]) -> list[str]:
    """Sources of the private module-level helpers `function` uses (recursively), dependencies first."""
    out: list[str] = []
    for name in function.__code__.co_names:
        if name in seen or not name.startswith("_"):
            continue
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            seen.add(name)
            out += _helpers(helper, module, seen)
            out.append(_function_source(helper))
    return out


def mutated_source(module: str, mutant_ids: list[str]) -> str:
    """The reference `module` as a student file with the given known mistakes written in."""
    mutants = _mutants()
    reference = inspect.getsource(mutants.MODULES[module])
    helpers: list[str] = []
    bodies: list[str] = []
    seen: set[str] = set()
    for mutant_id in mutant_ids:
        m = mutants.by_id(mutant_id)
        helpers += _helpers(m.impl, mutants, seen)
        source = _function_source(m.impl)
        bodies.append(re.sub(r"^def \w+\(", f"def {m.function}(", source, count=1))
    trailer = [
        "",
        "# ---- generated for the benchmark: known mistakes written in",
        "import types as _types",
        "from functools import partial",
        "_ORIGINAL = _types.SimpleNamespace(**{k: v for k, v in dict(globals()).items() if not k.startswith('__')})",
        "bp = bn = opt = pc = _ORIGINAL",
        *helpers,
        *bodies,
        # a student's mlp_loss uses the student's own layers
        "if 'LAYERS' in globals():",
        "    LAYERS = {name: globals()[name] for name in LAYERS}",
        "",
    ]
    return reference + "\n".join(trailer)


def portable_mutants(module: str) -> list[str]:
    return [m.id for m in _mutants().mutants_of(module) if _portable(m.impl)]


def pick_code(module: str, rng: random.Random, portable: list[str], hostile: bool = False) -> tuple[str, str | None]:
    roll = rng.random()
    if roll < 0.40:
        return "good", (EXAMPLES / "good" / f"{module}.py").read_text()
    if roll < 0.55:
        return "typical", (EXAMPLES / "typical" / f"{module}.py").read_text()
    if roll < 0.85 and portable:
        chosen = [rng.choice(portable)]
        others = [m for m in portable if m.split(".")[0] != chosen[0].split(".")[0]]
        if others and rng.random() < 0.3:  # a second mistake, in another function
            chosen.append(rng.choice(others))
        return "mutant:" + "+".join(chosen), mutated_source(module, chosen)
    if roll < 0.92:
        return "fixture:equivalent", (FIXTURES / "equivalent" / f"{module}.py").read_text()
    if roll < 0.97:
        return "fixture:mistakes", (FIXTURES / "mistakes" / f"{module}.py").read_text()
    if roll < 0.99 and hostile:  # loops forever, crashes: only with --hostile (the naive baseline would hang)
        return "fixture:broken", (FIXTURES / "broken" / f"{module}.py").read_text()
    return "missing", None


def generate(out: str | Path, count: int, seed: int = 2026, hostile: bool = False) -> list[Blueprint]:
    """Write `count` submissions into `out` (sub_000, sub_001, ...) and workload.json beside them.

    `hostile` adds the code-check fixtures that loop forever or crash (about 2% of files).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = SectionPool()
    portable = {module: portable_mutants(module) for module in CODE_MODULES}
    blueprints = []
    for number in range(count):
        blueprint = Blueprint(f"sub_{number:03d}")
        directory = out / blueprint.name
        directory.mkdir(exist_ok=True)
        parts = ["# Homework 1\n"]
        for problem_id in answer_problems().values():
            origin, text = pool.pick(problem_id, rng)
            blueprint.sections[problem_id] = origin
            if text is not None:
                parts.append(text)
        (directory / "answers.md").write_text("\n".join(parts), encoding="utf-8")
        for module in CODE_MODULES:
            origin, text = pick_code(module, rng, portable[module], hostile)
            blueprint.code[module] = origin
            path = directory / f"{module}.py"
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        blueprints.append(blueprint)
    manifest = out.parent / f"{out.name}.workload.json"
    manifest.write_text(json.dumps([b.__dict__ for b in blueprints], indent=1, ensure_ascii=False))
    return blueprints


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--hostile", action="store_true", help="include files that loop forever or crash")
    args = parser.parse_args()
    for b in generate(args.out, args.count, args.seed, args.hostile):
        print(b.name, json.dumps(b.sections), json.dumps(b.code))
