"""End to end: student files in a directory, run in the real sandbox, graded by grade_submission.

Each case is one sandbox run (a child process), so the cases are few and cover
whole files at once.
"""

import shutil
import time
from pathlib import Path

import pytest

from grader.course.course import load_problem
from grader.grading.pipeline import grade_submission
from grader.results.i18n import render
from grader.results.models import MISSING
from grader.sandbox import SandboxLimits

FIXTURES = Path(__file__).parent / "test_codecheck_fixtures"
REFERENCE = Path(__file__).parent.parent / "reference"
MODULES = ("backprop", "batchnorm", "perceptron", "optimizers")
CODE_PROBLEMS = [load_problem(m) for m in MODULES]
FAST = {"sandbox_limits": SandboxLimits(call_seconds=1.0, run_seconds=20.0)}


def grade(directory, seed=5):
    return grade_submission(directory, seed=seed, problems=CODE_PROBLEMS, options=FAST)


def student(tmp_path, source_dir, *names):
    for name in names or MODULES:
        shutil.copy(Path(source_dir) / f"{name}.py", tmp_path / f"{name}.py")
    return tmp_path


def by_id(result):
    return {p.id: p for p in result.problems}


def words_of(part):
    return " ".join([render(m) for m in part.feedback] + [render(c.message) for c in part.checks if c.message])


def parts(problem):
    return {p.id: p for p in problem.parts}


def test_the_reference_files_as_a_submission_earn_full_marks(tmp_path):
    started = time.process_time()
    result = grade(student(tmp_path, REFERENCE))
    assert result.score == result.max_score == 50
    assert result.isolation
    assert all(p.isolation == result.isolation for p in result.problems)
    print(f"parent CPU of a whole correct run: {time.process_time() - started:.3f} s")


def test_equivalent_formulations_earn_full_marks_in_the_sandbox(tmp_path):
    result = grade(student(tmp_path, FIXTURES / "equivalent"))
    lost = {p.id: [(q.id, [render(m) for m in q.feedback]) for q in p.parts if q.score < q.max_score] for p in result.problems}
    assert result.score == 50, lost


def test_classic_mistakes_are_named(tmp_path):
    result = by_id(grade(student(tmp_path, FIXTURES / "mistakes")))
    assert "affine_backward.dw_transposed" in parts(result["backprop"])["affine_backward"].mistakes
    assert "relu_backward.one_at_zero" in parts(result["backprop"])["relu_backward"].mistakes
    assert "softmax_loss.no_max_shift" in parts(result["backprop"])["softmax_loss"].mistakes
    assert "batchnorm_forward.running_stats_not_stored" in parts(result["batchnorm"])["batchnorm_forward"].mistakes
    assert "perceptron_train.strict_inequality" in parts(result["perceptron"])["perceptron_train"].mistakes
    assert "adam.no_bias_correction" in parts(result["optimizers"])["adam"].mistakes
    assert parts(result["optimizers"])["rmsprop"].score == 2
    assert parts(result["batchnorm"])["layernorm_backward"].score == 2


def test_broken_files_cost_only_what_they_must(tmp_path):
    result = by_id(grade(student(tmp_path, FIXTURES / "broken")))
    backprop, batchnorm, perceptron, optimizers = (result[m] for m in MODULES)
    assert backprop.score == 0 and "SyntaxError" in render(backprop.error)
    assert batchnorm.score == 0 and "I forgot to finish" in render(batchnorm.error)
    train, predict = perceptron.parts
    assert predict.score == predict.max_score
    assert 0 < train.score < train.max_score  # separable data right; the endless loop times out
    assert "time limit" in words_of(train)
    opt = parts(optimizers)
    assert opt["sgd"].score == 1 and opt["rmsprop"].score == 2  # a list where an array was expected is fine
    for name, words in {
        "sgd_momentum": "returned None",
        "nesterov_momentum": "NaN or inf",
        "adagrad": "NotImplementedError",
        "adadelta": "is not a function",
        "adam": "ended the Python process",
    }.items():
        assert opt[name].score == 0
        assert words in words_of(opt[name]), name


def test_missing_files_are_missing_and_the_rest_is_graded(tmp_path):
    result = by_id(grade(student(tmp_path, REFERENCE, "perceptron")))
    assert result["perceptron"].score == 10
    for module in ("backprop", "batchnorm", "optimizers"):
        assert result[module].status == MISSING and result[module].score == 0


