r"""Grade the corpus of real derivations and compare the grader with a TA's labels, line by line.

Each item of the corpus is a folder under `items/` with the same derivation twice:
`as_written.md` (the author's own symbols) and `course.md` (renamed to the course's notation,
every step and mistake kept), and `labels.json`, the TA's verdicts given before any grading:

    {"problem": "softmax-ce-grad",
     "as_written": {"lines": {"1": "valid", "2": "remark", "3": "invalid"},
                    "derivation_full_marks": false, "answers": {"answer": true}},
     "course": {...}}          # optional: the same labels when absent

A line label is `valid` (a step that holds), `invalid` (a wrong step) or `remark` (no step: an
assumption, a definition, a restatement). `derivation_full_marks` says whether a careful TA gives
the derivation its full points; `answers` maps each answer part id to whether its answer is right.

    python3 tests/realworld/derivations/run.py                        # the table
    python3 tests/realworld/derivations/run.py --json                  # the figures as JSON
    python3 tests/realworld/derivations/run.py --show-disagreements    # every line the grader sees otherwise
    python3 tests/realworld/derivations/run.py --only ITEM [--only ITEM]
    python3 tests/realworld/derivations/run.py --set extended --classes   # one set of problems only

Each item is graded under a course that holds its problem (the default course where it can, else the
first other course that names it: the extended course's problems exist only there), and the table is
printed for the whole corpus, for the default course's problems alone (comparable with the rounds
before the extended items came) and for the extended course's own problems alone.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ITEMS = HERE / "items"
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere: the grader imports from the checkout
    sys.path.insert(0, str(ROOT))

VERSIONS = ("as_written", "course")
TA_LABELS = ("valid", "invalid", "remark")
SEED = 2026

#: What the grader made of a line, from its links (see `line_verdict`).
GRADER_VERDICTS = ("valid", "defines", "remark", "expression", "invalid", "unchecked", "unreadable", "missing")
#: Grader verdicts that cost the student nothing.
#: The grader's reasons for a line it shows without checking or charging (a remark; a line with no step).
REMARK_KEYS = ("derivation.remark", "derivation.no_step", "derivation.assumes", "derivation.drawn_matrix", "derivation.listed_vectors",
               "derivation.model_statement", "derivation.model_statement_differs", "derivation.class_model",
               "derivation.unnamed_density", "derivation.elided_list")
UNCHARGED = ("valid", "defines", "remark", "expression")
#: Python's own words: a message with one of these shows an internal fault to the student.
INTERNAL_TEXT = re.compile(
    r"Traceback|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|has no attribute|unsupported operand|"
    r"object is not (?:callable|subscriptable|iterable)|NoneType|sympy\.|numpy\."
)


@dataclass(frozen=True)
class LineOutcome:
    """One labelled line of one version of one item, as the TA and the grader saw it."""

    item: str
    """The item's folder name."""
    version: str
    """`as_written` or `course`."""
    number: int
    """The line number as the grader numbers lines (from 1 across the section's display blocks)."""
    ta: str
    """The TA's label: valid, invalid or remark."""
    grader: str
    """What the grader made of the line (one of GRADER_VERDICTS)."""
    reason: str
    """The grader's reason for a verdict other than valid (its message key), or ''."""
    text: str
    """The grader's reason as the student reads it (English), or ''."""
    source: str
    """The line's LaTeX as the grader read it."""

    @property
    def agrees(self) -> bool:
        """Whether the grader's verdict is the TA's (a remark may be checked, so long as it costs nothing)."""
        if self.ta == "valid":
            return self.grader in ("valid", "defines")
        if self.ta == "remark":
            return self.grader in UNCHARGED
        return self.grader == "invalid"


@dataclass(frozen=True)
class ItemOutcome:
    """One version of one item: the problem's status, the points, and every labelled line."""

    item: str
    """The item's folder name."""
    version: str
    """`as_written` or `course`."""
    problem: str
    """The problem id."""
    status: str
    """The grader's status for the problem (graded, error, ...)."""
    internal_error: str
    """An internal fault shown to the student (a crash or Python's words in feedback), or ''."""
    derivation_score: float
    """The derivation's points."""
    derivation_max: float
    """The derivation's maximum points."""
    ta_full_marks: bool
    """Whether the TA gives the derivation its full points."""
    answers: dict[str, tuple[bool, bool]]
    """Per answer part: (the TA says right, the grader gave full points)."""
    lines: tuple[LineOutcome, ...]
    """The labelled lines."""
    grader_line_count: int
    """How many lines the grader numbered (differs from the labels' count when it split or swallowed lines)."""
    seconds: float
    """Time to grade this version."""


