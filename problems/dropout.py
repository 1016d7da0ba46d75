"""Inverted dropout (contract section 5, dropout.py; 10 points), graded by properties.

The mask is the student's own random draw, so no reference predicts the
values.  What every correct implementation does, at every seed:

dropout_forward (6 points)
  values 2     in train mode every entry is 0 or x/p (p = 0.5 by default);
  fraction 2   the kept fraction is p within six standard deviations of
               sampling error on 100,000 entries (p = 0.8 and 0.3), and
               p = 1 keeps every entry;
  seed 1       the same "seed" gives the same output, different seeds do not;
  test_mode 1  test mode returns x.
dropout_backward (4 points), judged against the student's OWN forward pass:
  zeros 2      dx is 0 exactly where the forward's output was dropped;
  scale 2      elsewhere dx = dout * out / x (the derivative of the forward
               as it was written), or dout / p (the contract's wording).

Every x and dout is at least 0.25 away from 0, so a dropped entry is told
from a kept one without a tolerance.  Known mistakes are named only from
the values measured (never from text the student's code produced).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from grader.codecheck.plan import Case, Plan, inputs
from grader.codecheck.properties import PropertyCheck, PropertyProblem, Results, Verdict
from grader.codecheck.runtime import Ref
from grader.course.problem import CodeSpec
from grader.results.formatting import value_text
from grader.results.i18n import define
from grader.results.models import Message

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 150}

POINTS = {"dropout_forward": 6.0, "dropout_backward": 4.0}

#: Check groups: function -> group -> weight within the function.
WEIGHTS = {
    "dropout_forward": {"values": 2.0, "fraction": 2.0, "seed": 1.0, "test_mode": 1.0},
    "dropout_backward": {"zeros": 2.0, "scale": 2.0},
}

#: How many standard deviations of the kept fraction a correct draw may stray.
SIGMAS = 6.0

#: Relative tolerance of "x / p" (float64 arithmetic, a multiplication by 1/p or a division by p).
RELATIVE = 1e-9

MISTAKES = {
    "dropout_forward.not_inverted": (
        "dropout_forward keeps entries unscaled (standard dropout): inverted dropout divides the kept entries by p, so that the expected output equals x.",
        "dropout_forward 保留的元素没有缩放（标准 dropout）：inverted dropout 要把保留的元素除以 p，使输出的期望等于 x。",
    ),
    "dropout_forward.scaled_by_p": (
        "dropout_forward multiplies the kept entries by p; inverted dropout divides them by p.",
        "dropout_forward 把保留的元素乘以 p；inverted dropout 应除以 p。",
    ),
    "dropout_forward.p_as_drop": (
        "dropout_forward reads p as the probability of dropping an entry; in the contract p is the probability of keeping it.",
        "dropout_forward 把 p 当成丢弃概率；作业约定中 p 是保留概率。",
    ),
    "dropout_forward.seed_ignored": (
        "dropout_forward does not use dropout_param['seed']: the same seed must give the same mask (for example np.random.default_rng(seed)).",
        "dropout_forward 没有使用 dropout_param['seed']：相同的种子必须给出相同的掩码（例如 np.random.default_rng(seed)）。",
    ),
    "dropout_forward.test_mode_drops": (
        "dropout_forward drops or rescales entries in test mode; at test time inverted dropout returns x unchanged.",
        "dropout_forward 在测试模式下仍丢弃或缩放元素；测试时 inverted dropout 应原样返回 x。",
    ),
    "dropout_backward.mask_redrawn": (
        "dropout_backward draws a new mask instead of using the forward pass's mask from the cache.",
        "dropout_backward 重新抽取了掩码，而不是使用缓存中前向传播的掩码。",
    ),
    "dropout_backward.no_mask": (
        "dropout_backward lets the gradient through where the forward pass dropped the entry: dx must be 0 there.",
        "dropout_backward 在前向传播丢弃的位置仍让梯度通过：那里 dx 必须为 0。",
    ),
    "dropout_backward.not_scaled": (
        "dropout_backward multiplies dout by the 0/1 mask but not by 1/p, as the forward pass scaled the kept entries.",
        "dropout_backward 只乘了 0/1 掩码，没有像前向传播那样乘以 1/p。",
    ),
}

define(
    {
        "property.group.values": ("train mode: every entry 0 or x/p", "训练模式：每个元素为 0 或 x/p"),
        "property.group.fraction": ("train mode: kept fraction p (large inputs; p = 1 keeps all)", "训练模式：保留比例为 p（大输入；p = 1 全部保留）"),
        "property.group.seed": ("the same seed gives the same mask, different seeds do not", "相同种子给出相同掩码，不同种子则不同"),
        "property.group.test_mode": ("test mode returns x", "测试模式返回 x"),
        "property.group.zeros": ("dx is 0 exactly where the forward pass dropped", "dx 恰在前向传播丢弃处为 0"),
        "property.group.scale": ("kept entries: dx = dout / p", "保留处：dx = dout / p"),
        "property.dropout.entry": (
            "{function} returned {got} at entry {index} where x = {x} and p = {p}: each entry must be 0 or x/p = {scaled}.",
            "{function} 在位置 {index} 返回 {got}，此处 x = {x}、p = {p}：每个元素必须为 0 或 x/p = {scaled}。",
        ),
        "property.dropout.fraction": (
            "{function} kept {kept} of {size} entries ({fraction}) with p = {p}; a fraction within {low}..{high} was expected.",
            "{function} 在 p = {p} 时保留了 {size} 个元素中的 {kept} 个（{fraction}）；应在 {low}..{high} 之间。",
        ),
        "property.dropout.same_seed": (
            "{function} gave different outputs for the same seed ({differ} of {size} entries differ).",
            "{function} 对相同的种子给出了不同的输出（{size} 个元素中有 {differ} 个不同）。",
        ),
        "property.dropout.other_seed": (
            "{function} gave the same output for two different seeds.",
            "{function} 对两个不同的种子给出了相同的输出。",
        ),
        "property.dropout.test": (
            "{function} in test mode returned {got} at entry {index} where x = {x}; test mode must return x.",
            "{function} 在测试模式下于位置 {index} 返回 {got}，此处 x = {x}；测试模式必须返回 x。",
        ),
        "property.dropout.zeros": (
            "{function} returned dx = {got} at entry {index}, where the forward pass's output was {out}: dx must be 0 exactly where the forward pass dropped the entry.",
            "{function} 在位置 {index} 返回 dx = {got}，此处前向输出为 {out}：dx 必须恰在前向传播丢弃处为 0。",
        ),
        "property.dropout.scale": (
            "{function} returned dx = {got} at entry {index} where dout = {dout} and p = {p}; dx = dout / p = {expected} was expected.",
            "{function} 在位置 {index} 返回 dx = {got}，此处 dout = {dout}、p = {p}；应为 dx = dout / p = {expected}。",
        ),
    }
)


# -- the judges -------------------------------------------------------------------------------


def _x(case: Case) -> np.ndarray:
    return np.asarray(case.call.args[0], dtype=np.float64)


def _p(case: Case) -> float:
    return float(case.call.args[1].get("p", 0.5))


def _index(array: np.ndarray, flat: int) -> str:
    return str(tuple(int(i) for i in np.unravel_index(flat, array.shape)))


def _forward(results: Results, case: Case) -> np.ndarray | Verdict:
    """The student's `out` for `case`, or the verdict that there is none."""
    out, problem = results.array(case, 0, "out", like=_x(case).shape)
    if out is None:
        return Verdict(False, problem, inputs=case.inputs)
    return out


