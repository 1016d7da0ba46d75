"""The `grade` command: a thin shell over `grader.grading`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .formats import FORMATS
from .i18n import LANGUAGES
from .rubric import COURSE_NAMES, course_options


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


@contextmanager
def _user_errors(output: Path | None = None):
    """What the user can fix, as a message rather than a traceback: an unwritable output, a refused
    zip, and, where `output` is given, any OSError while writing under it (a full disk)."""
    from .files import UnwritableOutput
    from .zipsafe import UnsafeZip

    try:
        yield
    except (UnwritableOutput, UnsafeZip) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        if output is None:
            raise
        raise click.ClickException(f"cannot write to {exc.filename or output}: {exc.strerror or exc}") from None


_PROBLEMS_OPTION = click.option(
    "--problems", "problem_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Directory of extra problem modules (*.py defining PROBLEM); same ids replace the course's.",
)

_COURSE_OPTION = click.option(
    "--course", type=click.Choice(COURSE_NAMES), default="default", show_default=True,
    help="Which course: the default nine problems, or the extended course (fifteen, 160 points).",
)


@main.command("submission")
@click.argument("submission", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None, help="Seed of the randomized checks (default: from the files).")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="JSON file of points per problem and part.")
@_PROBLEMS_OPTION
@_COURSE_OPTION
def grade_one(submission: Path, fmt: str, output: Path | None, lang: str, seed: int | None, rubric: Path | None, problem_dirs: tuple[Path, ...], course: str) -> None:
    """Grade one submission: a directory, or a .zip of one (unpacked safely first)."""
    from dataclasses import replace

    from .files import ensure_writable_dir, write_output
    from .grading import grade_submission
    from .zipsafe import is_zip_path, unpacked

    if not submission.is_dir() and not is_zip_path(submission):
        raise click.UsageError(f"{submission} is neither a directory nor a .zip file.")
    options = course_options(rubric, problem_dirs, course)
    with _user_errors():
        if output is not None:  # a wrong output path fails now, not after grading
            ensure_writable_dir(output.parent)
        if submission.is_dir():
            result = grade_submission(submission, seed=seed, options=options)
        else:
            with unpacked(submission) as root:
                result = replace(grade_submission(root, seed=seed, options=options), submission=str(submission))
    from .render import render_result  # after grading: Jinja is not on the way to the sandbox's start

    text = render_result(result, fmt, lang)
    if output is not None:
        with _user_errors():
            write_output(output, text)
        if fmt != "json":
            click.echo(f"{result.score:g} / {result.max_score:g} -> {output}", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@main.command("batch")
@click.argument("root", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Directory for the reports, gradebook.csv and summary.html.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True, help="Worker processes (0: one per CPU).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None, help="One seed for every submission (default: each from its files).")
@click.option("--timeout", type=click.FloatRange(min=1), default=900, show_default=True, help="Seconds one submission may take.")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="JSON file of points per problem and part.")
@_PROBLEMS_OPTION
@_COURSE_OPTION
def grade_batch_command(root: Path, out: Path, jobs: int, lang: str, seed: int | None, timeout: float, rubric: Path | None, problem_dirs: tuple[Path, ...], course: str) -> None:
    """Grade every subdirectory and .zip of ROOT (resumable; unchanged submissions are skipped)."""
    from .batch import BatchSettings, grade_batch
    from .files import ensure_writable_dir
    from .grading import warm_up
    from .render import render_result

    options = course_options(rubric, problem_dirs, course)
    with _user_errors():
        ensure_writable_dir(out)
    try:  # the workers are forked from this process: warmed here, each starts warm
        warmed = warm_up()
        for warm_format in ("md", "html"):
            render_result(warmed, warm_format, lang)
    except Exception:  # only an optimization: the batch works without it
        pass
    with _user_errors(output=out):  # the output directory may fail under the batch (full disk, removed)
        outcome = grade_batch(root, out, BatchSettings(lang=lang, seed=seed, jobs=jobs, timeout_seconds=timeout, options=options))
    click.echo(
        f"{outcome.summary()}; {outcome.seconds:.1f} s -> {out / 'gradebook.csv'}, {out / 'summary.html'}",
        err=True,
    )


@main.command("gradescope")
@click.option("--submission", type=click.Path(path_type=Path), default="/autograder/submission", show_default=True)
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False), default="/autograder/results/results.json", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False), default=None, help="JSON file of points per problem and part.")
@click.option("--problems", "problem_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Directory of extra problem modules (as for `grade batch`).")
@_COURSE_OPTION
def gradescope_command(submission: Path, results: Path, lang: str, seed: int | None, rubric: Path | None, problem_dirs: tuple[Path, ...], course: str) -> None:
    """Run as Gradescope's run_autograder: grade SUBMISSION, write results.json."""
    from .gradescope import run_autograder

    # the rubric and problems are loaded inside run_autograder: whatever is wrong, results.json says so
    with _user_errors():
        data = run_autograder(submission, results, lang=lang, seed=seed, rubric=rubric, problem_dirs=problem_dirs, course=course)
    click.echo(f"{data['score']:g} -> {results}", err=True)