@dataclass(frozen=True)
class Figures:
    """The issue's table for one version of the corpus."""

    items: int
    """Items graded."""
    lines: int
    """Labelled lines."""
    agreement: float
    """Share of labelled lines where the grader agrees with the TA."""
    valid_derivations: int
    """Derivations the TA gives full points."""
    valid_derivations_full_points: int
    """Of those, how many the grader gives full derivation points."""
    valid_lines: int
    """Lines the TA labels valid."""
    valid_called_invalid: int
    """Valid lines the grader calls invalid."""
    valid_called_invalid_unparsed: int
    """Of those, lines whose math the grader could not parse and charged as wrong (no counterexample)."""
    valid_not_read_or_checked: int
    """Valid lines the grader could not read or could not check."""
    remarks_charged: int
    """Remark lines the grader charged (invalid, unreadable or unchecked)."""
    invalid_lines: int
    """Lines the TA labels invalid."""
    missed_mistakes: int
    """Invalid lines the grader let pass (valid, a definition or a remark)."""
    internal_errors: int
    """Items whose result shows an internal fault (a crash or Python's words in the feedback)."""
    crashes: int
    """Items the grader failed on altogether ("The grader failed on this problem")."""
    answers: int
    """Answer parts labelled."""
    answers_agreement: float
    """Share of answer parts where full points match the TA's verdict."""
    line_count_mismatches: int
    """Items where the grader numbered another count of lines than the TA labelled."""
    timeouts: int
    """Labelled lines left unchecked because the problem's time limit ran out (a loaded machine shows here)."""
    seconds: float
    """Time to grade this version of the corpus (sum over items)."""


# ---------------------------------------------------------------------------------------------
# Reading the corpus


@dataclass(frozen=True)
class Item:
    """One item of the corpus: its folder, problem and labels per version."""

    name: str
    """The folder name."""
    problem: str
    """The problem id."""
    labels: dict[str, dict]
    """Per version: {"lines": {n: label}, "derivation_full_marks": bool, "answers": {part: bool}}."""
    sources: dict[str, str] = field(default_factory=dict)
    """Per version: the answers.md text."""


def load_items(only: tuple[str, ...] = ()) -> list[Item]:
    """Every item of the corpus (or those named), in folder order; a malformed item raises ValueError."""
    items = []
    for folder in sorted(p for p in ITEMS.iterdir() if p.is_dir()):
        if only and folder.name not in only:
            continue
        data = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        labels = {}
        sources = {}
        for version in VERSIONS:
            entry = data.get(version) or data["as_written"]
            _check_labels(folder.name, version, entry)
            labels[version] = entry
            sources[version] = (folder / f"{version}.md").read_text(encoding="utf-8")
        items.append(Item(folder.name, data["problem"], labels, sources))
    return items


def _check_labels(name: str, version: str, entry: dict) -> None:
    lines = entry.get("lines")
    if not isinstance(lines, dict) or not lines:
        raise ValueError(f"{name}/{version}: no line labels")
    numbers = sorted(int(n) for n in lines)
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{name}/{version}: line labels must number 1..N, got {numbers}")
    bad = {n: v for n, v in lines.items() if v not in TA_LABELS}
    if bad:
        raise ValueError(f"{name}/{version}: unknown labels {bad}")
    if not isinstance(entry.get("derivation_full_marks"), bool):
        raise ValueError(f"{name}/{version}: derivation_full_marks must be true or false")  # noqa: TRY004 - a bad label file, not a bad call
    if not isinstance(entry.get("answers"), dict):
        raise ValueError(f"{name}/{version}: answers must map answer parts to true/false")  # noqa: TRY004 - a bad label file, not a bad call


def split_lines(markdown: str) -> list[str]:
    """Derivation lines by the contract's rule, independently of the grader: display blocks split at `\\\\`.

    The rows of a `cases` or a matrix stay on one line. Used to check that the labels cover every
    line, and to find a labelled line among the grader's when the grader numbered the lines
    otherwise (that is one of the things the corpus measures).
    """
    lines = []
    for block in re.findall(r"\$\$(.*?)\$\$", markdown, flags=re.DOTALL):
        block = re.sub(r"\\begin\{(cases|[pbvV]?matrix)\}.*?\\end\{\1\}", lambda m: m.group(0).replace("\\\\", " "),
                       block, flags=re.DOTALL)
        body = re.sub(r"\\(?:begin|end)\{[a-z*]+\}(?:\{[^}]*\})?", "", block)
        lines.extend(part.strip() for part in re.split(r"\\\\(?:\[[^\]]*\])?", body) if part.strip())
    return lines


