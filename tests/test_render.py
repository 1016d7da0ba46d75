"""Reports rendered with Jinja: text, Markdown, HTML in English and Chinese."""

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from report_samples import HOSTILE, rosenbrock_run, sample_result

from grader.apps.cli import main
from grader.grading.pipeline import grade_submission
from grader.presentation.plot import contour_segments, histogram, trajectory_plot
from grader.presentation.render import FORMATS, code_span, render_result
from grader.results import i18n


@pytest.fixture(scope="module")
def result():
    return sample_result()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_and_language_renders_every_problem(result, fmt, lang):
    text = render_result(result, fmt, lang)
    for problem in result.problems:
        assert problem.id in text
    if fmt == "json":
        assert json.loads(text)["score"] == 10.5
    else:
        assert "10.5 / 49" in text


def test_html_is_self_contained_and_escapes_student_text(result):
    html = render_result(result, "html", "en")
    assert HOSTILE not in html
    assert "<script" not in html and "<img" not in html
    assert "&lt;boom&gt; &amp; &#39;quotes&#39;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "http://" not in html.replace("http://evil.example", "")
    assert "@import" not in html and "url(" not in html


def test_html_shows_links_first_invalid_line_counterexample_and_checks(result):
    html = render_result(result, "html", "en")
    assert html.count('class="mark-ok"') >= 2 and 'class="mark-bad"' in html and 'class="mark-unknown"' in html
    first_invalid = re.search(r'<li class="first-invalid[^"]*" id="line-mle-mse-derivation-2">(.*?)</li>', html, re.DOTALL)
    assert first_invalid and "The two sides are not equal." in first_invalid.group(1)
    assert "First invalid line: 2" in html
    assert "<th><code>sigma</code></th>" in html and ">3.2<" in html and ">0.8<" in html
    assert "Expected" in html and "shape (4, 5)" in html and "shape (5, 4)" in html and ">nan<" in html
    assert "You returned dw transposed" in html
    assert "namespaces+rlimits" in html and "4242" in html


def test_html_draws_score_chart_and_a_plot_only_where_the_trajectories_differ(result):
    html = render_result(result, "html", "en")
    # sgd_momentum's paths coincide (its table says all there is); adam's diverge
    assert html.count('<svg class="plot"') == 1
    assert '<svg class="chart"' in html
    assert html.count('class="contour"') >= 3
    assert 'class="traj-ref"' in html and 'class="traj-student"' in html
    assert html.count('class="tick-x"') >= 3 and html.count('class="tick-y"') >= 2
    assert 'class="divergence"' in html and "first differ from the reference&#39;s at step 1" in html
    assert "leaves the plotted area" in html


def test_chinese_report_uses_chinese_labels_everywhere(result):
    html = render_result(result, "html", "zh")
    for word in ("评分报告", "总分", "第一处错误：第 2 行", "反例", "期望值", "诊断出的错误", "参考实现"):
        assert word in html
    for word in ("Grading report", "Expected", "Counterexample", "First invalid line"):
        assert word not in html


def test_every_ui_label_exists_in_both_languages():
    ui = [k for k in i18n.keys() if k.startswith("ui.")]
    assert len(ui) > 40
    for key in ui:
        entry = i18n._CATALOG[key]
        assert (entry["en"] and entry["zh"] and entry["en"] != entry["zh"]) or key in ("ui.shape",), key


def test_markdown_keeps_student_text_in_code_spans(result):
    md = render_result(result, "md", "en")
    for line in md.splitlines():
        if "<script>" in line:
            assert re.search(r"`[^`]*<script>[^`]*`", line), line
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"


def test_text_report_explains_lost_points(result):
    text = render_result(result, "text", "en")
    assert "First invalid line: 2" in text
    md = render_result(result, "md", "en")
    assert "Counterexample: `n = 2, sigma = 0.5, w = 1, b = 0`; left side = `3.2`, right side = `0.8`" in md
    assert "values on random non-square inputs" in text


