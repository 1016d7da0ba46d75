"""The code half's shortcuts give the results of the long way (no grade may move with them)."""

import numpy as np

from grader.codecheck.check import Picked, same
from grader.codecheck.plan import Output
from grader.codecheck.runtime import CallGraph, simulate
from grader.sandbox import Call, Ref


def _double(x):
    return 2 * x


def _fails(x):
    raise ValueError("on purpose")


def _plan():
    first = Call("first", "m", "double", (np.arange(3.0),))
    broken = Call("broken", "m", "fails", (Ref("first"),))
    after_broken = Call("after_broken", "m", "double", ({"nested": [Ref("broken")]},))
    after_first = Call("after_first", "m", "double", (), {"x": Ref("first")})
    return [first, broken, after_broken, after_first]


def _summary(outcomes):
    return {k: (o.status, None if o.value is None else o.value.tolist()) for k, o in outcomes.items()}


def test_simulate_with_the_plans_graph_skips_and_runs_the_same_calls():
    calls = _plan()
    functions = {"double": _double, "fails": _fails}
    plain = simulate(calls, functions)
    indexed = simulate(calls, functions, graph=CallGraph(calls))
    assert _summary(indexed) == _summary(plain)
    assert indexed["after_broken"].status == "skipped"  # given a failed call's result, nested in a dict
    assert indexed["after_first"].value.tolist() == [0.0, 4.0, 8.0]


def test_graph_walks_a_call_that_is_not_its_own():
    calls = _plan()
    graph = CallGraph(calls)
    assert graph.given(calls[2]) == ("broken",)
    # same id, another object (another plan): its own arguments count, not the indexed call's
    stranger = Call("after_broken", "m", "double", (Ref("first"),))
    assert graph.given(stranger) == ("first",)
    assert graph.given(Call("unknown", "m", "double", ())) == ()


def test_same_of_equal_arrays_and_the_long_way_agree():
    forward = Output("y", "forward")
    values = np.array([1.0, -2.5, np.inf, 0.0])
    assert same(forward, Picked(values), Picked(values.copy()))
    assert same(forward, Picked(values), Picked(values * (1 + 1e-12)))
    assert not same(forward, Picked(values), Picked(values + [0.0, 1e-3, 0.0, 0.0]))
    with_nan = np.array([1.0, np.nan])
    assert same(forward, Picked(with_nan), Picked(with_nan.copy()))  # NaN where the other has NaN
    assert not same(forward, Picked(with_nan), Picked(np.array([1.0, np.inf])))


def test_a_step_with_an_undefined_base_is_never_taken_for_equal():
    # a step's relative error rests on its base; an equal pair with a NaN base has none (False,
    # as before the shortcut for equal arrays), while a finite base keeps equal steps equal
    nan_base = Output("w", "step", base=np.array([np.nan, 1.0]))
    finite_base = Output("w", "step", base=np.array([0.5, 1.0]))
    values = np.array([1.0, 2.0])
    assert not same(nan_base, Picked(values), Picked(values.copy()))
    assert same(finite_base, Picked(values), Picked(values.copy()))