def count_lines(markdown: str) -> int:
    """How many derivation lines the contract's rule gives (see `split_lines`)."""
    return len(split_lines(markdown))


def _skeleton(text: str) -> str:
    """A line's text without layout: environments, alignment marks, line breaks and spaces."""
    text = re.sub(r"\\(?:begin|end)\{[a-z*]+\}(?:\{[^}]*\})?", "", text)
    text = re.sub(r"\\\\(?:\[[^\]]*\])?", "", text)
    return re.sub(r"[\s&]+", "", text).rstrip(".,;")


def align_lines(labelled: list[str], graded: list) -> list:
    """The grader's line for each labelled line (or None), matched by text where the numbering differs.

    A labelled line maps to the first grader line, at or after the previous match, whose text
    contains it: two labelled rows the grader read as one line both get that line's verdict.
    """
    if len(labelled) == len(graded):
        return list(graded)
    matched, start = [], 0
    for text in labelled:
        key = _skeleton(text)
        hit = next((k for k in range(start, len(graded)) if key and key in _skeleton(graded[k].source)), None)
        if hit is None:
            matched.append(None)
        else:
            matched.append(graded[hit])
            start = hit
    return matched


# ---------------------------------------------------------------------------------------------
# Courses: which course grades an item, and which set of problems it counts in

#: The sets of problems the table is printed for: every item, the default course's problems (the
#: corpus of the rounds before the extended course), the problems only the extended course grades.
PROBLEM_SETS = ("all", "default", "extended")


def _module(problem: str) -> str:
    return problem.replace("-", "_")


def course_of(problem: str) -> str | None:
    """The course to grade `problem` under: None (the default course) when it holds the problem, else the
    first other course that does; KeyError for a problem no course holds."""
    from grader.course.course import course_modules, course_names

    for name in course_names():
        if _module(problem) in course_modules(name):
            return None if name == "default" else name
    raise KeyError(problem)


def problem_set(problem: str) -> str:
    """`default` for a problem of the default course, `extended` for one only another course grades."""
    return "default" if course_of(problem) is None else "extended"


# ---------------------------------------------------------------------------------------------
# Grading


def line_verdict(line) -> tuple[str, object]:
    """What the grader made of one line, and the message behind a verdict other than valid.

    A line that cannot be parsed is `unreadable` where the grader charges it as a step it could not
    check (notation it does not know), `invalid` where it charges it as a wrong step (math that
    cannot be right); a lone expression with no relation is `expression` (shown, not charged).
    """
    if line.error is not None:
        return ("unreadable" if _unknown_notation(line) else "invalid"), line.error
    links = line.links
    if not links:
        return "expression", None
    wrong = next((k for k in links if k.valid is False), None)
    if wrong is not None:
        return "invalid", wrong.reason
    keys = [k.reason.key if k.reason is not None else None for k in links]
    if all(key in REMARK_KEYS for key in keys):
        return "remark", links[0].reason
    open_link = next((k for k in links if k.valid is None and (k.reason is None or k.reason.key not in REMARK_KEYS)), None)
    if open_link is not None:
        return "unchecked", open_link.reason
    if all(key == "derivation.defines" for key in keys):
        return "defines", None
    return "valid", None


def _unknown_notation(line) -> bool:
    try:  # the grader's own test, where it has one: it decides how an unreadable line is charged
        from grader.derivations.derivation import unknown_notation
    except ImportError:
        return True
    return bool(unknown_notation(line))


def _all_messages(result) -> list:
    messages = [result.error] if result.error is not None else []
    for part in result.parts:
        messages.extend(part.feedback)
        for line in part.lines:
            if line.error is not None:
                messages.append(line.error)
            messages.extend(k.reason for k in line.links if k.reason is not None)
    return messages


