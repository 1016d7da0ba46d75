"""Backpropagation: layers, losses and an MLP (contract section 3, backprop.py; 15 points).

Points per function (the parts): affine_forward 1, affine_backward 2,
sigmoid_forward 0.5, sigmoid_backward 1, tanh_forward 0.5, tanh_backward 1,
relu_forward 0.5, relu_backward 1, softmax_loss 2.5, mse_loss 1, mlp_loss 4.
Within a function the points are split over its check groups by the weights
in WEIGHTS (1 unless given): e.g. affine_backward's dx, dw, db count a third
each; softmax_loss gives its "extreme logits" check half the weight of the others;
mlp_loss scores each (activation, loss) combination apart (an MLP that supports
relu and softmax only earns that part) and the weight decay as the difference
between a network with and without it, on every combination.

Inputs are random and seeded per submission: non-square shapes (a transpose
shows), a square affine case (a missing transpose that does not raise shows
as values), several batch sizes, exact zeros for ReLU, scores of size 1e3.
"""

from __future__ import annotations

import numpy as np

from grader.course.problem import CodeSpec

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 60, "extended": 60}

POINTS = {
    "affine_forward": 1.0,
    "affine_backward": 2.0,
    "sigmoid_forward": 0.5,
    "sigmoid_backward": 1.0,
    "tanh_forward": 0.5,
    "tanh_backward": 1.0,
    "relu_forward": 0.5,
    "relu_backward": 1.0,
    "softmax_loss": 2.5,
    "mse_loss": 1.0,
    "mlp_loss": 4.0,
}

#: The starter file a student is given (`grade init`, the student kit).
STUB = '''"""Layers, losses and a whole MLP, with their backward passes.

Every function takes and returns NumPy arrays (float64).  A `cache` is yours:
the grader only hands it back to the matching backward function.
"""

import numpy as np


def affine_forward(x, w, b):
    """x (N, D), w (D, M), b (M,) -> out = x @ w + b of shape (N, M), cache."""
    raise NotImplementedError


def affine_backward(dout, cache):
    """dout (N, M) -> dx (N, D), dw (D, M), db (M,)."""
    raise NotImplementedError


def sigmoid_forward(x):
    """-> out = 1 / (1 + exp(-x)), cache."""
    raise NotImplementedError


def sigmoid_backward(dout, cache):
    """-> dx."""
    raise NotImplementedError


def tanh_forward(x):
    """-> out = tanh(x), cache."""
    raise NotImplementedError


def tanh_backward(dout, cache):
    """-> dx."""
    raise NotImplementedError


def relu_forward(x):
    """-> out = max(0, x), cache."""
    raise NotImplementedError


def relu_backward(dout, cache):
    """-> dx (the derivative at 0 is 0)."""
    raise NotImplementedError


def softmax_loss(scores, y):
    """scores (N, C), y (N,) int labels -> loss = mean over N of -log softmax(scores)[y], dscores."""
    raise NotImplementedError


def mse_loss(pred, target):
    """pred, target (N, M) -> loss = 1/(2N) * sum((pred - target)**2), dpred."""
    raise NotImplementedError


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    """Loss and gradients of an MLP.

    params: {"W1", "b1", ..., "WL", "bL"}, W_l (S_{l-1}, S_l), b_l (S_l,).
    Hidden layers: affine then activation ("sigmoid" | "tanh" | "relu"); last layer: affine only.
    loss "softmax" (y int labels) or "mse" (y (N, S_L)).
    Total loss = data loss + weight_decay/2 * sum_l ||W_l||_F^2 (biases not decayed).
    -> (loss, grads) with grads[k].shape == params[k].shape for every key.
    """
    raise NotImplementedError
'''

SPEC = CodeSpec(id="backprop", title="Backpropagation: layers, losses and an MLP", module="backprop", points=POINTS, stub=STUB)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

import itertools  # noqa: E402

from grader.reference import backprop as reference  # noqa: E402  (the key's imports: the kit's copy never loads them)

from grader.codecheck.plan import Composition, Output, Plan, inputs  # noqa: E402
from grader.codecheck.problem import CodeProblem  # noqa: E402
from grader.codecheck.runtime import Ref  # noqa: E402

WEIGHTS = {
    "relu_backward": {"values": 2.0, "at_zero": 1.0},
    "softmax_loss": {"loss": 1.0, "dscores": 1.0, "stability": 1.0, "extreme": 0.5},
    # each (activation, loss) combination on its own, and the weight decay apart from them
    "mlp_loss": {"sigmoid_softmax": 0.75, "tanh_mse": 0.75, "relu_softmax": 0.75, "relu_mse": 0.75, "weight_decay": 1.0},
}

#: (N, D, M) of the affine cases: non-square, and one with D == M.
AFFINE_SHAPES = ((4, 5, 3), (7, 3, 6), (3, 4, 4))


