"""The student kit: starter files, and an offline self-check against public cases.

``export_student_kit(DIR)`` writes::

    DIR/README.md              how to start and how to self-check
    DIR/starter/answers.md     the five headings of answers.md, nothing else
    DIR/starter/*.py           the four files: signatures and docstrings, bodies raising NotImplementedError
    DIR/public/cases.json      the public calls (inputs, how results are read, tolerances' kinds)
    DIR/public/arrays.npz      their input arrays and the reference's OUTPUT VALUES (numbers only)

No reference source and no expected answer expression goes into the kit: the
public cases are the code problems' plans for one fixed public seed, with the
reference's results stored as numbers.  Grading uses another seed per
submission, so the public values are examples, not the hidden cases.

``check_submission(SUB, DIR)`` runs the public cases on the student's code in
the sandbox and compares with the stored numbers (the grader's own ladder:
status, type, shape, finite, values), checks every derivation line of
answers.md link by link, and reads (but does not judge) the final answers.  It
never imports `grader.reference`: code problems are rebuilt from the kit, and
only the derivation problems' notation and definitions (the problem
statements) are used.  It says "all public checks passed", never more.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from .files import write_atomic
from .i18n import define
from .models import CheckResult, DerivationLine, Message

PUBLIC_SEED = 20240901
CASES_FILE = "cases.json"
ARRAYS_FILE = "arrays.npz"
KIT_FORMAT = 1

#: The derivation problems of the default course, with their answer labels (used when the
#: problem modules cannot be loaded; the loaded problems take precedence).
DEFAULT_SECTIONS = (
    ("mle-mse", "Gaussian noise: MLE = MSE", ("",)),
    ("ce-mle", "Cross-entropy as maximum likelihood", ("",)),
    ("softmax-ce-grad", "Gradient of softmax cross-entropy", ("",)),
    ("l2-shrinkage", "L2 regularization shrinks along eigenvectors", ("a", "b")),
    ("xavier-variance", "Xavier/Glorot initialization variance", ("a", "b")),
)
CODE_MODULES = ("backprop", "batchnorm", "perceptron", "optimizers")


# -- starter files -------------------------------------------------------------------------------

STUBS = {
    "backprop.py": '''"""Layers, losses and a whole MLP, with their backward passes.

Every function takes and returns NumPy arrays (float64).  A `cache` is yours:
the grader only hands it back to the matching backward function.
"""

import numpy as np


def affine_forward(x, w, b):
    """x (N, D), w (D, M), b (M,) -> out = x @ w + b of shape (N, M), cache."""
    raise NotImplementedError


def affine_backward(dout, cache):
    """dout (N, M) -> dx (N, D), dw (D, M), db (M,)."""
    raise NotImplementedError


def sigmoid_forward(x):
    """-> out = 1 / (1 + exp(-x)), cache."""
    raise NotImplementedError


def sigmoid_backward(dout, cache):
    """-> dx."""
    raise NotImplementedError


def tanh_forward(x):
    """-> out = tanh(x), cache."""
    raise NotImplementedError


def tanh_backward(dout, cache):
    """-> dx."""
    raise NotImplementedError


def relu_forward(x):
    """-> out = max(0, x), cache."""
    raise NotImplementedError


def relu_backward(dout, cache):
    """-> dx (the derivative at 0 is 0)."""
    raise NotImplementedError


def softmax_loss(scores, y):
    """scores (N, C), y (N,) int labels -> loss = mean over N of -log softmax(scores)[y], dscores."""
    raise NotImplementedError


def mse_loss(pred, target):
    """pred, target (N, M) -> loss = 1/(2N) * sum((pred - target)**2), dpred."""
    raise NotImplementedError


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    """Loss and gradients of an MLP.

    params: {"W1", "b1", ..., "WL", "bL"}, W_l (S_{l-1}, S_l), b_l (S_l,).
    Hidden layers: affine then activation ("sigmoid" | "tanh" | "relu"); last layer: affine only.
    loss "softmax" (y int labels) or "mse" (y (N, S_L)).
    Total loss = data loss + weight_decay/2 * sum_l ||W_l||_F^2 (biases not decayed).
    -> (loss, grads) with grads[k].shape == params[k].shape for every key.
    """
    raise NotImplementedError
''',
    "batchnorm.py": '''"""Batch and layer normalization."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """x (N, D); gamma, beta (D,).

    bn_param: "mode" ("train" | "test"), "eps" (default 1e-5), "momentum" (default 0.9),
    "running_mean", "running_var" ((D,), zeros if absent).
    train: normalize with the batch mean and the biased batch variance (divide by N), then
    update in place: running = momentum * running + (1 - momentum) * batch_stat.
    test: normalize with running_mean and running_var.
    out = gamma * x_hat + beta, x_hat = (x - mean) / sqrt(var + eps).
    -> out, cache
    """
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """-> dx, dgamma, dbeta (for a train-mode forward)."""
    raise NotImplementedError


def layernorm_forward(x, gamma, beta, ln_param):
    """ln_param: "eps" (default 1e-5); normalizes each row of x over its D features -> out, cache."""
    raise NotImplementedError


def layernorm_backward(dout, cache):
    """-> dx, dgamma, dbeta."""
    raise NotImplementedError
''',
    "perceptron.py": '''"""The perceptron algorithm."""

import numpy as np


def perceptron_train(X, y, max_epochs=100):
    """X (N, D), y (N,) with values in {-1, +1}.

    w = zeros(D), b = 0.0; each epoch visits i = 0..N-1 in order:
    if y[i] * (w @ X[i] + b) <= 0: w += y[i] * X[i]; b += y[i]  (one update).
    Stops after the first epoch without an update, or after max_epochs epochs.
    -> (w, b, n_updates)
    """
    raise NotImplementedError


def perceptron_predict(X, w, b):
    """-> (N,) in {-1, +1}; a score of exactly 0 gives +1."""
    raise NotImplementedError
''',
    "optimizers.py": '''"""First-order optimizers: name(w, dw, config=None) -> (next_w, config).

