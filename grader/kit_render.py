"""The self-check as text (plain Python: the kit's tool has no templates and needs no Jinja)."""

from __future__ import annotations

from typing import Any

from .formats import value_text
from .i18n import LANGUAGES
from .i18n import render as render_message
from .labels import label

RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔"}


def _mark(ok: bool | None) -> str:
    return "✓" if ok else ("✗" if ok is False else "?")


def _shape(shape: Any) -> str:
    try:
        items = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        return str(shape)
    return "(" + ", ".join(str(n) for n in items) + ("," if len(items) == 1 else "") + ")"


def _preview(name: str, preview: Any, lang: str) -> str:
    values = "; ".join(", ".join(value_text(v) for v in row) for row in preview.values)
    return f"        {label(name, lang)} {_shape(preview.shape)}: {values}{' …' if preview.truncated else ''}"


def render_text(check: Any, lang: str = "en") -> str:
    from .kit_check import UNDECIDED, _status

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    t = lambda message: "" if message is None else render_message(message, lang)  # noqa: E731
    out = [f"{label('check.title', lang)}: {check.submission}"]
    out += [f"!! {t(note)}" for note in check.notes]
    if check.code:
        out += ["", f"== {label('check.code', lang)}"]
        for p in check.code:
            out.append(f"{p.problem} ({p.file})")
            if p.error:
                out.append(f"  ✗ {t(p.error)}")
            for f in p.functions:
                out.append(f"  {_mark(f.passed)} {f.name}")
                for c in f.checks:
                    if c.passed:
                        continue
                    mark = "?" if _status(c) == UNDECIDED else "✗"
                    out.append(f"      {mark} {t(c.name)}" + (f": {t(c.message)}" if c.message else ""))
                    if getattr(c, "hint", None) is not None:
                        out.append(f"        → {t(c.hint)}")
                    if c.expected is not None:
                        out.append(_preview("expected", c.expected, lang))
                    if c.got is not None:
                        out.append(_preview("got", c.got, lang))
                    if c.inputs:
                        out.append(f"        {label('inputs', lang)}: " + "; ".join(f"{k} {v}" for k, v in c.inputs.items()))
    if check.derivations:
        out += ["", f"== {label('check.derivations', lang)}"]
        for p in check.derivations:
            out.append(p.problem)
            if p.error:
                out.append(f"  ✗ {t(p.error)}")
            for line in p.lines:
                if line.error:
                    out.append(f"  ✗ {label('line', lang, number=line.number)}: {line.source}")
                    out.append(f"      {t(line.error)}")
                    continue
                valid = [k.valid for k in line.links]
                ok = False if False in valid else (None if None in valid else True)
                out.append(f"  {_mark(ok)} {label('line', lang, number=line.number)}: {line.source}")
                for link in line.links:
                    if link.valid is True or not (link.reason or link.counterexample):
                        continue
                    relation = RELATION_SYMBOLS.get(link.relation, link.relation)
                    out.append(f"      {_mark(link.valid)} {link.left} {relation} {link.right}" + (f": {t(link.reason)}" if link.reason else ""))
                    example = link.counterexample
                    if example:
                        point = ", ".join(f"{k} = {v}" for k, v in example.point.items())
                        out.append(
                            f"        {label('counterexample', lang)}: {point}; {label('counterexample.left', lang)} = {example.left}, "
                            f"{label('counterexample.right', lang)} = {example.right}"
                        )
            if not p.error and not p.lines:
                out.append(f"  ✗ {label('check.no_lines', lang)}")
            for a in p.answers:
                marker = f"Answer ({a.label}):" if a.label else "Answer:"
                text = label("check.answer_read", lang, marker=marker) if a.readable else label("check.answer_unread", lang, marker=marker)
                out.append(f"  {_mark(a.readable)} {text}" + (f": {t(a.message)}" if a.message else ""))
    passed, failed = check.counts()
    undecided = check.undecided()
    out.append("")
    if undecided:
        out.append(label("check.undecided", lang, count=undecided))
    if failed == 0 and undecided == 0:
        out.append(label("check.all_passed", lang, passed=passed))
    else:
        out.append(label("check.some_failed", lang, failed=failed, total=passed + failed))
    return "\n".join(out) + "\n"
