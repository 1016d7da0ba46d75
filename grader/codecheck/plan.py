"""A code problem's plan: the calls to make in the child, and what to check in their results."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.results.formatting import shape_text, value_text

from .runtime import Call, CallGraph, Ref

#: Step of the central differences of a student's forward pass (float64 inputs of scale 0.01 to
#: 10: truncation and rounding errors stay near 1e-8 of the directional derivative).
DERIVATIVE_STEP = 1e-6

#: Random directions per backward output judged against the student's own forward pass.
DIRECTIONS = 2


@dataclass(frozen=True, eq=False)
class Output:
    """One value a checked call must produce."""

    name: str
    """How the student knows it: ``"dw"``, ``"loss"``, ``"grads['W1']"``, ``"bn_param['running_mean']"``."""

    kind: str
    """Its tolerance kind (`grader.codecheck.tolerance.TOLERANCE`)."""

    index: int | None = None
    """Its position in the returned tuple; None for the whole return value."""

    key: str | None = None
    """Its key in a returned dict (``grads``)."""

    captured: int | None = None
    """Read it from the call's arguments after the call (`Call.capture` position), not from the return value."""

    group: str | None = None
    """The check group it counts for; the case's group if None."""

    like: str = ""
    """Where its shape comes from, for a shape message (``"w"``)."""

    scalar: bool = False
    """A number (a size-1 array is accepted too)."""

    base: np.ndarray | None = None
    """For kind ``"step"``: the w the step starts from."""

    adapt: Callable[[np.ndarray, np.ndarray, Any], np.ndarray] | None = None
    """Turns an equivalent form of the value into the contract's, given (got, expected, whole returned value)."""


@dataclass(frozen=True, eq=False)
class Case:
    """One checked call: which outputs it must produce, and how they are grouped into checks."""

    function: str
    call: Call
    outputs: tuple[Output, ...]
    group: str
    arity: int | None = None
    """The length of the returned tuple; None if the function returns one value."""
    inputs: Mapping[str, str] = field(default_factory=dict)
    baseline: str | None = None
    """The id of another call of the same function whose results are subtracted from this one's,
    the student's from the student's and the reference's from the reference's: what an option
    adds (weight decay), judged apart from what it is added to."""


@dataclass(frozen=True, eq=False)
class Composition:
    """A composite's case (``mlp_loss``) recomputed from the student's own layers: the calls of
    those layers on the same inputs, chained in the child, and where their results sit."""

    case: Case
    """The composite's checked case."""
    loss: tuple[str, int]
    """(call id, index in its returned tuple) of the data loss."""
    grads: Mapping[str, tuple[str, int]]
    """Parameter name -> (call id, index) of its gradient."""
    params: Mapping[str, np.ndarray]
    """The parameters, for the weight decay the composite adds itself."""
    weight_decay: float
    """The composite's weight decay (0 when not given)."""
    functions: tuple[str, ...]
    """The layer functions the chain calls."""


@dataclass(frozen=True)
class Trajectory:
    """A 2-D optimizer run kept for the report's plot."""

    function: str
    group: str
    objective: str
    start: tuple[float, ...]
    call_ids: tuple[str, ...]
    reference: tuple[tuple[float, ...], ...]


@dataclass(frozen=True, eq=False)
class Derivative:
    """One directional derivative of a student's own forward pass, by central differences:
    ``<dout, (f(a + h v) - f(a - h v)) / 2h>``, against which the matching output of their
    backward pass (``<da, v>``) is judged where their forward pass deviates from the contract."""

    case: Case
    """The backward pass's checked case."""
    output: int
    """The position in `case.outputs` of the output judged (``dx``, ``dw``...)."""
    forward: str
    """The id of the forward call whose cache the backward pass was given."""
    plus: str
    """The id of the forward call at the input moved by ``+h v``."""
    minus: str
    """The id of the forward call at the input moved by ``-h v``."""
    direction: np.ndarray
    """v, of the shape of the input."""
    dout: np.ndarray
    """The upstream gradient the backward pass was given."""
    step: float
    """h."""


@dataclass(frozen=True, eq=False)
class ReferenceCache:
    """A backward pass's case called once more with the cache the REFERENCE forward pass makes
    on the case's inputs: where the student's own forward pass fails on that case, the backward
    pass is still judged on its values (most students keep the reference's cache conventions).
    It can only earn the case's points, never cost more than the blocked case does."""

    case: Case
    """The backward pass's checked case."""
    call: Call
    """The extra call of the backward pass, given the reference's cache.  It is not among the
    plan's calls: it runs in a second, separate sandbox run, only where the forward pass failed
    (`CodeProblem.follow_up_calls`), so that the reference's intermediates (a sigmoid's output,
    a batch norm's x_hat) never sit in the child that computes the forward passes' values."""
    forward: str
    """The id of the student's forward call whose cache the case normally gets."""

    @property
    def call_id(self) -> str:
        return self.call.id


#: Batch sizes at which a forward pass that raises on every case of the contract is tried again
#: (`OtherBatch`): sizes people hard-code in a reshape (powers of two, round numbers), smallest first.
OTHER_BATCH_SIZES = (1, 2, 4, 8, 10, 16, 20, 32, 50, 64, 100, 128, 200, 256)