def test_real_grading_output_renders_in_every_format(tmp_path):
    (tmp_path / "answers.md").write_text("## mle-mse\nAnswer: $x$\n")
    (tmp_path / "backprop.py").write_text("def broken(:\n")
    graded = grade_submission(tmp_path)
    for fmt in FORMATS:
        for lang in ("en", "zh"):
            assert render_result(graded, fmt, lang)


def test_cli_writes_html_and_md_to_output(tmp_path):
    out = tmp_path / "report.html"
    runner = CliRunner()
    done = runner.invoke(main, [str(tmp_path), "--format", "html", "--output", str(out), "--lang", "zh"])
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    done = runner.invoke(main, [str(tmp_path), "--format", "md"])
    assert done.exit_code == 0 and done.stdout.startswith("# ")


def test_contours_of_a_quadratic_are_ellipses_around_the_minimum():
    xs = ys = np.linspace(-2, 2, 41)
    z = xs[None, :] ** 2 + ys[:, None] ** 2
    segments = contour_segments(xs, ys, z, 1.0)
    radii = np.linalg.norm(segments.reshape(-1, 2), axis=1)
    assert len(segments) > 20 and np.allclose(radii, 1.0, atol=0.01)


def test_trajectory_plot_copes_with_divergence_nan_and_nothing():
    reference = rosenbrock_run()
    plot = trajectory_plot({"objective": "rosenbrock", "reference": reference, "student": [reference[0], [1e30, -1e30], [float("nan"), 1.0], [0, 0]]})
    assert plot is not None and plot.left_plot and plot.contours
    assert plot.student_points == 2 and plot.divergence_step == 1
    assert trajectory_plot({"objective": "rosenbrock", "reference": reference, "student": [[float("nan"), 1.0]]}).student_points == 0
    assert trajectory_plot(None) is None
    assert trajectory_plot({"objective": "rosenbrock", "reference": "junk", "student": [[1, 2, 3]]}) is not None
    assert trajectory_plot({"objective": "unknown", "reference": [[0, 0], [1, 1]]}).contours == ()
    assert trajectory_plot({"reference": [], "student": []}) is None


def test_histogram_counts_every_score_once():
    hist = histogram([0, 10, 55, 100, 100], 100)
    assert sum(hist.counts) == 5 and hist.counts[-1] == 2 and hist.tallest == 2


def test_json_report_is_strict_json_with_trajectories_and_isolation(result):
    data = json.loads(render_result(result, "json", "en"), parse_constant=lambda name: pytest.fail(f"non-standard {name}"))
    checks = [c for p in data["problems"] for part in p["parts"] for c in part.get("checks", [])]
    assert any(c["expected"] and "nan" in c["expected"]["values"][1] for c in checks)
    adam = next(c for c in checks if c["trajectory"] and c["trajectory"]["objective"] == "quadratic")
    assert adam["trajectory"]["student"][3] == [None, 3.0]
    assert next(p for p in data["problems"] if p["id"] == "backprop")["isolation"] == "namespaces+rlimits"


def test_every_sentence_of_every_area_exists_in_chinese():
    """The course is taught in Chinese: no feedback sentence may fall back to English."""
    import grader.apps.batch
    import grader.apps.gradescope
    import grader.apps.kit
    import grader.reading.zipsafe
    from grader.course.course import load_course

    load_course()
    try:
        import grader.reference.mutants  # noqa: F401
    except ImportError:
        pass
    missing = [
        key for key in i18n.keys()
        if not i18n._CATALOG[key]["zh"].strip()
        or (i18n._CATALOG[key]["zh"] == i18n._CATALOG[key]["en"] and not re.search(r"[\u4e00-\u9fff]", i18n._CATALOG[key]["zh"]))
    ]
    assert len(i18n.keys()) > 150 and missing == []


# -- math, summary, repetition, tables, Chinese, control characters (issue 13, issue 10 item 6) ----------

from report_samples import GOAL

from grader.presentation.mathml import markdown_math, to_mathml
from grader.presentation.report_view import display_width, lost_points
from grader.results.models import CheckResult, DerivationLine, GradingResult, LinkResult, Message, PartResult, ProblemResult

