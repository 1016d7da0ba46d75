"""The student's self-check against the kit's public cases (the part of the kit a student runs).

``check_submission(SUB, KIT)`` runs the public cases on the student's code in
the sandbox and compares with the stored numbers (the grader's own ladder:
status, type, shape, finite, values), checks every derivation line of
answers.md link by link, and reads (but does not judge) the final answers.

It never imports the reference implementations, `grader.problems`' code problems or any
accepted answer: code problems are rebuilt from the kit's ``public/`` files,
and derivation problems are read from their public descriptions
(`grader.kit_public`: the problem modules up to their key markers, written into
the kit's ``tool/``) or, in the instructor's full install, from the course.  This module, and the modules it
imports, are what ``grade export-student-kit`` copies into ``KIT/tool/``.

Like the grader, a backward pass is judged on its own forward pass's cache: a
public check of a backward pass that fails on a case whose forward pass also
fails its own public check is not decided ("fix that first"); it counts
neither as passed nor as failed.  It says "all public checks passed", never more.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from grader.results.i18n import define
from grader.results.models import CheckResult, DerivationLine, Message

PUBLIC_SEED = 20240901
CASES_FILE = "cases.json"
ARRAYS_FILE = "arrays.npz"
KIT_FORMAT = 1

PASSED, FAILED, UNDECIDED = "passed", "failed", "undecided"


def _derivation_problems(course: str = "default") -> list[Any]:
    """The derivation problems: the kit's public descriptions if this is the kit's tool, else the
    course's (`course`, the one the kit was made for: `grade check --kit` of an extended kit)."""
    try:
        public = importlib.import_module("grader.kit_public")
    except ModuleNotFoundError as exc:
        if exc.name != "grader.kit_public":  # the kit lacks a module its descriptions need: say so, never
            raise                             # fall back to a course the kit does not hold
        public = None
    if public is not None:
        return list(public.PROBLEMS)
    from grader.course.course import COURSES, DEFAULT_COURSE, load_spec
    from grader.derivations.spec import DerivationSpec

    problems = []
    for name in COURSES.get(course, DEFAULT_COURSE):
        try:
            spec = load_spec(name)
        except Exception:  # a code problem needs the reference implementations, which a student copy lacks
            continue
        if isinstance(spec, DerivationSpec):  # the public problem, as the kit's tool has it: the same verdicts
            problems.append(spec.public_problem())
    return problems


# -- the kit's files -------------------------------------------------------------------------------


class _Arrays:
    """Arrays of the kit, stored in one .npz (loaded with allow_pickle=False)."""

    def __init__(self, stored: Mapping[str, np.ndarray] | None = None):
        self.arrays: dict[str, np.ndarray] = dict(stored or {})

    def add(self, array: np.ndarray) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = np.array(array)
        return key

    def get(self, key: Any) -> np.ndarray:
        if not isinstance(key, str) or key not in self.arrays:
            raise KitError(Message("kit.corrupt", {"detail": f"no array {key!r}"}))
        return self.arrays[key]