`config` holds the hyperparameters and the optimizer's state between calls; missing keys take
the defaults below, and the state starts at zeros.  Name your state keys as you like.
"""

import numpy as np


def sgd(w, dw, config=None):
    """learning_rate 1e-2: w - lr * dw."""
    raise NotImplementedError


def sgd_momentum(w, dw, config=None):
    """learning_rate 1e-2, momentum 0.9: v = momentum * v - lr * dw; w + v."""
    raise NotImplementedError


def nesterov_momentum(w, dw, config=None):
    """learning_rate 1e-2, momentum 0.9:
    v_prev = v; v = momentum * v - lr * dw; w - momentum * v_prev + (1 + momentum) * v."""
    raise NotImplementedError


def adagrad(w, dw, config=None):
    """learning_rate 1e-2, epsilon 1e-7: r += dw**2; w - lr * dw / (sqrt(r) + epsilon)."""
    raise NotImplementedError


def rmsprop(w, dw, config=None):
    """learning_rate 1e-2, decay_rate 0.99, epsilon 1e-8:
    r = decay_rate * r + (1 - decay_rate) * dw**2; w - lr * dw / (sqrt(r) + epsilon)."""
    raise NotImplementedError


def adadelta(w, dw, config=None):
    """learning_rate 1.0, rho 0.95, epsilon 1e-6:
    g2 = rho * g2 + (1 - rho) * dw**2; d = -sqrt(x2 + epsilon) / sqrt(g2 + epsilon) * dw;
    x2 = rho * x2 + (1 - rho) * d**2; w + lr * d."""
    raise NotImplementedError


def adam(w, dw, config=None):
    """learning_rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8:
    t += 1; m = beta1 * m + (1 - beta1) * dw; v = beta2 * v + (1 - beta2) * dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t); w - lr * m_hat / (sqrt(v_hat) + epsilon)."""
    raise NotImplementedError
''',
}


def _derivation_problems() -> list[Any]:
    """The course's derivation problems that can be loaded (without the code problems' reference)."""
    from .course import DEFAULT_COURSE, load_problem

    problems = []
    for name in DEFAULT_COURSE:
        try:
            problem = load_problem(name)
        except Exception:  # a code problem needs grader.reference, which a student copy may lack
            continue
        if getattr(problem, "kind", "") == "derivation":
            problems.append(problem)
    return problems


def _sections() -> list[tuple[str, str, tuple[str, ...]]]:
    loaded = {p.id: p for p in _derivation_problems()}
    sections = []
    for pid, title, labels in DEFAULT_SECTIONS:
        problem = loaded.get(pid)
        answers = getattr(problem, "answers", None)
        if answers:
            labels = tuple(a.label for a in answers)
            title = problem.title
        sections.append((pid, title, labels))
    return sections


def answers_template() -> str:
    """answers.md with the five headings, where each answer and derivation goes, and no content."""
    lines = [
        "# Homework: derivations",
        "",
        "<!-- Write each derivation in display math ($$ ... $$), one step per line (separate lines",
        "     with \\\\). End every problem with its answer line(s). Prose is ignored. -->",
        "",
    ]
    for pid, title, labels in _sections():
        lines += [f"## {pid}  {title}", "", "$$", "", "$$", ""]
        for label in labels:
            marker = f"Answer ({label}):" if label else "Answer:"
            lines += [f"{marker} $ $", ""]
    return "\n".join(lines)


def starter_files() -> dict[str, str]:
    return {"answers.md": answers_template(), **STUBS}


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
        from .i18n import render

        return render(self.message, "en")


def _encode(tree: Any, arrays: _Arrays) -> Any:
    from .codecheck.runtime import Ref

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


def _decode(tree: Any, arrays: _Arrays) -> Any:
    from .codecheck.runtime import Ref

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


def _adapter_name(function: Any) -> str | None:
    if function is None:
        return None
    return f"{function.__module__}:{function.__qualname__}"


def _adapter(name: Any) -> Any:
    """An output's adapter, by name; only the grader's own functions are looked up."""
    if not isinstance(name, str) or ":" not in name or not name.startswith("grader."):
        return None
    module_name, _, qualname = name.partition(":")
    try:
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
    except Exception:
        return None
    return target if callable(target) else None


def public_cases(seed: int = PUBLIC_SEED) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The public cases of every code problem (instructor side: runs the reference here)."""
    from .codecheck.check import pick
    from .codecheck.runtime import simulate
    from .course import load_course
    from .reference import mutants

    arrays = _Arrays()
    problems = []
    for problem in load_course():
        if not hasattr(problem, "build"):
            continue
        plan = problem.build(seed)
        expected = simulate(plan.calls, mutants.implementation(problem.module))
        calls = [
            {
                "id": call.id,
                "module": call.module,
                "function": call.function,
                "args": _encode(tuple(call.args), arrays),
                "kwargs": _encode(dict(call.kwargs), arrays),
                "capture": [list(path) for path in call.capture],
                "group": call.group,
            }
            for call in plan.calls
        ]
        cases = []
        for case in plan.cases:
            outputs = []
            for output in case.outputs:
                picked = pick(case, output, expected.get(case.call.id))
                if not picked.ok:
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
    return {"format": KIT_FORMAT, "seed": seed, "problems": problems}, arrays.arrays


