"""The student kit: starter files, and an offline self-check against public cases.

``export_student_kit(DIR)`` writes::

    DIR/README.md              how to start and how to self-check
    DIR/starter/answers.md     the five headings of answers.md, nothing else
    DIR/starter/*.py           the code problems' files (their public specs' stubs): signatures and docstrings
    DIR/public/cases.json      the public calls (inputs, how results are read, tolerances' kinds)
    DIR/public/arrays.npz      their input arrays and the reference's OUTPUT VALUES (numbers only)
    DIR/tool/                  the self-contained checker: python DIR/tool/check.py SUBMISSION (`grader.apps.kit_tool`)

No reference source and no key goes into the kit (the tool included): the starter files and the
tool's problem descriptions are the problems' public specs (each problem module up to its key
marker, unchanged), and the public cases are the code problems' plans for one fixed public seed,
with the reference's results stored as numbers.  Grading uses another seed per
submission, so the public values are examples, not the hidden cases: the public plans are drawn
from seeds no grading can have (`public_plan_seed`).

``check_submission(SUB, DIR)`` (`grader.apps.kit_check`, the module the tool runs) runs the
public cases on the student's code in the sandbox, checks every derivation line, and
reads (but does not judge) the final answers; a backward pass whose forward pass fails
on the same case is not decided.  It says "all public checks passed", never more.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from grader.apps.kit_check import (  # noqa: F401  (the self-check's names, as they always were here)
    ARRAYS_FILE,
    CASES_FILE,
    KIT_FORMAT,
    PUBLIC_SEED,
    AnswerCheck,
    CodeCheck,
    DerivationSelfCheck,
    FunctionCheck,
    KitError,
    PublicCheck,
    SelfCheck,
    _adapter,
    _Arrays,
    _decode,
    _derivation_problems,
    check_submission,
    load_kit,
)
from grader.apps.kit_render import render_check  # noqa: F401  (`grade check` prints it)
from grader.course.course import code_files, course_modules, load_spec
from grader.course.problem import CodeSpec
from grader.derivations.spec import DerivationSpec
from grader.reading.files import write_atomic
from grader.reading.submission import ANSWERS_FILE

#: Grading draws a code problem's plan from a seed below 2**31 (`grader.course.problem.derive_seed`
#: of the submission's seed, whatever `--seed` says); the kit's public plans are drawn from seeds
#: above it.  Drawn from the public seed itself, a submission whose files hash to a seed whose
#: derived plan seed is the public one (two 31-bit searches, hours on one machine) would be graded
#: on exactly the inputs whose expected values the kit publishes, and could answer from a table.
PUBLIC_PLAN_OFFSET = 1 << 31


def public_plan_seed(seed: int) -> int:
    """The seed the kit's public plans are drawn from, for the kit's `seed`: never a grading plan's."""
    return PUBLIC_PLAN_OFFSET + abs(int(seed))


def course_specs(course: str = "default") -> list[Any]:
    """The public specs of `course`'s problems, in course order (each problem module's ``SPEC``)."""
    return [load_spec(name) for name in course_modules(course)]


def starter_stubs(course: str = "default") -> dict[str, str]:
    """File name -> starter file of every code problem of `course`, from the problems' public specs."""
    return {spec.file: spec.stub for spec in course_specs(course) if isinstance(spec, CodeSpec)}


def _sections(course: str = "default") -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, title, answer labels) of every derivation problem of `course`, in course order."""
    return [
        (spec.id, spec.title, tuple(answer.label for answer in spec.answers))
        for spec in course_specs(course)
        if isinstance(spec, DerivationSpec)
    ]


def answers_template(course: str = "default") -> str:
    """answers.md with the five headings, where each answer and derivation goes, and no content."""
    lines = [
        "# Homework: derivations",
        "",
        "<!-- Write each derivation in display math ($$ ... $$), one step per line (separate lines",
        "     with \\\\). End every problem with its answer line(s). Prose is ignored. -->",
        "",
    ]
    for pid, title, labels in _sections(course):
        lines += [f"## {pid}  {title}", "", "$$", "", "$$", ""]
        for label in labels:
            marker = f"Answer ({label}):" if label else "Answer:"
            lines += [f"{marker} $ $", ""]
    return "\n".join(lines)


def starter_files(course: str = "default") -> dict[str, str]:
    """answers.md and every code problem's starter file, as a student of `course` starts with them."""
    return {ANSWERS_FILE: answers_template(course), **starter_stubs(course)}