class KitError(Exception):
    """The kit is missing or damaged; `message` says why."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message

    def __str__(self) -> str:
        from grader.results.i18n import render

        return render(self.message, "en")


def _decode(tree: Any, arrays: _Arrays) -> Any:
    from grader.codecheck.runtime import Ref

    if isinstance(tree, list):
        return [_decode(item, arrays) for item in tree]
    if isinstance(tree, dict):
        if "$ref" in tree:
            return Ref(str(tree["$ref"]), tree.get("index"))
        if "$array" in tree:
            return arrays.get(tree["$array"]).copy()
        if "$tuple" in tree:
            return tuple(_decode(item, arrays) for item in tree["$tuple"])
        if "$dict" in tree:
            return {str(k): _decode(v, arrays) for k, v in tree["$dict"].items()}
        raise KitError(Message("kit.corrupt", {"detail": "unknown value"}))
    return tree


def _adapter(name: Any) -> Any:
    """An output's adapter, by name; only the grader's own functions are looked up.

    An adapter of a problem module (``grader.problems.perceptron:strip_bias``) is looked up in the
    kit's copy of its public part first (``grader.kit_public.p_perceptron``): the kit holds no
    problem module, and an adapter is public (it reads an equivalent form of a value)."""
    if not isinstance(name, str) or ":" not in name or not name.startswith("grader."):
        return None
    module_name, _, qualname = name.partition(":")
    candidates = [module_name]
    if module_name.startswith("grader.problems."):
        candidates.insert(0, "grader.kit_public.p_" + module_name.removeprefix("grader.problems."))
    for candidate in candidates:
        try:
            target: Any = importlib.import_module(candidate)
            for part in qualname.split("."):
                target = getattr(target, part)
        except Exception:
            continue
        return target if callable(target) else None
    return None


def load_kit(kit: str | Path) -> tuple[dict[str, Any], _Arrays]:
    kit = Path(kit)
    try:
        index = json.loads((kit / "public" / CASES_FILE).read_text(encoding="utf-8"))
        with np.load(kit / "public" / ARRAYS_FILE, allow_pickle=False) as stored:
            arrays = _Arrays({key: stored[key] for key in stored.files})
    except FileNotFoundError as exc:
        raise KitError(Message("kit.missing", {"path": str(kit), "file": Path(exc.filename or "").name})) from None
    except (OSError, ValueError) as exc:
        raise KitError(Message("kit.corrupt", {"detail": f"{type(exc).__name__}: {exc}"[:200]})) from None
    if not isinstance(index, dict) or index.get("format") != KIT_FORMAT:
        raise KitError(Message("kit.corrupt", {"detail": "unknown format"}))
    return index, arrays


def kit_files(index: Mapping[str, Any]) -> tuple[str, ...]:
    """The files of the kit's course, as its index tells them (the tool holds no course to ask):
    answers.md, then the contract file of every code problem with public cases, in course order."""
    from grader.reading.submission import ANSWERS_FILE

    return (ANSWERS_FILE, *dict.fromkeys(f"{problem['module']}.py" for problem in index.get("problems", [])))


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCheck(CheckResult):
    """A check group of one function on the public cases; `status` is passed, failed or undecided.

    Undecided: every failing case depends on an earlier function (`upstream`, the forward
    pass that made the cache) that fails its own public check on that case."""

    status: str = PASSED
    """passed, failed or undecided (see above)."""

    upstream: str = ""
    """The earlier function whose failure leaves this check undecided."""

    hint: Message | None = None
    """The known mistake the values show (a check graded by properties: dropout), if one does."""


@dataclass(frozen=True)
class FunctionCheck:
    name: str
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool | None:
        """True if every check passed, False if one failed, None if the rest is undecided."""
        if any(check_status(c) == FAILED for c in self.checks):
            return False
        if any(check_status(c) == UNDECIDED for c in self.checks):
            return None
        return True


def check_status(check: CheckResult) -> str:
    """passed, failed or undecided: a public check's own status, else whether it passed."""
    return getattr(check, "status", PASSED if check.passed else FAILED)


@dataclass(frozen=True)
class CodeCheck:
    problem: str
    title: str
    file: str
    functions: tuple[FunctionCheck, ...] = ()
    error: Message | None = None


@dataclass(frozen=True)
class AnswerCheck:
    label: str
    readable: bool
    message: Message | None = None


@dataclass(frozen=True)
class DerivationSelfCheck:
    problem: str
    title: str
    lines: tuple[DerivationLine, ...] = ()
    answers: tuple[AnswerCheck, ...] = ()
    error: Message | None = None


@dataclass(frozen=True)
class SelfCheck:
    submission: str
    code: tuple[CodeCheck, ...] = ()
    derivations: tuple[DerivationSelfCheck, ...] = ()
    notes: tuple[Message, ...] = field(default_factory=tuple)

    def counts(self) -> tuple[int, int]:
        """(passed, failed) over every public check: code check groups, derivation lines, answer lines.

        A check left undecided (a backward pass whose forward pass fails, a step decided only when graded)
        is in neither."""
        passed = failed = 0
        for problem in self.code:
            if problem.error is not None:
                failed += 1
            for function in problem.functions:
                for check in function.checks:
                    status = check_status(check)
                    passed += status == PASSED
                    failed += status == FAILED
        for derivation in self.derivations:
            if derivation.error is not None:
                failed += 1
            for line in derivation.lines:
                bad = line.error is not None or any(link.valid is False for link in line.links)
                if not bad and when_graded(line):
                    continue
                passed, failed = (passed, failed + 1) if bad else (passed + 1, failed)
            for answer in derivation.answers:
                passed, failed = (passed + 1, failed) if answer.readable else (passed, failed + 1)
        return passed, failed

    def undecided(self) -> int:
        """Code checks left undecided by a failing upstream function."""
        return sum(check_status(c) == UNDECIDED for p in self.code for f in p.functions for c in f.checks)

    def when_graded(self) -> int:
        """Derivation lines with a step only the grader can decide (and none wrong)."""
        return sum(1 for d in self.derivations for line in d.lines
                   if line.error is None and not any(k.valid is False for k in line.links) and when_graded(line))


