"""The report templates compiled ahead of time, shipped in the package beside their sources.

Jinja turns a template into Python source and compiles that; for the report templates this
took 100-300 ms in every fresh process, more than the rendering itself (one `grade` renders
once).  `python3 -m grader.presentation.template_compiler` writes each template's Python module into
the templates package (``compiled_report_html_j2.py`` for ``report.html.j2``); an install
byte-compiles them like any module, so a fresh process only imports them.

Why shipped modules rather than a bytecode cache in a user directory: the grader is
installed read-only (a course server's site-packages, Gradescope's image, where every
submission runs in a fresh container, so a cache filled at run time is lost each time), and
a cache directory the grader's user can write to is one that student code run under that
same user (``--allow-unsafe-same-uid``) could fill with code for the grader to load.

Each module records the fingerprint of what it was compiled from (`fingerprint`: the
template's source, Jinja's version, the environment's syntax options and how each filter
and test is called).  `PrecompiledLoader` uses a module only while its fingerprint is that
of the template as it is now; otherwise (a template edited and not compiled again, another
Jinja) it compiles the source, as Jinja always did: slower, never stale.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2

#: The package the compiled modules live in (the templates' own).
PACKAGE = "grader.templates"

#: What the templates directory holds that is a template (the rest is Python: this package's own).
TEMPLATE_SUFFIXES = (".j2", ".css")

#: The variable of a compiled module that holds its fingerprint.
FINGERPRINT = "SOURCE_FINGERPRINT"


def module_name(template: str) -> str:
    """The compiled module of `template` ("report.html.j2" -> "compiled_report_html_j2")."""
    return "compiled_" + re.sub(r"\W", "_", template)


def _calling_convention(function: Any) -> str:
    """How Jinja passes its context to `function` (compiled into every call of a filter)."""
    kind = getattr(function, "jinja_pass_arg", None)  # what jinja2.pass_context and its kin set
    return getattr(kind, "name", "plain" if kind is None else str(kind))


def fingerprint(environment: jinja2.Environment, template: str, source: str) -> str:
    """What a compiled template depends on, as a SHA-256 digest."""
    options = (
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized,
        bool(environment.autoescape(template) if callable(environment.autoescape) else environment.autoescape),
        None if environment.finalize is None else _calling_convention(environment.finalize),
        sorted(environment.extensions),
        sorted((name, _calling_convention(f)) for name, f in environment.filters.items()),
        sorted((name, _calling_convention(f)) for name, f in environment.tests.items()),
    )
    digest = hashlib.sha256()
    digest.update(f"jinja2 {jinja2.__version__}\0{template}\0{options!r}\0".encode())
    digest.update(source.encode())
    return digest.hexdigest()


class PrecompiledLoader(jinja2.FileSystemLoader):
    """The templates directory, each template from its compiled module where that is current."""

    def load(self, environment: jinja2.Environment, name: str, globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        namespace = self._compiled(environment, name)
        if namespace is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_module_dict(environment, namespace, globals if globals is not None else {})

    def _compiled(self, environment: jinja2.Environment, name: str) -> MutableMapping[str, Any] | None:
        """The compiled module's namespace, if it is current and not bound to another environment."""
        try:
            source, _, _ = self.get_source(environment, name)
            module = importlib.import_module(f"{PACKAGE}.{module_name(name)}")
        except (ImportError, jinja2.TemplateNotFound, SyntaxError):
            return None
        namespace = vars(module)
        if namespace.get(FINGERPRINT) != fingerprint(environment, name, source):
            return None
        bound = namespace.get("environment")
        if bound is not None and bound is not environment:  # a module holds one environment (Jinja's rule)
            return None
        return namespace


def compiled_source(environment: jinja2.Environment, name: str) -> str:
    """The module that `PrecompiledLoader` loads for template `name`."""
    loader = environment.loader
    assert loader is not None, "the report environment has a loader"
    source, filename, _ = loader.get_source(environment, name)
    code = environment.compile(source, name, Path(filename or name).name, raw=True, defer_init=True)
    return (
        f"# {name} compiled by Jinja {jinja2.__version__}: written by `python3 -m grader.presentation.template_compiler`, do not edit.\n"
        f"{code}\n{FINGERPRINT} = {fingerprint(environment, name, source)!r}\n"
    )


def write_compiled(environment: jinja2.Environment, directory: Path) -> list[Path]:
    """Every template of `directory` compiled into a module there; stale modules removed."""
    written = []
    loader = environment.loader
    assert loader is not None, "the report environment has a loader"
    names = [name for name in loader.list_templates() if name.endswith(TEMPLATE_SUFFIXES)]
    for name in names:
        path = directory / f"{module_name(name)}.py"
        path.write_text(compiled_source(environment, name), encoding="utf-8")
        written.append(path)
    wanted = {path.name for path in written}
    for path in directory.glob("compiled_*.py"):
        if path.name not in wanted:
            path.unlink()
    return written