@dataclass(frozen=True, eq=False)
class OtherBatch:
    """A backward pass's case tried on the student's OWN forward pass at the case's shapes with
    another batch size: where the forward pass raises on every case of the contract (a batch size
    hard-coded in a reshape) and its cache is the student's own kind of object, the backward pass
    can only be judged on a forward run at a batch the forward accepts.  The calls run in the
    follow-up sandbox run (`CodeProblem.follow_up_calls`); the expected values are the
    reference's at the same inputs.  It can only earn the case's points, never cost more."""

    case: Case
    """The backward pass's checked case."""
    forward_case: Case
    """The checked case of the forward call whose cache the backward pass normally gets."""
    forward: Call
    """The student's forward pass at the other batch size (the input's rows drawn afresh)."""
    backward: Call
    """The backward pass given that forward call's cache and an upstream gradient of that batch."""
    batch: int
    """The batch size tried."""


def resized_rows(array: Any, batch: int, seed_text: str) -> np.ndarray:
    """`array` with `batch` rows along axis 0: its rows in turn, each scaled entry by entry by a
    factor near 1 (so that no two rows are equal; exact zeros stay zeros), from a generator seeded
    by `seed_text`."""
    array = np.asarray(array, dtype=np.float64)
    rows = array[np.arange(batch) % array.shape[0]]
    rng = np.random.default_rng(zlib.crc32(seed_text.encode()))
    return rows * (1.0 + 0.1 * rng.standard_normal(rows.shape))


