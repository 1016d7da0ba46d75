"""Grading a student's Python files against the course's reference implementations.

- `problem.CodeProblem`: a code problem for the grading engine (`plan_calls`,
  `grade_run`); the course's four are in `grader.problems` (backprop,
  batchnorm, perceptron, optimizers).
- `plan`: `Plan`, `Case`, `Output`: the calls to make in the sandbox and what
  to check in their results.
- `check`: the ladder of one value (ran, type and arity, shape, finite, values).
- `tolerance`: every numerical tolerance, in one place.
- `runtime`: the sandbox's call types, `simulate` (our own trusted functions
  run in-process with the child's semantics) and `fake_run` (a RunReport made
  that way, for tests).
- `messages`: the sentences, in English and Chinese.

The reference implementations and the catalog of known mistakes live in
`grader.reference` (`reference/` in the repository).
"""
