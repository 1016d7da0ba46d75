"""The sandbox's call vocabulary, and running a plan of calls on OUR OWN trusted functions.

`simulate` plays a plan of `Call`s against an implementation (a mapping
from function name to a trusted function: the reference, or the reference
with one known mistake swapped in) in this process, with the child's
semantics: every call gets fresh copies of its arguments, a `Ref` hands
back the very object an earlier call returned, captures are read from the
arguments after the call.  The grader uses it to compute every expected
value and every mutant's prediction; tests use it as a stand-in for the
sandbox.  Student code never goes through here.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

import numpy as np

from grader.sandbox import Call, CallOutcome, Opaque, Ref, RunReport

__all__ = ["Call", "CallOutcome", "Opaque", "Ref", "RunReport", "dependencies", "plain", "simulate"]

Implementation = Mapping[str, Callable]


class _Missing:
    """What a capture path finds where the student left nothing."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def _resolve(tree: Any, results: Mapping[str, Any]) -> Any:
    if isinstance(tree, Ref):
        value = results[tree.call_id]
        return value if tree.index is None else value[tree.index]
    if isinstance(tree, np.ndarray):
        return tree.copy()
    if isinstance(tree, dict):
        return {key: _resolve(item, results) for key, item in tree.items()}
    if isinstance(tree, list):
        return [_resolve(item, results) for item in tree]
    if isinstance(tree, tuple):
        return tuple(_resolve(item, results) for item in tree)
    return copy.copy(tree)


def refs(tree: Any) -> Iterable[Ref]:
    if isinstance(tree, Ref):
        yield tree
    elif isinstance(tree, dict):
        for item in tree.values():
            yield from refs(item)
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            yield from refs(item)


class CallGraph:
    """Which call each call of a finished plan is given the results of, indexed once.

    Grading one submission asks for the dependencies of a case hundreds of times (the
    grading order, each part's blocked cases, every candidate mistake's simulation);
    walking every call's argument tree again each time was a fifth of the code half's CPU.
    """

    def __init__(self, calls: Sequence[Call]):
        self.calls = tuple(calls)
        self._position = {call.id: index for index, call in enumerate(self.calls)}
        self._given = {call.id: tuple(dict.fromkeys(ref.call_id for ref in refs((call.args, dict(call.kwargs))))) for call in self.calls}
        self._neighbours: dict[str, list[str]] | None = None
        self._reached: dict[str, frozenset[str]] | None = None

    def given(self, call: Call) -> tuple[str, ...]:
        """The ids of the calls whose results `call` is given (a call of another plan: walked here)."""
        position = self._position.get(call.id)
        if position is not None and self.calls[position] is call:
            return self._given[call.id]
        return tuple(dict.fromkeys(ref.call_id for ref in refs((call.args, dict(call.kwargs)))))

    def dependencies(self, wanted: Iterable[str]) -> list[Call]:
        """The calls in `wanted` and every call they reach through Refs, in plan order."""
        needed: set[str] = set()
        stack = list(wanted)
        while stack:
            call_id = stack.pop()
            if call_id in needed or call_id not in self._position:
                continue
            needed.add(call_id)
            stack.extend(self._given[call_id])
        return [self.calls[index] for index in sorted(self._position[call_id] for call_id in needed)]


    def functions_reached(self, call_id: str) -> frozenset[str]:
        """The functions of the calls `dependencies([call_id])` holds (grading order asks it for
        every case: made for all calls in one pass over the plan, each from those it is given)."""
        if self._reached is None:
            reached: dict[str, frozenset[str]] = {}
            for call in self.calls:
                functions = {call.function}
                for other in self._given[call.id]:
                    if other in reached:
                        functions |= reached[other]
                    elif other in self._position:  # a Ref to a later call: walked as dependencies does
                        functions |= {c.function for c in self.dependencies([other])}
                reached[call.id] = frozenset(functions)
            self._reached = reached
        return self._reached.get(call_id, frozenset())

    def connected(self, wanted: Iterable[str]) -> list[Call]:
        """The calls that share an object with those in `wanted` through Refs, either way and
        over any number of steps (their connected parts of the plan), in plan order.  Only these
        can change what the calls in `wanted` return: a call given an earlier call's result may
        change it in place.  The rest of the plan (the moved inputs of a student's own forward
        pass, the layers of a composite chained for the student) need not be run to know them."""
        if self._neighbours is None:
            neighbours: dict[str, list[str]] = {call.id: [] for call in self.calls}
            for call_id, given in self._given.items():
                for other in given:
                    if other in neighbours:
                        neighbours[call_id].append(other)
                        neighbours[other].append(call_id)
            self._neighbours = neighbours
        reached: set[str] = set()
        stack = [call_id for call_id in wanted if call_id in self._position]
        while stack:
            call_id = stack.pop()
            if call_id in reached:
                continue
            reached.add(call_id)
            stack.extend(self._neighbours[call_id])
        return [call for call in self.calls if call.id in reached]


