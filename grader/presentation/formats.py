"""The report formats (a module of its own, without Jinja: the CLI and the student kit's tool use it
too).  How a value is written in them is `grader.results.formatting`."""

from __future__ import annotations

FORMATS = ("text", "md", "html", "json")
