"""The perceptron algorithm (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="perceptron", title="The perceptron algorithm", kind="code", points=10)