class Plan:
    """Builds the calls and cases of one problem, deterministically from its seed."""

    def __init__(self, problem_id: str, module: str):
        self.problem_id = problem_id
        self.module = module
        self.calls: list[Call] = []
        self.cases: list[Case] = []
        self.trajectories: list[Trajectory] = []
        self.derivatives: list[Derivative] = []
        self.compositions: list[Composition] = []
        self.reference_caches: list[ReferenceCache] = []
        self._other_batches: dict[str, tuple[OtherBatch, ...]] = {}
        """Backward case's call id -> its tries at other batch sizes, made when first asked for
        (only a submission whose forward pass raises everywhere needs them)."""
        self._count = 0
        self._graph: CallGraph | None = None
        """Call id -> the ids of the calls its arguments refer to (read once per call: a plan is
        graded many times over, and walking every argument tree each time cost more than the rest)."""

    def call(
        self,
        function: str,
        *args: Any,
        kwargs: Mapping[str, Any] | None = None,
        capture: Sequence[tuple] = (),
        group: str | None = None,
        send_only: int | None = None,
    ) -> Call:
        self._count += 1
        call = Call(
            id=f"{self.problem_id}.{function}.{self._count}",
            module=self.module,
            function=function,
            args=tuple(args),
            kwargs=dict(kwargs or {}),
            capture=tuple(tuple(path) for path in capture),
            group=group or function,
            send_only=send_only,
        )
        self.calls.append(call)
        return call

    def check(
        self,
        call: Call,
        outputs: Sequence[Output],
        *,
        group: str,
        arity: int | None = None,
        inputs: Mapping[str, str] | None = None,
        function: str | None = None,
        baseline: Call | None = None,
    ) -> Case:
        case = Case(
            function=function or call.function,
            call=call,
            outputs=tuple(outputs),
            group=group,
            arity=arity,
            inputs=inputs if inputs is not None else {},
            baseline=None if baseline is None else baseline.id,
        )
        self.cases.append(case)
        return case

    def dependencies(self, wanted: Sequence[str]) -> list[Call]:
        """The calls in `wanted` and every call they reach through Refs, in plan order
        (`runtime.CallGraph`, indexed once for the plan as it stands)."""
        if self._graph is None or len(self._graph.calls) != len(self.calls):
            self._graph = CallGraph(self.calls)
        return self._graph.dependencies(wanted)

    def reference_cache(self, forward: Call, backward: Case, cache: Any) -> None:
        """Plan the backward case's call again with `cache` (the reference forward pass's, plain
        arrays) in place of the student's forward result, for a follow-up run (`ReferenceCache`)."""
        def swapped(tree: Any) -> Any:
            if isinstance(tree, Ref) and tree.call_id == forward.id:
                return cache  # the forward's (out, cache)[1]: the only part a backward is given
            if isinstance(tree, dict):
                return {key: swapped(item) for key, item in tree.items()}
            if isinstance(tree, (list, tuple)):
                return type(tree)(swapped(item) for item in tree)
            return tree

        call = backward.call
        extra = Call(
            id=f"{call.id}.reference_cache",
            module=call.module,
            function=call.function,
            args=swapped(call.args),
            kwargs=swapped(dict(call.kwargs)),
            group=f"{call.function}.reference_cache",
        )
        self.reference_caches.append(ReferenceCache(backward, extra, forward.id))

    def other_batches(self, fallback: ReferenceCache) -> tuple[OtherBatch, ...]:
        """The tries of `fallback`'s backward case at each of `OTHER_BATCH_SIZES` other than the
        case's own: the forward call with its first argument (the contract's input x, batch on
        axis 0) of that many rows, and the backward call with its first argument (dout) of that
        many rows and the new forward call's result where it had the old one's.  Deterministic
        (from the call ids); not among the plan's calls."""
        case = fallback.case
        known = self._other_batches.get(case.call.id)
        if known is not None:
            return known
        forward_case = next((c for c in self.cases if c.call.id == fallback.forward), None)
        tries: list[OtherBatch] = []
        if forward_case is not None and case.call.args and forward_case.call.args:
            forward, backward = forward_case.call, case.call
            own = np.shape(forward.args[0])[:1]
            for batch in OTHER_BATCH_SIZES:
                if (batch,) == own or np.shape(backward.args[0])[:1] != own:
                    continue
                moved = Call(
                    id=f"{backward.id}.batch{batch}.forward",
                    module=forward.module,
                    function=forward.function,
                    args=(resized_rows(forward.args[0], batch, f"{backward.id}.batch{batch}.x"), *forward.args[1:]),
                    kwargs=dict(forward.kwargs),
                    capture=forward.capture,  # what its checked case reads back (bn_param's running statistics)
                    group=f"{forward.function}.other_batch",
                )

                def swapped(tree: Any, moved: Call = moved, forward: Call = forward) -> Any:
                    if isinstance(tree, Ref) and tree.call_id == forward.id:
                        return Ref(moved.id, tree.index)
                    if isinstance(tree, dict):
                        return {key: swapped(item) for key, item in tree.items()}
                    if isinstance(tree, (list, tuple)):
                        return type(tree)(swapped(item) for item in tree)
                    return tree

                dout = resized_rows(backward.args[0], batch, f"{backward.id}.batch{batch}.dout")
                again = Call(
                    id=f"{backward.id}.batch{batch}",
                    module=backward.module,
                    function=backward.function,
                    args=(dout, *swapped(backward.args[1:])),
                    kwargs=swapped(dict(backward.kwargs)),
                    capture=backward.capture,
                    group=f"{backward.function}.other_batch",
                )
                tries.append(OtherBatch(case, forward_case, moved, again, batch))
        self._other_batches[case.call.id] = tuple(tries)
        return self._other_batches[case.call.id]

    def derivative(self, forward: Call, backward: Case, dout: np.ndarray, inputs_of: Mapping[int, int]) -> None:
        """Plan calls of the student's forward pass at its inputs moved along random directions, so
        that each backward output (position in `backward.outputs` -> position of the forward's
        argument it is the gradient of) can be judged against the student's own forward pass.
        The directions come from the call's id, not from the problem's generator: adding them
        changes no other input."""
        rng = np.random.default_rng(zlib.crc32(backward.call.id.encode()))
        # only the output a backward pass is judged against comes back from the moved calls (the
        # first of the forward's case, as `_Grading.own_derivative` reads it): never their cache
        checked = next((case for case in self.cases if case.call is forward), None)
        send_only = checked.outputs[0].index if checked is not None and checked.outputs else None
        for output, position in inputs_of.items():
            base = np.asarray(forward.args[position], dtype=np.float64)
            for _ in range(DIRECTIONS):
                direction = rng.normal(size=base.shape)
                ids = []
                for sign in (1.0, -1.0):
                    args = list(forward.args)
                    args[position] = base + sign * DERIVATIVE_STEP * direction
                    moved = self.call(forward.function, *args, kwargs=forward.kwargs, group=f"{forward.function}.derivative",
                                      send_only=send_only)
                    ids.append(moved.id)
                self.derivatives.append(
                    Derivative(backward, output, forward.id, ids[0], ids[1], direction, np.asarray(dout, dtype=np.float64), DERIVATIVE_STEP)
                )


#: Arrays of at most this many entries are shown with their values (a student can rerun the case).
SHOWN_ENTRIES = 40


class Words(str):
    """An input already told in words (which step of a run it is): shown as it is, not quoted."""


def describe(value: Any) -> str:
    """A short description of one input, for the report: small arrays by their values."""
    if isinstance(value, Words):
        return str(value)
    if isinstance(value, Ref):
        return f"the value returned by call {value.call_id.rsplit('.', 2)[-2]}"
    if isinstance(value, np.ndarray):
        if value.size <= SHOWN_ENTRIES:
            return np.array2string(value, precision=6, separator=", ", max_line_width=1 << 20, threshold=1 << 20)
        return f"array of shape {shape_text(value.shape)}"
    if isinstance(value, dict):
        inner = ", ".join(f"{key}: {describe(item)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, float):
        return value_text(value)
    return repr(value)


class Inputs(Mapping):
    """A case's inputs by name, described when read: most cases pass and are never shown, so
    the descriptions (small arrays in full) cost nothing until a check fails."""

    def __init__(self, named: Mapping[str, Any]):
        self._values = dict(named)

    def __getitem__(self, name: str) -> str:
        return describe(self._values[name])

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def inputs(**named: Any) -> Inputs:
    return Inputs(named)