def export_student_kit(directory: str | Path, seed: int = PUBLIC_SEED) -> list[str]:
    """Write the student kit (see the module's docstring); returns the files written."""
    import io

    directory = Path(directory)
    written = []
    for name, text in starter_files().items():
        write_atomic(directory / "starter" / name, text)
        written.append(f"starter/{name}")
    index, arrays = public_cases(seed)
    write_atomic(directory / "public" / CASES_FILE, json.dumps(index, ensure_ascii=False, indent=1))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    write_atomic(directory / "public" / ARRAYS_FILE, buffer.getvalue())
    write_atomic(directory / "README.md", KIT_README)
    written += [f"public/{CASES_FILE}", f"public/{ARRAYS_FILE}", "README.md"]
    return written


KIT_README = """# Student kit / 学生自查工具包

1. `grade init my-submission` (or copy `starter/`): answers.md with the five headings and the
   four .py files with every function's signature and docstring.
2. Fill them in.
3. `grade check my-submission --kit THIS-FOLDER [--lang zh]` runs the public checks offline:
   your functions on the public cases (compared with the stored results), every derivation
   line of answers.md link by link, and whether your answer lines can be read.

The public checks are examples. Your grade comes from hidden cases run by the instructor
(other inputs, the final answers judged): passing every public check does not guarantee
full marks.

1. 运行 `grade init my-submission`（或复制 `starter/`）得到 answers.md 模板和四个 .py 文件。
2. 完成作业。
3. 运行 `grade check my-submission --kit 本目录 --lang zh` 离线自查：在公开用例上运行你的函数，
   逐行检查 answers.md 中的推导，并检查答案行能否被识别。
公开检查只是示例；成绩由教师用隐藏用例评定，通过全部公开检查并不保证满分。
"""


# -- the self-check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionCheck:
    name: str
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


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
        """(passed, failed) over every public check: code check groups, derivation lines, answer lines."""
        passed = failed = 0
        for problem in self.code:
            if problem.error is not None:
                failed += 1
            for function in problem.functions:
                for check in function.checks:
                    passed, failed = (passed + 1, failed) if check.passed else (passed, failed + 1)
        for problem in self.derivations:
            if problem.error is not None:
                failed += 1
            for line in problem.lines:
                bad = line.error is not None or any(link.valid is False for link in line.links)
                passed, failed = (passed, failed + 1) if bad else (passed + 1, failed)
            for answer in problem.answers:
                passed, failed = (passed + 1, failed) if answer.readable else (passed, failed + 1)
        return passed, failed


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


