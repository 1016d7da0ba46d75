"""The HTML report and the class summary in a real browser (headless Chromium).

Skipped, with the reason, when no Chromium is installed (.ci/run installs the
distribution's package).  Screenshots are saved under tests/artifacts/.
"""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_samples import sample_result, use_stub_course

from grader.apps.batch import BatchSettings, Progress, grade_batch
from grader.presentation.render import render_result

ARTIFACTS = Path(__file__).parent / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium found (apt-get install chromium)")

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)


def browse(page: Path, workdir: Path, *action: str) -> subprocess.CompletedProcess:
    profile = workdir / f"profile-{len(list(workdir.glob('profile-*')))}"
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,2000", *action, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=90, cwd=workdir, check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """What the page wrote to the console (errors included), from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def page_requests(netlog: Path) -> list[str]:
    """Network requests the page made (Chromium's own background traffic is 'not an origin')."""
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip().rstrip(",")
    try:
        log = json.loads(text)
    except ValueError:
        log = json.loads(text + "]}")
    names = {value: key for key, value in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        url = str(params.get("url", ""))
        if names.get(event.get("type")) == "URL_REQUEST_START_JOB" and params.get("initiator") != "not an origin":
            if url and not url.startswith(("file:", "data:")):
                urls.append(url)
    return urls


def load(page: Path, workdir: Path, name: str):
    netlog = workdir / f"{name}.netlog.json"
    dumped = browse(page, workdir, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}", "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    if shot.exists():
        shot.unlink()
    taken = browse(page, workdir, f"--screenshot={shot}")
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    return dumped.stdout, console_messages(dumped.stderr), page_requests(netlog)


def assert_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(|@import|<link\b|<iframe|<object|<embed", html, re.IGNORECASE)


def test_the_report_loads_without_errors_or_requests_and_draws_its_plots(tmp_path):
    page = tmp_path / "report.html"
    html = render_result(sample_result(), "html", "en")
    assert_self_contained(html.replace('<img src="http://evil.example/x.png">', ""))
    page.write_text(html, encoding="utf-8")
    dom, console, requests = load(page, tmp_path, "report")
    assert console == [] and requests == []
    assert dom.count('<svg class="plot"') == 1 and dom.count('<svg class="chart"') == 1
    assert 'class="traj-ref"' in dom and 'class="traj-student"' in dom and dom.count('class="contour"') >= 3
    assert "<img" not in dom  # the student's markup stayed text


def test_the_class_summary_loads_without_errors_or_requests_and_draws_the_histogram(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    root = tmp_path / "class"
    for number, text in enumerate(["correct derive", "correct", "derive sign", "sign", "", "correct derive sign"]):
        (root / f"student{number}").mkdir(parents=True)
        (root / f"student{number}" / "answers.md").write_text(text)
    (root / "broken.zip").write_bytes(b"not a zip")
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=2), progress=Progress(0, stream=io.StringIO()))
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    dom, console, requests = load(out / "summary.html", tmp_path, "summary")
    assert console == [] and requests == []
    assert '<svg class="hist"' in dom and dom.count('class="bar"') == 10
    assert "sign-flip" in dom and "broken" in dom


def test_the_detectors_catch_console_errors_and_requests(tmp_path):
    """A control page with a script error and an external image: both must be seen."""
    page = tmp_path / "control.html"
    page.write_text('<html><body><img src="https://example.invalid/x.png"><script>console.error("control-error")</script></body></html>')
    netlog = tmp_path / "control.netlog.json"
    dumped = browse(page, tmp_path, "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}", "--dump-dom")
    assert any("control-error" in line for line in console_messages(dumped.stderr))
    assert any("example.invalid" in url for url in page_requests(netlog))


#: Run in a copy of the report only (the report itself carries no script): measures what the
#: browser laid out and writes it into the DOM for --dump-dom.
PROBE = """<script>
window.addEventListener("load", () => {
  const maths = [...document.querySelectorAll("math")];
  const empty = maths.filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).length;
  const links = [...document.querySelectorAll("#summary a[href^='#']")];
  const missed = [];
  for (const a of links) {
    const target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) { missed.push(a.getAttribute("href") + ":none"); continue; }
    target.scrollIntoView();
    const r = target.getBoundingClientRect();
    // at the top of the view, or in view when the page cannot scroll further
    const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
    const seen = Math.abs(r.top) <= 2 || (bottom && r.top >= 0 && r.top < window.innerHeight);
    if (!(r.height > 0) || !seen) missed.push(a.getAttribute("href") + ":" + r.top + "/" + r.height);
  }
  window.scrollTo(0, 0);
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({maths: maths.length, empty, links: links.length, missed,
                                    height: document.documentElement.scrollHeight});
  document.body.appendChild(out);
});
</script>"""


def probe(html: str, workdir: Path, name: str) -> dict:
    page = workdir / f"{name}.probe.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dumped = browse(page, workdir, "--virtual-time-budget=5000", "--dump-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', dumped.stdout, re.DOTALL)
    assert found, dumped.stdout[-2000:]
    import html as markup

    return json.loads(markup.unescape(found.group(1)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_renders_its_math_and_its_summary_links_reach_their_sections(tmp_path, lang):
    html = render_result(sample_result(), "html", lang)
    page = tmp_path / f"report-{lang}.html"
    page.write_text(html, encoding="utf-8")
    _dom, console, requests = load(page, tmp_path, f"report-{lang}")
    assert console == [] and requests == []
    measured = probe(html, tmp_path, f"report-{lang}")
    assert measured["maths"] >= 6 and measured["empty"] == 0, measured
    assert measured["links"] >= 6 and measured["missed"] == [], measured
    (ARTIFACTS / f"report-{lang}.measures.json").write_text(json.dumps(measured, indent=2))


def test_the_probe_sees_an_empty_formula_and_a_link_that_goes_nowhere(tmp_path):
    """A control page: a collapsed formula and a dangling link must both be caught."""
    html = ('<html><body><section id="summary"><a href="#nowhere">x</a></section>'
            '<math style="display:none"><mi>x</mi></math></body></html>')
    measured = probe(html, tmp_path, "control")
    assert measured["empty"] == 1 and measured["missed"] == ["#nowhere:none"]
    hidden = '<section id="summary"><a href="#hidden">x</a></section><p id="hidden" style="display:none">p</p>'
    assert probe(f"<html><body>{hidden}</body></html>", tmp_path, "control-hidden")["missed"] == ["#hidden:0/0"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_typical_report_in_a_browser(tmp_path, lang):
    """The bundled typical submission, graded for real: formulas render, summary links land,
    and the page's height is written to the artifacts (13,066 px in English before issue 13)."""
    from grader.grading.pipeline import grade_submission

    graded = grade_submission(Path(__file__).parent.parent / "examples" / "typical")
    html = render_result(graded, "html", lang)
    page = tmp_path / f"typical-{lang}.html"
    page.write_text(html, encoding="utf-8")
    _, console, requests = load(page, tmp_path, f"typical-{lang}")
    assert console == [] and requests == []
    measured = probe(html, tmp_path, f"typical-{lang}")
    assert measured["maths"] >= 15 and measured["empty"] == 0, measured
    assert measured["links"] >= 10 and measured["missed"] == [], measured
    (ARTIFACTS / f"typical-{lang}.measures.json").write_text(json.dumps(measured, indent=2))
