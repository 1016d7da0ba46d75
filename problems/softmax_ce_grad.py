"""Gradient of softmax cross-entropy (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="softmax-ce-grad", title="Gradient of softmax cross-entropy", kind="derivation", points=10)
