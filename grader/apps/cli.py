"""The `grade` command: a thin shell over `grader.grading.pipeline`."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from grader.course.problem import GradingOptions
from grader.course.rubric import COURSE_NAMES, RubricError, course_options
from grader.presentation.formats import FORMATS
from grader.results.formatting import number
from grader.results.i18n import LANGUAGES


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
    zip, a roster, a shard or a merge that cannot be used, and, where `output` is given, any OSError
    while writing under it (a full disk)."""
    from grader.apps.batch_errors import OutputInSubmissions, UnknownSubmission
    from grader.apps.overrides import OverridesError
    from grader.apps.roster import RosterError
    from grader.apps.shard import ShardError
    from grader.reading.files import UnwritableOutput
    from grader.reading.zipsafe import UnsafeZip

    try:
        yield
    except (UnwritableOutput, UnsafeZip, RosterError, ShardError, UnknownSubmission, OverridesError, OutputInSubmissions) as exc:
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


def _isolation_options(command):
    """`--isolation` and `--allow-unsafe-same-uid`: the sandbox's policy for this process (and batch workers)."""

    def set_level(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            from grader.sandbox import configure

            configure(level=value)

    def set_unsafe(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            from grader.sandbox import configure

            configure(allow_unsafe_same_uid=True)

    command = click.option("--allow-unsafe-same-uid", is_flag=True, expose_value=False, callback=set_unsafe,
                           help="UNSAFE: run student code under the grader's own uid (even root) when no other uid can be had.")(command)
    return click.option("--isolation", type=click.Choice(("auto", "namespaces", "rlimits")), default=None, expose_value=False,
                        callback=set_level, help="Sandbox level (default: auto, or env GRADER_ISOLATION); "
                        "'namespaces' refuses to run code without them.")(command)


def _options(rubric: Path | None, problem_dirs: tuple[Path, ...], course: str = "default") -> GradingOptions:
    """`course_options`, with an instructor's problem module that fails to load named in the message."""
    from grader.course.course import load_course

    if problem_dirs:
        try:
            load_course(extra=problem_dirs)
        except Exception as exc:  # an instructor's module: say which one and what is wrong with it
            raise click.ClickException(f"cannot load the problems: {_failing_module(exc, problem_dirs)}{type(exc).__name__}: {exc}") from None
    try:
        return course_options(rubric, problem_dirs, course)
    except RubricError as exc:  # the library's own error, shown as a usage error of `grade`
        raise click.ClickException(str(exc)) from None


def _failing_module(exc: BaseException, problem_dirs: tuple[Path, ...]) -> str:
    """``extra/bad.py: `` when the traceback passes through one of the instructor's modules."""
    import traceback

    folders = [d.resolve() for d in problem_dirs]
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append(traceback.FrameSummary(exc.filename, exc.lineno or 0, ""))
    for frame in reversed(frames):
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(folder) for folder in folders):
            return f"{path} (line {frame.lineno}): "
    return ""


def _output_parent(path: Path) -> None:
    """Refuse an output whose parent folder does not exist: a typo in ``-o`` should not create a
    tree of folders; only the last component is created."""
    parent = path.parent
    if not parent.exists():
        raise click.ClickException(f"cannot write to {path}: the folder {parent} does not exist (only the last part of an output path is created)")


@main.command("submission")
@click.argument("submission", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None, help="Seed of the randomized checks (default: from the files).")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="JSON file of points per problem and part.")
@_PROBLEMS_OPTION
@_isolation_options
@_COURSE_OPTION
def grade_one(submission: Path, fmt: str, output: Path | None, lang: str, seed: int | None, rubric: Path | None, problem_dirs: tuple[Path, ...], course: str) -> None:
    """Grade one submission: a directory, a .zip or .tar.gz of one (unpacked safely first), or a notebook."""
    from dataclasses import replace

    from grader.apps.course_notebooks import course_notebook_reading
    from grader.grading.pipeline import grade_submission
    from grader.reading.files import ensure_writable_dir, write_output
    from grader.reading.notebook import single_notebook, with_notes
    from grader.reading.zipsafe import is_zip_path, unpacked

    is_notebook = submission.is_file() and submission.suffix.lower() == ".ipynb"
    if not submission.is_dir() and not is_zip_path(submission) and not is_notebook:
        raise click.UsageError(f"{submission} is neither a directory nor a .zip file (nor a notebook).")
    options = _options(rubric, problem_dirs, course)
    with _user_errors():
        if output is not None:  # a wrong output path fails now, not after grading
            _output_parent(output)
            ensure_writable_dir(output.parent)
        extra = options.problem_dirs
        if submission.is_dir():
            with course_notebook_reading(submission, extra, options.course) as reading:
                result = replace(with_notes(grade_submission(reading.folder, seed=seed, options=options), reading), submission=str(submission))
        else:
            with (single_notebook(submission) if is_notebook else unpacked(submission)) as unpacked_root, course_notebook_reading(unpacked_root, extra, options.course) as reading:
                result = replace(with_notes(grade_submission(reading.folder, seed=seed, options=options), reading), submission=str(submission))
    from grader.presentation.render import render_result  # after grading: Jinja is not on the way to the sandbox's start

    text = render_result(result, fmt, lang)
    if output is not None:
        with _user_errors():
            write_output(output, text)
        if fmt != "json":
            click.echo(f"{number(result.score)} / {number(result.max_score)} -> {output}", err=True)
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
@_isolation_options
@_COURSE_OPTION
@click.option("--force", is_flag=True, help="Grade every submission again, changed or not.")
@click.option("--only", "only", multiple=True, metavar="NAME", help="Grade only this submission again (repeatable); the others keep their grades.")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="CSV of the class (id, name, email, other columns): every student gets a gradebook row (kept for later runs).")
@click.option("--shard", "shard_text", default=None, metavar="K/N",
              help="Grade share K of N (0 <= K < N); 'auto' or 'auto/N' reads Slurm's or Kubernetes' task index. Combine with `grade merge`.")