ESCAPES = "\x1b[2J\x1b[H\rTotal: 100 / 100\x1b]0;owned\x07\x08\x9b1m\u202e"


def outside(tags, html):
    """`html` without the elements named in `tags` (their text included)."""
    for tag in tags:
        html = re.sub(rf"<{tag}\b.*?</{tag}>", " ", html, flags=re.DOTALL)
    return html


def test_html_shows_formulas_as_mathml_and_source_only_where_conversion_fails(result):
    html = render_result(result, "html", "en")
    assert html.count("<math") >= 6
    assert "\\frac" not in outside(["code"], html)
    # line 3 (`\Rightarrow \frac{`) does not parse: its source is shown as code
    assert re.search(r'<code class="math">\\Rightarrow \\frac\{</code>', html)
    # the goal a sentence refers to is shown apart from it, as math
    shown = re.search(r'The derivation does not reach the goal \(shown here\).<div class="shown-math">(.*?)</div>', html, re.DOTALL)
    assert shown and '<math display="block">' in shown.group(1)


def test_mathml_output_is_rebuilt_from_mathml_elements_only():
    assert to_mathml(r"\text{<b>bold</b>}") is None
    assert to_mathml(r"\href{http://evil.example}{x}") is None
    assert to_mathml(r"\frac{") is None
    hostile = to_mathml(r"x < y " + HOSTILE)
    assert hostile is not None and "<script" not in hostile and "<img" not in hostile and "&lt;" in hostile
    assert "<mo>arg</mo>" in to_mathml(r"\arg\max_w L")
    assert markdown_math(r"a < b | c") == r"$a \lt b \vert c$"
    assert markdown_math("a $ b") is None and markdown_math(r"\frac{") is None


def test_markdown_writes_math_between_dollars_and_text_and_json_keep_it_apart(result):
    md = render_result(result, "md", "en")
    assert "$$" + GOAL + "$$" in md
    assert r"✓ $-\log L(w,b) = \sum_{i=1}^{n}" in md
    text = render_result(result, "text", "en")
    assert "\n          " + GOAL + "\n" in text
    data = json.loads(render_result(result, "json", "en"))
    derivation = data["problems"][0]["parts"][1]
    assert derivation["feedback_math"] == [[], [GOAL]] and len(derivation["feedback"]) == 2


def test_summary_lists_every_part_that_lost_points_and_links_to_it(result):
    lost = lost_points(result, "en")
    expected = {(p.id, part.id) for p in result.problems for part in p.parts if part.score < part.max_score}
    expected |= {(p.id, None) for p in result.problems if not p.parts and p.score < p.max_score}
    assert {(item.problem, item.part) for item in lost} == expected
    html = render_result(result, "html", "en")
    summary = re.search(r'<section class="summary".*?</section>', html, re.DOTALL).group(0)
    assert html.index('id="summary"') < html.index('id="problem-mle-mse"')
    targets = set(re.findall(r'href="#([^"]+)"', summary))
    assert len(targets) >= len(lost)
    for target in targets:
        assert f'id="{target}"' in html, target
    # collapsible, open exactly where points were lost
    for p in result.problems:
        tag = re.search(rf'<details class="problem[^"]*" id="problem-{p.id}"[^>]*>', html).group(0)
        assert (" open" in tag) == (p.score < p.max_score), tag


