"""Batch and layer normalization (contract section 3, batchnorm.py; 10 points).

Points per function: batchnorm_forward 3.5 (train-mode output, running
statistics, test mode: equal weights), batchnorm_backward 3 (dx 2, dgamma 0.5,
dbeta 0.5), layernorm_forward 1.5, layernorm_backward 2 (dx 1, dgamma 0.5,
dbeta 0.5).

The running statistics are read back from bn_param after each call (the
contract updates them in place); a non-default eps, on features of tiny
variance, shows a hard-coded or misplaced eps; a non-default momentum
shows a hard-coded or swapped one; a test-mode call must not touch them.
"""

from __future__ import annotations

import numpy as np

from grader.course.problem import CodeSpec

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 70, "extended": 70}

POINTS = {
    "batchnorm_forward": 3.5,
    "batchnorm_backward": 3.0,
    "layernorm_forward": 1.5,
    "layernorm_backward": 2.0,
}

#: The starter file a student is given (`grade init`, the student kit).
STUB = '''"""Batch and layer normalization."""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """x (N, D); gamma, beta (D,).

    bn_param: "mode" ("train" | "test"), "eps" (default 1e-5), "momentum" (default 0.9),
    "running_mean", "running_var" ((D,), zeros if absent).
    train: normalize with the batch mean and the biased batch variance (divide by N), then
    update in place: running = momentum * running + (1 - momentum) * batch_stat.
    test: normalize with running_mean and running_var.
    out = gamma * x_hat + beta, x_hat = (x - mean) / sqrt(var + eps).
    -> out, cache
    """
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """-> dx, dgamma, dbeta (for a train-mode forward)."""
    raise NotImplementedError


def layernorm_forward(x, gamma, beta, ln_param):
    """ln_param: "eps" (default 1e-5); normalizes each row of x over its D features -> out, cache."""
    raise NotImplementedError


def layernorm_backward(dout, cache):
    """-> dx, dgamma, dbeta."""
    raise NotImplementedError
'''

SPEC = CodeSpec(id="batchnorm", title="Batch and layer normalization", module="batchnorm", points=POINTS, stub=STUB)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

import copy  # noqa: E402

from grader.reference import batchnorm as reference  # noqa: E402  (the key's imports: the kit's copy never loads them)

from grader.codecheck.plan import Output, Plan, inputs  # noqa: E402
from grader.codecheck.problem import CodeProblem  # noqa: E402
from grader.codecheck.runtime import Ref  # noqa: E402

WEIGHTS = {
    "batchnorm_backward": {"dx": 2.0, "dgamma": 0.5, "dbeta": 0.5},
    "layernorm_backward": {"dx": 1.0, "dgamma": 0.5, "dbeta": 0.5},
}

RUNNING = (("running_mean", 0), ("running_var", 1))


def _batch(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """Features with different means and scales, one of them of tiny variance (where eps matters)."""
    x = rng.normal(loc=rng.normal(scale=3.0, size=d), scale=rng.uniform(0.5, 3.0, size=d), size=(n, d))
    x[:, 0] = 2.0 + rng.normal(scale=0.01, size=n)
    return x


def _affine_params(rng, d):
    return rng.normal(loc=1.0, scale=0.5, size=d), rng.normal(size=d)


def _backward_outputs():
    return [
        Output("dx", "backward", index=0, group="dx", like="x"),
        Output("dgamma", "backward", index=1, group="dgamma", like="gamma"),
        Output("dbeta", "backward", index=2, group="dbeta", like="beta"),
    ]


def _batchnorm(plan: Plan, rng: np.random.Generator) -> None:
    train_params: tuple[tuple[tuple[int, int], dict[str, float]], ...] = (
        # (N, D), bn_param besides mode and running stats
        ((8, 5), {}),
        ((5, 3), {"eps": 1e-3, "momentum": 0.7}),
        ((12, 4), {"momentum": 0.5}),
    )
    capture = [(3, key) for key, _ in RUNNING]
    for (n, d), extra in train_params:
        x = _batch(rng, n, d)
        gamma, beta = _affine_params(rng, d)
        bn_param = {"mode": "train", **extra}
        if extra:  # otherwise the running statistics start absent (zeros)
            bn_param["running_mean"] = rng.normal(size=d)
            bn_param["running_var"] = rng.uniform(0.5, 2.0, size=d)
        forward = plan.call("batchnorm_forward", x, gamma, beta, bn_param, capture=capture)
        outputs = [Output("out", "forward", index=0, group="train", like="x")]
        outputs += [Output(f"bn_param['{key}']", "forward", captured=i, group="running") for key, i in RUNNING]
        plan.check(forward, outputs, group="train", arity=2, inputs=inputs(x=x, gamma=gamma, beta=beta, bn_param=bn_param))
        dout = rng.normal(size=(n, d))
        backward = plan.call("batchnorm_backward", dout, Ref(forward.id, 1))
        case = plan.check(backward, _backward_outputs(), group="dx", arity=3, inputs=inputs(x=x, gamma=gamma, dout=dout, bn_param=bn_param))
        plan.derivative(forward, case, dout, {0: 0, 1: 1, 2: 2})
        plan.reference_cache(forward, case, reference.batchnorm_forward(x, gamma, beta, copy.deepcopy(bn_param))[1])
    for (n, d), extra in (((6, 4), {}), ((4, 3), {"eps": 1e-3})):
        x = _batch(rng, n, d)
        gamma, beta = _affine_params(rng, d)
        bn_param = {
            "mode": "test",
            "running_mean": rng.normal(size=d),
            "running_var": rng.uniform(0.5, 2.0, size=d),
            **extra,
        }
        call = plan.call("batchnorm_forward", x, gamma, beta, bn_param, capture=capture)
        outputs = [Output("out", "forward", index=0, like="x")]
        outputs += [Output(f"bn_param['{key}']", "forward", captured=i) for key, i in RUNNING]
        plan.check(call, outputs, group="test", arity=2, inputs=inputs(x=x, gamma=gamma, beta=beta, bn_param=bn_param))


def _layernorm(plan: Plan, rng: np.random.Generator) -> None:
    for (n, d), ln_param in (((5, 7), {}), ((6, 4), {"eps": 1e-3})):
        x = _batch(rng, d, n).T.copy()  # rows with different means and scales, one row nearly constant
        gamma, beta = _affine_params(rng, d)
        forward = plan.call("layernorm_forward", x, gamma, beta, ln_param)
        plan.check(forward, [Output("out", "forward", index=0, like="x")], group="values", arity=2,
                   inputs=inputs(x=x, gamma=gamma, beta=beta, ln_param=ln_param))
        dout = rng.normal(size=(n, d))
        backward = plan.call("layernorm_backward", dout, Ref(forward.id, 1))
        case = plan.check(backward, _backward_outputs(), group="dx", arity=3, inputs=inputs(x=x, gamma=gamma, dout=dout))
        plan.derivative(forward, case, dout, {0: 0, 1: 1, 2: 2})
        plan.reference_cache(forward, case, reference.layernorm_forward(x, gamma, beta, dict(ln_param))[1])


def build(seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    plan = Plan("batchnorm", "batchnorm")
    _batchnorm(plan, rng)
    _layernorm(plan, rng)
    return plan


PROBLEM = CodeProblem(
    id=SPEC.id,
    title=SPEC.title,
    module=SPEC.module,
    points=SPEC.points,
    build=build,
    weights=WEIGHTS,
)
