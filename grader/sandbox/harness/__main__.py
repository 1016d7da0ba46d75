"""The entry of the sandbox child: ``python -s -S -P -B <scratch>/child/harness PLAN`` runs this file.

Python puts the directory it runs on sys.path.  The package's modules import each other relatively,
so the package is imported by its own name from the directory that holds it; neither directory
stays on sys.path (the student's import system sees the standard library, NumPy and the box only).
"""

import importlib
import os
import sys
import traceback

#: The exit code when the harness fails itself (`grader.sandbox.child.HARNESS_FAILED`).
HARNESS_FAILED = 70


def harness_main():
    """`main.main` of this package, imported (with every module of it) from the directory that holds it."""
    package = os.path.dirname(os.path.abspath(__file__))
    holder = os.path.dirname(package)
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry) != package]
    sys.path.insert(0, holder)
    try:
        return importlib.import_module(os.path.basename(package) + ".main").main
    finally:
        sys.path.remove(holder)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


if __name__ == "__main__":
    try:
        harness_main()(sys.argv)
    except BaseException:  # a failure of our own setup: say why, in the child's stderr
        traceback.print_exc()
        _flush()
        os._exit(HARNESS_FAILED)
    _flush()
    os._exit(0)  # no atexit handlers or finalizers of the student's objects