def grade_version(item: Item, version: str) -> ItemOutcome:
    """Grade one version of one item with the grader's library API, as `grade submission/` does."""
    from grader.course.course import load_problem
    from grader.course.problem import GradingContext, GradingOptions
    from grader.grading.pipeline import grade_problem
    from grader.reading.answers_md import read_answers_document
    from grader.reading.submission import Submission
    from grader.results.i18n import render

    labels = item.labels[version]
    problem = load_problem(_module(item.problem))
    started = time.perf_counter()
    document = read_answers_document(item.sources[version])
    context = GradingContext(seed=SEED, answers=document, options=GradingOptions(course=course_of(item.problem)))
    staff_log = io.StringIO()  # the traceback the grader logs for staff on a crash; its message is kept below
    with contextlib.redirect_stderr(staff_log):
        result = grade_problem(problem, Submission(root=None), context)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started

    internal = ""
    if result.status == "error":
        internal = render(result.error) if result.error is not None else "error"
    else:
        for message in _all_messages(result):
            text = render(message)
            if INTERNAL_TEXT.search(text):
                internal = text
                break

    derivation = next((p for p in result.parts if p.id == "derivation"), None)
    graded_lines = list(derivation.lines) if derivation is not None else []
    aligned = align_lines(split_lines(item.sources[version]), graded_lines)
    outcomes = []
    for number_text, ta in sorted(labels["lines"].items(), key=lambda kv: int(kv[0])):
        number = int(number_text)
        line = aligned[number - 1] if number - 1 < len(aligned) else None
        if line is None:
            verdict, message, source = "missing", None, ""
        else:
            verdict, message = line_verdict(line)
            source = line.source
        outcomes.append(
            LineOutcome(
                item=item.name, version=version, number=number, ta=ta, grader=verdict,
                reason=message.key if message is not None else "",
                text=render(message) if message is not None else "",
                source=source,
            )
        )
    answers = {}
    for part, right in labels["answers"].items():
        graded = next((p for p in result.parts if p.id == part), None)
        answers[part] = (bool(right), graded is not None and graded.score >= graded.max_score - 1e-9)
    return ItemOutcome(
        item=item.name, version=version, problem=item.problem, status=result.status, internal_error=internal,
        derivation_score=derivation.score if derivation is not None else 0.0,
        derivation_max=derivation.max_score if derivation is not None else 0.0,
        ta_full_marks=labels["derivation_full_marks"], answers=answers, lines=tuple(outcomes),
        grader_line_count=len(graded_lines), seconds=seconds,
    )


def _grade_pair(args: tuple[Item, str]) -> ItemOutcome:
    return grade_version(*args)


def grade_corpus(items: list[Item], workers: int = 2) -> list[ItemOutcome]:
    """Every version of every item, graded in `workers` processes (1: in this process)."""
    jobs = [(item, version) for item in items for version in VERSIONS]
    if workers <= 1 or len(jobs) < 4:
        return [grade_version(*job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_grade_pair, jobs, chunksize=2))


def figures(outcomes: list[ItemOutcome], version: str) -> Figures:
    """The issue's table for one version."""
    mine = [o for o in outcomes if o.version == version]
    lines = [l for o in mine for l in o.lines]
    valid = [l for l in lines if l.ta == "valid"]
    invalid = [l for l in lines if l.ta == "invalid"]
    full = [o for o in mine if o.ta_full_marks]
    answers = [pair for o in mine for pair in o.answers.values()]
    return Figures(
        items=len(mine),
        lines=len(lines),
        agreement=round(sum(l.agrees for l in lines) / len(lines), 4) if lines else 0.0,
        valid_derivations=len(full),
        valid_derivations_full_points=sum(o.derivation_score >= o.derivation_max - 1e-9 for o in full),
        valid_lines=len(valid),
        valid_called_invalid=sum(l.grader == "invalid" for l in valid),
        valid_called_invalid_unparsed=sum(l.grader == "invalid" and l.reason.startswith("parse.") for l in valid),
        valid_not_read_or_checked=sum(l.grader in ("unreadable", "unchecked", "missing") for l in valid),
        remarks_charged=sum(l.grader not in UNCHARGED for l in lines if l.ta == "remark"),
        invalid_lines=len(invalid),
        missed_mistakes=sum(l.grader in UNCHARGED for l in invalid),
        internal_errors=sum(bool(o.internal_error) for o in mine),
        crashes=sum(o.status == "error" for o in mine),
        answers=len(answers),
        answers_agreement=round(sum(ta == got for ta, got in answers) / len(answers), 4) if answers else 0.0,
        line_count_mismatches=sum(o.grader_line_count != len(o.lines) for o in mine),
        timeouts=sum(l.reason == "derivation.timeout" for l in lines),
        seconds=round(sum(o.seconds for o in mine), 2),
    )