def _same_scale(kept: np.ndarray, x: np.ndarray, factor: float) -> bool:
    return kept.size > 0 and bool(np.all(np.abs(kept - x * factor) <= RELATIVE * np.abs(x * factor)))


def _values(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        for name in ("default", "p_high", "p_low", "back_a_forward", "back_b_forward"):
            case = cases[name]
            out = _forward(results, case)
            if isinstance(out, Verdict):
                return out
            x, p = _x(case), _p(case)
            scaled = x / p
            right = (out == 0) | (np.abs(out - scaled) <= RELATIVE * np.abs(scaled))
            if right.all():
                continue
            flat = int(np.flatnonzero(~right)[0])
            kept = out != 0
            mistake = None
            if _same_scale(out[kept], x[kept], 1.0):
                mistake = "dropout_forward.not_inverted"
            elif _same_scale(out[kept], x[kept], p):
                mistake = "dropout_forward.scaled_by_p"
            elif _same_scale(out[kept], x[kept], 1 / (1 - p)):
                mistake = "dropout_forward.p_as_drop"
            message = Message(
                "property.dropout.entry",
                {"function": "dropout_forward", "got": value_text(out.flat[flat]), "index": _index(out, flat),
                 "x": value_text(x.flat[flat]), "p": value_text(p), "scaled": value_text(scaled.flat[flat])},
            )
            return Verdict(False, message, mistake, case.inputs, got=out)
        return Verdict(True)

    return PropertyCheck("dropout_forward", "values", WEIGHTS["dropout_forward"]["values"], judge)


def _fraction_bounds(p: float, size: int) -> tuple[float, float]:
    spread = SIGMAS * np.sqrt(p * (1 - p) / size) + 0.5 / size
    return p - spread, p + spread


def _fraction(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        reversed_everywhere = True
        first: Verdict | None = None
        for name in ("p_high", "p_low", "p_one"):
            case = cases[name]
            out = _forward(results, case)
            if isinstance(out, Verdict):
                return out
            p = _p(case)
            kept = int(np.count_nonzero(out))
            fraction = kept / out.size
            low, high = _fraction_bounds(p, out.size)
            flipped_low, flipped_high = _fraction_bounds(1 - p, out.size)
            reversed_everywhere &= flipped_low <= fraction <= flipped_high
            if low <= fraction <= high or first is not None:
                continue
            message = Message(
                "property.dropout.fraction",
                {"function": "dropout_forward", "kept": kept, "size": out.size, "fraction": f"{fraction:.4f}",
                 "p": value_text(p), "low": f"{max(low, 0.0):.4f}", "high": f"{min(high, 1.0):.4f}"},
            )
            first = Verdict(False, message, None, case.inputs)
        if first is None:
            return Verdict(True)
        if reversed_everywhere:
            return Verdict(False, first.message, "dropout_forward.p_as_drop", first.inputs)
        return first

    return PropertyCheck("dropout_forward", "fraction", WEIGHTS["dropout_forward"]["fraction"], judge)


def _seed(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        outs = {}
        for name in ("same_a", "same_b", "other"):
            out = _forward(results, cases[name])
            if isinstance(out, Verdict):
                return out
            outs[name] = out
        differ = int(np.count_nonzero(outs["same_a"] != outs["same_b"]))
        if differ:
            message = Message("property.dropout.same_seed", {"function": "dropout_forward", "differ": differ, "size": outs["same_a"].size})
            return Verdict(False, message, "dropout_forward.seed_ignored", cases["same_b"].inputs)
        if np.array_equal(outs["same_a"], outs["other"]):
            message = Message("property.dropout.other_seed", {"function": "dropout_forward"})
            return Verdict(False, message, None, cases["other"].inputs)
        return Verdict(True)

    return PropertyCheck("dropout_forward", "seed", WEIGHTS["dropout_forward"]["seed"], judge)


def _test_mode(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        case = cases["test"]
        out = _forward(results, case)
        if isinstance(out, Verdict):
            return out
        x = _x(case)
        wrong = np.abs(out - x) > 1e-12 * np.abs(x)
        if not wrong.any():
            return Verdict(True)
        flat = int(np.flatnonzero(wrong)[0])
        message = Message(
            "property.dropout.test",
            {"function": "dropout_forward", "got": value_text(out.flat[flat]), "index": _index(out, flat), "x": value_text(x.flat[flat])},
        )
        return Verdict(False, message, "dropout_forward.test_mode_drops", case.inputs, expected=x, got=out)

    return PropertyCheck("dropout_forward", "test_mode", WEIGHTS["dropout_forward"]["test_mode"], judge)


def _backward_cases(results: Results, cases: Mapping[str, Case]):
    """(case, forward out, x, p, dout, dx) for each backward case that ran; or the Verdict of the first that did not."""
    judged = []
    for name in ("back_a", "back_b"):
        case, made = cases[name], cases[f"{name}_forward"]
        upstream = results.upstream_failure(case)
        if upstream is not None:
            continue  # the forward pass failed: charged there
        out, _ = results.array(made, 0, "out", like=_x(made).shape)
        dx, problem = results.array(case, None, "dx", like=_x(made).shape)
        if out is None:
            continue
        if dx is None:
            return [], Verdict(False, problem, inputs=case.inputs)
        judged.append((case, out, _x(made), _p(made), np.asarray(case.call.args[0], dtype=np.float64), dx))
    if not judged:
        return [], Verdict(False, Message("codecheck.upstream_mistake", {"function": "dropout_backward", "upstream": "dropout_forward"}),
                           upstream="dropout_forward")
    return judged, None


def _zeros(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        judged, failed = _backward_cases(results, cases)
        if failed:
            return failed
        for case, out, _x, _p, _dout, dx in judged:
            wrong = (out == 0) != (dx == 0)
            if not wrong.any():
                continue
            flat = int(np.flatnonzero(wrong)[0])
            if not np.any(dx == 0) and np.any(out == 0):
                mistake = "dropout_backward.no_mask"
            else:
                mistake = "dropout_backward.mask_redrawn"
            message = Message(
                "property.dropout.zeros",
                {"function": "dropout_backward", "got": value_text(dx.flat[flat]), "index": _index(dx, flat), "out": value_text(out.flat[flat])},
            )
            return Verdict(False, message, mistake, case.inputs, got=dx)
        return Verdict(True)

    return PropertyCheck("dropout_backward", "zeros", WEIGHTS["dropout_backward"]["zeros"], judge)


def _scale(cases: Mapping[str, Case]) -> PropertyCheck:
    def judge(results: Results) -> Verdict:
        judged, failed = _backward_cases(results, cases)
        if failed:
            return failed
        for case, out, x, p, dout, dx in judged:
            both = (out != 0) & (dx != 0)
            own = dout * out / x  # the derivative of the forward pass as the student wrote it
            contract = dout / p
            right = (np.abs(dx - own) <= RELATIVE * np.abs(own)) | (np.abs(dx - contract) <= RELATIVE * np.abs(contract))
            wrong = both & ~right
            if not wrong.any():
                continue
            flat = int(np.flatnonzero(wrong)[0])
            mistake = "dropout_backward.not_scaled" if np.allclose(dx[both], dout[both], rtol=RELATIVE, atol=0) else None
            message = Message(
                "property.dropout.scale",
                {"function": "dropout_backward", "got": value_text(dx.flat[flat]), "index": _index(dx, flat),
                 "dout": value_text(dout.flat[flat]), "p": value_text(p), "expected": value_text(contract.flat[flat])},
            )
            return Verdict(False, message, mistake, case.inputs, got=dx)
        return Verdict(True)

    return PropertyCheck("dropout_backward", "scale", WEIGHTS["dropout_backward"]["scale"], judge)


#: The judges of a student's results (the kit's self-check runs them on its public calls).
CHECKS = (_values, _fraction, _seed, _test_mode, _zeros, _scale)

#: The starter file a student is given (`grade init --course extended`, the student kit).
STUB = '''"""Inverted dropout (extended course).

The mask is your own random draw: the grader checks its properties, not its values.
"""

import numpy as np


def dropout_forward(x, dropout_param):
    """Inverted dropout.

    dropout_param: "p" the keep probability (default 0.5), "mode" ("train" or "test"),
    "seed" (optional int: the same seed gives the same mask).
    train: each entry is kept with probability p and scaled by 1/p, otherwise 0.
    test: out = x.
    Returns (out, cache).
    """
    raise NotImplementedError


def dropout_backward(dout, cache):
    """The gradient with respect to x: the forward's mask, scaled by 1/p. Returns dx."""
    raise NotImplementedError
'''

SPEC = CodeSpec(id="dropout", title="Dropout", module="dropout", points=POINTS, stub=STUB)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# -- the plan -------------------------------------------------------------------------------


def _signal(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random entries at least 0.25 away from 0, so that a dropped entry is exactly 0 and a kept one is not."""
    x = rng.normal(size=shape)
    return x + np.where(x >= 0, 0.25, -0.25)


def build(seed: int) -> tuple[Plan, Mapping[str, Case]]:
    rng = np.random.default_rng(seed)
    seeds = [int(s) for s in rng.choice(2**31 - 1, size=8, replace=False)]
    plan = Plan("dropout", "dropout")
    cases: dict[str, Case] = {}

    def forward(name: str, shape: tuple[int, ...], param: dict) -> Case:
        x = _signal(rng, shape)
        call = plan.call("dropout_forward", x, dict(param))
        cases[name] = plan.check(call, [], group=name, arity=2, inputs=inputs(x=x, dropout_param=param))
        return cases[name]

    forward("default", (30, 40), {"mode": "train", "seed": seeds[0]})
    forward("p_high", (200, 500), {"p": 0.8, "mode": "train", "seed": seeds[1]})
    forward("p_low", (200, 500), {"p": 0.3, "mode": "train", "seed": seeds[2]})
    forward("p_one", (30, 40), {"p": 1.0, "mode": "train", "seed": seeds[3]})
    same = _signal(rng, (30, 40))
    for name, s in (("same_a", seeds[4]), ("same_b", seeds[4]), ("other", seeds[5])):
        param = {"p": 0.6, "mode": "train", "seed": s}
        call = plan.call("dropout_forward", same, dict(param))
        cases[name] = plan.check(call, [], group=name, arity=2, inputs=inputs(x=same, dropout_param=param))
    forward("test", (30, 40), {"p": 0.6, "mode": "test"})
    for name, shape, p, s in (("back_a", (20, 30), 0.7, seeds[6]), ("back_b", (25, 12), 0.4, seeds[7])):
        made = forward(f"{name}_forward", shape, {"p": p, "mode": "train", "seed": s})
        dout = _signal(rng, shape)
        call = plan.call("dropout_backward", dout, Ref(made.call.id, 1))
        cases[name] = plan.check(call, [], group=name, inputs=inputs(dout=dout))
    return plan, cases


PROBLEM = PropertyProblem(
    id=SPEC.id,
    title=SPEC.title,
    module=SPEC.module,
    points=SPEC.points,
    build=build,
    checks=CHECKS,
    mistakes=MISTAKES,
)