def _broken_file_result():
    sentence = Message("codecheck.status.import_error", {"file": "backprop.py", "detail": "SyntaxError: invalid syntax (backprop.py, line 1)"})
    parts = tuple(
        PartResult(
            name, 0.0, 1.0,
            feedback=(Message("codecheck.function_failed", {"function": name, "failed": 2, "total": 2}),),
            checks=(CheckResult(Message("codecheck.group.values"), False, sentence), CheckResult(Message("codecheck.group.dx"), False, sentence)),
        )
        for name in ("affine_forward", "affine_backward", "relu_forward")
    )
    missing = Message("submission.file_missing", {"file": "perceptron.py"})
    perceptron = tuple(PartResult(name, 0.0, 5.0, feedback=(missing,)) for name in ("perceptron_train", "perceptron_predict"))
    return GradingResult(
        submission="bob", seed=1,
        problems=(
            ProblemResult("backprop", "Backpropagation: layers, losses and an MLP", "code", "graded", 0.0, 3.0, parts, error=sentence),
            ProblemResult("perceptron", "The perceptron", "code", "missing", 0.0, 10.0, perceptron, error=missing),
        ),
    )


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_file_level_failure_is_said_once_with_its_functions_in_one_line(fmt):
    graded = _broken_file_result()
    out = render_result(graded, fmt, "en")
    assert out.count("backprop.py could not be imported") == 2  # the summary's few words, then the problem's sentence
    assert out.count("The file perceptron.py is missing") == 2
    assert "affine_forward, affine_backward, relu_forward" in out
    assert "perceptron_train, perceptron_predict" in out
    assert "2 of 2 checks failed" not in out
    lost = lost_points(graded, "en")
    assert [(item.problem, item.part, item.points, item.parts) for item in lost] == [
        ("backprop", None, 3.0, ("affine_forward", "affine_backward", "relu_forward")),
        ("perceptron", None, 10.0, ("perceptron_train", "perceptron_predict")),
    ]


def test_tables_highlight_the_entries_that_differ_and_name_the_largest(result):
    html = render_result(result, "html", "en")
    yours = re.search(r"<caption>Yours.*?</table>", html, re.DOTALL).group(0)
    assert yours.count('class="num differs"') == 2  # -0.25 vs 1e-9 and back; 2.5 agrees
    assert "Largest difference at [0, 1]: expected -0.25, yours 1e-09." in html
    assert "Largest difference at [0, 1]" in render_result(result, "text", "en")
    md = render_result(result, "md", "en")
    assert "Largest difference at [0, 1]" in md and "**`1e-09`**" in md and "**`-0.25`**" in md and "`2.5`" in md


def test_control_characters_from_a_submission_never_reach_any_report():
    detail = "boom" + ESCAPES
    check = CheckResult(Message("codecheck.group.values"), False, Message("codecheck.status.error", {"function": "f", "detail": detail}))
    part = PartResult("affine_forward", 0.0, 1.0, feedback=(Message("codecheck.status.error", {"function": "f", "detail": detail}),), checks=(check,), student_answer="x" + ESCAPES)
    graded = GradingResult(
        submission="eve" + ESCAPES, seed=3,
        problems=(ProblemResult("backprop", "Backpropagation", "code", "graded", 0.0, 1.0, (part,)),),
    )
    for fmt in ("text", "md", "html", "json"):
        out = render_result(graded, fmt, "en")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), (fmt, out)
        if fmt == "text":
            # no forged line: "Total:" starts exactly one line, the real one
            assert [line for line in out.splitlines() if line.startswith("Total:")] == ["Total: 0 / 1   (Seed of the randomized checks: 3; Isolation of student code: no code was run)"]
            assert "[2J" not in out and "owned" not in out


def test_chinese_terminal_columns_align_by_display_width(result):
    text = render_result(result, "text", "zh")
    rows = [line for line in text.splitlines() if line.startswith("  ") and not line.startswith("    ") and " / " in line]
    assert any(re.search(r"[\u4e00-\u9fff]", row) for row in rows)
    columns = {display_width(row[: row.index(" / ")]) for row in rows}
    assert len(columns) == 1, rows
    summary = [line for line in text.splitlines() if line.startswith("- ")]
    assert summary and len({display_width(line[: re.search(r" (-[0-9.]+)  ", line).end(1)]) for line in summary}) == 1


def test_chinese_problem_titles_and_sandbox_phrases():
    import grader.codecheck.messages  # noqa: F401
    from grader.results.i18n import render

    graded = _broken_file_result()
    html = render_result(graded, "html", "zh")
    assert "反向传播：各层、损失函数与多层感知机" in html and "感知机" in html
    timeout = Message("codecheck.status.import_error", {"file": "backprop.py", "detail": "importing backprop.py did not finish within 3 s"})
    assert render(timeout, "zh") == "无法导入 backprop.py：导入 backprop.py 未能在 3 秒内完成"
    killed = Message("codecheck.status.crashed", {"function": "f", "detail": "the process was ended by SIGKILL (killed: it went over the CPU time limit, or killed itself)"})
    assert "importing" not in render(timeout, "zh") and "killed" not in render(killed, "zh")


