"""What a batch writes for the whole class, rebuilt from the manifests and reports after each
submission: ``gradebook.csv``, ``manual.csv``, ``summary.html``, and ``class.json`` (what ROOT
held and the roster in force)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grader.apps import gradebook
from grader.apps.class_summary import class_summary
from grader.apps.roster import Roster
from grader.reading.files import write_atomic
from grader.reading.layouts import ClassLayout
from grader.reading.manual import staff_notes
from grader.results.i18n import define
from grader.results.i18n import render as render_message

GRADEBOOK = "gradebook.csv"
SUMMARY = "summary.html"


def gradebook_csv(
    records: Mapping[str, Mapping[str, Any]], problem_ids: list[str], lang: str = "en", roster: Roster | None = None
) -> str:
    """The gradebook's text (see `grader.apps.gradebook`)."""
    return gradebook.gradebook_csv(records, problem_ids, lang, roster)


def _problem_ids(records: Mapping[str, Mapping[str, Any]]) -> list[str]:
    try:
        from grader.course.course import load_course

        ids = [p.id for p in load_course()]  # an extended course's problems follow, as its records list them
    except Exception:
        ids = []
    for record in records.values():
        for pid in record.get("problems") or {}:
            if pid not in ids:
                ids.append(pid)
    return ids


#: What the batch knows about the class besides the records: the layout, what was skipped, the roster.
CLASS_FILE = "class.json"


def read_class(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / CLASS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def class_roster(out: Path) -> Roster | None:
    """The roster the batch in `out` was last given (it stays in force for later runs)."""
    data = read_class(out).get("roster")
    return Roster.from_plain(data) if isinstance(data, dict) else None


def write_class(out: Path, layout: ClassLayout, roster: Roster | None) -> None:
    data = {
        "layouts": list(layout.layouts),
        "items": layout.items,
        "submissions": len(layout.entries),
        "used": sum(len(e.sources) for e in layout.entries),
        "skipped": [{"name": s.name, "reason": s.reason} for s in layout.skipped],
        "roster": roster.to_plain() if roster is not None else None,
    }
    write_atomic(out / CLASS_FILE, json.dumps(data, ensure_ascii=False, indent=1))


MANUAL = "manual.csv"


def manual_items(records: Mapping[str, Mapping[str, Any]], lang: str = "en") -> list[dict[str, str]]:
    """Every part a TA has to grade by hand, by submission."""
    items = []
    for name in sorted(records):
        found = records[name].get("manual") or []
        for item, message in zip(found, staff_notes(found)):
            items.append({"submission": name, "problem": item["problem"], "part": item["part"], "kind": item["kind"], "reason": render_message(message, lang)})
    return items


def manual_csv(records: Mapping[str, Mapping[str, Any]], lang: str = "en") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "problem", "part", "kind", "reason"])
    for item in manual_items(records, lang):
        writer.writerow([gradebook.spreadsheet_safe(item[k]) for k in ("submission", "problem", "part", "kind", "reason")])
    return gradebook.BOM + buffer.getvalue()


def write_outputs(out: Path, records: Mapping[str, Mapping[str, Any]], lang: str, summary: bool = True) -> None:
    roster = class_roster(out)
    write_atomic(out / GRADEBOOK, gradebook_csv(records, _problem_ids(records), lang, roster))
    write_atomic(out / MANUAL, manual_csv(records, lang))
    if summary:
        from grader.presentation.render import render_summary

        figures = class_summary(out, records)
        facts = read_class(out)
        figures["layouts"] = facts.get("layouts", [])
        figures["skipped"] = facts.get("skipped", [])
        figures["root"] = {"count": facts.get("items", 0), "submissions": facts.get("submissions", 0), "used": facts.get("used", 0)}
        figures["manual"] = manual_items(records, lang)
        if roster is not None:
            table = gradebook.rows(records, roster)
            figures["no_submission"] = [r.name or r.id for r in table if r.record is None]
            # graded, but matched to nobody: often the same student as one "without a submission"
            figures["not_on_roster"] = [r.submission for r in table if r.record is not None and r.note]
        write_atomic(out / SUMMARY, render_summary(figures, lang))


define(
    {
        "ui.summary.layout": (
            "Recognised in ROOT: {layouts}. Its {items} items: {used} in {submissions} submissions, {skipped} skipped (listed below).",
            "在 ROOT 中识别出：{layouts}。其中 {items} 个条目：{used} 个组成 {submissions} 份提交，{skipped} 个被跳过（见下表）。",
        ),
        "ui.summary.skipped": ("Items of ROOT that are not submissions", "ROOT 中不是提交的条目"),
        "ui.summary.item": ("Item", "条目"),
        "ui.summary.no_submission": ("On the roster without a submission", "名单上未提交的学生"),
        "ui.summary.not_on_roster": (
            "Submissions that match nobody on the roster (graded; give the roster the name or id the LMS used, or rename the folder)",
            "与名单上任何人都不匹配的提交（已评分；请在名单中使用 LMS 的姓名或 ID，或重命名文件夹）",
        ),
        "ui.summary.manual": ("For a TA to grade by hand", "需要助教人工评分"),
        "ui.summary.part": ("Part", "部分"),
        "ui.summary.adjustments": ("TA's adjustments and late penalty", "助教调整与迟交扣分"),
    }
)