# -- the code checks -------------------------------------------------------------------------------


def _check_code(submission: Path, index: Mapping[str, Any], arrays: _Arrays) -> tuple[CodeCheck, ...]:
    from grader.codecheck import messages  # noqa: F401  (the sentences of the checks)
    from grader.codecheck.check import judge
    from grader.codecheck.plan import Case, Output
    from grader.codecheck.runtime import Call
    from grader.reading.submission import Submission

    student = Submission(submission)
    problems = []
    calls_by_problem: dict[str, list[Any]] = {}
    all_calls = []
    for problem in index.get("problems", []):
        calls = [
            Call(
                id=c["id"],
                module=c["module"],
                function=c["function"],
                args=_decode(c["args"], arrays),
                kwargs=_decode(c["kwargs"], arrays),
                capture=tuple(tuple(p) for p in c.get("capture", [])),
                group=c.get("group", c["function"]),
            )
            for c in problem.get("calls", [])
        ]
        calls_by_problem[problem["id"]] = calls
        if student.has(f"{problem['module']}.py"):
            all_calls.extend(calls)
    outcomes: Mapping[str, Any] = {}
    run_error: Message | None = None
    if all_calls:
        try:
            from grader.sandbox import run_calls

            files = sorted({f"{c.module}.py" for c in all_calls})
            outcomes = run_calls(submission, all_calls, files=files).outcomes
        except Exception as exc:
            run_error = Message("kit.sandbox_failed", {"error": f"{type(exc).__name__}: {exc}"[:200]})
    for problem in index.get("problems", []):
        file = f"{problem['module']}.py"
        if not student.has(file):
            problems.append(CodeCheck(problem["id"], problem.get("title", ""), file, error=Message("submission.file_missing", {"file": file})))
            continue
        if run_error is not None:
            problems.append(CodeCheck(problem["id"], problem.get("title", ""), file, error=run_error))
            continue
        calls = calls_by_problem[problem["id"]]
        if problem.get("properties"):
            problems.append(_property_check(problem, calls, outcomes))
            continue
        by_id = {c.id: c for c in calls}
        findings = []
        for raw in problem.get("cases", []):
            outputs = []
            expected = []
            unconvertible = []
            for o in raw["outputs"]:
                outputs.append(
                    Output(
                        name=o["name"], kind=o["kind"], index=o.get("index"), key=o.get("key"), captured=o.get("captured"),
                        group=o.get("group"), like=o.get("like", ""), scalar=bool(o.get("scalar")),
                        base=None if o.get("base") is None else arrays.get(o["base"]), adapt=_adapter(o.get("adapt")),
                    )
                )
                expected.append(arrays.get(o["expected"]))
                unconvertible.append(bool(o.get("adapt")) and outputs[-1].adapt is None)
            case = Case(function=raw["function"], call=by_id[raw["call"]], outputs=tuple(outputs), group=raw["group"],
                        arity=raw.get("arity"), inputs=raw.get("inputs", {}))
            for output, value, skip in zip(outputs, expected, unconvertible):
                if skip:
                    continue  # an equivalent form the grader accepts but this copy cannot convert: not judged here
                findings.append(judge(case, output, value, outcomes.get(case.call.id)))
        functions = _function_checks(problem.get("functions", []), calls, findings)
        problems.append(CodeCheck(problem["id"], problem.get("title", ""), file, functions))
    return tuple(problems)


