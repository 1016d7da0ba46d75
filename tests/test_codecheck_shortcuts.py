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


def _bump(box):
    box["count"] += 1  # changes in place the object an earlier call returned
    return box["count"]


def _box():
    return {"count": 0}


def test_connected_keeps_every_call_that_can_change_a_wanted_result():
    made = Call("made", "m", "box", ())
    bumped = Call("bumped", "m", "bump", (Ref("made"),))  # not a dependency of "read", but changes its input
    read = Call("read", "m", "bump", (Ref("made"),))
    alone = Call("alone", "m", "double", (np.arange(2.0),))
    calls = [made, bumped, read, alone]
    graph = CallGraph(calls)
    assert [c.id for c in graph.dependencies(["read"])] == ["made", "read"]
    assert [c.id for c in graph.connected(["read"])] == ["made", "bumped", "read"]
    assert [c.id for c in graph.connected(["alone"])] == ["alone"]
    assert graph.connected(["no such call"]) == []
    functions = {"box": _box, "bump": _bump, "double": _double}
    whole = simulate(calls, functions, graph=graph)
    part = simulate(graph.connected(["read"]), functions, graph=graph)
    assert part["read"].value == whole["read"].value == 2  # the dependencies alone would give 1


def _values(outcome):
    if outcome is None:
        return None
    return outcome.status, repr(outcome.value), repr(outcome.captured)


def test_the_reference_run_on_the_checked_parts_gives_every_checked_value_of_the_whole_plan():
    """grade_run simulates the reference only on the plan's parts that hold a case (no moved
    forward inputs, no chained layers): every case's outcomes must be those of the whole plan."""
    from grader.reference import mutants

    from grader.course.course import load_problem

    for module in ("backprop", "batchnorm", "optimizers", "perceptron"):
        plan = load_problem(module).build(11)
        graph = CallGraph(plan.calls)
        checked = [case.call.id for case in plan.cases] + [case.baseline for case in plan.cases if case.baseline]
        part = graph.connected(checked)
        if module in ("backprop", "batchnorm"):
            assert len(part) < len(plan.calls)  # the directional derivatives' calls are left out
        functions = mutants.implementation(module)
        whole = simulate(plan.calls, functions, graph=graph)
        some = simulate(part, functions, graph=graph)
        assert set(checked) <= set(some)
        for call_id in checked:
            assert _values(some[call_id]) == _values(whole[call_id]), call_id


def _differing_entries_one_by_one(expected, got, output):
    """differing_entries as it was written first: one relative_error per entry."""
    from grader.codecheck.tolerance import TOLERANCE, relative_error

    base = None if output.base is None else np.broadcast_to(output.base, expected.shape)
    flat_expected, flat_got = expected.reshape(-1), got.reshape(-1)
    flat_base = None if base is None else base.reshape(-1)
    with np.errstate(all="ignore"):
        return [
            k for k in range(flat_expected.size)
            if (not (np.isfinite(flat_expected[k]) and np.isfinite(flat_got[k])) and flat_expected[k] != flat_got[k])
            or (np.isfinite(flat_expected[k]) and relative_error(
                flat_expected[k:k + 1], flat_got[k:k + 1], output.kind, None if flat_base is None else flat_base[k:k + 1]
            ) > TOLERANCE[output.kind])
        ]


def test_differing_entries_in_one_pass_are_those_found_entry_by_entry():
    from grader.codecheck.check import differing_entries

    rng = np.random.default_rng(5)
    outputs = [Output("y", "forward"), Output("dx", "backward"), Output("w", "step", base=rng.normal(size=(3, 4))),
               Output("w", "step", base=np.array(0.25)), Output("p", "exact")]
    for output in outputs:
        for trial in range(40):
            expected = rng.normal(size=(3, 4)) * 10.0 ** rng.integers(-9, 3)
            got = expected.copy()
            wrong = rng.random(expected.shape) < 0.3
            got[wrong] *= 1 + 10.0 ** rng.integers(-12, 0, size=int(wrong.sum()))
            if trial % 5 == 0:
                got[0, 0], expected[1, 1], got[2, 3], expected[2, 3] = np.nan, np.inf, np.inf, np.inf
            if trial % 7 == 0:
                expected[0, 1] = got[0, 1] = 0.0
            found = differing_entries(expected, got, output)
            slow = _differing_entries_one_by_one(expected, got, output)
            assert found["count"] == str(len(slow))
            if slow:
                index = "[" + ", ".join(str(int(i)) for i in np.unravel_index(slow[0], expected.shape)) + "]"
                assert found["index"] == index


