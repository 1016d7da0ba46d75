"""The `slow` marker, given here by file and by test so that the developer's quick loop stays under a minute.

`python -m pytest -m "not slow"` leaves out the files of SLOW_PATHS (they start processes: the
sandbox, a browser, `grade batch`'s workers, the CLI, the kit's tool, a Gradescope run; or they grade
whole corpora), the tests of SLOW_TESTS (each the costliest of its file; the file keeps faster tests
of the same code in the quick loop) and the single tests marked `@pytest.mark.slow` in the other
files.  The README's test command, and CI, still run everything; tests/test_slow_marks.py checks that
every name below still names a file or a test.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

#: Test files (or folders) that are slow as a whole, relative to tests/, with why.
SLOW_PATHS = {
    "adversarial": "attacks on the sandbox, the batch and the reports, end to end",
    "realworld": "the real-world corpora of derivations and code",
    "test_sandbox.py": "the sandbox",
    "test_sandbox_isolation.py": "the sandbox's isolation levels",
    "test_codecheck_sandbox.py": "code graded through the sandbox",
    "test_browser.py": "a headless browser",
    "test_batch.py": "grade batch and its worker processes",
    "test_workflow.py": "grade batch re-runs, shards and overrides",
    "test_kit.py": "the student kit, its tool run in fresh processes",
    "test_gradescope.py": "the Gradescope bundle, run end to end",
    "test_extended_course.py": "the extended course end to end (kit, grade, Gradescope)",
    "test_cli_smoke.py": "the installed CLI in subprocesses",
    "test_notebook.py": "notebooks graded through the CLI in subprocesses",
    "test_bench.py": "the benchmark scripts",
    "test_mathparse_fuzz.py": "the parser fuzzed with thousands of generated inputs",
    "test_codecheck_fairness.py": "every code problem graded under many seeds and degenerate results",
}

#: Tests (`file::function`, every parameter of it) that are slow in a file whose other tests are quick,
#: with why, and what keeps their code in the quick loop.  Measured with `--durations`: each costs
#: a second or more, or its parameters together do.
SLOW_TESTS = {
    "test_mutants.py::test_a_student_making_the_mistake_is_told_its_name":
        "all 155 known mistakes graded one by one (quick: two mistakes in one function, the reference never taken for one)",
    "test_kit_keys.py::test_no_accepted_answer_goal_or_mistake_of_a_derivation_problem_is_in_the_kit":
        "two whole student kits built (quick: a problem module without its key marker is refused)",
    "test_kit_keys.py::test_no_known_mistake_id_or_reference_body_of_a_code_problem_is_in_the_kit":
        "the two whole student kits (built once for both tests of the kits)",
    "test_kit_keys.py::test_the_kit_holds_each_problem_module_up_to_its_key_marker_unchanged":
        "a whole student kit built",
    "test_authoring_guide.py::test_following_the_guide_adds_both_problems_and_touches_no_other_file":
        "a copy of the checkout grading two new problems (quick: the guide lists its files)",
    "test_report_json.py::test_json_text_matches_json_dumps_on_any_plain_value":
        "200 generated values (quick: the same check on a table of values)",
    "test_report_view.py::test_marks_follow_numpy_isclose_and_the_largest_difference_is_the_largest":
        "300 generated tables (quick: the file's example tests)",
    "test_report_view.py::test_a_reason_is_cut_to_the_longest_start_that_fits_the_columns":
        "300 generated reasons (quick: a long reason cut at the width)",
    "test_report_view.py::test_short_reason_cuts_where_its_definition_cuts":
        "400 generated sentences",
    "test_answers_md.py::test_a_line_of_a_megabyte":
        "a megabyte line per parameter (quick: floods and over-long blocks cut)",
    "test_answers_md.py::test_many_lines_and_many_unclosed_fences_stay_linear":
        "large documents timed",
    "test_answers_md.py::test_five_megabytes_are_truncated_with_a_warning":
        "a five-megabyte document",
    "test_answers_md.py::test_never_raises_and_positions_are_sane":
        "generated documents (quick: every block and heading table)",
    "test_derivations_table.py::test_what_a_ta_reads_around_a_step":
        "45 derivations judged step by step for their wording (quick: the tables of first invalid lines, real notation, red team)",
    "test_extended_derivations.py::test_the_same_derivation_gets_the_same_points_at_every_seed":
        "every fourth derivation under three seeds (quick: the table at one seed)",
    "test_extended_answers.py::test_verdicts_do_not_depend_on_the_seed":
        "the whole answer table under five seeds (quick: the table at one seed)",
    "test_render.py::test_the_extended_course_reads_in_chinese_titles_included":
        "the extended course's example graded (quick: the default course's reports in both languages)",
    "test_dropout.py::test_each_implementation_gets_the_same_grade_and_diagnosis_at_every_seed":
        "every dropout implementation under several seeds (quick: a failed property, degenerate results)",
    "test_codecheck_charged_once.py::test_a_mistake_failing_several_groups_costs_its_catalogued_share_once_under_every_seed":
        "mistakes graded under every seed (quick: two mistakes charged twice, the note in both languages)",
    "test_sandbox_harness.py::test_the_harness_package_is_shipped_wherever_the_sandbox_is":
        "imports the Gradescope adapter and derives the kit's modules (quick: the harness's imports, its scratch copy)",
    "test_bounds.py::test_a_tree_too_large_to_walk_is_refused":
        "a SymPy sum of MAX_NODES products built (quick: the attacks of issue 10 refused before SymPy starts)",
    "test_course_files.py::test_batch_regrades_a_changed_file_of_an_extended_problem":
        "grade batch run twice",
    # added at the end of stop 11, measured on an idle machine (the quick loop had grown to 61 s)
    "test_kit_keys.py::test_the_kit_ships_the_engine_modules_as_written":
        "a whole tool exported and compared file by file (quick: the key-marker refusal)",
    "test_kit_keys.py::test_no_engine_module_the_kit_ships_quotes_an_answer_or_a_mistake_of_any_problem":
        "every engine module searched for 274 key strings (quick: the key-marker refusal)",
    "test_kit_key_scenarios.py::test_the_kit_calls_no_step_the_grader_accepts_wrong_and_leaves_the_key_scenarios_steps_to_it":
        "the good and extended examples checked by the kit and graded (quick: the minimizer reading, the refused mismatch)",
    "test_kit_key_scenarios.py::test_a_step_wrong_at_every_point_is_undecided_in_the_kit_and_wrong_when_graded":
        "a kit built and a derivation graded (quick: the minimizer reading, the refused mismatch)",
    "test_kit_key_scenarios.py::test_a_wrong_step_of_a_problem_without_key_scenarios_is_still_wrong_in_the_kit":
        "a kit built and a derivation graded (quick: the minimizer reading, the refused mismatch)",
    "test_code_size.py::test_no_function_is_above_complexity_20":
        "radon over 208 modules (quick: the 600-line limit of every module)",
    "test_bounds.py::test_the_graded_example_survives_the_round_trip":
        "a whole example graded (quick: the bounds' own tests)",
}


@functools.cache
def _relative(path: Path) -> str | None:
    """`path` relative to tests/, as posix text; None outside it.  Cached: resolving is a few system calls, and every test of a file asks."""
    try:
        return path.resolve().relative_to(HERE).as_posix()
    except ValueError:
        return None


def _slow_reason(item: pytest.Item) -> str | None:
    relative = _relative(item.path)
    if not relative:
        return None
    name = getattr(item, "originalname", item.name)  # a test's name without its parameters
    return SLOW_PATHS.get(relative.split("/")[0]) or SLOW_TESTS.get(f"{relative}::{name}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _slow_reason(item) is not None:
            item.add_marker(pytest.mark.slow)
