"""Grading a student's Python files against the course's reference implementations.

- `problem.CodeProblem`: a code problem for the grading engine (`plan_calls`,
  `grade_run`); the course's four are in `grader.problems` (backprop,
  batchnorm, perceptron, optimizers).
- `scoring`: a function's points from its check groups (one charge per mistake),
  with `variants` (accepted deviations), `rescue` (blocked cases judged again
  elsewhere) and `forgiveness` (another function's mistake, charged there).
- `diagnosis`: naming the known mistakes a failing function reproduces (it
  scores nothing); `evidence`: the values both read, each picked once;
  `catalog`: the course's reference and known mistakes, loaded when asked.
- `plan`: `Plan`, `Case`, `Output`: the calls to make in the sandbox and what
  to check in their results.
- `check`: the ladder of one value (ran, type and arity, shape, finite, values).
- `tolerance`: every numerical tolerance, in one place.
- `runtime`: the sandbox's call types, `simulate` (our own trusted functions
  run in-process with the child's semantics) and `fake_run` (a RunReport made
  that way, for tests).
- `messages`: the sentences, in English and Chinese.

The reference implementations and the catalog of known mistakes live in
`reference/` of the repository (installed: the grader's reference package).

One charge per mistake, the same grade whatever the seed or the order of the parts:

- a backward pass whose forward pass deviates is also judged against central differences of
  the student's own forward pass (`plan.Derivative`, calls planned in the child); where it is that
  derivative it keeps its points (the forward pass is charged, once);
- a composite (``mlp_loss``) is also compared with the student's own layers chained by the
  grader in the child (`plan.Composition`); it is forgiven only where those values agree, never
  because of an exception's text; each (activation, loss) combination is a check group, and
  weight decay is judged as the difference of a network with and without it (`Case.baseline`);
- a catalogued mistake with a cost (the catalog's `Mutant.cost`: a detail such as an
  epsilon's value or place) costs that share of its function once, however many check groups it
  explains; a group it does not explain is charged in full on top (a second mistake);
- a backward pass whose forward pass raises on every case is judged on the reference forward's
  cache, and where that cache does not fit it, on its own forward pass run at another batch size
  (`plan.OtherBatch`); either only earns points, never costs more;
- parts are graded in dependency order and shown in the order of POINTS;
- a stabilizing epsilon of at most 1e-6 is an accepted variant, not a mistake (`tolerance`);
- known mistakes are named only from evidence far from the tolerance (`tolerance.DIAGNOSIS_MARGIN`);
- names NumPy 2 removed are served in the child with their NumPy 1 meaning and noted
  (`grader.sandbox.numpy1`).
"""