def _property_judges(module_name: Any) -> tuple[Sequence[Any], Mapping[str, tuple[str, str]]]:
    """A property problem's judges and the sentences of the mistakes they name: the kit's copy of its
    public part (``CHECKS`` and ``MISTAKES`` of ``grader.kit_public.p_<module>``), else the course's
    problem (an instructor's `grade check --kit`)."""
    if not isinstance(module_name, str) or not module_name.isidentifier():
        raise KitError(Message("kit.corrupt", {"detail": "unknown property judges"}))
    try:
        public = importlib.import_module(f"grader.kit_public.p_{module_name}")
    except ImportError:
        from grader.course.course import load_problem

        problem: Any = load_problem(module_name)
        return problem.checks, problem.mistakes
    return public.CHECKS, public.MISTAKES


def _property_check(problem: Mapping[str, Any], calls: Sequence[Any], outcomes: Mapping[str, Any]) -> CodeCheck:
    """The public checks of a problem graded by properties (dropout): the grader's own judges, on
    the student's results of the kit's public calls.  A check whose cases could not run because an
    earlier function failed (a backward pass's forward pass) is not decided."""
    from grader.codecheck.plan import Case, Plan
    from grader.codecheck.properties import Results

    properties = problem["properties"]
    judges, mistakes = _property_judges(properties.get("judges"))
    define({f"mistake.{key}": text for key, text in mistakes.items()})  # the hints' sentences
    by_id = {c.id: c for c in calls}
    try:
        cases = {
            str(name): Case(function=raw["function"], call=by_id[raw["call"]], outputs=(), group=raw["group"],
                            arity=raw.get("arity"), inputs=raw.get("inputs", {}))
            for name, raw in properties.get("cases", {}).items()
        }
    except (KeyError, TypeError):
        raise KitError(Message("kit.corrupt", {"detail": f"the cases of {problem.get('id')}"})) from None
    plan = Plan(str(problem["id"]), str(problem["module"]))
    plan.calls = list(calls)
    results = Results(plan, outcomes)
    checks_by_function: dict[str, list[CheckResult]] = {}
    for make in judges:
        check = make(cases)
        try:
            verdict = check.judge(results)
        except KeyError:  # the kit's cases do not fit these judges (a kit of another grader version)
            raise KitError(Message("kit.corrupt", {"detail": f"the cases of {problem.get('id')}"})) from None
        status = PASSED if verdict.passed else (UNDECIDED if verdict.upstream else FAILED)
        checks_by_function.setdefault(check.function, []).append(
            PublicCheck(
                name=Message(f"property.group.{check.group}", {"function": check.function}),
                passed=verdict.passed,
                message=Message("kit.depends_on_failing", {"function": check.function, "upstream": verdict.upstream}) if verdict.upstream else verdict.message,
                inputs=dict(verdict.inputs),
                status=status,
                upstream=verdict.upstream or "",
                hint=Message(f"mistake.{verdict.mistake}") if verdict.mistake else None,
            )
        )
    functions = tuple(FunctionCheck(name, tuple(checks_by_function.get(name, ()))) for name in problem.get("functions", []))
    return CodeCheck(problem["id"], problem.get("title", ""), f"{problem['module']}.py", functions)


def failing_upstream(calls: Sequence[Any], findings: Sequence[Any]) -> dict[str, str]:
    """Case call id -> the earlier function that fails its own public check on a call this one
    depends on (through Refs: the forward pass that made a backward pass's cache), as the
    grader decides it (`grader.codecheck.runtime.dependencies`)."""
    from grader.codecheck.runtime import dependencies

    failed_calls = {f.case.call.id for f in findings if not f.passed}
    blocked: dict[str, str] = {}
    for case in {f.case.call.id: f.case for f in findings}.values():
        for call in dependencies(calls, [case.call.id]):
            if call.id != case.call.id and call.function != case.function and call.id in failed_calls:
                blocked[case.call.id] = call.function
                break
    return blocked


