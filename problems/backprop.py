"""Backpropagation: layers, losses and an MLP (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="backprop", title="Backpropagation: layers, losses and an MLP", kind="code", points=15)