#: Items added as held-out measures, by round: written by people outside the project, labelled before
#: grading, and graded first with a grader never tuned on them (that first grading is in FINDINGS.md).
#: Each round's table is printed apart (a subset of the corpus); the items stay in the corpus, so later
#: rounds may tune on them, and only the newest round is still an honest measure.
HELD_OUT_ROUNDS: dict[str, frozenset[str]] = {
    "heldout9": frozenset({
        "ce09-softmax-mle-quiz", "mle08-alphabeta-mse-notes", "mle09-regression-quiz", "sm19-dlsys-lecture-notes",
        "sm20-ko-softmax-ce-notes", "l2-09-dlbook-711-post", "xav07-zh-d2l-notes", "xav08-ko-init-note",
    }),
    "heldout10": frozenset({
        "ce10-pi-hat-nll-chapter", "ce11-ko-hcnoh-post", "ce12-charlm-course-notes", "ce13-mle-cost-functions-part2",
        "l2-10-epfl-forum-answer", "l2-11-math-qa-answer", "mle10-borea17-post", "mle11-mlbook-macros",
        "mle12-xqiii-zh", "mle13-ramkissoon-post", "sm21-stats-se-logits-question", "sm22-ja-dl-memo",
        "sm23-quartz-ce-note", "sm24-charlm-course-notes", "sm25-postnetwork-academy", "sm26-es-obsidian-clasificacion",
        "xav09-kang-init-post", "xav10-gavinzjchao-zh", "xav11-conv-critique-post",
    }),
    "heldout11": frozenset({
        "ce14-alexchungio-zh", "ce15-ok-transformer-nll", "ce16-lmu-i2ml-softmax-solution", "ce17-ko-vision-book-mle",
        "ce18-notion-nll-multiclass", "sm27-emeraldgoose-ko", "sm28-logsumexp-ce-note", "sm29-knet-softmax-docs",
        "sm30-softmax-loss-repost", "sm31-qiita-batch-ja",
        "l2-12-zh-dlbook-macros", "l2-13-regularization-notes-ltilde", "mle14-karthickrajas-post", "mle15-nezarbr-post",
        "mle16-pabaldonedo-post", "mle17-chensun-zh-notes", "mle18-rishab-sharma-post", "xav12-datumorphism-card",
        "xav13-ru-glorot-notes", "xav14-prateekjoshi-copy",
    }),
    "heldout12": frozenset({
        "ce19-motivating-ce-jupytext", "ce20-mlstatpy-fr", "ce21-katuo-ai-ja", "ce22-world4ai-nll",
        "sm32-xiaolouge-howtodo-zh", "sm33-iceory-readme", "sm34-rbahumi-post", "sm35-softmax-mle-jekyll-post",
        "sm36-zh-xor-notes",
        "l2-14-zh-jekyll-omega-post", "l2-15-gitlab-math-notes", "l2-16-core-regularization-lesson",
        "mle19-ioai-week6-handout", "mle20-pfann-obsidian-notes", "mle21-probabilistic-lr-readme",
        "mle22-zh-mle-ols-notes", "xav15-es-mlp-monografia", "xav16-training-notes-he-derivation",
        "xav17-zh-numpy-nn-notes", "xav18-zh-normal-to-init-notes",
    }),
    "heldout13": frozenset({
        "ce23-zh-multinomial-ce-vs-mse", "ce24-x35yao-softmax-regression-md", "ce25-hugo-loss-functions-post",
        "ce26-multinomial-lr-notebook", "sm37-ningyuwhut-zh", "sm38-chicm-readme", "sm39-index-notation-ce-post",
        "sm40-nll-softmax-chirpy-post", "sm41-batch-ce-residual-note",
        "mle23-peer-loss-functions-post", "mle24-amsks-mle-post", "mle25-maelfabien-normal-regression",
        "mle26-lawrence-mlai-log-likelihood",
        "l2-17-dlbook-ch7-markdown", "l2-18-weicheng-dlbook-notebook",
        "xav19-tr-init-norm-article", "xav20-weight-init-series-post", "xav21-manim-glorot-proof-scene",
        "xav22-zh-weight-init-chapter",
    }),
}

#: Every held-out item of every round.
HELD_OUT = frozenset().union(*HELD_OUT_ROUNDS.values())