@click.option("--overrides", "overrides_path", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="TA's adjustments (student, problem, part, points or delta, comment); default: OUT/overrides.csv if it exists.")
@click.option("--deadline", default=None, metavar="ISO-TIME", help="Deadline (e.g. 2026-12-01T23:59+08:00; UTC if no zone) for late penalties.")
@click.option("--late-per-day", type=click.FloatRange(min=0, max=100), default=10, show_default=True, help="Percent lost per started day late.")
@click.option("--late-cap", type=click.FloatRange(min=0, max=100), default=100, show_default=True, help="At most this percent is lost.")
def grade_batch_command(
    root: Path, out: Path, jobs: int, lang: str, seed: int | None, timeout: float, rubric: Path | None, problem_dirs: tuple[Path, ...],
    force: bool, only: tuple[str, ...], roster: Path | None, shard_text: str | None,
    overrides_path: Path | None, deadline: str | None, late_per_day: float, late_cap: float,
    course: str,
) -> None:
    """Grade a class downloaded in ROOT: a folder or an archive (zip, tar.gz) per student, a Moodle or
    a Canvas download (resumable; unchanged submissions are skipped)."""
    from grader.apps.batch import BatchSettings, check_output_place, grade_batch, terminal_text
    from grader.apps.overrides import LatePolicy, load_overrides, parse_deadline
    from grader.apps.roster import load_roster
    from grader.apps.shard import parse_shard
    from grader.grading.pipeline import warm_up
    from grader.presentation.render import render_result
    from grader.reading.files import ensure_writable_dir

    options = _options(rubric, problem_dirs, course)
    late = None
    if deadline is not None:
        try:
            late = LatePolicy(parse_deadline(deadline), late_per_day, late_cap)
        except ValueError:
            raise click.BadParameter(f"{deadline!r} is not an ISO 8601 time such as 2026-12-01T23:59", param_hint="--deadline") from None
    if overrides_path is None and (out / "overrides.csv").is_file():
        overrides_path = out / "overrides.csv"
    with _user_errors():
        rows = load_overrides(overrides_path) if overrides_path is not None else ()
        shard = parse_shard(shard_text) if shard_text else None
        class_roster = load_roster(roster) if roster is not None else None
        check_output_place(root, out)  # before anything is created there
        _output_parent(out)
        ensure_writable_dir(out)
    try:  # the workers are forked from this process: warmed here, each starts warm
        warmed = warm_up()
        for warm_format in ("md", "html"):
            render_result(warmed, warm_format, lang)
    except Exception:  # only an optimization: the batch works without it
        pass
    with _user_errors(output=out):  # the output directory may fail under the batch (full disk, removed)
        outcome = grade_batch(
            root, out, BatchSettings(lang=lang, seed=seed, jobs=jobs, timeout_seconds=timeout, options=options, late=late),
            force=force, only=only, roster=class_roster, shard=shard, overrides=rows,
        )
    if outcome.layout is not None:
        click.echo(f"{root}: {outcome.layout.describe()}" + (f"; shard {shard.index}/{shard.count}: {len(outcome.records)} of them" if shard else ""), err=True)
        for item in outcome.layout.skipped:
            click.echo(f"  skipped {terminal_text(item.name)}: {terminal_text(item.reason)}", err=True)
    if late is not None and deadline is not None:  # (late is set from the deadline)
        _say_lateness(outcome.records, out, deadline)
    click.echo(
        f"{outcome.summary()}; {outcome.seconds:.1f} s -> {out / 'gradebook.csv'}, {out / 'summary.html'}",
        err=True,
    )