def __getattr__(name: str) -> Any:
    # STUBS: the default course's starter files, as this module always offered them (made on first
    # use: it imports the code problem modules)
    if name == "STUBS":
        return starter_stubs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def init_submission(directory: str | Path) -> tuple[list[str], list[str]]:
    """Write the starter files into `directory`; existing files are kept. Returns (written, kept)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for name, text in starter_files().items():
        path = directory / name
        if path.exists() or path.is_symlink():
            kept.append(name)
            continue
        write_atomic(path, text)
        written.append(name)
    return written, kept


# -- public cases ----------------------------------------------------------------------------------


def _encode(tree: Any, arrays: _Arrays) -> Any:
    from grader.codecheck.runtime import Ref

    if isinstance(tree, Ref):
        return {"$ref": tree.call_id, "index": tree.index}
    if isinstance(tree, np.ndarray):
        return {"$array": arrays.add(tree)}
    if isinstance(tree, np.generic):
        return tree.item()
    if isinstance(tree, tuple):
        return {"$tuple": [_encode(item, arrays) for item in tree]}
    if isinstance(tree, list):
        return [_encode(item, arrays) for item in tree]
    if isinstance(tree, Mapping):
        return {"$dict": {str(k): _encode(v, arrays) for k, v in tree.items()}}
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    raise TypeError(f"cannot store {type(tree).__name__} in the kit")


def _adapter_name(function: Any) -> str | None:
    if function is None:
        return None
    return f"{function.__module__}:{function.__qualname__}"


def public_cases(seed: int = PUBLIC_SEED, course: str = "default") -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The public cases of every code problem (instructor side: runs the reference here)."""
    from grader.codecheck.check import pick
    from grader.codecheck.problem import CodeProblem
    from grader.codecheck.properties import PropertyProblem
    from grader.codecheck.runtime import simulate
    from grader.course.course import course_modules, load_problem

    arrays = _Arrays()
    problems = []
    for module_name in course_modules(course):
        problem = load_problem(module_name)
        if not isinstance(problem, (CodeProblem, PropertyProblem)):  # the kinds whose public cases are made here
            continue
        if isinstance(problem, PropertyProblem):
            problems.append(_property_cases(problem, module_name, seed, arrays))
            continue
        plan = problem.build(public_plan_seed(seed))
        expected = simulate(plan.calls, problem.functions())  # its own reference, or the course's
        calls = _encode_calls(plan.calls, arrays)
        cases = []
        for case in plan.cases:
            outputs = []
            for output in case.outputs:
                picked = pick(case, output, expected.get(case.call.id))
                if picked.array is None:
                    raise RuntimeError(f"the reference failed on public case {case.call.id}")
                outputs.append(
                    {
                        "name": output.name,
                        "kind": output.kind,
                        "index": output.index,
                        "key": output.key,
                        "captured": output.captured,
                        "group": output.group,
                        "like": output.like,
                        "scalar": output.scalar,
                        "base": None if output.base is None else arrays.add(output.base),
                        "adapt": _adapter_name(output.adapt),
                        "expected": arrays.add(picked.array),
                    }
                )
            cases.append(
                {
                    "function": case.function,
                    "call": case.call.id,
                    "group": case.group,
                    "arity": case.arity,
                    "inputs": dict(case.inputs),
                    "outputs": outputs,
                }
            )
        problems.append(
            {"id": problem.id, "title": problem.title, "module": problem.module, "functions": list(problem.points), "calls": calls, "cases": cases}
        )
    return {"format": KIT_FORMAT, "seed": seed, "course": course, "problems": problems}, arrays.arrays