@main.command("export-gradescope")
@click.argument("out_zip", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the students' feedback.")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="JSON file of points per problem and part (bundled).")
@_PROBLEMS_OPTION
@_COURSE_OPTION
def export_gradescope_command(out_zip: Path, lang: str, rubric: Path | None, problem_dirs: tuple[Path, ...], course: str) -> None:
    """Write the Gradescope autograder bundle (setup.sh, run_autograder, the grader's source, the rubric and problems)."""
    from .course import load_course
    from .gradescope import export_bundle

    # refused here rather than on Gradescope, student after student
    if problem_dirs:
        try:
            load_course(extra=problem_dirs)
        except Exception as exc:  # an instructor's module: say what is wrong with it
            raise click.ClickException(f"cannot load the problems: {type(exc).__name__}: {exc}") from None
    course_options(rubric, problem_dirs, course)  # a rubric that does not fit the problems: RubricError, now
    with _user_errors():
        members = export_bundle(out_zip, lang=lang, rubric=rubric, problem_dirs=problem_dirs, course=course)
    click.echo(f"{len(members)} files -> {out_zip}", err=True)


@main.command("export-student-kit")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--seed", type=int, default=None, help="Seed of the public cases (default: the kit's fixed public seed).")
@_COURSE_OPTION
def export_student_kit_command(directory: Path, seed: int | None, course: str) -> None:
    """Write the student kit: starter files and public cases (no reference, no answers)."""
    from .kit import PUBLIC_SEED, export_student_kit

    with _user_errors(output=directory):
        written = export_student_kit(directory, seed=PUBLIC_SEED if seed is None else seed, course=course)
    click.echo(f"{len(written)} files -> {directory}", err=True)


@main.command("check")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--kit", "kit", type=click.Path(path_type=Path, file_okay=False), required=True, help="The student kit's directory.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def check_command(submission: Path, kit: Path, lang: str) -> None:
    """Self-check SUBMISSION offline against the kit's public cases (exit 1 if a check failed)."""
    from .i18n import render as render_message
    from .kit import KitError, check_submission, render_check

    try:
        result = check_submission(submission, kit)
    except KitError as exc:
        click.echo(render_message(exc.message, lang), err=True)
        sys.exit(2)
    sys.stdout.write(render_check(result, lang))
    sys.stdout.flush()
    sys.exit(0 if result.counts()[1] == 0 else 1)


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init_command(directory: Path) -> None:
    """Create a starter submission in DIRECTORY (existing files are kept)."""
    from .kit import init_submission

    with _user_errors(output=directory):
        written, kept = init_submission(directory)
    for name in written:
        click.echo(f"created {directory / name}", err=True)
    for name in kept:
        click.echo(f"kept existing {directory / name}", err=True)


if __name__ == "__main__":
    main()