def _say_lateness(records, out: Path, deadline: str) -> None:
    """How many submissions lost points for lateness, and where their times came from: a download
    that did not keep the upload times (a copy, an unzip tool) makes a whole class late."""
    from grader.apps.batch import class_roster
    from grader.apps.overrides import SUBMITTED_HEADERS

    late_count = sum(1 for r in records.values() if (r.get("late_penalty") or 0) > 0)
    roster = class_roster(out)
    stamped = roster is not None and any(h.strip().lower() in SUBMITTED_HEADERS for h in roster.extra_columns)
    source = (
        "the roster's submission times (the files' modification times for a student without one)"
        if stamped
        else "the files' modification times: check that the download kept the upload times, or give a roster with a 'submitted' column"
    )
    click.echo(f"late: {late_count} of {len(records)} submissions handed in after {deadline} lost points; times from {source}", err=True)


@main.command("merge")
@click.argument("outputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--out", "into", type=click.Path(path_type=Path, file_okay=False), required=True, help="Directory of the merged reports, gradebook.csv and summary.html.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def merge_command(outputs: tuple[Path, ...], into: Path, lang: str) -> None:
    """Merge the outputs of `grade batch --shard` runs into one gradebook and summary."""
    from grader.apps.shard import merge

    with _user_errors(output=into):
        _output_parent(into)
        records = merge(outputs, into, lang)
    click.echo(f"{len(records)} submissions from {len(outputs)} outputs -> {into / 'gradebook.csv'}, {into / 'summary.html'}", err=True)


@main.command("similarity")
@click.argument("root", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Directory for similarity.html and similarity.json.")
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="How many of the most similar pairs to show.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def similarity_command(root: Path, out: Path, top: int, lang: str) -> None:
    """Compare the code (winnowed tokens) and derivations (parsed math) of every submission of ROOT."""
    import json

    from grader.apps.similarity import render_html, similarity_of_class
    from grader.reading.files import ensure_writable_dir, write_atomic

    with _user_errors(output=out):
        _output_parent(out)
        ensure_writable_dir(out)
        report = similarity_of_class(root, top, exclude=[out])
        write_atomic(out / "similarity.html", render_html(report, lang))
        rows = [{"left": p.left, "right": p.right, "code": round(p.code, 3), "derivations": round(p.derivations, 3)} for p in report.pairs]
        write_atomic(out / "similarity.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    click.echo(f"{len(report.works)} submissions, {len(report.pairs)} similar pairs -> {out / 'similarity.html'}", err=True)


@main.command("export-gradebook")
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(("canvas", "moodle")), required=True, help="The LMS whose CSV grade import to write.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The CSV file to write.")
@click.option("--assignment", default="Homework", show_default=True, help="The assignment's name as the LMS shows it.")
@click.option("--assignment-id", default="", help="Canvas: the assignment's id (the column is then 'NAME (ID)', as Canvas exports it).")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="Roster CSV (default: the one the batch was given).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def export_gradebook_command(out: Path, fmt: str, output: Path, assignment: str, assignment_id: str, roster: Path | None, lang: str) -> None:
    """Write the totals of the batch in OUT as Canvas's or Moodle's grade import CSV."""
    from grader.apps.batch import class_roster, read_record
    from grader.apps.gradebook import export_csv
    from grader.apps.roster import load_roster
    from grader.reading.files import write_output
    from grader.reading.layouts import OUTPUT_MARKER

    if not (out / OUTPUT_MARKER).exists():
        raise click.UsageError(f"{out} is not the output of grade batch")
    records = {p.name: r for p in sorted(out.iterdir()) if p.is_dir() and (r := read_record(p)) is not None}
    with _user_errors():
        _output_parent(output)
        chosen = load_roster(roster) if roster is not None else class_roster(out)
        write_output(output, export_csv(records, fmt, chosen, assignment, assignment_id, lang))
    click.echo(f"{len(records)} submissions ({fmt}) -> {output}", err=True)


@main.command("gradescope")
@click.option("--submission", type=click.Path(path_type=Path), default="/autograder/submission", show_default=True)
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False), default="/autograder/results/results.json", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False), default=None, help="JSON file of points per problem and part.")
@click.option("--problems", "problem_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Directory of extra problem modules (as for `grade batch`).")
@click.option("--hidden-visibility", type=click.Choice(("visible", "after_due_date", "after_published", "hidden")),
              default="after_due_date", show_default=True, help="Gradescope visibility of the code problems' tests (hidden cases).")