HOSTILE = {
    "exit at import": ("import sys\nsys.exit(0)\n", "could not be imported"),
    "exit in a call": (
        ("import sys\n"
        "from numpy import where, asarray\n"
        "def perceptron_train(X, y, max_epochs=100):\n    sys.exit(1)\n"
        "def perceptron_predict(X, w, b):\n    return where(asarray(X) @ w + b >= 0, 1, -1)\n"),
        "ended the Python process",
    ),
    "prints a lot, returns a matrix": (
        ("import numpy as np\n"
        "def perceptron_train(X, y, max_epochs=100):\n    print('x' * 10**6)\n    return None\n"
        "def perceptron_predict(X, w, b):\n    print('y' * 10**5)\n"
        "    return np.asmatrix(np.where(X @ w + b >= 0, 1.0, -1.0))\n"),
        "returned None",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_perceptron_files_are_contained(case, tmp_path):
    source, words = HOSTILE[case]
    (tmp_path / "perceptron.py").write_text(source)
    shutil.copy(REFERENCE / "optimizers.py", tmp_path / "optimizers.py")
    result = by_id(grade(tmp_path))
    assert result["optimizers"].score == 15  # the other file is graded as usual
    perceptron = result["perceptron"]
    train = parts(perceptron)["perceptron_train"]
    assert train.score == 0
    text = words_of(train) + (render(perceptron.error) if perceptron.error else "")
    assert words in text


def test_memory_bomb_and_endless_loop_cost_only_their_optimizers(tmp_path):
    source = (REFERENCE / "optimizers.py").read_text()
    source += (
        "\n\ndef sgd(w, dw, config=None):\n    while True:\n        pass\n"
        "\n\ndef adagrad(w, dw, config=None):\n    hog = bytearray(2**36)\n    return w, config\n"
    )
    (tmp_path / "optimizers.py").write_text(source)
    opt = parts(by_id(grade(tmp_path))["optimizers"])
    assert opt["sgd"].score == 0 and opt["adagrad"].score == 0
    assert "time limit" in words_of(opt["sgd"])
    assert "MemoryError" in words_of(opt["adagrad"]) or "ended the Python process" in words_of(opt["adagrad"])
    for name in ("sgd_momentum", "nesterov_momentum", "rmsprop", "adadelta", "adam"):
        assert opt[name].score == opt[name].max_score, (name, words_of(opt[name]))


def test_in_place_tricks_and_odd_return_types_are_fine(tmp_path):
    (tmp_path / "backprop.py").write_text((REFERENCE / "backprop.py").read_text() + (
        "\n\ndef relu_forward(x):\n    x[x < 0] = 0  # in place: the cache is the output\n    return x, x\n"
        "\n\ndef relu_backward(dout, cache):\n    dout[cache <= 0] = 0\n    return dout\n"
        "\n\ndef affine_forward(x, w, b):\n    return [list(row) for row in (x @ w + b)], (x, w, b)\n"
        "\n\ndef mse_loss(pred, target):\n    d = pred - target\n    return np.array([[0.5 * np.sum(d**2) / len(d)]]), d / len(d)\n"
    ))
    backprop = by_id(grade(tmp_path))["backprop"]
    assert backprop.score == 15, [(p.id, words_of(p)) for p in backprop.parts if p.score < p.max_score]


def test_an_unused_import_of_a_package_the_sandbox_lacks_costs_nothing_and_a_use_says_why(tmp_path):
    student(tmp_path, FIXTURES / "equivalent", "backprop")
    source = (tmp_path / "backprop.py").read_text()
    header = "import matplotlib.pyplot as plt\nfrom scipy.special import expit\nimport torch\n"
    using = "\n\ndef tanh_forward(x):\n    return expit(x), None\n"  # replaces the student's tanh_forward
    (tmp_path / "backprop.py").write_text(header + source + using)
    parts = {p.id: p for p in by_id(grade(tmp_path))["backprop"].parts}
    assert parts["affine_forward"].score == parts["affine_forward"].max_score
    assert parts["tanh_forward"].score == 0
    assert "scipy is not available to the grader" in " ".join(render(c.message, "en") for c in parts["tanh_forward"].checks if c.message)


def test_plotting_boilerplate_at_the_top_of_a_file_costs_nothing(tmp_path):
    student(tmp_path, FIXTURES / "equivalent", "perceptron")
    source = (tmp_path / "perceptron.py").read_text()
    header = 'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\nplt.style.use("ggplot")\nfigure = plt.figure()\n'
    (tmp_path / "perceptron.py").write_text(header + source)
    perceptron = by_id(grade(tmp_path))["perceptron"]
    assert perceptron.score == perceptron.max_score


def test_code_for_numpy_1_runs_with_its_numpy_1_meaning_and_the_note_costs_nothing(tmp_path):
    """Issue 12: np.product, np.float, np.NaN, np.asscalar... removed in NumPy 2, served in the
    sandbox with their NumPy 1 meaning; the note names them from the child's own accounting."""
    result = grade(student(tmp_path, FIXTURES / "numpy1", "backprop"))
    backprop = by_id(result)["backprop"]
    assert backprop.score == backprop.max_score, {p.id: words_of(p) for p in backprop.parts if p.score < p.max_score}
    notes = {p.id: words_of(p) for p in backprop.parts if "NumPy 2 removed" in words_of(p)}
    assert "np.product (np.prod)" in notes["affine_forward"] and "np.float (" in notes["affine_forward"]
    assert "np.float_ (np.float64)" in notes["affine_forward"]  # used at import: charged to the first call
    assert "np.asscalar" in notes["softmax_loss"] and "np.alltrue (np.all)" in notes["affine_backward"]
    assert "np.cumproduct" in notes["mse_loss"] and "np.round_" in notes["mse_loss"] and "np.Inf" in notes["mse_loss"]
    assert "sigmoid_forward" not in notes and "tanh_backward" not in notes


def test_degenerate_results_are_graded_in_the_sandbox_without_crashing_the_problem(tmp_path):
    """Issue 10 item 6: np.zeros((0, 3)), a 0-d result where an array is expected, empty losses."""
    source = (REFERENCE / "backprop.py").read_text()
    source += '''

def affine_forward(x, w, b):
    return np.zeros((0, 3)), (x, w, b)


def tanh_forward(x):
    return np.float64(0.0), np.tanh(x)


def softmax_loss(scores, y):
    return np.zeros((1, 0)), np.zeros(0)


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    return np.zeros((0,)), {key: np.zeros((0, 3)) for key in params}
'''
    (tmp_path / "backprop.py").write_text(source)
    backprop = by_id(grade(tmp_path))["backprop"]
    assert backprop.error is None
    scores = {p.id: p.score for p in backprop.parts}
    assert scores["affine_forward"] == scores["tanh_forward"] == scores["softmax_loss"] == scores["mlp_loss"] == 0
    assert scores["affine_backward"] == 2 and scores["mse_loss"] == 1
    assert "shape (0, 3)" in words_of(parts(backprop)["affine_forward"])


def test_a_forward_that_raises_in_the_sandbox_leaves_its_backward_judged_on_the_reference_cache(tmp_path):
    # a learner's affine forward that flattens with a batch size of their own training run
    source = (REFERENCE / "backprop.py").read_text()
    source += (
        "\n\ndef affine_forward(x, w, b):\n"
        "    flat = x.reshape(100, -1)\n"
        "    return flat @ w + b, (x, w, b)\n"
    )
    (tmp_path / "backprop.py").write_text(source)
    from grader.presentation.render import render_result

    result = grade_submission(tmp_path, seed=5, problems=[load_problem("backprop")], options=FAST)
    backprop = parts(by_id(result)["backprop"])
    assert backprop["affine_forward"].score == 0
    assert backprop["affine_backward"].score == 2
    assert "judged there on the cache the reference affine_forward builds" in words_of(backprop["affine_backward"])
    # the exception, the line it was raised at, and the case's inputs by their values
    failed = next(c for c in backprop["affine_forward"].checks if not c.passed)
    assert "ValueError" in render(failed.message) and "line" in render(failed.message)
    assert failed.inputs and not any("array of shape" in v for v in failed.inputs.values())
    text = render_result(result, "text")
    assert "Inputs: x = [[" in text and "w = [[" in text
