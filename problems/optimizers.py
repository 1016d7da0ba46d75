"""First-order optimizers (contract section 3, optimizers.py; 15 points).

Points per function: sgd 1, sgd_momentum 2, nesterov_momentum 2, adagrad 2,
rmsprop 2, adadelta 2, adam 4.  Within each, four runs count equally:
config=None (the defaults) on an ill-conditioned quadratic over a (3, 4)
array, with gradients small enough (1e-3 to 1e-1) that a wrong default
epsilon shows; non-default hyperparameters on the 2-D Rosenbrock function (kept for
the report's plot); other hyperparameters (epsilon left to its default, but for
adagrad, rmsprop and adam, whose 1e-4 makes an epsilon inside the square root show on any data) on
a small logistic regression; and tiny gradients (1e-6) with a non-default epsilon (config=None for the
optimizers without one), where epsilon dominates.

Stepping is open-loop: the grader computes the reference trajectory
w_0, w_1, ... and hands the student (w_t, grad(w_t), config_t), where
config_0 is a fresh dict (or None) and config_{t+1} is the config the
student returned (kept in the child).  Each step is compared as the step
next_w - w_t, so a mistake in the state shows at the step it happens.
"""

from __future__ import annotations

import numpy as np

from grader.course.problem import CodeSpec

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 90, "extended": 90}

POINTS = {
    "sgd": 1.0,
    "sgd_momentum": 2.0,
    "nesterov_momentum": 2.0,
    "adagrad": 2.0,
    "rmsprop": 2.0,
    "adadelta": 2.0,
    "adam": 4.0,
}

#: The starter file a student is given (`grade init`, the student kit).
STUB = '''"""First-order optimizers: name(w, dw, config=None) -> (next_w, config).

`config` holds the hyperparameters and the optimizer's state between calls; missing keys take
the defaults below, and the state starts at zeros.  Name your state keys as you like.
"""

import numpy as np


def sgd(w, dw, config=None):
    """learning_rate 1e-2: w - lr * dw."""
    raise NotImplementedError


def sgd_momentum(w, dw, config=None):
    """learning_rate 1e-2, momentum 0.9: v = momentum * v - lr * dw; w + v."""
    raise NotImplementedError


def nesterov_momentum(w, dw, config=None):
    """learning_rate 1e-2, momentum 0.9:
    v_prev = v; v = momentum * v - lr * dw; w - momentum * v_prev + (1 + momentum) * v."""
    raise NotImplementedError


def adagrad(w, dw, config=None):
    """learning_rate 1e-2, epsilon 1e-7: r += dw**2; w - lr * dw / (sqrt(r) + epsilon)."""
    raise NotImplementedError


def rmsprop(w, dw, config=None):
    """learning_rate 1e-2, decay_rate 0.99, epsilon 1e-8:
    r = decay_rate * r + (1 - decay_rate) * dw**2; w - lr * dw / (sqrt(r) + epsilon)."""
    raise NotImplementedError


def adadelta(w, dw, config=None):
    """learning_rate 1.0, rho 0.95, epsilon 1e-6:
    g2 = rho * g2 + (1 - rho) * dw**2; d = -sqrt(x2 + epsilon) / sqrt(g2 + epsilon) * dw;
    x2 = rho * x2 + (1 - rho) * d**2; w + lr * d."""
    raise NotImplementedError


def adam(w, dw, config=None):
    """learning_rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8:
    t += 1; m = beta1 * m + (1 - beta1) * dw; v = beta2 * v + (1 - beta2) * dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t); w - lr * m_hat / (sqrt(v_hat) + epsilon)."""
    raise NotImplementedError
'''

SPEC = CodeSpec(id="optimizers", title="First-order optimizers", module="optimizers", points=POINTS, stub=STUB)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

import copy  # noqa: E402

from grader.reference import optimizers as reference  # noqa: E402  (the key's imports: the kit's copy never loads them)

from grader.codecheck.plan import Output, Plan, Trajectory, Words, inputs  # noqa: E402
from grader.codecheck.problem import CodeProblem  # noqa: E402
from grader.codecheck.runtime import Ref  # noqa: E402

