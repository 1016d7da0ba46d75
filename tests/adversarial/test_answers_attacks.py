"""Hostile answers.md: each run puts one attack into the answer (or derivation) of several problems.

Problems are read section by section, so attacks in different sections cannot disturb each
other and one grading checks up to five.  Nothing of answers.md may ever run: the injection
strings try to create files in the canary directory, which must stay as it was.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from .arena import ANSWER_PROBLEMS, GOOD, Target, assert_contained

UNREADABLE = r"could not be read"
#: The Answer line of each problem part in examples/good/answers.md.
ANSWER_LINES = {
    ("mle-mse", "answer"): "Answer:",
    ("ce-mle", "answer"): "Answer:",
    ("softmax-ce-grad", "answer"): "Answer:",
    ("l2-shrinkage", "answer-a"): "Answer (a):",
    ("l2-shrinkage", "answer-b"): "Answer (b):",
    ("xavier-variance", "answer-a"): "Answer (a):",
    ("xavier-variance", "answer-b"): "Answer (b):",
}


@dataclass(frozen=True)
class AnswerAttack:
    name: str
    math: str | bytes
    """What replaces the math of the Answer line (or, for a derivation attack, the section's derivation)."""
    derivation: bool = False
    says: str = UNREADABLE


def _touch(arena_canary: str, n: int) -> str:
    return os.path.join(arena_canary, f"answers-executed-{n}")


def answer_attacks(canary: str, secret: str) -> list[AnswerAttack]:
    return [
        AnswerAttack("eval injection in LaTeX", f"$__import__('os').system('touch {_touch(canary, 1)}')$"),
        AnswerAttack("sympify injection in plain text", f'__import__("os").system("touch {_touch(canary, 2)}")'),
        AnswerAttack("exec, lambda and dunder chains",
                     f"$exec(\"open('{_touch(canary, 3)}','w')\") + (lambda: 0)() + ().__class__.__base__.__subclasses__()$"),
        AnswerAttack("Symbol and Function constructors as sympify would see them",
                     f"Symbol('x').__class__.__init__.__globals__['os'].system('touch {_touch(canary, 4)}')"),
        AnswerAttack("LaTeX file inclusion and shell escape",
                     f"$\\input{{/etc/passwd}} + \\include{{{secret}}} + \\write18{{touch {_touch(canary, 5)}}}$"),
        AnswerAttack("recursive macro definitions", "$\\newcommand{\\a}{\\a\\a}\\a + \\def\\b{\\b\\b}\\b$"),
        AnswerAttack("a power tower", "$9^{9^{9^9}}$"),
        AnswerAttack("huge factorials", "$(10^{100})! + 100000! + \\Gamma(10^{10})$"),
        AnswerAttack("an exponential tower through exp", "$\\exp(\\exp(\\exp(\\exp(\\exp(100)))))$",
                     says=r"could not be (read|checked)"),
        AnswerAttack("100 000 nested brackets", "$" + "(" * 100_000 + "x" + ")" * 100_000 + "$"),
        AnswerAttack("100 000 nested braces", "$" + "{" * 100_000 + "x" + "}" * 100_000 + "$"),
        AnswerAttack("20 000 nested fractions", "$" + "\\frac{1}{" * 20_000 + "x" + "}" * 20_000 + "$"),
        # with the other attacks of its run, just under the 2 MiB a file may have (see the size-limit test)
        AnswerAttack("megabytes of math in one answer", "$" + "+".join(["x_i"] * 350_000) + "$"),
        AnswerAttack("invalid UTF-8 inside the answer", b"$y_i - \xff\xfe\xc3( Y_i \xed\xa0\x80$"),
        AnswerAttack("markup and script for the HTML report",
                     '<script>alert("answers")</script> $<img src=x onerror=alert(1)>$'),
        AnswerAttack(
            "a derivation of power towers, file inclusion and deep nesting",
            "$$\n9^{9^{9^9}} = \\input{/etc/passwd} \\\\\n= " + "(" * 100_000 + "x" + ")" * 100_000
            + f" \\\\\n= __import__('os').system('touch {_touch(canary, 6)}')\n$$",
            derivation=True,
            says=r"could not be read",
        ),
    ]


def _sections(text: bytes) -> list[bytes]:
    return re.split(rb"(?m)^(?=## )", text)


def inject(answers: bytes, problem: str, part: str, attack: AnswerAttack) -> bytes:
    """examples/good's answers.md with `attack` in place of one answer or one derivation."""
    math = attack.math.encode() if isinstance(attack.math, str) else attack.math
    out = []
    for section in _sections(answers):
        if section.startswith((f"## {problem} ".encode(), f"## {problem}\n".encode())):
            if attack.derivation:
                answer_lines = [line for line in section.split(b"\n") if line.startswith(b"Answer")]
                section = f"## {problem}\n\n".encode() + math + b"\n\n" + b"\n\n".join(answer_lines) + b"\n\n"
            else:
                prefix = ANSWER_LINES[(problem, part)].encode()
                lines = section.split(b"\n")
                index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
                lines[index] = prefix + b" " + math
                section = b"\n".join(lines)
        out.append(section)
    return b"".join(out)


SLOTS = list(ANSWER_LINES)  # 7 answer parts in 5 problems


def plan_runs(attacks: list[AnswerAttack]) -> list[list[tuple[str, str, AnswerAttack]]]:
    """Each run: at most one attack per problem."""
    runs: list[list[tuple[str, str, AnswerAttack]]] = []
    free = list(attacks)
    while free:
        run, used = [], set()
        for attack in list(free):
            for problem, part in (SLOTS if not attack.derivation else [(p, "derivation") for p in ANSWER_PROBLEMS]):
                if problem not in used:
                    run.append((problem, part, attack))
                    used.add(problem)
                    free.remove(attack)
                    break
            if len(used) == len(ANSWER_PROBLEMS):
                break
        runs.append(run)
    return runs


RUN_COUNT = len(plan_runs(answer_attacks("/c", "/s")))


@pytest.mark.parametrize("number", range(RUN_COUNT), ids=[f"run{i}" for i in range(RUN_COUNT)])
def test_hostile_answers_are_contained(number, arena, clean):
    attacks = answer_attacks(str(arena.canary), str(arena.secret_path))
    assert len(attacks) >= 15
    run = plan_runs(attacks)[number]
    submission = arena.submission()
    answers = (GOOD / "answers.md").read_bytes()
    for problem, part, attack in run:
        answers = inject(answers, problem, part, attack)
    (submission / "answers.md").write_bytes(answers)
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [Target(problem, (part,), attack.says) for problem, part, attack in run])
    html = outcome.reports["html-en"]
    assert "<script>alert" not in html and "<img src=x" not in html


