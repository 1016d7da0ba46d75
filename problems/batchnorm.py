"""Batch and layer normalization (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="batchnorm", title="Batch and layer normalization", kind="code", points=10)
