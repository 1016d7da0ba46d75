"""Gaussian noise: MLE = MSE (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="mle-mse", title="Gaussian noise: MLE = MSE", kind="derivation", points=10)