def dependencies(calls: Sequence[Call], wanted: Iterable[str]) -> list[Call]:
    """The calls in `wanted` and every call they reach through Refs, in plan order."""
    return CallGraph(calls).dependencies(wanted)


def capture_path(args: tuple, path: Sequence[Any]) -> Any:
    node: Any = args
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return node


def plain(value: Any, depth: int = 0) -> Any:
    """A value as the sandbox sends it back: arrays, numbers, containers; anything else Opaque."""
    if depth > 20:
        return Opaque(type(value).__name__)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return np.asarray(value)
    if isinstance(value, np.ndarray):
        return value.copy() if value.dtype.kind in "biuf" else Opaque("numpy.ndarray")
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: plain(item, depth + 1) for key, item in value.items()}
        return Opaque("dict")
    if isinstance(value, list):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, tuple):
        return tuple(plain(item, depth + 1) for item in value)
    return Opaque(type(value).__name__)


def simulate(
    calls: Sequence[Call], implementation: Implementation, *, as_sandbox: bool = False, graph: CallGraph | None = None
) -> dict[str, CallOutcome]:
    """Run `calls` on trusted functions; outcomes hold the raw return values (plain ones if `as_sandbox`).

    `graph`, a CallGraph of a plan holding `calls`, spares walking each call's arguments again
    for the calls it is given (a grading simulates the same plan once per candidate mistake).
    """
    results: dict[str, Any] = {}
    outcomes: dict[str, CallOutcome] = {}
    with np.errstate(all="ignore"):  # once for the run, not entered again for every call
        for call in calls:
            started = time.perf_counter()
            function = implementation.get(call.function)
            if function is None:
                outcomes[call.id] = CallOutcome(call.id, "missing_function", f"no function {call.function}")
                continue
            given = graph.given(call) if graph is not None else (ref.call_id for ref in refs((call.args, dict(call.kwargs))))
            if any(call_id not in results for call_id in given):
                outcomes[call.id] = CallOutcome(call.id, "skipped", "an earlier call it depends on failed")
                continue
            try:
                args = _resolve(call.args, results)
                kwargs = _resolve(dict(call.kwargs), results)
                value = function(*args, **kwargs)
            except Exception as exc:  # our own code: a mutant may fail the way a student's code would
                outcomes[call.id] = CallOutcome(call.id, "error", f"{type(exc).__name__}: {exc}")
                continue
            results[call.id] = value
            captured = tuple(capture_path(args, path) for path in call.capture)
            if as_sandbox:
                value = plain(value)
                captured = tuple(None if item is MISSING else plain(item) for item in captured)
            outcomes[call.id] = CallOutcome(
                call.id, "ok", "", value, captured, type(value).__name__, time.perf_counter() - started
            )
    return outcomes


def fake_run(calls: Sequence[Call], implementation: Implementation | Mapping[str, Implementation]) -> RunReport:
    """A RunReport as the sandbox would give it, made by running OUR OWN trusted functions here.

    For tests and for checking a course's reference: `implementation` maps
    function names to trusted functions (or module names to such mappings).
    """
    if implementation and all(isinstance(v, Mapping) for v in implementation.values()):
        outcomes: dict[str, CallOutcome] = {}
        for module, functions in cast("Mapping[str, Implementation]", implementation).items():
            outcomes.update(simulate([c for c in calls if c.module == module], functions, as_sandbox=True))
    else:
        outcomes = simulate(calls, cast(Implementation, implementation), as_sandbox=True)
    for call in calls:
        outcomes.setdefault(call.id, CallOutcome(call.id, "import_error", "module not provided"))
    return RunReport(
        outcomes=outcomes,
        isolation="in-process",
        stdout_tail="",
        stderr_tail="",
        child_cpu_seconds=0.0,
        wall_seconds=0.0,
        restarts=0,
    )
