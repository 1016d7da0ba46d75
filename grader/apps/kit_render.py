"""The self-check as text (plain Python: the kit's tool has no templates and needs no Jinja), and the
kit tool's command line.

One function per block of the text: the code problems, each failing check of a function, the
derivations, each line and its failing links, the answer lines, and the closing count."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from grader.apps.kit_check import UNDECIDED, KitError, SelfCheck, check_status, check_submission
from grader.presentation.labels import label
from grader.results.formatting import counterexample_point, relation_symbol, shape_text, value_text
from grader.results.i18n import LANGUAGES
from grader.results.i18n import render as render_message

#: A message (or None) as the sentence of the report's language.
Sentence = Callable[[Any], str]


def _mark(ok: bool | None) -> str:
    return "✓" if ok else ("✗" if ok is False else "?")


def _preview(name: str, preview: Any, lang: str) -> str:
    values = "; ".join(", ".join(value_text(v) for v in row) for row in preview.values)
    return f"        {label(name, lang)} {shape_text(preview.shape)}: {values}{' …' if preview.truncated else ''}"


def _failing_check(check: Any, t: Sentence, lang: str) -> list[str]:
    """A check that did not pass: ✗ (or ? when not decided), why, the known mistake, expected, got, inputs."""
    mark = "?" if check_status(check) == UNDECIDED else "✗"
    out = [f"      {mark} {t(check.name)}" + (f": {t(check.message)}" if check.message else "")]
    if getattr(check, "hint", None) is not None:
        out.append(f"        → {t(check.hint)}")
    if check.expected is not None:
        out.append(_preview("expected", check.expected, lang))
    if check.got is not None:
        out.append(_preview("got", check.got, lang))
    if check.inputs:
        out.append(f"        {label('inputs', lang)}: " + "; ".join(f"{k} {v}" for k, v in check.inputs.items()))
    return out


def _code_section(code: Sequence[Any], t: Sentence, lang: str) -> list[str]:
    """Every code problem: its file's error, then each function's mark and its failing checks."""
    out = ["", f"== {label('check.code', lang)}"]
    for problem in code:
        out.append(f"{problem.problem} ({problem.file})")
        if problem.error:
            out.append(f"  ✗ {t(problem.error)}")
        for function in problem.functions:
            out.append(f"  {_mark(function.passed)} {function.name}")
            for check in function.checks:
                if not check.passed:
                    out += _failing_check(check, t, lang)
    return out


def _failing_link(link: Any, t: Sentence, lang: str) -> list[str]:
    """A link that does not hold (or is undecided): its relation, why, and the counterexample."""
    out = [f"      {_mark(link.valid)} {link.left} {relation_symbol(link.relation)} {link.right}" + (f": {t(link.reason)}" if link.reason else "")]
    example = link.counterexample
    if example:
        out.append(
            f"        {label('counterexample', lang)}: {counterexample_point(example.point)}; {label('counterexample.left', lang)} = {example.left}, "
            f"{label('counterexample.right', lang)} = {example.right}"
        )
    return out


def _line(line: Any, t: Sentence, lang: str) -> list[str]:
    """A derivation line: unreadable (its error), or its mark from its links and each link worth showing."""
    heading = f"{label('line', lang, number=line.number)}: {line.source}"
    if line.error:
        return [f"  ✗ {heading}", f"      {t(line.error)}"]
    valid = [link.valid for link in line.links]
    ok = False if False in valid else (None if None in valid else True)
    out = [f"  {_mark(ok)} {heading}"]
    for link in line.links:
        if link.valid is not True and (link.reason or link.counterexample):
            out += _failing_link(link, t, lang)
    return out


def _answer(answer: Any, t: Sentence, lang: str) -> str:
    """Whether an answer line can be read (it is not judged here)."""
    marker = f"Answer ({answer.label}):" if answer.label else "Answer:"
    key = "check.answer_read" if answer.readable else "check.answer_unread"
    return f"  {_mark(answer.readable)} {label(key, lang, marker=marker)}" + (f": {t(answer.message)}" if answer.message else "")


def _derivation_section(derivations: Sequence[Any], t: Sentence, lang: str) -> list[str]:
    """Every derivation problem: its error, its lines, 'no derivation lines' when it has none, its answer lines."""
    out = ["", f"== {label('check.derivations', lang)}"]
    for problem in derivations:
        out.append(problem.problem)
        if problem.error:
            out.append(f"  ✗ {t(problem.error)}")
        for line in problem.lines:
            out += _line(line, t, lang)
        if not problem.error and not problem.lines:
            out.append(f"  ✗ {label('check.no_lines', lang)}")
        out += [_answer(answer, t, lang) for answer in problem.answers]
    return out


def _summary(check: SelfCheck, lang: str) -> list[str]:
    """The closing lines: how many checks were not decided, then all passed or how many failed."""
    passed, failed = check.counts()
    undecided = check.undecided()
    out = [""]
    if undecided:
        out.append(label("check.undecided", lang, count=undecided))
    if check.when_graded():
        out.append(label("check.when_graded", lang, count=check.when_graded()))
    if failed == 0 and undecided == 0:
        out.append(label("check.all_passed", lang, passed=passed))
    else:
        out.append(label("check.some_failed", lang, failed=failed, total=passed + failed))
    return out


def render_text(check: SelfCheck, lang: str = "en") -> str:
    """The self-check as the text the kit's tool and `grade check` print."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")

    def t(message: Any) -> str:
        return "" if message is None else render_message(message, lang)

    out = [f"{label('check.title', lang)}: {check.submission}"]
    out += [f"!! {t(note)}" for note in check.notes]
    if check.code:
        out += _code_section(check.code, t, lang)
    if check.derivations:
        out += _derivation_section(check.derivations, t, lang)
    out += _summary(check, lang)
    return "\n".join(out) + "\n"


def render_check(result: SelfCheck, lang: str = "en") -> str:
    """The self-check as text (the name `grade check` and the kit's tool use)."""
    return render_text(result, lang)


def main(argv: Sequence[str] | None = None, default_kit: str | Path | None = None) -> int:
    """The kit's own entry point (``python KIT/tool/check.py SUBMISSION``): 0 all passed, 1 not, 2 usage."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="check.py", description="Self-check a submission against the kit's public cases.")
    parser.add_argument("submission")
    parser.add_argument("--kit", default=str(default_kit) if default_kit is not None else None, required=default_kit is None)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    args = parser.parse_args(argv)
    try:
        result = check_submission(args.submission, args.kit)
    except KitError as exc:
        sys.stderr.write(render_message(exc.message, args.lang) + "\n")
        return 2
    sys.stdout.write(render_check(result, args.lang))
    return 0 if result.counts()[1] == 0 else 1
