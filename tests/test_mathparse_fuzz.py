"""Fuzzing the math parser: whatever the text, only MathParseError comes out, and quickly."""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.mathparse import Limits, MathParseError, Notation, parse_expression, parse_line

EXAMPLES = int(os.environ.get("MATHPARSE_FUZZ_EXAMPLES", "300"))

NOTATIONS = [
    Notation(),
    Notation(indexed={"x": 1, "y": 1, "Y": 2, "z": 1}, index_ranges={"i": ("1", "n"), "k": ("1", "K")},
             functions={"L": ("w", "b"), "Var": ()}, symbols=("n_in", "n_out", "const")),
    Notation(matrices={"H": ("d", "d"), "V": ("d", "d"), "Lambda": ("d", "d"), "w": ("d", "1"),
                       "w_star": ("d", "1"), "tilde_w": ("d", "1")},
             identity="I", functions={"J": ("w",), "tilde_J": ("w",)}, indexed={"lambda": 1}),
]

FRAGMENTS = [
    "x", "y", "w", "b", "H", "I", "e", "n", "i", "k", "0", "1", "2", "9", "10", "0.5", "1e3",
    "+", "-", "*", "/", "^", "_", "**", "(", ")", "[", "]", "{", "}", "|", "||", "!", ",", ".", "=",
    "<", "=>", "<=>", ":=", "&", "'", " ", "\\\\", "^{", "_{", "^{-1}", "^T", "^*", "^{9^{9}}",
    "\\frac", "\\frac{", "\\dfrac", "\\sqrt", "\\sqrt[", "\\sum", "\\sum_{i=1}^{n}", "\\sum_i",
    "\\prod", "\\prod_{k=1}^{K}", "\\log", "\\ln", "\\exp", "\\log_{10}", "\\partial", "\\nabla_w",
    "\\alpha", "\\lambda", "\\sigma", "\\pi", "\\epsilon", "\\Lambda", "\\tilde", "\\hat", "\\bar",
    "\\mathbf", "\\mathrm{Var}", "\\text{const}", "\\text{ for }", "\\operatorname{arg\\,min}",
    "\\arg", "\\min", "\\max", "\\argmin", "\\left(", "\\right)", "\\left.", "\\right|", "\\big(",
    "\\cdot", "\\times", "\\div", "\\|", "\\lVert", "\\rVert", "\\Rightarrow", "\\iff", "\\approx",
    "\\neq", "\\substack{", "\\stackrel{def}{=}", "\\underset{w}{", "\\delta_{ij}", "\\infty",
    "\\,", "\\quad", "\\tag{1}", "\\foo", "\\{", "\\}", "α", "−", "·", "√", "∑", "²", "⇒", "≠",
    "Var(", "L", "J(", "y_{ik}", "x_i", "z_j", "n_{in}", "w^\\ast", "\\mathbb{V}[", "!",
    "(" * 30, ")" * 30, "{" * 30, "}" * 30, "2^{2^{2^{2^{2}}}}", "99999999999999999999",
    # notation read since issue 11's third round
    "^{T^{-1}}", "^{-T}", "{\\bf X}", "\\bf", "\\Bw", "_{k=i}", "_{k \\not= i}", "\\sum_n^N",
    "\\text{arg }\\mathop{\\text{min}}_{w}", "\\mathop{", "(w,b)_{\\text{MLE}}", "\\text{since $V^{-1}=V$}", "$",
]

soup = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=40).map("".join)
any_text = st.text(max_size=200)
ascii_math = st.text(alphabet="xyzabn0123456789+-*/^_()[]{}|!.,= eE\\", max_size=120)