def figures_by_set(outcomes: list[ItemOutcome]) -> dict[str, dict[str, Figures]]:
    """The table per set of problems (PROBLEM_SETS, then each round's held-out items) and version; a set
    without items is left out."""
    by_set = {}
    for name in (*PROBLEM_SETS, *HELD_OUT_ROUNDS):
        if name in HELD_OUT_ROUNDS:
            mine = [o for o in outcomes if o.item in HELD_OUT_ROUNDS[name]]
        else:
            mine = [o for o in outcomes if name == "all" or problem_set(o.problem) == name]
        if mine:
            by_set[name] = {v: figures(mine, v) for v in VERSIONS}
    return by_set


def disagreement_kind(line: LineOutcome) -> str:
    """The class of a disagreeing line, in the words of issue 11 (what a reader of the table needs)."""
    text, reason = line.text, line.reason
    if line.grader == "missing":
        return "problem not graded (crash) or line not found"
    if line.ta == "invalid" and line.grader in UNCHARGED:
        return "missed mistake"
    if reason == "derivation.continues_unreadable":
        return "not checked: continues an unreadable line"
    if "has no value here" in text:
        return "not checked: the author's own name, unknown to the problem"
    if "cannot differentiate" in text or "cannot take the gradient" in text:
        return "not checked: derivative with respect to the author's symbol"
    if re.search(r"function \S+ is not defined|takes \d+ arguments|is indexed: write", text):
        return "not checked: the author's function or vector notation (p(y|x), y for the vector y_i)"
    if INTERNAL_TEXT.search(text):
        return "internal error shown in feedback"
    if reason == "equivalence.differs":
        return "called invalid with a counterexample"
    if reason in ("parse.index_count", "parse.index_range"):
        return "charged as wrong: index structure"
    if reason in ("parse.not_scalar", "parse.shape", "parse.function_args", "parse.derivative"):
        return "charged as wrong: the author's vector or function notation"
    if reason in ("parse.unknown_command", "parse.unknown_character"):
        return "unreadable: unknown command or character"
    if reason in ("parse.unsupported_relation", "parse.text"):
        return "unreadable: relation or \\text the grader does not take"
    if reason.startswith("parse."):
        return "unreadable: other notation"
    if line.grader in ("expression", "remark"):
        return "not checked: read as a bare expression or remark"
    return f"{line.grader}: {reason or 'no reason'}"


def disagreement_classes(outcomes: list[ItemOutcome]) -> list[tuple[str, int, Counter, LineOutcome]]:
    """Disagreeing lines grouped by class (see `disagreement_kind`), most frequent first:
    the class, its count, the grader's reasons behind it, and an example."""
    counts: Counter = Counter()
    reasons: dict = {}
    examples: dict = {}
    for o in outcomes:
        for l in o.lines:
            if not l.agrees:
                kind = disagreement_kind(l)
                counts[kind] += 1
                reasons.setdefault(kind, Counter())[l.reason or l.grader] += 1
                examples.setdefault(kind, l)
    return [(kind, n, reasons[kind], examples[kind]) for kind, n in counts.most_common()]


# ---------------------------------------------------------------------------------------------
# The floor: today's figures, which a change of the grader must not make worse

FLOOR = HERE / "floor.json"
#: Figures where more is better, and where less is better (counts of lines or items).
HIGHER_IS_BETTER = ("agreement", "valid_derivations_full_points", "answers_agreement")
LOWER_IS_BETTER = ("valid_called_invalid", "valid_not_read_or_checked", "remarks_charged", "missed_mistakes",
                   "internal_errors", "crashes")


def floor_of(per_version: dict[str, Figures]) -> dict:
    """The figures recorded as the floor (with the corpus size they were measured on)."""
    return {v: {"items": f.items, "lines": f.lines, **{k: getattr(f, k) for k in HIGHER_IS_BETTER + LOWER_IS_BETTER}}
            for v, f in per_version.items()}


def floor_of_sets(by_set: dict[str, dict[str, Figures]]) -> dict:
    """The floor file's content: the default course's problems per version at the top level (the floor
    of the rounds before the extended items, so it stays comparable), the extended problems' under
    "extended"."""
    floor = floor_of(by_set["default"]) if "default" in by_set else {}
    if "extended" in by_set:
        floor["extended"] = floor_of(by_set["extended"])
    return floor


def below_floor_of_sets(by_set: dict[str, dict[str, Figures]], floor: dict) -> list[str]:
    """`below_floor` for each set the floor file records (see `floor_of_sets`)."""
    worse = []
    if "default" in by_set:
        worse += below_floor(by_set["default"], floor)
    if "extended" in by_set and "extended" in floor:
        worse += [f"extended {text}" for text in below_floor(by_set["extended"], floor["extended"])]
    return worse


