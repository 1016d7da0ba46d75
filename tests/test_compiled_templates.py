"""The report templates compiled ahead of time (grader.presentation.compiled_templates): shipped current,
used while current, and never used once their template or the environment changed."""

from __future__ import annotations

import jinja2
import pytest
from report_samples import sample_result

from grader.presentation import compiled_templates
from grader.presentation.compiled_templates import TEMPLATE_SUFFIXES, PrecompiledLoader, compiled_source, fingerprint, module_name
from grader.presentation.render import FORMATS, environment, render_result, templates_dir

TEMPLATES = sorted(p.name for p in templates_dir().iterdir() if p.name.endswith(TEMPLATE_SUFFIXES))


def test_every_template_has_a_current_compiled_module():
    env = environment()
    stale = []
    for name in TEMPLATES:
        path = templates_dir() / f"{module_name(name)}.py"
        source = (templates_dir() / name).read_text(encoding="utf-8")
        if not path.exists() or f"{compiled_templates.FINGERPRINT} = {fingerprint(env, name, source)!r}" not in path.read_text(encoding="utf-8"):
            stale.append(name)
    assert not stale, f"compile them again: python3 -m grader.presentation.template_compiler ({', '.join(stale)})"


def test_a_compiled_module_is_what_jinja_compiles_from_the_source():
    env = environment()
    for name in TEMPLATES:
        assert (templates_dir() / f"{module_name(name)}.py").read_text(encoding="utf-8") == compiled_source(env, name)


def test_the_reports_load_their_compiled_modules():
    env = environment()
    for name in TEMPLATES:
        assert env.get_template(name).filename.endswith(f"{module_name(name)}.py")


def _source_environment() -> jinja2.Environment:
    """The report environment, but every template compiled from its source."""
    env = environment().overlay(loader=jinja2.FileSystemLoader(str(templates_dir())))
    env.cache = {}
    return env


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compiled_and_source_templates_write_the_same_reports(lang, monkeypatch):
    result = sample_result()
    compiled = {fmt: render_result(result, fmt, lang) for fmt in FORMATS if fmt != "json"}
    from grader.presentation import render

    source_env = _source_environment()
    monkeypatch.setattr(render, "environment", lambda: source_env)
    for fmt, text in compiled.items():
        assert render_result(result, fmt, lang) == text
    assert source_env.get_template("report.txt.j2").filename.endswith("report.txt.j2")


def test_an_edited_template_is_compiled_from_its_source(tmp_path):
    (tmp_path / "report.txt.j2").write_text("edited {{ 1 + 1 }}\n", encoding="utf-8")
    env = environment().overlay(loader=PrecompiledLoader(str(tmp_path)))
    env.cache = {}
    template = env.get_template("report.txt.j2")
    assert template.render() == "edited 2\n"
    assert template.filename.endswith("report.txt.j2")


def test_the_fingerprint_follows_source_options_and_filters():
    env = environment()
    base = fingerprint(env, "report.txt.j2", "{{ x|t }}")
    assert fingerprint(env, "report.txt.j2", "{{ x|t }} ") != base
    assert fingerprint(env.overlay(trim_blocks=False), "report.txt.j2", "{{ x|t }}") != base
    changed = env.overlay()
    changed.filters = dict(env.filters, t=lambda message: str(message))  # no longer passed the context
    assert fingerprint(changed, "report.txt.j2", "{{ x|t }}") != base
    assert fingerprint(env, "report.html.j2", "{{ x|t }}") != base  # autoescaped, another name


def test_a_module_bound_to_another_environment_is_not_taken_over():
    env = environment()
    env.get_template("report.txt.j2")  # binds the module to the report environment
    other = env.overlay(loader=PrecompiledLoader(str(templates_dir())))
    other.cache = {}
    assert other.get_template("report.txt.j2").filename.endswith("report.txt.j2")