def _check_code(submission: Path, index: Mapping[str, Any], arrays: _Arrays) -> tuple[CodeCheck, ...]:
    from .codecheck import messages  # noqa: F401  (the sentences of the checks)
    from .codecheck.check import judge, preview
    from .codecheck.plan import Case, Output
    from .codecheck.runtime import Call
    from .submission import Submission

    student = Submission(submission)
    problems = []
    calls_by_problem = {}
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
        calls_by_problem[problem["id"]] = {c.id: c for c in calls}
        if student.has(f"{problem['module']}.py"):
            all_calls.extend(calls)
    outcomes: Mapping[str, Any] = {}
    run_error: Message | None = None
    if all_calls:
        try:
            from .sandbox import run_calls

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
        groups: dict[str, dict[str, list[Any]]] = {}
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
            case = Case(function=raw["function"], call=calls[raw["call"]], outputs=tuple(outputs), group=raw["group"],
                        arity=raw.get("arity"), inputs=raw.get("inputs", {}))
            for output, value, skip in zip(outputs, expected, unconvertible):
                if skip:
                    continue  # an equivalent form the grader accepts but this copy cannot convert: not judged here
                finding = judge(case, output, value, outcomes.get(case.call.id))
                groups.setdefault(case.function, {}).setdefault(finding.group, []).append(finding)
        functions = []
        for name in problem.get("functions", []):
            checks = []
            for group, findings in groups.get(name, {}).items():
                failing = next((f for f in findings if not f.passed), None)
                label = Message(f"codecheck.group.{group}", {"function": name})
                if failing is None:
                    checks.append(CheckResult(name=label, passed=True))
                else:
                    checks.append(CheckResult(name=label, passed=False, message=failing.message, expected=preview(failing.expected),
                                              got=preview(failing.got), inputs=dict(failing.case.inputs)))
            functions.append(FunctionCheck(name, tuple(checks)))
        problems.append(CodeCheck(problem["id"], problem.get("title", ""), file, tuple(functions)))
    return tuple(problems)


def _check_derivations(submission: Path, seed: int) -> tuple[DerivationSelfCheck, ...]:
    from .answers_md import read_answers_document
    from .problem import derive_seed
    from .submission import Submission, SubmissionFileError

    try:
        ids = tuple(p.id for p in _derivation_problems())
        document = read_answers_document(Submission(submission).read_text("answers.md"), ids)
        read_error = None
    except SubmissionFileError as exc:
        document, read_error = None, exc.message
    results = []
    for problem in _derivation_problems():
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


def _check_section(problem: Any, section: Any, seed: int) -> DerivationSelfCheck:
    """Every line's links, and whether each answer line reads; the answers are not judged."""
    from .derivation import check_derivation
    from .mathparse import MathParseError, parse_line

    lines: tuple[DerivationLine, ...] = ()
    if section.derivation:
        check = check_derivation(section.derivation, problem.notation, problem.checker(seed), problem.known_names)
        lines = check.lines
    answers = []
    for answer in problem.answers:
        line = section.answer(answer.label)
        marker = f"Answer ({answer.label}):" if answer.label else "Answer:"
        if line is None or not line.math.strip():
            answers.append(AnswerCheck(answer.label, False, Message("answer.missing", {"marker": marker})))
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
    from .submission import find_root

    submission = Path(submission)
    if not submission.is_dir():  # nothing was checked: not a result that could read "all passed"
        raise KitError(Message("submission.not_a_directory", {"path": str(submission)}))
    index, arrays = load_kit(kit)
    root = find_root(submission)  # the same rule as the grader's: files wrapped in one folder are found
    return SelfCheck(
        submission=str(submission),
        code=_check_code(root, index, arrays),
        derivations=_check_derivations(root, int(index.get("seed", PUBLIC_SEED))),
    )


def render_check(result: SelfCheck, lang: str = "en") -> str:
    from .render import render_template

    passed, failed = result.counts()
    return render_template("check.txt.j2", lang, check=result, passed=passed, failed=failed)


define(
    {
        "kit.missing": (
            "{path} is not a student kit: {file} is missing (make one with `grade export-student-kit`).",
            "{path} 不是学生自查工具包：缺少 {file}（请用 `grade export-student-kit` 生成）。",
        ),
        "kit.corrupt": ("The student kit is damaged ({detail}); download it again.", "学生自查工具包已损坏（{detail}），请重新下载。"),
        "kit.sandbox_failed": ("Your code could not be run: {error}", "无法运行你的代码：{error}"),
        "kit.derivation_failed": ("The derivation could not be checked here: {error}", "此处无法检查推导：{error}"),
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
        "ui.check.no_lines": ("no derivation lines", "没有推导过程"),
    }
)