def _identifiers_of_the_course() -> set[str]:
    """Every name in the course's reference code and problem modules (parameters, keys, functions)."""
    import io
    import tokenize
    from pathlib import Path

    import grader

    names = set()
    root = Path(grader.__file__).parent.parent
    for path in [*(root / "reference").glob("*.py"), *(root / "problems").glob("*.py")]:
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type == tokenize.NAME:
                names.add(token.string)
            elif token.type == tokenize.STRING:
                names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", token.string) if re.fullmatch(r"[rbuf]*['\"][A-Za-z_][A-Za-z0-9_]*['\"]", token.string) else [])
    return names


#: Names that are not English words: people and functions, the program, math notation, IEEE values.
PROPER_NAMES = {"Adam", "Rosenbrock", "Xavier", "Glorot", "softmax", "grader", "arg", "max", "min", "exp", "Var", "NaN", "nan", "inf",
                # names of the kernel's protections, which have no Chinese names
                "Landlock", "ABI", "cgroup", "seccomp", "UDP", "DNS", "TCP", "root", "tmpfs", "inode"}


@pytest.fixture(scope="module")
def typical():
    from pathlib import Path

    return grade_submission(Path(__file__).parent.parent / "examples" / "typical")


def test_the_typical_report_shows_math_as_mathml_and_small_plots_only_for_failed_runs(typical):
    html = render_result(typical, "html", "en")
    assert "\\frac" not in outside(["code"], html) and html.count("<math") >= 15
    plots = re.findall(r'<svg class="plot".*?</svg>', html, re.DOTALL)
    failed_runs = [c for p in typical.problems for part in p.parts for c in part.checks if c.trajectory and not c.passed]
    assert len(plots) == len(failed_runs) >= 1
    assert sum(map(len, plots)) <= 0.4 * len(html)
    assert all(len(c.trajectory["reference"]) >= 21 for c in failed_runs)
    # every part that lost points is in the summary, once
    lost = {(p.id, part.id) for p in typical.problems for part in p.parts if part.score < part.max_score}
    assert {(item.problem, item.part) for item in lost_points(typical, "en")} == lost


