"""The `grade` command: a thin shell over `grader.grading`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .i18n import LANGUAGES
from .render import FORMATS, render_result


class DefaultCommandGroup(click.Group):
    """`grade SUBMISSION` grades; `grade batch ...` and friends are subcommands."""

    default_command = "submission"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="grader")
def main() -> None:
    """Grade a deep-learning homework submission: `grade SUBMISSION`."""


@main.command("submission")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None, help="Seed of the randomized checks (default: from the files).")
def grade_one(submission: Path, fmt: str, output: Path | None, lang: str, seed: int | None) -> None:
    """Grade one submission directory."""
    from .grading import grade_submission

    result = grade_submission(submission, seed=seed)
    text = render_result(result, fmt, lang)
    if output is not None:
        from .files import write_atomic

        write_atomic(output, text)
        if fmt != "json":
            click.echo(f"{result.score:g} / {result.max_score:g} -> {output}", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
if __name__ == "__main__":
    main()