def _function_checks(names: Sequence[str], calls: Sequence[Any], findings: Sequence[Any]) -> tuple[FunctionCheck, ...]:
    from grader.codecheck.check import preview

    blocked = failing_upstream(calls, findings)
    groups: dict[str, dict[str, list[Any]]] = {}
    for finding in findings:
        groups.setdefault(finding.case.function, {}).setdefault(finding.group, []).append(finding)
    functions = []
    for name in names:
        checks: list[CheckResult] = []
        for group, items in groups.get(name, {}).items():
            label = Message(f"codecheck.group.{group}", {"function": name})
            failing = [f for f in items if not f.passed]
            decided = [f for f in failing if f.case.call.id not in blocked]
            if not failing:
                checks.append(PublicCheck(name=label, passed=True, status=PASSED))
            elif decided:
                first = decided[0]
                checks.append(PublicCheck(name=label, passed=False, message=first.message, expected=preview(first.expected),
                                          got=preview(first.got), inputs=dict(first.case.inputs), status=FAILED))
            else:
                upstream = blocked[failing[0].case.call.id]
                note = Message("kit.depends_on_failing", {"function": name, "upstream": upstream})
                checks.append(PublicCheck(name=label, passed=False, message=note, inputs=dict(failing[0].case.inputs),
                                          status=UNDECIDED, upstream=upstream))
        functions.append(FunctionCheck(name, tuple(checks)))
    return tuple(functions)


# -- the derivation checks -------------------------------------------------------------------------


def _check_derivations(submission: Path, seed: int, course: str = "default") -> tuple[DerivationSelfCheck, ...]:
    from grader.course.problem import derive_seed
    from grader.reading.answers_md import read_answers_document
    from grader.reading.submission import ANSWERS_FILE, Submission, SubmissionFileError

    loaded = _derivation_problems(course)
    try:
        ids = tuple(p.id for p in loaded)
        document = read_answers_document(Submission(submission).read_text(ANSWERS_FILE), ids)
        read_error = None
    except SubmissionFileError as exc:
        document, read_error = None, exc.message
    results = []
    for problem in loaded:
        if read_error is not None:
            results.append(DerivationSelfCheck(problem.id, problem.title, error=read_error))
            continue
        section = document.section(problem.id) if document is not None else None
        if section is None:
            results.append(DerivationSelfCheck(problem.id, problem.title, error=Message("answers.section_missing", {"problem": problem.id})))
            continue
        try:
            results.append(_check_section(problem, section, derive_seed(seed, problem.id)))
        except Exception as exc:  # the checker failed: say so, do not guess
            results.append(DerivationSelfCheck(problem.id, problem.title, error=Message("kit.derivation_failed", {"error": f"{type(exc).__name__}: {exc}"[:200]})))
    return tuple(results)


#: The reason of a step the kit cannot decide: it fails at every point the kit draws, and may hold at the
#: points only the grader draws (the key's scenarios: an unknown at the solution, a real run).
WHEN_GRADED = "kit.when_graded"


def when_graded(line: DerivationLine) -> bool:
    """Whether a derivation line has a step the kit left to the grader (see `WHEN_GRADED`)."""
    return any(link.valid is None and link.reason is not None and link.reason.key == WHEN_GRADED for link in line.links)


def _left_to_the_grader(line: DerivationLine, unseen: Sequence[str]) -> DerivationLine:
    """The line with each step that fails at every point the kit draws left undecided where the problem has
    scenarios only the grader draws: such a step may hold there (a condition of the solution used as a step:
    `H(\\tilde w - w^*) + \\alpha \\tilde w = 0`), so the kit never calls it wrong.  Its counterexample stays:
    it shows the step is no identity."""
    if not unseen or not any(link.valid is False for link in line.links):
        return line
    reason = Message(WHEN_GRADED)
    return replace(line, links=tuple(replace(link, valid=None, reason=reason) if link.valid is False else link for link in line.links))


def _check_section(problem: Any, section: Any, seed: int) -> DerivationSelfCheck:
    """Every line's links, and whether each answer line reads; the answers are not judged."""
    from grader.derivations.derivation import check_derivation
    from grader.mathparse import MathParseError, parse_line

    lines: tuple[DerivationLine, ...] = ()
    if section.derivation:
        check = check_derivation(section.derivation, problem.notation, problem.checker(seed), problem.known_names,
                                 two_classes=getattr(problem.derivation, "two_classes", None))
        lines = tuple(_left_to_the_grader(line, getattr(problem, "unseen_scenarios", ())) for line in check.lines)
    answers = []
    for answer in problem.answers:
        line = section.answer(answer.label)
        marker = f"Answer ({answer.label}):" if answer.label else "Answer:"
        if line is None or not line.math.strip():
            answers.append(AnswerCheck(answer.label, False, Message("answer.missing", {"marker": marker})))
            continue
        if hasattr(answer, "read_point"):  # a witness answer: a point, `w_1 = 1, w_2 = -3, ...`
            point = answer.read_point(line.math, problem.notation)
            answers.append(AnswerCheck(answer.label, False, point) if isinstance(point, Message) else AnswerCheck(answer.label, True))
            continue
        try:
            parse_line(line.math, problem.notation)
        except MathParseError as error:
            answers.append(AnswerCheck(answer.label, False, Message("answer.unreadable", {"error": error.message})))
            continue
        answers.append(AnswerCheck(answer.label, True))
    return DerivationSelfCheck(problem.id, problem.title, lines, tuple(answers))