def _english_words(graded, html):
    """The English words of a report's body outside math, code, plots and the course's identifiers."""
    import html as markup

    allowed = _identifiers_of_the_course() | PROPER_NAMES
    allowed |= {p.id for p in graded.problems} | {part.id for p in graded.problems for part in p.parts}
    body = outside(["math", "code", "svg", "style", "title"], html[html.index("<body>"):])
    text = markup.unescape(re.sub(r"<[^>]+>", " ", body))
    words = [w.strip("-") for w in re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", text)]
    return [w for w in words if len(w) > 1 and w not in allowed and re.fullmatch("[A-Za-z]+", w)]


def test_chinese_report_of_the_typical_submission_has_no_english_word_outside_math_code_and_names(typical):
    graded = typical

    def english_words(html):
        return _english_words(graded, html)

    assert len(english_words(render_result(graded, "html", "en"))) > 100  # the scan sees English
    assert english_words(render_result(graded, "html", "zh")) == []
    text_report = render_result(graded, "text", "zh")
    assert "First invalid" not in text_report and "Where the points" not in text_report


def test_math_conversion_has_a_budget_per_report():
    import time

    from grader.presentation.mathml import REPORT_BUDGET

    hostile = "a+" * 200 + "b"
    lines = tuple(DerivationLine(n, hostile, (LinkResult(hostile, "=", hostile, None),)) for n in range(1, 400))
    part = PartResult("derivation", 0.0, 6.0, lines=lines)
    graded = GradingResult("mallory", 5, (ProblemResult("mle-mse", "Gaussian noise: MLE = MSE", "derivation", "graded", 0.0, 6.0, (part,)),))
    started = time.perf_counter()
    html = render_result(graded, "html", "en")
    assert time.perf_counter() - started < 30
    converted = html.count("<math")
    assert 0 < converted <= REPORT_BUDGET // (2 * len(hostile) + 3) + 1
    assert html.count('<code class="math">') >= len(lines) - converted
    assert render_result(graded, "md", "en").count("$") <= 2 * (REPORT_BUDGET // len(hostile) + 1)


def test_gradescope_part_outputs_say_a_shared_failure_once():
    from grader.apps.gradescope import results_for

    tests = results_for(_broken_file_result(), "en")["tests"]
    affine = next(t for t in tests if t["name"].startswith("backprop: affine_forward"))
    assert affine["output"].count("backprop.py could not be imported") == 1
    assert "values on random inputs; dx on random non-square inputs" in affine["output"]


def test_html_says_a_reason_shared_by_several_failed_checks_once():
    timeout = Message("codecheck.status.timeout", {"function": "adam", "detail": "did not finish within 3 s"})
    checks = tuple(CheckResult(Message(f"codecheck.group.{g}"), False, timeout) for g in ("values", "dx", "dw"))
    part = PartResult("adam", 0.0, 4.0, checks=checks)
    graded = GradingResult("zoe", 2, (ProblemResult("optimizers", "First-order optimizers", "code", "graded", 0.0, 4.0, (part,)),))
    html = render_result(graded, "html", "en")
    assert html.count("did not finish within the time limit") == 1
    assert "values on random inputs; dx on random non-square inputs; dw on random non-square inputs" in html
    assert "未能在 3 秒内完成" in render_result(graded, "html", "zh")


def test_the_student_path_adds_up_open_loop_steps_and_names_the_first_that_differs():
    from grader.presentation.plot import divergence_step, student_path

    reference = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    same = reference.copy()
    assert divergence_step(reference, same) is None
    assert np.allclose(student_path(reference, same), reference)
    # right for two steps, then each step twice as long, always taken from the reference's point
    doubled = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
    assert divergence_step(reference, doubled) == 3
    assert np.allclose(student_path(reference, doubled)[-1], [4.0, 0.0])
    sideways = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0]])  # every step from w_t adds +1 in y
    assert np.allclose(student_path(reference, sideways)[:, 1], [0, 1, 2, 3])
    assert divergence_step(reference, reference[:2]) == 2  # stopped (non-finite) after one step
    plot = trajectory_plot({"objective": "quadratic", "reference": reference.tolist(), "student": sideways.tolist()})
    assert plot.divergence_step == 1 and plot.divergence is not None
    assert [t.text for t in plot.x_ticks] == ["0", "1", "2", "3"] and len(plot.y_ticks) >= 3


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_one_missing_answers_file_is_one_line_of_the_summary_and_said_once(fmt):
    import grader.derivations.derivation_problem  # noqa: F401  (defines the sentence)

    missing = Message("problem.answers_unreadable", {"reason": Message("submission.file_missing", {"file": "answers.md"})})
    problems = tuple(
        ProblemResult(pid, "A derivation", "derivation", "missing", 0.0, 10.0,
                      (PartResult("answer", 0.0, 4.0, feedback=(missing,)), PartResult("derivation", 0.0, 6.0, feedback=(missing,))), error=missing)
        for pid in ("mle-mse", "ce-mle", "softmax-ce-grad")
    )
    graded = GradingResult("ann", 4, problems)
    lost = lost_points(graded, "en")
    assert [(item.problem, item.problems, item.points) for item in lost] == [("mle-mse", ("ce-mle", "softmax-ce-grad"), 30.0)]
    out = render_result(graded, fmt, "en")
    assert out.count("The file answers.md is missing from the submission") == 1
    assert out.count("The same as in mle-mse") == 2
    assert "Answer, Derivation" in out


