"""Reports rendered with Jinja: text, Markdown, HTML in English and Chinese."""

import json
import re

import pytest
from click.testing import CliRunner

from grader import i18n
from grader.cli import main
from grader.grading import grade_submission
from grader.plot import contour_segments, histogram, trajectory_plot
from grader.render import FORMATS, code_span, render_result
from report_samples import HOSTILE, rosenbrock_run, sample_result

import numpy as np


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
    first_invalid = re.search(r'<li class="first-invalid[^"]*" id="line-mle-mse-derivation-2">(.*?)</li>', html, re.S)
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
        assert entry["en"] and entry["zh"] and entry["en"] != entry["zh"] or key in ("ui.shape",), key


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
    from grader.course import load_course
    import grader.batch, grader.gradescope, grader.kit, grader.zipsafe  # noqa: F401

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
