"""The figures of a batch's summary.html (`grader.apps.class_summary`), from manifests and reports."""

from __future__ import annotations

import json

import pytest

from grader.apps.class_summary import STUDENTS_SHOWN, class_summary


def _report(out, name, problems):
    (out / name).mkdir(parents=True)
    (out / name / "report.json").write_text(json.dumps({"problems": problems}), encoding="utf-8")


def _problem(pid, score, parts, status="graded", title="T"):
    return {"id": pid, "title": title, "max_score": 10, "score": score, "status": status,
            "parts": [{"id": part, "max_score": 5, "score": s, "mistakes": m} for part, s, m in parts]}


def test_each_mistake_counts_its_students_once_most_common_first(tmp_path):
    _report(tmp_path, "ann", [_problem("p", 4, [("a", 2, ["sign", "sign"]), ("b", 2, ["scale"])])])
    _report(tmp_path, "bob", [_problem("p", 6, [("a", 3, ["sign"]), ("b", 3, [])], title="other title")])
    _report(tmp_path, "cid", [_problem("p", 10, [("a", 5, []), ("b", 5, ["scale", "sign"])])])
    records = {n: {"status": "graded", "score": s, "max_score": 10} for n, s in (("ann", 4), ("bob", 6), ("cid", 10))}
    records["dan"] = {"status": "could not be graded", "reason": {"key": "batch.timeout", "params": {"seconds": "900"}}}
    summary = class_summary(tmp_path, records)
    assert (summary["count"], summary["graded"], summary["failed_count"]) == (4, 3, 1)
    assert summary["total"]["mean"] == pytest.approx(20 / 3) and summary["max_score"] == 10
    [problem] = summary["problems"]
    assert problem["title"] == "T"  # the first report's
    assert problem["statuses"] == {"graded": 3} and problem["count"] == 3
    assert [(p["id"], p["min"], p["max"]) for p in problem["parts"]] == [("a", 2, 5), ("b", 2, 5)]
    assert [(m["id"], m["part"], m["count"], m["students"]) for m in summary["mistakes"]] == [
        ("scale", "b", 2, ["ann", "cid"]),  # a tie: in the order of the mistakes' ids
        ("sign", "a", 2, ["ann", "bob"]),
        ("sign", "b", 1, ["cid"]),
    ]
    [failed] = summary["failed"]
    assert failed["name"] == "dan" and failed["reason"].key == "batch.timeout"
    assert [s["has_report"] for s in summary["submissions"]] == [True, True, True, False]


def test_a_mistake_names_a_dozen_students_and_counts_them_all(tmp_path):
    names = [f"s{k:02d}" for k in range(STUDENTS_SHOWN + 3)]
    for name in names:
        _report(tmp_path, name, [_problem("p", 0, [("a", 0, ["sign"])])])
    summary = class_summary(tmp_path, {n: {"status": "graded", "score": 0, "max_score": 10} for n in names})
    [mistake] = summary["mistakes"]
    assert mistake["count"] == len(names) and mistake["students"] == names[:STUDENTS_SHOWN]


def test_a_missing_or_broken_report_is_left_out_of_the_figures(tmp_path):
    _report(tmp_path, "ann", [_problem("p", 4, [("a", 4, [])])])
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "report.json").write_text("{not json", encoding="utf-8")
    summary = class_summary(tmp_path, {n: {"status": "graded", "score": 4, "max_score": 10} for n in ("ann", "bob", "cid")})
    assert summary["graded"] == 3 and summary["problems"][0]["count"] == 1