SETTINGS = settings(max_examples=EXAMPLES, deadline=1000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _reads_safely(src: str, notation: Notation) -> None:
    for read in (parse_line, parse_expression):
        start = time.perf_counter()
        try:
            read(src, notation)
        except MathParseError as err:
            assert err.message.key.startswith("parse.")
            assert {"snippet", "column"} <= set(err.message.params)
            assert 1 <= err.column <= len(src) + 1
            str(err)
        assert time.perf_counter() - start < 1.0, src


@SETTINGS
@given(src=soup, which=st.integers(0, len(NOTATIONS) - 1))
def test_token_soup(src, which):
    _reads_safely(src, NOTATIONS[which])


@SETTINGS
@given(src=any_text, which=st.integers(0, len(NOTATIONS) - 1))
def test_random_text(src, which):
    _reads_safely(src, NOTATIONS[which])


@SETTINGS
@given(src=ascii_math)
def test_ascii_math(src):
    _reads_safely(src, NOTATIONS[1])


@settings(max_examples=max(EXAMPLES // 3, 50), deadline=1000, derandomize=True)
@given(src=soup)
def test_tight_limits(src):
    limits = Limits(max_length=60, max_depth=5, max_nodes=20, max_exponent=5, max_factorial=5,
                    max_integer_digits=3, max_sum_bound=10)
    try:
        parse_line(src, NOTATIONS[1], limits)
    except MathParseError:
        pass


# -- round trip: SymPy's own LaTeX of a trusted expression reads back as the same function ------

import sympy  # noqa: E402

_x, _y, _alpha, _sigma = sympy.symbols("x y alpha sigma")
_LEAVES = [_x, _y, _alpha, _sigma, sympy.Integer(2), sympy.Integer(3), sympy.Rational(1, 2), sympy.pi, sympy.E]
_POINT = {_x: sympy.Rational(7, 10), _y: sympy.Rational(13, 10), _alpha: sympy.Rational(3, 2),
          _sigma: sympy.Rational(9, 10)}


def _expressions(depth: int):
    leaf = st.sampled_from(_LEAVES)
    if depth == 0:
        return leaf
    sub = _expressions(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(sub, sub).map(lambda ab: ab[0] + ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] - ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] * ab[1]),
        st.tuples(sub, sub).map(lambda ab: ab[0] / ab[1]),
        st.tuples(sub, st.sampled_from([2, 3, -1, sympy.Rational(1, 2)])).map(lambda ab: ab[0] ** ab[1]),
        sub.map(sympy.exp),
        sub.map(lambda a: sympy.log(a**2 + 1)),
        sub.map(lambda a: sympy.sqrt(a**2 + 1)),
    )


@settings(max_examples=150, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(expected=_expressions(3))
def test_sympy_latex_reads_back(expected):
    if expected.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return
    src = sympy.latex(expected)
    if "infty" in src or "i " in src or src.startswith("i"):  # zoo and the imaginary unit are not course math
        return
    try:
        got = parse_expression(src)
    except MathParseError as err:  # a fair refusal of a huge number (e^{e^{8}} > 10^1000)
        assert err.message.key in ("parse.number_too_big", "parse.exponent_too_big"), (src, err)
        return
    try:
        want = complex(expected.evalf(subs=_POINT))
    except (TypeError, OverflowError):  # no finite value to compare at this point
        return
    have = complex(got.evalf(subs=_POINT))
    assert abs(want - have) <= 1e-9 * max(1.0, abs(want)), (src, expected, got)


# --- Whole sections, mutated as students slip: only our own messages may reach the feedback -------

import random  # noqa: E402
import re  # noqa: E402

from grader.course.course import load_problem  # noqa: E402
from grader.course.problem import GradingContext  # noqa: E402
from grader.reading.answers_md import read_answers_document  # noqa: E402
from grader.reading.submission import Submission  # noqa: E402
from grader.results.i18n import render  # noqa: E402

#: Real-style lines per problem, in the notations students use (course letters and their own).
REAL_STYLE_LINES = {
    "softmax_ce_grad": [
        r"\frac{\partial E}{\partial z_i} = -\sum_{k=1}^{K} \frac{Y_k}{y_k}\frac{\partial y_k}{\partial z_i}",
        r"\frac{\partial y_k}{\partial z_i} = \begin{cases} y_i(1-y_i) & \text{if } k=i \\ -y_i y_k & \text{if } k \neq i \end{cases}",
        r"= -Y_i(1-y_i) + \sum_{k \neq i} Y_k y_i = y_i - Y_i",
        r"a_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}",
        r"\frac{\partial E}{\partial z} = y - Y",
        r"\frac{\partial E}{\partial z_j} = -\sum_k Y_k (\delta_{kj} - y_j) = y_j - Y_j",
        r"\frac{\partial \mathbf{E}}{\partial \mathbf{z}} = \mathbf{y} - \mathbf{Y}",
        r"{\partial y_{k \not= i} \over \partial z_i} = - \frac{e^{z_{k \not= i}}}{\sum e^{z_j}} \frac{e^{z_i}}{\sum e^{z_j}} = - y_{k \not= i} y_i",
        r"\frac{\partial y_{k=i}}{\partial z_i} = y_{k=i}(1 - y_i)",
    ],
    "ce_mle": [
        r"L(\theta) = \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}",
        r"y_{ik} = \frac{\exp(x_i^\top\theta_k)}{\sum_{j} \exp(x_i^\top \theta_j)}",
        r"\arg\max_\theta L(\theta) = \arg\min_\theta -\frac{1}{n}\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}",
        r"\mathbf{Y} \log \mathbf{y} = \sum_{k} Y^{(i)}_k \log y^{(i)}_k",
        r"- \log P( { \bf Y } \mid { \bf X } ) = - \sum_{n=1}^{N} \sum_k^K Y_{nk} \log y_{nk}",
    ],
    "mle_mse": [
        r"(w,b)_{\text{MLE}}=\text{arg }\mathop{\text{min}}_{w,b}\frac{1}{2}\sum_{i=1}^n\left( y_i-(w x_i + b) \right)^2",
        r"-\log L(w,b) = \sum_{i=1}^n \frac{1}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}(y^{(i)} - w x^{(i)} - b)^2",
        r"p(y_i \mid x_i; w, b) = \mathcal{N}(y_i; w x_i + b, \sigma^2)",
        r"\arg\max_{w,b} L(w,b) = \arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2",
        r"\log L(w,b) = \sum_{i=1}^n \log \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)",
    ],
    "l2_shrinkage": [
        r"\nabla_w \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w = 0 \Rightarrow \tilde w = (H + \alpha I)^{-1} H w^*",
        r"\tilde w = V (\Lambda + \alpha I)^{-1} \Lambda V^T w^*",
        r"w_{ij} \leftarrow w_{ij} - \eta \frac{\partial J}{\partial w_{ij}}",
        r"= V^{T^{-1}} (\Lambda+ \alpha I)^{-1} V^{-1} V \Lambda V^T w^* = V^{-T}\Lambda w^*",
        r"\nabla_\Bw\tilde J = \alpha\Bw + \nabla_\Bw J",
        r"\text{since V is orthogonal: $VV^T = I$}",
    ],
    "xavier_variance": [
        r"\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) = n \mathrm{Var}(w)\mathrm{Var}(a)",
        r"\mathrm{Var}(w_j a_j) = E[w_j^2]E[a_j^2] - E[w_j]^2 E[a_j]^2",
        r"\mathrm{Var}(w) = \frac{2}{n_{in} + n_{out}} \Rightarrow r = \sqrt{\frac{6}{n_{in}+n_{out}}}",
    ],
}

_SECTION_IDS = {"softmax_ce_grad": "softmax-ce-grad", "ce_mle": "ce-mle", "mle_mse": "mle-mse",
                "l2_shrinkage": "l2-shrinkage", "xavier_variance": "xavier-variance"}

#: What a Python fault looks like in text: none of it may reach a student.
_INTERNAL = re.compile(r"Traceback|[A-Za-z]+Error\b|Exception\b|object has no attribute|NoneType|<class |sympy\.")


def _mutate(line: str, rng: random.Random) -> str:
    """One slip a student makes: a dropped brace, swapped indices, a renamed symbol, a lost command."""
    kind = rng.randrange(6)
    if kind == 5:  # as written: real lines alone have shown faults
        return line
    if kind == 0 and "{" in line:  # a dropped brace
        places = [m.start() for m in re.finditer(r"[{}]", line)]
        at = rng.choice(places)
        return line[:at] + line[at + 1:]
    if kind == 1:  # swapped indices
        return line.translate(str.maketrans({"i": "k", "k": "i"})) if rng.random() < 0.5 else line.replace("_i", "_j")
    if kind == 2:  # a renamed symbol
        old, new = rng.choice([("y", "a"), ("z", "o"), ("Y", "t"), ("w", "\\theta"), ("E", "L"), ("H", "\\mathbf{H}")])
        return re.sub(rf"(?<![A-Za-z\\]){re.escape(old)}(?![A-Za-z])", lambda _: new, line)
    if kind == 3:  # a lost or doubled command
        commands = [m.group() for m in re.finditer(r"\\[A-Za-z]+", line)]
        if commands:
            command = rng.choice(commands)
            return line.replace(command, "" if rng.random() < 0.5 else command + command[1:], 1)
    cut = rng.randrange(1, max(2, len(line)))  # a line cut short
    return line[:cut]


def _all_text(result) -> str:
    texts = []
    if result.error is not None:
        texts.append(render(result.error, "en"))
    for part in result.parts:
        texts.extend(render(m, lang) for m in part.feedback for lang in ("en", "zh"))
        for line in part.lines or ():
            if line.error is not None:
                texts.append(render(line.error, "en"))
            texts.extend(render(k.reason, "en") for k in line.links if k.reason is not None)
    return "\n".join(texts)


def test_mutated_real_style_sections_show_only_our_own_messages():
    rng = random.Random(2026)
    for module, lines in REAL_STYLE_LINES.items():
        problem = load_problem(module)
        for round_ in range(8):
            chosen = [_mutate(rng.choice(lines), rng) for _ in range(3)]
            markdown = f"## {_SECTION_IDS[module]}\n$$\n" + " \\\\\n".join(chosen) + "\n$$\nAnswer: $" + _mutate(lines[-1], rng) + "$\n"
            context = GradingContext(seed=round_, answers=read_answers_document(markdown))
            result = problem.grade(Submission(root=None), context)  # type: ignore[arg-type]
            assert result.status != "error", (markdown, result.error)
            text = _all_text(result)
            assert not _INTERNAL.search(text), (markdown, _INTERNAL.search(text).group(), text)


# --- The real-world corpus's own lines, mutated: the parser answers with its own messages only ------

import importlib.util  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

_CORPUS = Path(__file__).resolve().parent / "realworld" / "derivations"


def _corpus_lines() -> list[str]:
    """Every display line of every item of the real-world corpus, both versions (see run.split_lines)."""
    spec = importlib.util.spec_from_file_location("realworld_run", _CORPUS / "run.py")
    run = sys.modules.get("realworld_run") or importlib.util.module_from_spec(spec)
    sys.modules["realworld_run"] = run  # its dataclasses look their module up while being defined
    spec.loader.exec_module(run)  # type: ignore[union-attr]
    lines = []
    for folder in sorted((_CORPUS / "items").iterdir()):
        for version in ("as_written", "course"):
            path = folder / f"{version}.md"
            if path.exists():
                lines.extend(run.split_lines(path.read_text(encoding="utf-8")))
    return lines


def test_the_corpus_lines_mutated_give_only_parse_errors():
    """Issue 11, item 4: dropped braces, swapped indices, renamed symbols, lost commands and cut lines on
    the real derivations' own lines, read in each problem's notation: a value or our own message."""
    rng = random.Random(11)
    lines = _corpus_lines()
    assert len(lines) > 400
    notations = [load_problem(module).notation for module in REAL_STYLE_LINES]
    for line in lines:
        for notation in rng.sample(notations, 2):
            _reads_safely(_mutate(line, rng), notation)


def test_mutated_corpus_sections_show_only_our_own_messages():
    """Whole sections built from the corpus's mutated lines, graded: no Python words in any feedback."""
    rng = random.Random(12)
    lines = _corpus_lines()
    for module in REAL_STYLE_LINES:
        problem = load_problem(module)
        for round_ in range(3):
            chosen = [_mutate(rng.choice(lines), rng) for _ in range(4)]
            markdown = f"## {_SECTION_IDS[module]}\n$$\n" + " \\\\\n".join(chosen) + "\n$$\nAnswer: $" + _mutate(rng.choice(lines), rng) + "$\n"
            context = GradingContext(seed=round_, answers=read_answers_document(markdown))
            result = problem.grade(Submission(root=None), context)  # type: ignore[arg-type]
            assert result.status != "error", (markdown, result.error)
            text = _all_text(result)
            assert not _INTERNAL.search(text), (markdown, _INTERNAL.search(text).group(), text)