def below_floor(per_version: dict[str, Figures], floor: dict) -> list[str]:
    """Every figure worse than the floor, in words (empty when none is); keys other than the versions are
    left to `below_floor_of_sets`."""
    worse = []
    for version, bounds in floor.items():
        if version not in VERSIONS:
            continue
        figures_now = per_version[version]
        for key in HIGHER_IS_BETTER:
            if key in bounds and getattr(figures_now, key) < bounds[key] - 1e-9:
                worse.append(f"{version}: {key} {getattr(figures_now, key)} < floor {bounds[key]}")
        for key in LOWER_IS_BETTER:
            if key in bounds and getattr(figures_now, key) > bounds[key]:
                worse.append(f"{version}: {key} {getattr(figures_now, key)} > floor {bounds[key]}")
    return worse


# ---------------------------------------------------------------------------------------------
# The manifest: one row per item, from each item's source.json

MANIFEST = HERE / "MANIFEST.md"
MANIFEST_HEAD = """# Sources of the derivation corpus

Each item was transcribed from the public source named here: the author's LaTeX, steps, order
and mistakes, with only a `## problem-id` heading and `Answer:` lines added and no prose sentence of
the source (a case condition written just before a display is kept as a minimal phrase such as
`If $i = k$,`). `course.md` renames the author's symbols to the course's notation and keeps every
step and mistake. The labels (`labels.json`) were written line by line before the item was graded.
This file is generated: `python3 tests/realworld/derivations/run.py --write-manifest`.

| item | problem | language | source | what was transcribed |
|---|---|---|---|---|
"""


def manifest_text() -> str:
    rows = []
    for folder in sorted(p for p in ITEMS.iterdir() if p.is_dir()):
        meta = json.loads((folder / "source.json").read_text(encoding="utf-8"))
        problem = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["problem"]
        cells = [folder.name, problem, meta["language"], meta["source"], meta["transcribed"]]
        rows.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return MANIFEST_HEAD + "\n".join(rows) + "\n"


# ---------------------------------------------------------------------------------------------
# Output


ROWS = (
    ("lines where the grader agrees with the TA", lambda f: f"{100 * f.agreement:.0f} % ({round(f.agreement * f.lines)} of {f.lines})"),
    ("valid derivations that earn full derivation points", lambda f: f"{f.valid_derivations_full_points} of {f.valid_derivations}"),
    ("valid lines called invalid (of which: math it could not parse)",
     lambda f: f"{f.valid_called_invalid} of {f.valid_lines} ({f.valid_called_invalid_unparsed})"),
    ("valid lines \"could not be read / could not be checked\"", lambda f: f"{f.valid_not_read_or_checked} of {f.valid_lines}"),
    ("remarks charged (invalid, unreadable or unchecked)", lambda f: str(f.remarks_charged)),
    ("internal errors (crash, or Python's words in feedback)", lambda f: f"{f.internal_errors} (crashes {f.crashes})"),
    ("missed mistakes (invalid lines let pass)", lambda f: f"{f.missed_mistakes} of {f.invalid_lines}"),
    ("answers where full points match the TA", lambda f: f"{100 * f.answers_agreement:.0f} % of {f.answers}"),
    ("items whose line count differs from the labels", lambda f: str(f.line_count_mismatches)),
    ("lines left unchecked by the time limit", lambda f: str(f.timeouts)),
    ("seconds grading (sum over items)", lambda f: f"{f.seconds:.1f}"),
)


#: The heading of each set's table.
SET_TITLES = {
    "all": "Corpus",
    "default": "The default course's problems",
    "extended": "The extended course's own problems",
    "heldout9": "The items held out in round 9 (their first grading, before any change for them, is in FINDINGS.md)",
    "heldout10": "The items held out in round 10 (their first grading, before any change for them, is in FINDINGS.md)",
    "heldout11": "The items held out in round 11 (their first grading, before any change for them, is in FINDINGS.md)",
    "heldout12": "The items held out in round 12 (their first grading, before any change for them, is in FINDINGS.md)",
    "heldout13": "The items held out in round 13 (their first grading, before any change for them, is in FINDINGS.md)",
}


def tables(by_set: dict[str, dict[str, Figures]]) -> str:
    """The table for each set of problems, the whole corpus first."""
    return "\n\n".join(table(per_version, SET_TITLES[name]) for name, per_version in by_set.items())