def _encode_calls(calls: Any, arrays: _Arrays) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id,
            "module": call.module,
            "function": call.function,
            "args": _encode(tuple(call.args), arrays),
            "kwargs": _encode(dict(call.kwargs), arrays),
            "capture": [list(path) for path in call.capture],
            "group": call.group,
        }
        for call in calls
    ]


def _property_cases(problem: Any, module_name: str, seed: int, arrays: _Arrays) -> dict[str, Any]:
    """A problem graded by properties (dropout): its public calls and named cases, no expected values.

    The kit's tool judges the student's results with a copy of the problem's judges
    (`grader.apps.kit_tool` writes it without the plan builder, which makes the hidden inputs)."""
    plan, cases = problem.build(public_plan_seed(seed))
    named = {
        name: {"function": case.function, "call": case.call.id, "group": case.group, "arity": case.arity, "inputs": dict(case.inputs)}
        for name, case in cases.items()
    }
    return {
        "id": problem.id,
        "title": problem.title,
        "module": problem.module,
        "functions": list(problem.points),
        "calls": _encode_calls(plan.calls, arrays),
        "cases": [],
        "properties": {"judges": module_name, "cases": named},
    }


def export_student_kit(directory: str | Path, seed: int = PUBLIC_SEED, course: str = "default") -> list[str]:
    """Write the student kit (see the module's docstring); returns the files written."""
    import io

    directory = Path(directory)
    written = []
    for name, text in starter_files(course).items():
        write_atomic(directory / "starter" / name, text)
        written.append(f"starter/{name}")
    index, arrays = public_cases(seed, course)
    write_atomic(directory / "public" / CASES_FILE, json.dumps(index, ensure_ascii=False, indent=1))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)  # numbers only: never a pickle
    write_atomic(directory / "public" / ARRAYS_FILE, buffer.getvalue())
    write_atomic(directory / "README.md", KIT_README.format(files=", ".join(code_files(course))))
    written += [f"public/{CASES_FILE}", f"public/{ARRAYS_FILE}", "README.md"]
    from grader.apps.kit_tool import write_tool

    written += write_tool(directory, course)
    return written


#: The kit's README (`files`: the course's code files, `grader.course.course.code_files`).
KIT_README = """# Student kit / 学生自查工具包

1. Copy `starter/` (or `grade init my-submission`): answers.md with every problem's heading and
   the .py files ({files}) with every function's signature and docstring.
2. Fill them in.
3. `python THIS-FOLDER/tool/check.py my-submission [--lang zh]` runs the public checks offline
   (it needs only Python 3.10+, NumPy and SymPy; `grade check my-submission --kit THIS-FOLDER`
   does the same where the grader is installed): your functions on the public cases (compared
   with the stored results), every derivation line of answers.md link by link, and whether
   your answer lines can be read. A backward pass whose forward pass fails on the same case is
   "not decided" (marked ?): fix the forward pass first. A derivation step is checked at points
   drawn freely; a step that holds only at the problem's solution (the minimizer, the variance
   the question asks for, a real run of the algorithm) cannot be decided here, since those points
   would give the answer away: it is "not decided here" (?), checked when graded, never called wrong.

The public checks are examples. Your grade comes from hidden cases run by the instructor
(other inputs, the final answers judged): passing every public check does not guarantee
full marks.

1. 复制 `starter/`（或运行 `grade init my-submission`）得到 answers.md 模板和 .py 文件（{files}）。
2. 完成作业。
3. 运行 `python 本目录/tool/check.py my-submission --lang zh` 离线自查（只需 Python 3.10+、NumPy 和
   SymPy）：在公开用例上运行你的函数，逐行检查 answers.md 中的推导，并检查答案行能否被识别。
   若某个反向传播所依赖的前向传播在同一用例上未通过，则该检查标为“未判定”（?）：请先修正前向传播。
   推导步骤在自由取值的点上检查；只在题目的解处（最小值点、题目所求的方差、算法的真实运行）成立的步骤
   无法在此判定，因为那些取值会泄露答案：标为“此处未判定”（?），评分时再检查，绝不判为错误。
公开检查只是示例；成绩由教师用隐藏用例评定，通过全部公开检查并不保证满分。
"""
