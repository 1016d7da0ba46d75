"""Hostile files: symbolic links out of the submission, a FIFO, a directory, an oversized file.

A file that cannot be used costs the problems that need it, with a message naming it; the
target of a link is never read, so none of it can reach a report.
"""

from __future__ import annotations

import os

from .arena import ANSWER_PROBLEMS, Target, assert_contained
from .attacks import CodeAttack, hostile_source

LINK = r"symbolic link"


def test_links_out_of_the_submission_a_fifo_and_a_directory(arena, clean):
    submission = arena.submission()
    (submission / "backprop.py").unlink()
    os.symlink("/etc/passwd", submission / "backprop.py")
    (submission / "perceptron.py").unlink()
    os.symlink("../victim/perceptron.py", submission / "perceptron.py")  # another student's file
    (submission / "optimizers.py").unlink()
    os.mkfifo(submission / "optimizers.py")  # opening it for reading would block forever
    (submission / "batchnorm.py").unlink()
    (submission / "batchnorm.py").mkdir()
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [
        Target("backprop", None, LINK),
        Target("perceptron", None, LINK),
        Target("optimizers", None, r"not a regular file"),
        Target("batchnorm", None, r"not a regular file"),
    ])


def test_answers_linked_to_another_student_an_oversized_file_and_a_link_for_the_code(arena, clean):
    submission = arena.submission()
    (submission / "answers.md").unlink()
    os.symlink(arena.victim / "answers.md", submission / "answers.md")
    with open(submission / "batchnorm.py", "a") as handle:
        handle.write(("# " + "padding " * 100 + "\n") * 4000)  # 3.2 MB, the code itself still correct
    # a link beside the files, which the student's code then tries to open from its working directory
    os.symlink(arena.secret_path, submission / "notes.txt")
    os.symlink("/", submission / "root")
    reading = CodeAttack(
        "reading through links placed in the submission",
        'raise ValueError(_adv_try(lambda: open("notes.txt").read()) + _adv_try(lambda: open("root/etc/passwd").read()))',
        r"raised an exception",
    )
    with open(submission / "perceptron.py", "a") as handle:
        handle.write(hostile_source(reading, "perceptron_predict", arena.context(submission)))
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [
        *[Target(p, None, LINK) for p in ANSWER_PROBLEMS],
        Target("batchnorm", None, r"larger than"),
        Target("perceptron", ("perceptron_predict",), reading.says),
    ])
