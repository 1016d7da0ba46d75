"""`python3 -m grader.presentation.template_compiler`: compile the report templates into the modules
`grader.presentation.compiled_templates.PrecompiledLoader` loads (run it after changing a template).

A module of its own so that `compiled_templates`, which `render` imports, never imports `render`
back (the environment to compile with is the report's own, built there)."""

from __future__ import annotations

from grader.presentation.compiled_templates import write_compiled
from grader.presentation.render import environment, templates_dir


def main() -> None:
    for path in write_compiled(environment(), templates_dir()):
        print(path)


if __name__ == "__main__":
    main()