def test_odd_results_render_in_every_format_without_an_internal_error():
    from grader.results.models import ArrayPreview

    odd_check = CheckResult(
        Message("codecheck.group.values"), False, None,
        expected=ArrayPreview((0, 3), ()), got=ArrayPreview((2,), (("x", float("inf")),)),
        trajectory={"objective": "rosenbrock", "reference": [[1.0, 1.0]], "student": [[1.0, 1.0], [float("inf"), 0.0]]},
    )
    parts = (
        PartResult("derivation", float("nan"), 6.0, invalid_line=7, lines=(DerivationLine(1, "", ()),)),
        PartResult("adam", 0.0, 4.0, checks=(odd_check,), mistakes=("no-such-mistake",)),
        PartResult("answer", 0.0, 0.0),
    )
    graded = GradingResult("", 0, (ProblemResult("x", "", "code", "error", 0.0, 10.0, parts, error=Message("no.such.key")), ProblemResult("y", "", "derivation", "graded", 0.0, 0.0)))
    for fmt in FORMATS:
        for lang in ("en", "zh"):
            assert render_result(graded, fmt, lang)
    assert render_result(GradingResult("empty", 1, ()), "html", "en")


@pytest.fixture(scope="module")
def extended():
    from pathlib import Path

    from grader.course.course import course_modules, load_course

    root = Path(__file__).parent.parent
    return grade_submission(root / "examples" / "extended", problems=load_course(course_modules("extended")))


def test_the_extended_course_reads_in_chinese_titles_included(extended):
    from grader.presentation.labels import label

    new = [p for p in extended.problems if p.id in {"l1-soft-threshold", "map-priors", "dropout-moments", "perceptron-convergence", "nonconvex-111", "dropout"}]
    assert len(new) == 6
    html = render_result(extended, "html", "zh")
    for problem in new:
        title = label(f"title.{problem.id}", "zh")
        assert title != problem.title and re.search("[\u4e00-\u9fff]", title) and title in html
    assert _english_words(extended, html) == []
    english = render_result(extended, "html", "en")
    assert len(_english_words(extended, english)) > 30  # the scan sees English
    # a witness's value is shown as math below its sentence, not as LaTeX pasted into it
    assert "\\frac" not in outside(["code"], english) and "At your point w_1 = 1" in english
    assert "shown-math" in english.split("At your point w_1 = 1")[1][:400]


def test_text_columns_fit_the_longest_problem_id(extended):
    text = render_result(extended, "text", "en")
    rows = [line for line in text.splitlines() if re.match(r"^[a-z0-9-]+ +[0-9.]+ / [0-9.]+ ", line)]
    assert len(rows) == len(extended.problems)
    assert len({line.index(" / ") for line in rows}) == 1  # every problem's score in one column


def test_the_protections_line_lists_what_was_in_force_and_says_the_rest_apart():
    from grader.presentation.labels import protections_text

    strong = {"level": "namespaces+rlimits", "namespaces": ["network", "pid", "mount", "ipc", "uts"], "uid": "fresh", "landlock": 0,
              "cgroup": "v2", "seccomp": True, "weaker": []}
    line, weaker = protections_text(strong, "en")
    assert weaker == () and "Landlock" not in line and " off" not in line  # not needed with a mount namespace: not a missing protection
    assert "namespaces of its own" in line and "(cgroup v2)" in line and "seccomp" in line
    weak = {"level": "rlimits", "namespaces": [], "uid": "grader", "landlock": 3, "cgroup": "none", "seccomp": False,
            "weaker": ["no_namespaces", "grader_uid", "no_cgroup", "no_seccomp"]}
    line, weaker = protections_text(weak, "zh")
    assert "Landlock ABI 3" in line and "cgroup" not in line and "seccomp" not in line and "命名空间" not in line
    assert len(weaker) == 4 and all(re.search("[\u4e00-\u9fff]", w) for w in weaker)


def test_the_chinese_text_header_uses_chinese_punctuation(result):
    header = render_result(result, "text", "zh").splitlines()[1]
    assert "（" in header and "；" in header and "）" in header and "(" not in header and "; " not in header
    english = render_result(result, "text", "en").splitlines()[1]
    assert "(" in english and "; " in english and "（" not in english
