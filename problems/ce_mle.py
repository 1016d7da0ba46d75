"""Cross-entropy as maximum likelihood (placeholder until graded)."""

from grader.course import NotYetGraded

PROBLEM = NotYetGraded(id="ce-mle", title="Cross-entropy as maximum likelihood", kind="derivation", points=10)
