"""Grading one submission: every problem, the answers in a forked child, the code in the sandbox."""