def table(per_version: dict[str, Figures], title: str = "Corpus") -> str:
    first = per_version[VERSIONS[0]]
    out = [f"{title}: {first.items} derivations, {first.lines} labelled lines (as written).", "",
           "| | as written | course notation |", "|---|---|---|"]
    for label, cell in ROWS:
        out.append(f"| {label} | " + " | ".join(cell(per_version[v]) for v in VERSIONS) + " |")
    return "\n".join(out)


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def disagreements_listing(outcomes: list[ItemOutcome]) -> str:
    out = []
    for o in outcomes:
        bad = [l for l in o.lines if not l.agrees]
        head = f"{o.item} [{o.version}] {o.problem}: derivation {o.derivation_score:g}/{o.derivation_max:g}" + (
            " (TA: full)" if o.ta_full_marks else "")
        if o.internal_error:
            head += f" INTERNAL: {_short(o.internal_error, 160)}"
        if o.grader_line_count != len(o.lines):
            head += f" (grader numbered {o.grader_line_count} lines, {len(o.lines)} labelled)"
        wrong_answers = [part for part, (ta, got) in o.answers.items() if ta != got]
        if wrong_answers:
            head += f" answers disagree: {', '.join(wrong_answers)}"
        if not bad and not o.internal_error and not wrong_answers:
            continue
        out.append(head)
        for l in bad:
            out.append(f"  line {l.number}: TA {l.ta}, grader {l.grader} {('[' + l.reason + ']') if l.reason else ''}")
            out.append(f"      {_short(l.source)}")
            if l.text:
                out.append(f"      -> {_short(l.text)}")
    return "\n".join(out)


def classes_listing(outcomes: list[ItemOutcome], top: int = 20) -> str:
    out = []
    for version in VERSIONS:
        out += [f"Classes of disagreement ({version}):", "", "| lines | class | grader's reasons | example |", "|---|---|---|---|"]
        for kind, n, reasons, ex in disagreement_classes([o for o in outcomes if o.version == version])[:top]:
            why = ", ".join(f"{r} {c}" for r, c in reasons.most_common(3))
            out.append(f"| {n} | {kind} | {why} | {ex.item} l.{ex.number} (TA {ex.ta}): `{_short(ex.source, 60)}` |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures (and the disagreement classes) as JSON")
    parser.add_argument("--show-disagreements", action="store_true", help="list every line where the grader differs from the TA")
    parser.add_argument("--classes", action="store_true", help="list the most frequent classes of disagreement")
    parser.add_argument("--only", action="append", default=[], help="grade only this item (repeatable)")
    parser.add_argument("--set", choices=PROBLEM_SETS, default="all",
                        help="grade only the items of this set of problems (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="processes to grade in (default 2)")
    parser.add_argument("--write-floor", action="store_true", help="record today's figures as the floor (floor.json)")
    parser.add_argument("--write-manifest", action="store_true", help="write MANIFEST.md from the items' source.json")
    args = parser.parse_args(argv)
    if args.write_manifest:
        MANIFEST.write_text(manifest_text(), encoding="utf-8")
        if not args.write_floor:
            return 0

    started = time.perf_counter()
    items = [item for item in load_items(tuple(args.only)) if args.set == "all" or problem_set(item.problem) == args.set]
    outcomes = grade_corpus(items, workers=args.workers)
    per_version = {v: figures(outcomes, v) for v in VERSIONS}
    by_set = figures_by_set(outcomes)
    wall = time.perf_counter() - started
    if args.write_floor:
        if args.only or args.set != "all":
            parser.error("--write-floor needs the whole corpus (no --only, no --set)")
        FLOOR.write_text(json.dumps(floor_of_sets(by_set), indent=1) + "\n", encoding="utf-8")
    if args.json:
        classes = {
            version: [{"class": kind, "count": n, "reasons": dict(reasons), "example": asdict(ex)}
                      for kind, n, reasons, ex in disagreement_classes([o for o in outcomes if o.version == version])]
            for version in VERSIONS
        }
        print(json.dumps({"figures": {v: asdict(f) for v, f in per_version.items()},
                          "figures_by_set": {name: {v: asdict(f) for v, f in pv.items()} for name, pv in by_set.items()},
                          "classes": classes,
                          "items": [asdict(o) for o in outcomes], "wall_seconds": round(wall, 2)},
                         indent=2, ensure_ascii=False))
        return 0
    if args.show_disagreements:
        print(disagreements_listing(outcomes))
        print()
    if args.classes:
        print(classes_listing(outcomes))
        print()
    print(tables(by_set))
    print(f"\n(wall time {wall:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