def _affine(plan: Plan, rng: np.random.Generator) -> None:
    for n, d, m in AFFINE_SHAPES:
        x, w, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        forward = plan.call("affine_forward", x, w, b)
        plan.check(forward, [Output("out", "forward", index=0)], group="values", arity=2, inputs=inputs(x=x, w=w, b=b))
        dout = rng.normal(size=(n, m))
        backward = plan.call("affine_backward", dout, Ref(forward.id, 1))
        case = plan.check(
            backward,
            [
                Output("dx", "backward", index=0, group="dx", like="x"),
                Output("dw", "backward", index=1, group="dw", like="w"),
                Output("db", "backward", index=2, group="db", like="b"),
            ],
            group="dx",
            arity=3,
            inputs=inputs(x=x, w=w, b=b, dout=dout),
        )
        plan.derivative(forward, case, dout, {0: 0, 1: 1, 2: 2})
        plan.reference_cache(forward, case, reference.affine_forward(x, w, b)[1])


def _activation(plan: Plan, rng: np.random.Generator, name: str) -> None:
    shapes = ((4, 6), (5, 3))
    for k, shape in enumerate(shapes):
        x = rng.normal(scale=2.0, size=shape)
        if k == 1:
            x[0, :] = [40.0, -40.0, 0.3][: shape[1]]  # saturated units
        forward = plan.call(f"{name}_forward", x)
        plan.check(forward, [Output("out", "forward", index=0)], group="values", arity=2, inputs=inputs(x=x))
        dout = rng.normal(size=shape)
        backward = plan.call(f"{name}_backward", dout, Ref(forward.id, 1))
        case = plan.check(backward, [Output("dx", "backward", like="x")], group="values", inputs=inputs(x=x, dout=dout))
        plan.derivative(forward, case, dout, {0: 0})
        plan.reference_cache(forward, case, getattr(reference, f"{name}_forward")(x)[1])


def _relu(plan: Plan, rng: np.random.Generator) -> None:
    for group, shape in (("values", (4, 6)), ("at_zero", (6, 5))):
        x = rng.normal(size=shape)
        x[np.abs(x) < 0.05] = 0.5  # no accidental near-zeros in the plain case
        if group == "at_zero":
            x[rng.random(shape) < 0.3] = 0.0
            x[0, 0] = 0.0
        forward = plan.call("relu_forward", x)
        plan.check(forward, [Output("out", "forward", index=0)], group="values", arity=2, inputs=inputs(x=x))
        dout = rng.normal(size=shape)
        dout[np.abs(dout) < 0.05] = 0.5
        backward = plan.call("relu_backward", dout, Ref(forward.id, 1))
        case = plan.check(backward, [Output("dx", "backward", like="x")], group=group, inputs=inputs(x=x, dout=dout))
        if group == "values":  # no central difference at a kink
            plan.derivative(forward, case, dout, {0: 0})
        plan.reference_cache(forward, case, reference.relu_forward(x)[1])


def _softmax(plan: Plan, rng: np.random.Generator) -> None:
    def case(scores, y, group, split):
        call = plan.call("softmax_loss", scores, y)
        outputs = [
            Output("loss", "loss", index=0, scalar=True, group="loss" if split else group),
            Output("dscores", "backward", index=1, like="scores", group="dscores" if split else group),
        ]
        plan.check(call, outputs, group=group, arity=2, inputs=inputs(scores=scores, y=y))

    for n, c in ((5, 4), (3, 7), (8, 3)):
        # no probability below e^-8 / 7: a stabilizing eps of 1e-6 in a log changes the loss by
        # well under 1e-2 (accepted, grader.codecheck.tolerance), whatever the seed
        scores = np.clip(rng.normal(scale=2.0, size=(n, c)), -4.0, 4.0)
        case(scores, rng.integers(0, c, size=n), "loss", True)
    # Large but close scores: only the max shift is needed.
    n, c = 6, 5
    case(1000.0 + rng.normal(scale=3.0, size=(n, c)), rng.integers(0, c, size=n), "stability", False)
    # Scores spread by 1e3: the true class's probability underflows unless computed in logs.
    scores = rng.normal(scale=1000.0, size=(n, c))
    y = rng.integers(0, c, size=n)
    y[0] = int(np.argmin(scores[0]))
    case(scores, y, "extreme", False)
    # As many classes as rows: code that takes y for one-hot labels gives values instead of raising.
    case(np.clip(rng.normal(scale=2.0, size=(4, 4)), -4.0, 4.0), rng.integers(0, 4, size=4), "loss", True)


def _mse(plan: Plan, rng: np.random.Generator) -> None:
    for n, m in ((5, 3), (8, 1), (4, 6)):
        pred, target = rng.normal(size=(n, m)), rng.normal(size=(n, m))
        call = plan.call("mse_loss", pred, target)
        outputs = [
            Output("loss", "loss", index=0, scalar=True, group="loss"),
            Output("dpred", "backward", index=1, like="pred", group="dpred"),
        ]
        plan.check(call, outputs, group="loss", arity=2, inputs=inputs(pred=pred, target=target))


