r"""A min or max over the samples, as a convergence proof writes it: `\min_n (y_n w_{opt}^T x_n)`, `MAX_n\|x_n\|^2`.

The perceptron's proof bounds the one update's terms by the data's extremes: `w_{opt}^T w_{k-1} + y_i w_{opt}^T
x_i \ge w_{opt}^T w_{k-1} + \min_n(y_n w_{opt}^T x_n)` (the margin), `\|w_k\|^2 \le \|w_{k-1}\|^2 + \max_n
\|x_n\|^2` (the radius).  A TA reads the min (max) over the sample index n of the expression in the n-th
sample, and checks the bound against the data.

A problem whose points hold their data set (`SAMPLES`: the inputs as rows and the labels) declares the functions
`SampleMin` and `SampleMax` and the n-th sample's letters (`x_n`, `y_n`); its checker evaluates them with
`sample_extrema()`.  In such a problem, `\min_n`, `\max_{n}`, `min_n`, `MAX_n` (with or without the backslash,
any case) followed by a bracket or a norm `\|...\|` (with its power) is read as that function of the expression
and the index, and the feedback says so.  Nothing of the student's text is evaluated: the parser reads the
expression, the evaluator computes it at each sample.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from grader.mathengine.evaluate import EvaluationError, Evaluator
from grader.mathparse import Notation
from grader.mathparse.brackets import closing_bracket
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_sample_extremum": (
            "a min or max over the samples n of the expression in the n-th sample (x_n, y_n), computed on the data",
            "对样本 n 取最小或最大值（第 n 个样本为 x_n, y_n），在数据上计算",
        ),
    }
)

#: The reading's name in a line's readings (its message key: `derivation.reading_sample_extremum`).
SAMPLE_EXTREMUM = "sample_extremum"

#: The functions' names in a problem's notation and special functions.
SAMPLE_MIN, SAMPLE_MAX = "SampleMin", "SampleMax"

#: The point's key for the data set: `{"inputs": one row per sample, "labels": one per sample}`.
SAMPLES = "_samples"

_EXTREMUM = re.compile(r"(?<![A-Za-z])\\?(?P<kind>min|max|MIN|MAX|Min|Max)\s*_\s*(?:\{\s*(?P<braced>[a-z])\s*\}|(?P<plain>[a-z]))\s*")
_OPENING = re.compile(r"(?:\\left\s*)?(\(|\[)")
_NORM = re.compile(r"\\\||\\Vert(?![A-Za-z])")
_POWER = re.compile(r"\s*\^\s*(?:\{\s*[0-9]\s*\}|[0-9])")

ChainReader = Callable[[str, Notation], ParsedLine]


def sample_extremum_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain`, with the extremes over the samples read as `SampleMin` / `SampleMax` where the problem has them."""

    def read(text: str, notation: Notation) -> ParsedLine:
        if SAMPLE_MAX not in notation.functions or not _EXTREMUM.search(text):
            return read_chain(text, notation)
        written = sample_extrema_written(text)
        if written == text:
            return read_chain(text, notation)
        parsed = read_chain(written, notation)
        return replace(parsed, readings=(SAMPLE_EXTREMUM, *parsed.readings))

    return read


def sample_extrema_written(text: str) -> str:
    """`text` with each `\\min_n (E)` / `\\max_n \\|E\\|^2` written `\\operatorname{SampleMin}(E, n)` (unchanged where
    the operator is followed by neither a bracket nor a norm)."""
    out, position = [], 0
    for match in _EXTREMUM.finditer(text):
        if match.start() < position:
            continue
        argument = _argument(text, match.end())
        if argument is None:
            continue
        start, end, resume = argument
        name = SAMPLE_MIN if match.group("kind").lower() == "min" else SAMPLE_MAX
        index = match.group("braced") or match.group("plain")
        out.append(f"{text[position:match.start()]}\\operatorname{{{name}}}({text[start:end]}, {index})")
        position = resume
    out.append(text[position:])
    return "".join(out)


def _argument(text: str, at: int) -> tuple[int, int, int] | None:
    """The operator's argument after `at` (its start, its end, where the text resumes): a plain parenthesis's
    inside, a bracket with its `\\left ... \\right`, or a norm with its power; None where none follows."""
    opening = _OPENING.match(text, at)
    if opening is not None:
        close = closing_bracket(text, opening.end())
        if close is None:
            return None
        if opening.group(0) == "(":
            return opening.end(), close, close + 1
        return opening.start(), close + 1, close + 1
    norm = _NORM.match(text, at)
    if norm is None:
        return None
    closing = _NORM.search(text, norm.end())
    if closing is None:
        return None
    power = _POWER.match(text, closing.end())
    end = power.end() if power else closing.end()
    return at, end, end


def sample_extrema(index_letters: str = "n") -> dict[str, Callable[[Evaluator, tuple], Any]]:
    """The special functions `SampleMin`, `SampleMax`: the expression's min (max) over the point's samples, with
    the n-th sample's input and label as `x_n`, `y_n` (n: the index the line writes)."""

    def extreme(choose: Callable[[list[float]], float]) -> Callable[[Evaluator, tuple], Any]:
        def evaluate(evaluator: Evaluator, args: tuple) -> Any:
            if len(args) != 2 or not isinstance(args[1], sympy.Symbol) or args[1].name not in index_letters:
                raise EvaluationError("a min or max over the samples takes an expression and the sample index")
            samples = evaluator.values.get(SAMPLES)
            if samples is None:
                raise EvaluationError("the samples have no value here")
            inputs, labels = samples["inputs"], samples["labels"]
            letter = args[1].name
            values = []
            for row, label in zip(inputs, labels):
                point = {**evaluator.values, f"x_{letter}": np.asarray(row, dtype=float).reshape(-1, 1), f"y_{letter}": float(label)}
                value = np.asarray(Evaluator(point, evaluator.definitions, evaluator.special, evaluator.deadline).value(args[0]))
                if value.size != 1 or abs(complex(value.reshape(-1)[0]).imag) > 1e-9:
                    raise EvaluationError("a min or max over the samples needs a number at each sample")
                values.append(complex(value.reshape(-1)[0]).real)
            return complex(choose(values))

        return evaluate

    return {SAMPLE_MIN: extreme(min), SAMPLE_MAX: extreme(max)}
