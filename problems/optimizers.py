"""First-order optimizers (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="optimizers", title="First-order optimizers", kind="code", points=15)