def test_shows_mistake_is_neither_same_nor_marginal():
    from grader.codecheck.problem import marginal, shows_mistake
    from grader.results.models import Message

    rng = np.random.default_rng(9)
    outputs = [Output("y", "forward"), Output("dx", "backward"), Output("w", "step", base=rng.normal(size=4) * 1e3),
               Output("w", "step", base=np.array([np.nan, 1.0, 2.0, 3.0])), Output("w", "step")]
    failed = Picked(None, Message("codecheck.status.error", {}), raised=True)
    for output in outputs:
        for trial in range(60):
            expected = rng.normal(size=4) * 10.0 ** rng.integers(-6, 4)
            predicted = expected * (1 + rng.choice([0.0, 1e-9, 1e-7, 5e-6, 2e-5, 1e-3], size=4))
            if trial % 6 == 0:
                predicted[1], expected[1] = np.nan, np.nan
            if trial % 6 == 1:
                predicted[2] = np.inf
            if trial % 6 == 2:
                predicted[3], expected[3] = np.nan, np.inf
            if trial % 6 == 3:
                predicted = expected.copy()
            for candidate in (Picked(predicted), failed, Picked(predicted[:3])):
                long_way = same(output, candidate, Picked(expected)) or marginal(output, candidate, expected)
                assert shows_mistake(output, candidate, expected) == (not long_way)


def test_shows_mistake_takes_a_steps_margin_from_the_reference_value():
    # a step's rounding slack is taken from the first value compared: at the edge of the margin,
    # 'marginal' (reference first) and 'same' (mistake first) disagree, and marginal decides
    from grader.codecheck.problem import marginal, shows_mistake
    from grader.codecheck.tolerance import DIAGNOSIS_MARGIN, TOLERANCE, relative_error

    # (a step from far away, so that the slack's difference is larger than the values' rounding)
    output = Output("w", "step", base=np.array([-1e4]))
    expected, limit = np.array([1.0]), DIAGNOSIS_MARGIN * TOLERANCE["step"]
    low, high = 0.0, 1.0  # the largest move of the value still within the margin, by bisection
    for _ in range(200):
        middle = (low + high) / 2
        if relative_error(expected, expected - middle, "step", output.base) <= limit:
            low = middle
        else:
            high = middle
    moved = expected - low
    assert relative_error(moved, expected, "step", output.base) > limit  # the other order is beyond it
    assert marginal(output, Picked(moved), expected)
    assert not shows_mistake(output, Picked(moved), expected)


def test_functions_reached_are_those_of_the_dependencies():
    from grader.course.course import load_problem

    for module in ("backprop", "batchnorm", "optimizers", "perceptron"):
        plan = load_problem(module).build(4)
        graph = CallGraph(plan.calls)
        for call in plan.calls:
            assert graph.functions_reached(call.id) == {c.function for c in graph.dependencies([call.id])}
    calls = _plan()
    graph = CallGraph(calls)
    assert graph.functions_reached("after_broken") == {"double", "fails"}
    assert graph.functions_reached("no such call") == frozenset()


def test_moved_forward_calls_send_back_only_the_output_their_derivative_reads():
    from grader.course.course import load_problem

    for module in ("backprop", "batchnorm"):
        plan = load_problem(module).build(2)
        by_id = {call.id: call for call in plan.calls}
        cases = {case.call.id: case for case in plan.cases}
        assert plan.derivatives
        for derivative in plan.derivatives:
            read = cases[derivative.forward].outputs[0].index
            assert read is not None
            assert by_id[derivative.plus].send_only == by_id[derivative.minus].send_only == read
        assert all(call.send_only is None for call in plan.calls if call.id in cases)


def test_optimizer_steps_send_back_only_next_w():
    # the config stays in the child for the next step's Ref; every check of a step reads next_w
    from grader.course.course import load_problem

    plan = load_problem("optimizers").build(3)
    assert all(call.send_only == 0 for call in plan.calls)
    assert all(output.index == 0 and output.key is None and output.captured is None and output.adapt is None
               for case in plan.cases for output in case.outputs)
    assert all(case.baseline is None for case in plan.cases)