def check_submission(submission: str | Path, kit: str | Path) -> SelfCheck:
    """The self-check of a submission against a kit (see the module's docstring)."""
    from grader.reading.submission import find_root

    submission = Path(submission)
    if not submission.is_dir():  # nothing was checked: not a result that could read "all passed"
        raise KitError(Message("submission.not_a_directory", {"path": str(submission)}))
    index, arrays = load_kit(kit)
    # the same rule as the grader's: files wrapped in one folder are found
    root = find_root(submission, known=kit_files(index))
    return SelfCheck(
        submission=str(submission),
        code=_check_code(root, index, arrays),
        derivations=_check_derivations(root, int(index.get("seed", PUBLIC_SEED)), str(index.get("course", "default"))),
    )


define(
    {
        "kit.missing": (
            "{path} is not a student kit: {file} is missing (make one with `grade export-student-kit`).",
            "{path} 不是学生自查工具包：缺少 {file}（请用 `grade export-student-kit` 生成）。",
        ),
        "kit.corrupt": ("The student kit is damaged ({detail}); download it again.", "学生自查工具包已损坏（{detail}），请重新下载。"),
        "kit.sandbox_failed": ("Your code could not be run: {error}", "无法运行你的代码：{error}"),
        "kit.derivation_failed": ("The derivation could not be checked here: {error}", "此处无法检查推导：{error}"),
        "kit.depends_on_failing": (
            "not decided: {function} depends on your {upstream} (its cache), which fails its own check on this case: fix that first.",
            "未判定：{function} 依赖于你的 {upstream}（它生成的缓存），而 {upstream} 在这个用例上没有通过自己的检查：请先修正它。",
        ),
        "ui.check.title": ("Self-check against the public cases", "公开用例自查"),
        "ui.check.code": ("Code (public cases)", "代码（公开用例）"),
        "ui.check.derivations": ("Derivations (each step checked; final answers are not judged here)", "推导（逐步检查；此处不评判最终答案）"),
        "ui.check.answer_read": ("{marker} can be read", "{marker} 可以识别"),
        "ui.check.answer_unread": ("{marker} cannot be read", "{marker} 无法识别"),
        "ui.check.all_passed": (
            "All public checks passed ({passed}). Hidden cases and the final answers are graded by the instructor.",
            "全部公开检查通过（{passed} 项）。隐藏用例和最终答案由教师评分。",
        ),
        "ui.check.some_failed": (
            "{failed} of {total} public checks failed. Hidden cases and the final answers are graded by the instructor.",
            "{total} 项公开检查中有 {failed} 项未通过。隐藏用例和最终答案由教师评分。",
        ),
        "ui.check.undecided": (
            "{count} public checks not decided (they depend on a function that fails its own check; fix that first).",
            "{count} 项公开检查未判定（它们依赖于一个未通过自身检查的函数；请先修正该函数）。",
        ),
        "ui.check.no_lines": ("no derivation lines", "没有推导过程"),
        WHEN_GRADED: (
            "not decided here: it does not hold for arbitrary values; whether it holds where the problem puts its unknowns is checked when graded.",
            "此处未判定：它对任意取值不成立；它在题目确定未知量的位置是否成立，评分时再检查。",
        ),
        "ui.check.when_graded": (
            ("{count} derivation lines not decided here: a step of each holds, if at all, only where the problem puts its "
             "unknowns (at the solution, in a real run of the algorithm). The kit does not draw those points, since they "
             "would give the answers away: they are checked when graded, never called wrong here."),
            ("{count} 行推导此处未判定：其中某一步只可能在题目确定未知量的位置成立（在解处、在算法的真实运行中）。"
             "工具包不使用这些取值，因为它们会泄露答案：评分时再检查，此处绝不判为错误。"),
        ),
    }
)
