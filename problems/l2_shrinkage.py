"""L2 regularization shrinks along eigenvectors (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="l2-shrinkage", title="L2 regularization shrinks along eigenvectors", kind="derivation", points=10)