@_isolation_options
@_COURSE_OPTION
def gradescope_command(submission: Path, results: Path, lang: str, seed: int | None, rubric: Path | None, problem_dirs: tuple[Path, ...],
                       hidden_visibility: str, course: str) -> None:
    """Run as Gradescope's run_autograder: grade SUBMISSION, write results.json."""
    from grader.apps.gradescope import NotGradescope, run_autograder

    # the rubric and problems are loaded inside run_autograder: whatever is wrong, results.json says so
    with _user_errors():
        try:
            data = run_autograder(submission, results, lang=lang, seed=seed, rubric=rubric, problem_dirs=problem_dirs,
                                  hidden_visibility=hidden_visibility, course=course)
        except NotGradescope as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{number(data['score'])} -> {results}", err=True)


@main.command("export-gradescope")
@click.argument("out_zip", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the students' feedback.")
@click.option("--rubric", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None, help="JSON file of points per problem and part (bundled).")
@_PROBLEMS_OPTION
@click.option("--hidden-visibility", type=click.Choice(("visible", "after_due_date", "after_published", "hidden")),
              default="after_due_date", show_default=True, help="Gradescope visibility of the code problems' tests (hidden cases).")
@_COURSE_OPTION
def export_gradescope_command(out_zip: Path, lang: str, rubric: Path | None, problem_dirs: tuple[Path, ...], hidden_visibility: str, course: str) -> None:
    """Write the Gradescope autograder bundle (setup.sh, run_autograder, the grader's source, the rubric and problems)."""
    from grader.apps.gradescope import export_bundle

    # refused here rather than on Gradescope, student after student
    _options(rubric, problem_dirs, course)  # a module that fails, a rubric that does not fit the problems: now
    with _user_errors():
        _output_parent(out_zip)
        members = export_bundle(out_zip, lang=lang, rubric=rubric, problem_dirs=problem_dirs, hidden_visibility=hidden_visibility, course=course)
    click.echo(f"{len(members)} files -> {out_zip}", err=True)


@main.command("export-student-kit")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--seed", type=int, default=None, help="Seed of the public cases (default: the kit's fixed public seed).")
@_COURSE_OPTION
def export_student_kit_command(directory: Path, seed: int | None, course: str) -> None:
    """Write the student kit: starter files and public cases (no reference, no answers)."""
    from grader.apps.kit import PUBLIC_SEED, export_student_kit

    with _user_errors(output=directory):
        _output_parent(directory)
        written = export_student_kit(directory, seed=PUBLIC_SEED if seed is None else seed, course=course)
    click.echo(f"{len(written)} files -> {directory}", err=True)


@main.command("check")
@click.argument("submission", type=click.Path(path_type=Path))
@click.option("--kit", "kit", type=click.Path(path_type=Path, file_okay=False), required=True, help="The student kit's directory.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
def check_command(submission: Path, kit: Path, lang: str) -> None:
    """Self-check SUBMISSION offline against the kit's public cases (exit 1 if a check failed)."""
    from dataclasses import replace

    from grader.apps.kit import KitError, check_submission, render_check
    from grader.reading.zipsafe import is_zip_path, unpacked
    from grader.results.i18n import render as render_message

    try:
        if is_zip_path(submission):  # checked as the grader will grade it: unpacked safely first
            with _user_errors(), unpacked(submission) as root:
                result = replace(check_submission(root, kit), submission=str(submission))
        else:
            result = check_submission(submission, kit)
    except KitError as exc:
        click.echo(render_message(exc.message, lang), err=True)
        sys.exit(2)
    sys.stdout.write(render_check(result, lang))
    sys.stdout.flush()
    sys.exit(0 if result.counts()[1] == 0 else 1)


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--notebook", is_flag=True, help="Write one starter notebook (homework.ipynb) instead of answers.md and the .py files.")
def init_command(directory: Path, notebook: bool) -> None:
    """Create a starter submission in DIRECTORY (existing files are kept)."""
    from grader.apps.kit import init_submission

    with _user_errors(output=directory):
        _output_parent(directory)
        if notebook:
            from grader.apps.starter_notebook import starter_notebook
            from grader.reading.files import write_atomic

            directory.mkdir(parents=True, exist_ok=True)
            target = directory / "homework.ipynb"
            written, kept = ([], [target.name]) if os.path.lexists(target) else ([target.name], [])
            if written:
                write_atomic(target, starter_notebook())
        else:
            written, kept = init_submission(directory)
    for name in written:
        click.echo(f"created {directory / name}", err=True)
    for name in kept:
        click.echo(f"kept existing {directory / name}", err=True)


if __name__ == "__main__":
    main()
