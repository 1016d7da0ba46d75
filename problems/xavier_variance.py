"""Xavier/Glorot initialization variance (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="xavier-variance", title="Xavier/Glorot initialization variance", kind="derivation", points=10)