def _network(rng, sizes):
    params = {}
    for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes), start=1):
        params[f"W{layer}"] = rng.normal(scale=1.0 / np.sqrt(fan_in), size=(fan_in, fan_out))
        params[f"b{layer}"] = rng.normal(scale=0.1, size=fan_out)
    return params


#: The MLP's (activation, loss) combinations, each a check group of its own (None: the default).
NETWORKS = (
    # batch size, sizes, activation, loss, the weight decay of its weight-decay case; the batch
    # sizes are fixed and differ from the output sizes, so that what broadcasts by accident
    # (labels taken for one-hot rows, a ReLU by np.max) does so under every seed or none
    (5, (4, 6, 3), None, None, 0.05),
    (6, (5, 4, 3), "tanh", "mse", 0.2),  # 3 outputs: dividing by N*M is not a factor 1/2
    (6, (3, 7, 5, 4), "relu", "softmax", 0.1),
    (7, (4, 5, 3), "relu", "mse", 0.3),
)


def network_group(activation: str | None, loss: str | None) -> str:
    return f"{activation or 'sigmoid'}_{loss or 'softmax'}"


def _chain(plan: Plan, case, params, X, y, activation, loss, decay) -> None:
    """The same network computed by the student's own layers, call by call, for mlp_loss's case."""
    count = len(params) // 2
    act = activation or "sigmoid"
    h, caches = X, []
    for layer in range(1, count + 1):
        affine = plan.call("affine_forward", h, params[f"W{layer}"], params[f"b{layer}"], group="mlp_loss.layers")
        h, cache = Ref(affine.id, 0), [affine]
        if layer < count:
            forward = plan.call(f"{act}_forward", h, group="mlp_loss.layers")
            h = Ref(forward.id, 0)
            cache.append(forward)
        caches.append(cache)
    loss_call = plan.call(f"{loss or 'softmax'}_loss", h, y, group="mlp_loss.layers")
    grads, d = {}, Ref(loss_call.id, 1)
    for layer in range(count, 0, -1):
        cache = caches[layer - 1]
        if len(cache) == 2:
            d = Ref(plan.call(f"{act}_backward", d, Ref(cache[1].id, 1), group="mlp_loss.layers").id)
        backward = plan.call("affine_backward", d, Ref(cache[0].id, 1), group="mlp_loss.layers")
        grads[f"W{layer}"], grads[f"b{layer}"] = (backward.id, 1), (backward.id, 2)
        d = Ref(backward.id, 0)
    functions = ("affine_forward", f"{act}_forward", f"{loss or 'softmax'}_loss", f"{act}_backward", "affine_backward")
    plan.compositions.append(Composition(case, (loss_call.id, 0), grads, params, float(decay or 0.0), functions))


def _mlp(plan: Plan, rng: np.random.Generator) -> None:
    for n, sizes, activation, loss, decay in NETWORKS:
        params = _network(rng, sizes)
        X = rng.normal(size=(n, sizes[0]))
        y = rng.normal(size=(n, sizes[-1])) if loss == "mse" else rng.integers(0, sizes[-1], size=n)
        kwargs = {}
        if activation is not None:
            kwargs["activation"] = activation
        if loss is not None:
            kwargs["loss"] = loss
        outputs = [Output("loss", "loss", index=0, scalar=True)]
        outputs += [Output(f"grads['{key}']", "backward", index=1, key=key, like=f"params['{key}']") for key in params]
        weights = {key: value for key, value in params.items() if key.startswith("W")}
        network = plan.call("mlp_loss", params, X, y, kwargs=kwargs)
        case = plan.check(network, outputs, group=network_group(activation, loss), arity=2,
                          inputs=inputs(X=X, y=y, **weights, **kwargs))
        _chain(plan, case, params, X, y, activation, loss, 0.0)
        # the same network with weight decay: the difference of the two is the decay's alone,
        # judged on every combination the student's network supports
        decayed = plan.call("mlp_loss", params, X, y, kwargs={**kwargs, "weight_decay": decay})
        plan.check(decayed, outputs, group="weight_decay", arity=2, baseline=network,
                   inputs=inputs(X=X, y=y, **weights, **kwargs, weight_decay=decay))


def build(seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    plan = Plan("backprop", "backprop")
    _affine(plan, rng)
    for name in ("sigmoid", "tanh"):
        _activation(plan, rng, name)
    _relu(plan, rng)
    _softmax(plan, rng)
    _mse(plan, rng)
    _mlp(plan, rng)
    return plan


PROBLEM = CodeProblem(
    id=SPEC.id,
    title=SPEC.title,
    module=SPEC.module,
    points=SPEC.points,
    build=build,
    weights=WEIGHTS,
    # a student's mlp_loss is expected to call their own layers: a layer's mistake is charged there
    composes={"mlp_loss": tuple(name for name in POINTS if name != "mlp_loss")},
)