#: Non-default hyperparameters of the Rosenbrock run (every key given).
ROSENBROCK_CONFIG = {
    "sgd": {"learning_rate": 1e-3},
    "sgd_momentum": {"learning_rate": 5e-4, "momentum": 0.8},
    "nesterov_momentum": {"learning_rate": 5e-4, "momentum": 0.7},
    "adagrad": {"learning_rate": 0.1, "epsilon": 1e-6},
    "rmsprop": {"learning_rate": 0.01, "decay_rate": 0.9, "epsilon": 1e-6},
    "adadelta": {"learning_rate": 0.5, "rho": 0.9, "epsilon": 1e-4},
    "adam": {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
}

#: Other hyperparameters of the logistic-regression run (epsilon left to its default but for the
#: methods dividing by a square root, where a default epsilon's effect depends on the data).
LOGISTIC_CONFIG = {
    "sgd": {"learning_rate": 0.5},
    "sgd_momentum": {"learning_rate": 0.1, "momentum": 0.5},
    "nesterov_momentum": {"learning_rate": 0.1, "momentum": 0.95},
    "adagrad": {"learning_rate": 0.5, "epsilon": 1e-4},
    # no weight of 0.5: x*a + (1-x)*b would not tell swapped decay weights from right ones
    "rmsprop": {"learning_rate": 0.05, "decay_rate": 0.7, "epsilon": 1e-4},  # an epsilon inside the sqrt shows whatever the data
    "adadelta": {"learning_rate": 2.0, "rho": 0.7},
    # a large epsilon, as for rmsprop: one moved under the square root or scaled by the bias
    # correction ('efficient' Adam) then shows on every seed's data, not on some
    "adam": {"learning_rate": 0.1, "beta1": 0.7, "beta2": 0.9, "epsilon": 1e-4},
}

#: Non-default epsilons of the tiny-gradient run (None: config=None), where epsilon matters.
TINY_CONFIG = {
    "adagrad": {"epsilon": 1e-5},
    "rmsprop": {"epsilon": 1e-6},
    "adadelta": {"epsilon": 1e-5},
    "adam": {"epsilon": 1e-7},
}

#: Steps per run; the Rosenbrock run is long enough (20) for the report's plot to show where paths part.
STEPS = {"defaults": 4, "rosenbrock": 20, "logistic": 4, "tiny_gradients": 3}


class Quadratic:
    """0.5 * sum(curvature * (w - center)**2), curvatures from 1 to 100 (ill-conditioned)."""

    name = "quadratic"

    def __init__(self, rng, shape, scale=1.0):
        self.curvature = scale * np.logspace(0, 2, int(np.prod(shape))).reshape(shape)
        rng.shuffle(self.curvature.reshape(-1))
        self.center = rng.normal(size=shape)
        self.start = self.center + rng.normal(size=shape)

    def grad(self, w):
        return self.curvature * (w - self.center)


class Rosenbrock:
    name = "rosenbrock"

    def __init__(self, rng):
        self.start = np.array([-1.2, 1.0]) + rng.uniform(-0.2, 0.2, size=2)

    def grad(self, w):
        x, y = w
        return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


class Logistic:
    """Mean logistic loss log(1 + exp(-y * X @ w)) of a small data set."""

    name = "logistic"

    def __init__(self, rng, n=12, d=5):
        self.X = rng.normal(size=(n, d))
        self.y = np.where(self.X @ rng.normal(size=d) + 0.3 * rng.normal(size=n) > 0, 1.0, -1.0)
        self.start = 0.1 * rng.normal(size=d)

    def grad(self, w):
        margins = self.y * (self.X @ w)
        return -(self.X.T @ (self.y / (1 + np.exp(margins)))) / len(self.y)


def _run(plan: Plan, name: str, group: str, objective, config, steps: int) -> None:
    """Plan one open-loop run of `steps` calls on the reference trajectory."""
    step = getattr(reference, name)
    w = np.array(objective.start, dtype=np.float64)
    state = copy.deepcopy(config)
    previous = None
    points = [tuple(float(v) for v in w.reshape(-1))]
    call_ids = []
    for t in range(steps):
        dw = objective.grad(w)
        argument = copy.deepcopy(config) if previous is None else Ref(previous.id, 1)
        # next_w alone comes back: the config stays in the child for the next step (a Ref) and
        # no check reads it, so it need not be encoded, sent and decoded at every step
        call = plan.call(name, w, dw, argument, send_only=0)
        # described only if a check of this step fails (array2string for every step's w and dw
        # was most of the cost of a plan, and each submission's seed makes its own plan)
        description = inputs(w=w, dw=dw, config=config, step=Words(f"{t + 1} of {steps} ({objective.name})"))
        plan.check(call, [Output("next_w", "step", index=0, like="w", base=w)], group=group, arity=2, inputs=description)
        w, state = step(w, dw, state)
        points.append(tuple(float(v) for v in np.reshape(w, -1)))
        call_ids.append(call.id)
        previous = call
    if group == "rosenbrock":
        plan.trajectories.append(
            Trajectory(name, group, objective.name, points[0], tuple(call_ids), tuple(points))
        )


def build(seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    plan = Plan("optimizers", "optimizers")
    # Gradients of 1e-3 to 1e-1: the default epsilons change the steps measurably.
    quadratic = Quadratic(rng, (3, 4), scale=1e-3)
    rosenbrock = Rosenbrock(rng)
    logistic = Logistic(rng)
    tiny = Quadratic(rng, (6,), scale=1e-6)
    for name in reference.NAMES:
        _run(plan, name, "defaults", quadratic, None, STEPS["defaults"])
        _run(plan, name, "rosenbrock", rosenbrock, dict(ROSENBROCK_CONFIG[name]), STEPS["rosenbrock"])
        _run(plan, name, "logistic", logistic, dict(LOGISTIC_CONFIG[name]), STEPS["logistic"])
        tiny_config = TINY_CONFIG.get(name)
        _run(plan, name, "tiny_gradients", tiny, None if tiny_config is None else dict(tiny_config), STEPS["tiny_gradients"])
    return plan


PROBLEM = CodeProblem(
    id=SPEC.id,
    title=SPEC.title,
    module=SPEC.module,
    points=SPEC.points,
    build=build,
)
