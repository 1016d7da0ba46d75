"""Parts the grader could not read, routed to a person instead of silently scoring 0.

A derivation problem whose section of answers.md has no display math at all is looked at: an
image there (``![...](...)``, ``<img>``) means the derivation was pasted as a picture; prose of some
length means it was written out in words.  A file over the size limit is not read at all.  Each
such part is listed in ``manual.csv`` and summary.html, and the student's report says plainly that
a TA will grade it.  No score changes here: the grader's score stands until a TA's override.
"""

from __future__ import annotations

import re
from typing import Any

from grader.reading.submission import ANSWERS_FILE, Submission, SubmissionFileError
from grader.results.i18n import define
from grader.results.models import GradingResult, Message

IMAGE = "image"
PROSE = "prose"
TOO_LARGE = "too large"
ONLINE_TEXT = "online text"

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b|!\[\[[^\]]+\]\]", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}(#{1,2})\s+(\S+)")
#: Prose shorter than this (after headings and answer lines) is a note, not a derivation in words.
MIN_PROSE_CHARS = 80


def _sections(text: str) -> dict[str, str]:
    """The text under each level-1/2 heading, by the heading's first word (lowercase)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = sections.setdefault(heading.group(2).lower().rstrip(":."), [])
            continue
        if current is not None:
            current.append(line)
    return {key: "\n".join(lines) for key, lines in sections.items()}


def _too_large(message: Message | None) -> bool:
    while message is not None:
        if "larger than" in str(message.params.get("reason", "")):
            return True
        inner = message.params.get("reason")
        message = inner if isinstance(inner, Message) else None
    return False


def for_a_person(result: GradingResult, submission: Submission) -> list[dict[str, Any]]:
    """The parts of `result` a TA has to grade: problem, part and the kind of reason."""
    found: list[dict[str, Any]] = []
    try:
        text = submission.read_text(ANSWERS_FILE)
    except SubmissionFileError:
        text = ""
    sections = _sections(text)
    for problem in result.problems:
        if _too_large(problem.error):
            found.append({"problem": problem.id, "part": "", "kind": TOO_LARGE})
            continue
        if problem.kind != "derivation":
            continue
        derivation = next((p for p in problem.parts if p.id == "derivation"), None)
        if derivation is not None and derivation.lines:
            continue  # some math was read: the grader judged it
        section = sections.get(problem.id)
        if section is None:
            continue
        if _IMAGE.search(section):
            found.append({"problem": problem.id, "part": "derivation", "kind": IMAGE})
            continue
        words = "\n".join(
            line for line in section.splitlines()
            if line.strip() and not re.match(r"\s*(\*\*)?(answer|答案)", line, re.IGNORECASE) and "$$" not in line
        )
        if len(words.strip()) >= MIN_PROSE_CHARS and "$$" not in section:
            found.append({"problem": problem.id, "part": "derivation", "kind": PROSE})
    return found


def notes(found: list[dict[str, Any]]) -> tuple[Message, ...]:
    """What the student's report says about each part left to a TA."""
    keys = {IMAGE: "manual.image", PROSE: "manual.prose", TOO_LARGE: "manual.too_large", ONLINE_TEXT: "manual.online_text"}
    return tuple(Message(keys[item["kind"]], {"problem": item["problem"]}) for item in found)


def staff_notes(found: list[dict[str, Any]]) -> tuple[Message, ...]:
    """What manual.csv and summary.html say to the TA about each part (the report speaks to the student)."""
    keys = {IMAGE: "manual.staff.image", PROSE: "manual.staff.prose", TOO_LARGE: "manual.staff.too_large", ONLINE_TEXT: "manual.staff.online_text"}
    return tuple(Message(keys[item["kind"]], {"problem": item["problem"]}) for item in found)


define(
    {
        "manual.staff.image": (
            "The derivation is a picture (a photo or a screenshot), not LaTeX: grade it by hand and enter the points in overrides.csv.",
            "推导是图片（照片或截图），不是 LaTeX：请人工评分，并把分数写入 overrides.csv。",
        ),
        "manual.staff.prose": (
            "The derivation is written in words without display math: grade it by hand and enter the points in overrides.csv.",
            "推导是文字，没有公式块：请人工评分，并把分数写入 overrides.csv。",
        ),
        "manual.staff.online_text": (
            "Only Moodle's online text was handed in (no files): the grader does not read it; grade it by hand and enter the points in overrides.csv.",
            "只提交了 Moodle 的在线文本（没有文件）：评分程序不读取它；请人工评分，并把分数写入 overrides.csv。",
        ),
        "manual.online_text": (
            "You typed your work into Moodle's online text instead of uploading answers.md and the code files: the grader cannot read it; a TA will grade it.",
            "你把作业写在了 Moodle 的在线文本中，而不是上传 answers.md 和代码文件：评分程序无法读取；将由助教人工评分。",
        ),
        "manual.staff.too_large": (
            "A file this problem needs is over the size limit and was not read: look at it and enter the points in overrides.csv.",
            "该题所需的文件超过大小限制，未被读取：请查看后把分数写入 overrides.csv。",
        ),
        "manual.image": (
            "Your derivation for {problem} is an image: the grader reads LaTeX ($$ ... $$); a TA will grade it.",
            "你在 {problem} 中的推导是图片：评分程序只能读取 LaTeX（$$ ... $$）；将由助教人工评分。",
        ),
        "manual.prose": (
            "Your derivation for {problem} is written in words without display math ($$ ... $$), which the grader cannot check; a TA will grade it.",
            "你在 {problem} 中的推导是文字，没有公式块（$$ ... $$），评分程序无法检查；将由助教人工评分。",
        ),
        "manual.too_large": (
            "A file that {problem} needs is over the size limit and was not read; a TA will look at it.",
            "{problem} 所需的文件超过大小限制，未被读取；将由助教查看。",
        ),
    }
)