def test_an_answers_md_over_the_size_limit_costs_the_answers_only(arena, clean):
    submission = arena.submission()
    answers = (GOOD / "answers.md").read_text()
    (submission / "answers.md").write_text(answers + "\n$$\n" + "x + " * 1_500_000 + "x\n$$\n")
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [Target(p, None, r"larger than") for p in ANSWER_PROBLEMS])


def _flood(lines: int) -> str:
    """A derivation of `lines` true but useless steps."""
    return "$$\n" + " \\\\\n".join(["L(\\theta) = L(\\theta)"] * lines) + "\n$$\n"


def test_a_flood_of_derivation_lines_costs_only_its_own_problem(arena, clean, monkeypatch):
    import grader.reading.answers_md

    # the budgets at a tenth of their size: the same mechanism, at a tenth of the time to check
    monkeypatch.setattr(grader.reading.answers_md, "MAX_DERIVATION_LINES", grader.reading.answers_md.MAX_DERIVATION_LINES // 10)
    monkeypatch.setattr(grader.reading.answers_md, "MAX_DOCUMENT_LINES", grader.reading.answers_md.MAX_DOCUMENT_LINES // 10)
    lines = grader.reading.answers_md.MAX_DERIVATION_LINES + 500
    submission = arena.submission()
    answers = (GOOD / "answers.md").read_bytes()
    flood = AnswerAttack("flood", _flood(lines), derivation=True)
    (submission / "answers.md").write_bytes(inject(answers, "ce-mle", "derivation", flood))
    outcome = arena.grade(submission)
    # ce-mle's derivation is replaced by useless steps (no start, no goal): it may lose points, nothing else
    assert_contained(outcome, clean, [], may_change=[("ce-mle", "derivation")])


def test_checking_a_huge_derivation_is_bounded_in_time(tmp_path):
    """19 000 valid lines of sums (1.9 MB) took minutes to read and check; now the problem's time limit
    (here 2 s instead of 10) bounds reading, checking and looking for the start and the goal."""
    submission = tmp_path / "student"
    submission.mkdir()
    line = "\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik} = \\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}"
    body = "$$\n" + " \\\\\n".join([line] * 19_000) + "\n$$\n"
    (submission / "answers.md").write_text("## ce-mle\n\n" + body)
    script = ("import dataclasses, json, sys, time; from grader.grading.pipeline import grade_submission; "
              "from grader.course.course import load_course; "
              "problem = dataclasses.replace(next(p for p in load_course() if p.id == 'ce-mle'), time_limit=2.0); "
              "started = time.monotonic(); result = grade_submission(sys.argv[1], seed=7, problems=[problem]); "
              "print(json.dumps([time.monotonic() - started, result.problems[0].parts[-1].score]))")
    finished = subprocess.run([sys.executable, "-c", script, str(submission)], timeout=60, check=True,
                              capture_output=True, text=True)
    seconds, score = json.loads(finished.stdout.strip().splitlines()[-1])
    assert seconds < 2.0 + 10.0, f"grading took {seconds:.1f} s with a time limit of 2 s"  # + reading answers.md
    assert score == 0
