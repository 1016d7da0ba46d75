"""The catalog of known mistakes: small trusted functions that each make one named mistake.

A mutant replaces one function of a reference module.  The grader runs a
mutant on the same inputs as the student (in the grader's own process: this
is our code, not the student's) and, when the student's results reproduce
everything the mutant gets wrong, names the mistake in words a student
understands.  Every mutant's explanation is the message ``mistake.<id>``.

`implementation(module, overrides)` gives the functions of a module with
some replaced; in backprop, `mlp_loss` is rebuilt from the replaced layers,
as a student's own `mlp_loss` would use the student's own layers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np

from grader.i18n import define

from . import backprop as bp
from . import batchnorm as bn
from . import optimizers as opt
from . import perceptron as pc

MODULES = {"backprop": bp, "batchnorm": bn, "perceptron": pc, "optimizers": opt}

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "backprop": (
        "affine_forward", "affine_backward", "sigmoid_forward", "sigmoid_backward", "tanh_forward",
        "tanh_backward", "relu_forward", "relu_backward", "softmax_loss", "mse_loss", "mlp_loss",
    ),
    "batchnorm": ("batchnorm_forward", "batchnorm_backward", "layernorm_forward", "layernorm_backward"),
    "perceptron": ("perceptron_train", "perceptron_predict"),
    "optimizers": opt.NAMES,
}


@dataclass(frozen=True)
class Mutant:
    """One named mistake."""

    id: str
    """Stable id (class statistics count it): ``"<function>.<mistake>"``."""

    module: str
    """The contract file it belongs to, without .py."""

    function: str
    """The function it replaces."""

    impl: Callable
    """The mistaken function, with the contract's signature."""

    cost: float | None = None
    """The share of its function's points the mistake costs wherever it shows, however many check
    groups it fails (`DETAIL`, `HALF`); None: each check group it fails costs that group's weight."""

    @property
    def message_key(self) -> str:
        return f"mistake.{self.id}"


#: The cost of a mistake in a detail that touches every value (an epsilon's value or place, a
#: hyperparameter read from the wrong place, the tie at a score of exactly 0, an extra axis of
#: size 1): what a TA takes off for it once, where it would otherwise fail every check group.
DETAIL = 0.25

#: The cost of a mistake that is off by one in a step of the algorithm (the step counter's start).
HALF = 0.5

MUTANTS: list[Mutant] = []
_TEXT: dict[str, tuple[str, str]] = {}


def mutant(module: str, function: str, name: str, en: str, zh: str, cost: float | None = None):
    """Register the decorated function as the mutant ``function.name`` (`Mutant.cost`: what it
    costs once, however many check groups it fails; by default each group it fails)."""

    def register(impl: Callable) -> Callable:
        mutant_id = f"{function}.{name}"
        MUTANTS.append(Mutant(mutant_id, module, function, impl, cost))
        _TEXT[f"mistake.{mutant_id}"] = (en, zh)
        return impl

    return register


def implementation(module: str, overrides: Mapping[str, Callable] | None = None) -> dict[str, Callable]:
    """The functions of a contract file by name: the reference, with `overrides` swapped in."""
    source = MODULES[module]
    functions = {name: getattr(source, name) for name in FUNCTIONS[module]}
    functions.update(overrides or {})
    if module == "backprop":
        mlp = (overrides or {}).get("mlp_loss")
        if mlp is None:
            functions["mlp_loss"] = partial(bp.mlp_loss_with, dict(functions))
        elif "layers" in inspect.signature(mlp).parameters:  # a weight-decay mistake on top of a layer's
            functions["mlp_loss"] = partial(mlp, layers=dict(functions))
    return functions


@dataclass(frozen=True)
class Variant:
    """An accepted deviation from the reference: a stabilizing epsilon (at most 1e-6) inside a
    log, a square root or a denominator.  A student's value between the reference's and this
    variant's (computed with the largest accepted epsilon) passes, with a note and no cost."""

    id: str
    """``"<function>.<variant>"``."""
    module: str
    """The contract file it belongs to, without .py."""
    function: str
    """The function it replaces."""
    impl: Callable
    """The variant, with the contract's signature."""

    @property
    def message_key(self) -> str:
        return f"variant.{self.id}"


VARIANTS: list[Variant] = []

#: The largest stabilizing epsilon accepted (grader.codecheck.tolerance explains the rule).
STABILIZING_EPSILON = 1e-6


def variant(module: str, function: str, name: str, en: str, zh: str):
    """Register the decorated function as the accepted variant ``function.name``."""

    def register(impl: Callable) -> Callable:
        variant_id = f"{function}.{name}"
        VARIANTS.append(Variant(variant_id, module, function, impl))
        _TEXT[f"variant.{variant_id}"] = (en, zh)
        return impl

    return register


def variants_of(module: str) -> list[Variant]:
    return [v for v in VARIANTS if v.module == module]


def mutants_of(module: str) -> list[Mutant]:
    return [m for m in MUTANTS if m.module == module]


def by_id(mutant_id: str) -> Mutant:
    for m in MUTANTS:
        if m.id == mutant_id:
            return m
    raise KeyError(mutant_id)


def _f(a):
    return np.asarray(a, dtype=np.float64)


# --------------------------------------------------------------------------- backprop.py

B = "backprop"


@mutant(B, "affine_forward", "no_bias", "The bias b is not added in the forward pass (out = x @ w instead of x @ w + b).",
        "前向传播中没有加上偏置 b（写成了 out = x @ w，应为 x @ w + b）。")
def _affine_no_bias(x, w, b):
    x, w, b = _f(x), _f(w), _f(b)
    return x @ w, (x, w, b)


@mutant(B, "affine_backward", "dw_transposed", "dw is transposed: it must be x.T @ dout, of the shape of w (D, M).",
        "dw 被转置了：应为 x.T @ dout，形状与 w 相同 (D, M)。")
def _affine_dw_transposed(dout, cache):
    dx, dw, db = bp.affine_backward(dout, cache)
    return dx, dw.T, db


@mutant(B, "affine_backward", "db_not_summed", "db is not summed over the batch: db = dout.sum(axis=0), of shape (M,).",
        "db 没有对批次求和：应为 db = dout.sum(axis=0)，形状 (M,)。")
def _affine_db_not_summed(dout, cache):
    dx, dw, _ = bp.affine_backward(dout, cache)
    return dx, dw, _f(dout)


@mutant(B, "affine_backward", "db_wrong_axis", "db is summed over the wrong axis: sum over the batch (axis=0), not over the outputs.",
        "db 在错误的轴上求和：应对批次维（axis=0）求和，而不是对输出维。")
def _affine_db_wrong_axis(dout, cache):
    dx, dw, _ = bp.affine_backward(dout, cache)
    return dx, dw, _f(dout).sum(axis=1)


@mutant(B, "affine_backward", "dx_uses_w", "dx uses w where it needs w.T: dx = dout @ w.T.",
        "dx 用了 w，应该用 w.T：dx = dout @ w.T。")
def _affine_dx_uses_w(dout, cache):
    x, w, _ = cache
    dout = _f(dout)
    return dout @ w, x.T @ dout, dout.sum(axis=0)


@mutant(B, "affine_backward", "dw_not_using_x", "dw must be x.T @ dout (the input x times the upstream gradient).",
        "dw 应为 x.T @ dout（输入 x 乘以上游梯度）。")
def _affine_dw_from_w(dout, cache):
    x, w, _ = cache
    dout = _f(dout)
    return dout @ w.T, x.T @ dout / x.shape[0], dout.sum(axis=0)


@mutant(B, "sigmoid_forward", "sign_flipped", "The sigmoid is 1/(1 + exp(-x)); exp(+x) gives 1 - sigmoid(x).",
        "sigmoid 应为 1/(1 + exp(-x))；用 exp(+x) 得到的是 1 - sigmoid(x)。")
def _sigmoid_sign(x):
    x = _f(x)
    out = 1.0 - bp.sigmoid_forward(x)[0]
    return out, (x, out)


@mutant(B, "sigmoid_backward", "uses_input", "sigmoid_backward computes x*(1-x) from the input x; the derivative is s*(1-s) with s = sigmoid(x).",
        "sigmoid_backward 用输入 x 计算了 x*(1-x)；导数应为 s*(1-s)，其中 s = sigmoid(x)。")
def _sigmoid_backward_input(dout, cache):
    x, _ = cache
    return _f(dout) * x * (1 - x)


@mutant(B, "sigmoid_backward", "missing_dout", "sigmoid_backward forgets to multiply by the upstream gradient dout.",
        "sigmoid_backward 忘了乘以上游梯度 dout。")
def _sigmoid_backward_no_dout(dout, cache):
    _, out = cache
    return out * (1 - out) + 0 * _f(dout)


@mutant(B, "sigmoid_backward", "sigmoid_applied_twice", "sigmoid_backward applies the sigmoid again to the cached output; the derivative is s*(1-s) with s the output itself.",
        "sigmoid_backward 对缓存的输出又做了一次 sigmoid；导数是 s*(1-s)，其中 s 就是输出本身。")
def _sigmoid_twice(dout, cache):
    _, out = cache
    s = bp.sigmoid_forward(out)[0]
    return _f(dout) * s * (1 - s)


@mutant(B, "tanh_backward", "tanh_applied_twice", "tanh_backward applies tanh again to the cached output; the derivative is 1 - out**2 with out = tanh(x) itself.",
        "tanh_backward 对缓存的输出又做了一次 tanh；导数是 1 - out**2，其中 out = tanh(x) 本身。")
def _tanh_twice(dout, cache):
    _, out = cache
    return _f(dout) * (1 - np.tanh(out) ** 2)


@mutant(B, "tanh_backward", "uses_input", "tanh_backward computes 1 - x**2 from the input x; the derivative is 1 - tanh(x)**2.",
        "tanh_backward 用输入 x 计算了 1 - x**2；导数应为 1 - tanh(x)**2。")
def _tanh_backward_input(dout, cache):
    x, _ = cache
    return _f(dout) * (1 - x**2)


@mutant(B, "relu_forward", "max_instead_of_maximum", "np.max(x, 0) is the largest entry of each column; the elementwise ReLU is np.maximum(x, 0).",
        "np.max(x, 0) 是每列的最大值；逐元素的 ReLU 应为 np.maximum(x, 0)。")
def _relu_max(x):
    x = _f(x)
    return np.max(x, 0), (x, np.maximum(x, 0.0))


@mutant(B, "relu_backward", "one_at_zero", "relu_backward lets the gradient through at x = 0 (x >= 0); the contract sets the derivative at 0 to 0 (x > 0).",
        "relu_backward 在 x = 0 处让梯度通过（x >= 0）；约定 0 处的导数为 0（x > 0）。")
def _relu_one_at_zero(dout, cache):
    x, _ = cache
    return _f(dout) * (x >= 0)


@mutant(B, "relu_backward", "out_ge_zero", "relu_backward tests out >= 0, which is always true after a ReLU: test the input, x > 0.",
        "relu_backward 判断了 out >= 0，而 ReLU 的输出总是满足它：应判断输入 x > 0。")
def _relu_out_ge_zero(dout, cache):
    _, out = cache
    return _f(dout) * (out >= 0)


@mutant(B, "relu_backward", "masks_dout", "relu_backward masks by the sign of dout; the mask is where the input x > 0.",
        "relu_backward 按 dout 的符号做了掩码；掩码应为输入 x > 0 的位置。")
def _relu_masks_dout(dout, cache):
    dout = _f(dout)
    return dout * (dout > 0)


def _log_softmax_naive(scores):
    exp = np.exp(scores)
    return np.log(exp / exp.sum(axis=1, keepdims=True))


def _softmax_with_epsilon(scores, y, *, in_log: bool):
    scores, y = _f(scores), np.asarray(y, dtype=np.intp)
    n = scores.shape[0]
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    total = e.sum(axis=1, keepdims=True)
    p = e / (total if in_log else total + STABILIZING_EPSILON)
    picked = p[np.arange(n), y] + (STABILIZING_EPSILON if in_log else 0.0)
    with np.errstate(all="ignore"):
        loss = -np.log(picked).mean()
    dscores = p.copy()
    dscores[np.arange(n), y] -= 1.0
    return float(loss), dscores / n


@variant(B, "softmax_loss", "epsilon_in_log", "softmax_loss adds a small epsilon inside the log (log(p + eps)); with eps at most 1e-6 that is accepted at no cost (computing log-probabilities as shifted - log(sum(exp(shifted))) needs none).",
         "softmax_loss 在 log 内加了一个小的 epsilon（log(p + eps)）；eps 不超过 1e-6 时可以接受、不扣分（按 shifted - log(sum(exp(shifted))) 计算对数概率则无需它）。")
def _softmax_eps_in_log(scores, y):
    return _softmax_with_epsilon(scores, y, in_log=True)


@variant(B, "softmax_loss", "epsilon_in_denominator", "softmax_loss adds a small epsilon to the softmax's denominator; with eps at most 1e-6 that is accepted at no cost (after the max shift the sum is at least 1).",
         "softmax_loss 在 softmax 的分母上加了一个小的 epsilon；eps 不超过 1e-6 时可以接受、不扣分（减去最大值后分母至少为 1）。")
def _softmax_eps_in_denominator(scores, y):
    return _softmax_with_epsilon(scores, y, in_log=False)


@mutant(B, "softmax_loss", "expects_one_hot", "softmax_loss expects one-hot labels (y * log(p)), but y holds class indices (shape (N,)): use log_p[np.arange(N), y]; with N != C the product does not even broadcast.",
        "softmax_loss 把 y 当作 one-hot 标签（y * log(p)），但 y 是类别下标（形状 (N,)）：应取 log_p[np.arange(N), y]；N != C 时这个乘积连广播都不行。")
def _softmax_one_hot(scores, y):
    scores, y = _f(scores), _f(y)
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(y * log_p) / n  # raises for N != C, as the student's code does
    return float(loss), (np.exp(log_p) - y) / n


@mutant(B, "softmax_loss", "expects_one_hot_summed", "softmax_loss expects one-hot labels (y * log(p)), but y holds class indices (shape (N,)): use log_p[np.arange(N), y]; and the loss is a mean over the batch, not a sum.",
        "softmax_loss 把 y 当作 one-hot 标签（y * log(p)），但 y 是类别下标（形状 (N,)）：应取 log_p[np.arange(N), y]；而且损失是对批次取平均，不是求和。")
def _softmax_one_hot_summed(scores, y):
    loss, dscores = _softmax_one_hot(scores, y)
    return loss * _f(scores).shape[0], dscores * _f(scores).shape[0]


@mutant(B, "softmax_loss", "no_max_shift", "softmax overflows for large scores: subtract each row's maximum before exp (it does not change the softmax).",
        "分数很大时 softmax 溢出：在 exp 之前减去每行的最大值（这不改变 softmax）。")
def _softmax_no_shift(scores, y):
    scores = _f(scores)
    y = np.asarray(y, dtype=np.intp)
    n = scores.shape[0]
    with np.errstate(all="ignore"):
        probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(n), y]).mean()
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    return float(loss), dscores / n


@mutant(B, "softmax_loss", "no_max_shift_in_log_softmax", "The log-softmax overflows for large scores: subtract each row's maximum before exp (scores - max - log(sum(exp(scores - max)))).",
        "分数很大时 log-softmax 溢出：在 exp 之前减去每行的最大值（scores - max - log(sum(exp(scores - max)))）。")
def _softmax_log_no_shift(scores, y):
    scores = _f(scores)
    y = np.asarray(y, dtype=np.intp)
    n = scores.shape[0]
    with np.errstate(all="ignore"):
        log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        loss = -log_probs[np.arange(n), y].mean()
        probs = np.exp(log_probs)
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    return float(loss), dscores / n


@mutant(B, "softmax_loss", "log_of_underflowed_prob", "log(softmax) is taken after the probability underflowed to 0 (loss inf): compute log-probabilities as shifted - log(sum(exp(shifted))).",
        "对已下溢为 0 的概率取了 log（损失为 inf）：应直接计算对数概率 shifted - log(sum(exp(shifted)))。")
def _softmax_log_prob(scores, y):
    scores = _f(scores)
    y = np.asarray(y, dtype=np.intp)
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        loss = -np.log(probs[np.arange(n), y]).mean()
    dscores = probs.copy()
    dscores[np.arange(n), y] -= 1
    return float(loss), dscores / n


@mutant(B, "softmax_loss", "loss_not_averaged", "The loss is summed over the batch, not averaged: divide by N.",
        "损失对批次求和而没有取平均：应除以 N。")
def _softmax_sum(scores, y):
    loss, dscores = bp.softmax_loss(scores, y)
    return loss * _f(scores).shape[0], dscores


@mutant(B, "softmax_loss", "dscores_not_divided", "dscores is not divided by N (the loss is a mean over the batch, so its gradient is too).",
        "dscores 没有除以 N（损失是批次平均，梯度也要除以 N）。")
def _softmax_grad_sum(scores, y):
    loss, dscores = bp.softmax_loss(scores, y)
    return loss, dscores * _f(scores).shape[0]


@mutant(B, "softmax_loss", "not_averaged_at_all", "Neither the loss nor dscores is divided by N.",
        "损失和 dscores 都没有除以 N。")
def _softmax_no_mean(scores, y):
    loss, dscores = bp.softmax_loss(scores, y)
    n = _f(scores).shape[0]
    return loss * n, dscores * n


@mutant(B, "softmax_loss", "dscores_sign_flipped", "dscores has the wrong sign: it is softmax(scores) - one_hot(y), divided by N.",
        "dscores 符号错误：应为 softmax(scores) - one_hot(y)，再除以 N。")
def _softmax_grad_sign(scores, y):
    loss, dscores = bp.softmax_loss(scores, y)
    return loss, -dscores


@mutant(B, "mse_loss", "no_half", "mse_loss lacks the factor 1/2: loss = 1/(2N) * sum((pred - target)**2), dpred = (pred - target)/N.",
        "mse_loss 缺少因子 1/2：loss = 1/(2N) * sum((pred - target)**2)，dpred = (pred - target)/N。")
def _mse_no_half(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    return 2 * loss, 2 * dpred


@mutant(B, "mse_loss", "loss_no_half", "The mse loss lacks the factor 1/2 (its gradient is right): loss = 1/(2N) * sum((pred - target)**2).",
        "mse 损失缺少因子 1/2（梯度是对的）：loss = 1/(2N) * sum((pred - target)**2)。")
def _mse_loss_no_half(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    return 2 * loss, dpred


@mutant(B, "mse_loss", "spurious_half", "dpred has a spurious factor 1/2: the derivative of 1/(2N) * sum(d**2) is d/N.",
        "dpred 多了一个因子 1/2：1/(2N) * sum(d**2) 的导数是 d/N。")
def _mse_grad_half(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    return loss, 0.5 * dpred


@mutant(B, "mse_loss", "mean_over_all_entries", "The mse is averaged over all N*M entries (np.mean); the contract divides by the batch size N only.",
        "mse 对全部 N*M 个元素取了平均（np.mean）；约定只除以批大小 N。")
def _mse_mean_all(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    m = _f(pred).shape[1] if _f(pred).ndim > 1 else 1
    return loss / m, dpred / m


@mutant(B, "mse_loss", "dpred_not_divided", "dpred is not divided by N: the loss is 1/(2N) * sum(d**2), so dpred = d/N.",
        "dpred 没有除以 N：损失为 1/(2N) * sum(d**2)，所以 dpred = d/N。")
def _mse_grad_not_divided(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    return loss, dpred * _f(pred).shape[0]


@mutant(B, "mse_loss", "dpred_over_all_entries", "dpred is divided by all N*M entries; the loss divides by N only, so dpred = d/N.",
        "dpred 除以了全部 N*M 个元素；损失只除以 N，所以 dpred = d/N。")
def _mse_grad_over_all(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    m = _f(pred).shape[1] if _f(pred).ndim > 1 else 1
    return loss, dpred / m


@mutant(B, "mse_loss", "gradient_sign_flipped", "dpred has the wrong sign: it is (pred - target)/N, not (target - pred)/N.",
        "dpred 符号错误：应为 (pred - target)/N，而不是 (target - pred)/N。")
def _mse_sign(pred, target):
    loss, dpred = bp.mse_loss(pred, target)
    return loss, -dpred


def _mlp_variant(params, X, y, activation, loss, weight_decay, *, decay_loss=0.5, decay_grad=1.0, decay_biases=False,
                 last_activation=False, layers=None):
    layers = dict(bp.LAYERS) if layers is None else layers
    count = bp.layer_count(params)
    total, grads = bp.mlp_loss_with(layers, params, X, y, activation, loss, 0.0) if not last_activation else _mlp_last(
        params, X, y, activation, loss)
    keys = [f"W{i}" for i in range(1, count + 1)] + ([f"b{i}" for i in range(1, count + 1)] if decay_biases else [])
    for key in keys:
        value = _f(params[key])
        total += decay_loss * weight_decay * float(np.sum(value**2))
        grads[key] = grads[key] + decay_grad * weight_decay * value
    return total, grads


def _mlp_last(params, X, y, activation, loss):
    """An MLP that (wrongly) applies the activation after the last affine layer too."""
    count = bp.layer_count(params)
    forward = bp.LAYERS[f"{activation}_forward"]
    backward = bp.LAYERS[f"{activation}_backward"]
    h = _f(X)
    caches = []
    for layer in range(1, count + 1):
        h, affine_cache = bp.affine_forward(h, params[f"W{layer}"], params[f"b{layer}"])
        h, activation_cache = forward(h)
        caches.append((affine_cache, activation_cache))
    data_loss, dh = (bp.softmax_loss if loss == "softmax" else bp.mse_loss)(h, y)
    grads = {}
    for layer in range(count, 0, -1):
        affine_cache, activation_cache = caches[layer - 1]
        dh = backward(dh, activation_cache)
        dh, grads[f"W{layer}"], grads[f"b{layer}"] = bp.affine_backward(dh, affine_cache)
    return data_loss, grads


@mutant(B, "mlp_loss", "decay_on_biases", "Weight decay is applied to the biases too; the contract decays only the weights W_l.",
        "权重衰减也作用在了偏置上；约定只衰减权重 W_l。")
def _mlp_decay_biases(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0, *, layers=None):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, layers=layers, decay_biases=True)


@mutant(B, "mlp_loss", "decay_without_half", "Weight decay lacks the 1/2: the penalty is weight_decay/2 * sum ||W||^2, whose gradient is weight_decay * W (not 2 * weight_decay * W).",
        "权重衰减缺少 1/2：惩罚项为 weight_decay/2 * sum ||W||^2，其梯度为 weight_decay * W（不是 2 * weight_decay * W）。")
def _mlp_decay_no_half(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0, *, layers=None):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, layers=layers, decay_loss=1.0, decay_grad=2.0)


@mutant(B, "mlp_loss", "decay_loss_without_half", "The weight-decay penalty in the loss lacks the 1/2: it is weight_decay/2 * sum ||W||^2.",
        "损失中的权重衰减惩罚项缺少 1/2：应为 weight_decay/2 * sum ||W||^2。")
def _mlp_decay_loss_no_half(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0, *, layers=None):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, layers=layers, decay_loss=1.0, decay_grad=1.0)


@mutant(B, "mlp_loss", "decay_not_in_gradient", "Weight decay is added to the loss but not to the gradients: add weight_decay * W to each dW.",
        "权重衰减加进了损失却没有加进梯度：每个 dW 都要加上 weight_decay * W。")
def _mlp_decay_no_grad(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0, *, layers=None):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, layers=layers, decay_grad=0.0)


@mutant(B, "mlp_loss", "decay_not_in_loss", "Weight decay is added to the gradients but not to the loss: add weight_decay/2 * sum ||W||^2.",
        "权重衰减加进了梯度却没有加进损失：损失要加上 weight_decay/2 * sum ||W||^2。")
def _mlp_decay_no_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0, *, layers=None):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, layers=layers, decay_loss=0.0)


@mutant(B, "mlp_loss", "activation_on_last_layer", "The activation is applied after the last layer too; the last layer is affine only (the scores go straight into the loss).",
        "最后一层之后也用了激活函数；最后一层只有仿射变换（分数直接进入损失）。")
def _mlp_last_activation(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    return _mlp_variant(params, X, y, activation, loss, weight_decay, last_activation=True)


# --------------------------------------------------------------------------- batchnorm.py

N = "batchnorm"


def _bn_variant(x, gamma, beta, bn_param, *, ddof=0, eps_on_std=False, test_batch_stats=False, store=True,
                swap_momentum=False, eps=None, momentum=None, test_updates=False, test_eps=None, overwrite=False):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    mode = bn_param.get("mode", "train")
    eps = bn_param.get("eps", bn.DEFAULT_EPS) if eps is None else eps
    momentum = bn_param.get("momentum", bn.DEFAULT_MOMENTUM) if momentum is None else momentum
    d = x.shape[1]
    running_mean = _f(bn_param.get("running_mean", np.zeros(d)))
    running_var = _f(bn_param.get("running_var", np.zeros(d)))
    if mode == "train" or test_batch_stats:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
    else:
        mean, var = running_mean, running_var
    if test_eps is not None and mode == "test":
        eps_on_std, eps = test_eps == "outside", 0.0 if test_eps == "missing" else eps
    if eps_on_std:
        std = np.sqrt(var) + eps
        x_hat = (x - mean) / std
        out = gamma * x_hat + beta
        cache = {"x": x, "x_hat": x_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "eps": eps}
    else:
        out, cache = bn._normalize(x, mean, var, eps, gamma, beta)
    if (mode == "train" or test_updates) and store:
        keep = 0.0 if overwrite else 1 - momentum if swap_momentum else momentum
        batch_mean, batch_var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
        bn_param["running_mean"] = keep * running_mean + (1 - keep) * batch_mean
        bn_param["running_var"] = keep * running_var + (1 - keep) * batch_var
    return out, cache


@mutant(N, "batchnorm_forward", "unbiased_variance", "Batch norm uses the unbiased variance (divide by N-1); the contract uses the biased batch variance (divide by N, np.var's default).",
        "批归一化用了无偏方差（除以 N-1）；约定使用有偏的批方差（除以 N，即 np.var 的默认）。")
def _bn_unbiased(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, ddof=1)


@mutant(N, "batchnorm_forward", "test_without_eps", "In test mode eps is missing: normalize by sqrt(running_var + eps), as in training.",
        "测试模式缺少 eps：应与训练时一样除以 sqrt(running_var + eps)。", cost=DETAIL)
def _bn_test_no_eps(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_eps="missing")


@mutant(N, "batchnorm_forward", "test_eps_outside_sqrt", "In test mode eps is added outside the square root: normalize by sqrt(running_var + eps), not sqrt(running_var) + eps.",
        "测试模式中 eps 加在了平方根之外：应除以 sqrt(running_var + eps)，而不是 sqrt(running_var) + eps。", cost=DETAIL)
def _bn_test_eps_outside(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_eps="outside")


@mutant(N, "batchnorm_forward", "running_stats_overwritten", "The running statistics are overwritten with the batch's instead of averaged: running = momentum * running + (1 - momentum) * batch_stat.",
        "滑动统计量被直接替换成了当前批次的统计量，而不是滑动平均：running = momentum * running + (1 - momentum) * batch_stat。")
def _bn_overwritten(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, overwrite=True)


@mutant(N, "batchnorm_forward", "running_stats_required", "bn_param may come without running_mean and running_var: the contract starts them at zeros (bn_param.get('running_mean', np.zeros(D))), so a missing key is no error.",
        "bn_param 中可能没有 running_mean 和 running_var：约定它们从零开始（bn_param.get('running_mean', np.zeros(D))），缺少这个键不是错误。")
def _bn_running_required(x, gamma, beta, bn_param):
    bn_param["running_mean"], bn_param["running_var"]  # raises KeyError as the student's code does
    return bn.batchnorm_forward(x, gamma, beta, bn_param)


@mutant(N, "batchnorm_forward", "eps_default_wrong", "The default eps is 1e-5 (when bn_param has no 'eps'), not 1e-8.",
        "eps 的默认值是 1e-5（bn_param 中没有 'eps' 时），不是 1e-8。", cost=DETAIL)
def _bn_eps_default(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=bn_param.get("eps", 1e-8))


@mutant(N, "batchnorm_forward", "eps_on_std", "eps is added to the standard deviation; it belongs under the square root: sqrt(var + eps).",
        "eps 加在了标准差上；它应在平方根之内：sqrt(var + eps)。", cost=DETAIL)
def _bn_eps_std(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps_on_std=True)


@mutant(N, "batchnorm_forward", "test_uses_batch_stats", "In test mode batch norm must normalize with running_mean and running_var, not with the statistics of the test batch.",
        "测试模式下批归一化必须用 running_mean 和 running_var 归一化，而不是测试批次自身的统计量。")
def _bn_test_batch(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_batch_stats=True)


@mutant(N, "batchnorm_forward", "running_stats_not_stored", "The running statistics are computed but not stored back into bn_param, so the caller never sees them: set bn_param['running_mean'] and bn_param['running_var'].",
        "滑动统计量算出来了却没有写回 bn_param，调用者看不到：请设置 bn_param['running_mean'] 和 bn_param['running_var']。")
def _bn_not_stored(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, store=False)


@mutant(N, "batchnorm_forward", "momentum_swapped", "The momentum weights are swapped: running = momentum * running + (1 - momentum) * batch_stat.",
        "动量权重颠倒了：running = momentum * running + (1 - momentum) * batch_stat。")
def _bn_swapped(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, swap_momentum=True)


@mutant(N, "batchnorm_forward", "eps_hard_coded", "eps is hard-coded; read it from bn_param (default 1e-5).",
        "eps 被写死了；应从 bn_param 读取（默认 1e-5）。", cost=DETAIL)
def _bn_eps_fixed(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=bn.DEFAULT_EPS)


@mutant(N, "batchnorm_forward", "eps_hard_coded_1e-6", "eps is hard-coded to 1e-6; read it from bn_param (default 1e-5).",
        "eps 被写死为 1e-6；应从 bn_param 读取（默认 1e-5）。", cost=DETAIL)
def _bn_eps_fixed_small(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=1e-6)


@mutant(N, "batchnorm_forward", "momentum_hard_coded", "momentum is hard-coded; read it from bn_param (default 0.9).",
        "momentum 被写死了；应从 bn_param 读取（默认 0.9）。", cost=DETAIL)
def _bn_momentum_fixed(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, momentum=bn.DEFAULT_MOMENTUM)


@mutant(N, "batchnorm_forward", "test_updates_running_stats", "Test mode must leave running_mean and running_var unchanged; only training updates them.",
        "测试模式不应改变 running_mean 和 running_var；只有训练时才更新它们。")
def _bn_test_updates(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_updates=True)


@mutant(N, "batchnorm_forward", "running_var_unbiased", "The running variance is updated with the unbiased (N-1) batch variance; the contract uses the biased one, the same as in the normalization.",
        "滑动方差用无偏（N-1）批方差更新了；约定使用有偏方差，与归一化时相同。")
def _bn_running_unbiased(x, gamma, beta, bn_param):
    out, cache = _bn_variant(x, gamma, beta, bn_param, store=False)
    if bn_param.get("mode", "train") == "train":
        x = _f(x)
        momentum = bn_param.get("momentum", bn.DEFAULT_MOMENTUM)
        d = x.shape[1]
        running_mean = _f(bn_param.get("running_mean", np.zeros(d)))
        running_var = _f(bn_param.get("running_var", np.zeros(d)))
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * x.mean(axis=0)
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1)
    return out, cache


def _norm_backward_variant(dout, cache, axis, *, simple=False, dgamma_axis=0, sum_params=True):
    dx, dgamma, dbeta = bn._normalized_backward(dout, cache, axis)
    dout = _f(dout)
    if simple:
        dx = dout * cache["gamma"] / cache["std"]
    if not sum_params:
        dgamma, dbeta = dout * cache["x_hat"], dout
    elif dgamma_axis != 0:
        dgamma, dbeta = (dout * cache["x_hat"]).sum(axis=dgamma_axis), dout.sum(axis=dgamma_axis)
    return dx, dgamma, dbeta


@mutant(N, "batchnorm_backward", "ignores_mean_and_variance_paths", "dx ignores that the batch mean and variance depend on x (dx = dout * gamma / std); add the terms from the mean and variance paths.",
        "dx 忽略了批均值和方差也依赖于 x（写成了 dx = dout * gamma / std）；要加上均值和方差两条路径的项。")
def _bn_backward_simple(dout, cache):
    return _norm_backward_variant(dout, cache, 0, simple=True)


@mutant(N, "batchnorm_backward", "params_not_summed", "dgamma and dbeta are not summed over the batch: dgamma = sum(dout * x_hat, axis=0), dbeta = sum(dout, axis=0).",
        "dgamma 和 dbeta 没有对批次求和：dgamma = sum(dout * x_hat, axis=0)，dbeta = sum(dout, axis=0)。")
def _bn_backward_not_summed(dout, cache):
    return _norm_backward_variant(dout, cache, 0, sum_params=False)


@mutant(N, "batchnorm_backward", "params_keep_dims", "dgamma and dbeta keep the summed axis (keepdims=True): their shape must be (D,), the shape of gamma and beta.",
        "dgamma 和 dbeta 保留了求和的轴（keepdims=True）：它们的形状应为 (D,)，与 gamma 和 beta 相同。", cost=DETAIL)
def _bn_backward_keepdims(dout, cache):
    dx, dgamma, dbeta = bn.batchnorm_backward(dout, cache)
    return dx, dgamma.reshape(1, -1), dbeta.reshape(1, -1)


@mutant(N, "batchnorm_backward", "dgamma_uses_x", "dgamma uses x where it needs the normalized x_hat: dgamma = sum(dout * x_hat, axis=0).",
        "dgamma 用了 x，应该用归一化后的 x_hat：dgamma = sum(dout * x_hat, axis=0)。")
def _bn_backward_dgamma_x(dout, cache):
    dx, _, dbeta = bn.batchnorm_backward(dout, cache)
    return dx, (_f(dout) * cache["x"]).sum(axis=0), dbeta


@mutant(N, "layernorm_forward", "normalizes_over_batch", "Layer norm normalizes each row over its D features (axis=1); this normalizes each feature over the batch (axis=0), which is batch norm.",
        "层归一化应对每一行在其 D 个特征上归一化（axis=1）；这里对每个特征在批次上归一化（axis=0），那是批归一化。")
def _ln_over_batch(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    return bn._normalize(x, x.mean(axis=0), x.var(axis=0), ln_param.get("eps", bn.DEFAULT_EPS), gamma, beta)


@mutant(N, "layernorm_forward", "unbiased_variance", "Layer norm uses the unbiased variance of each row (divide by D-1); the contract uses the biased one (divide by D, np.var's default).",
        "层归一化对每一行用了无偏方差（除以 D-1）；约定使用有偏方差（除以 D，即 np.var 的默认）。")
def _ln_unbiased(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    return bn._normalize(x, x.mean(axis=1, keepdims=True), x.var(axis=1, ddof=1, keepdims=True),
                         ln_param.get("eps", bn.DEFAULT_EPS), gamma, beta)


@mutant(N, "layernorm_forward", "eps_on_std", "eps is added to the standard deviation; it belongs under the square root: sqrt(var + eps).",
        "eps 加在了标准差上；它应在平方根之内：sqrt(var + eps)。", cost=DETAIL)
def _ln_eps_std(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    eps = ln_param.get("eps", bn.DEFAULT_EPS)
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    std = np.sqrt(var) + eps
    x_hat = (x - mean) / std
    return gamma * x_hat + beta, {"x": x, "x_hat": x_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "eps": eps}


@mutant(N, "layernorm_forward", "eps_default_wrong", "The default eps is 1e-5 (when ln_param has no 'eps'), not 1e-8.",
        "eps 的默认值是 1e-5（ln_param 中没有 'eps' 时），不是 1e-8。", cost=DETAIL)
def _ln_eps_default(x, gamma, beta, ln_param):
    return bn.layernorm_forward(x, gamma, beta, {"eps": ln_param.get("eps", 1e-8)})


@mutant(N, "layernorm_forward", "eps_hard_coded", "eps is hard-coded; read it from ln_param (default 1e-5).",
        "eps 被写死了；应从 ln_param 读取（默认 1e-5）。", cost=DETAIL)
def _ln_eps_fixed(x, gamma, beta, ln_param):
    return bn.layernorm_forward(x, gamma, beta, {"eps": bn.DEFAULT_EPS})


@mutant(N, "layernorm_backward", "ignores_mean_and_variance_paths", "dx ignores that each row's mean and variance depend on x (dx = dout * gamma / std); add the terms from the mean and variance paths (along axis=1).",
        "dx 忽略了每行的均值和方差也依赖于 x（写成了 dx = dout * gamma / std）；要加上均值和方差路径的项（沿 axis=1）。")
def _ln_backward_simple(dout, cache):
    return _norm_backward_variant(dout, cache, 1, simple=True)


@mutant(N, "layernorm_backward", "batchnorm_formula", "layernorm_backward uses the batch-norm formula (means over axis=0); in layer norm the means in dx are over each row (axis=1).",
        "layernorm_backward 用了批归一化的公式（对 axis=0 取平均）；层归一化中 dx 的平均应在每一行上（axis=1）。")
def _ln_backward_bn(dout, cache):
    return bn._normalized_backward(dout, cache, 0)


@mutant(N, "layernorm_backward", "params_summed_over_features", "dgamma and dbeta are summed over the features (axis=1); gamma and beta have one entry per feature, so sum over the batch (axis=0).",
        "dgamma 和 dbeta 在特征维（axis=1）上求和了；gamma 和 beta 每个特征一个分量，应对批次（axis=0）求和。")
def _ln_backward_axis(dout, cache):
    return _norm_backward_variant(dout, cache, 1, dgamma_axis=1)


# --------------------------------------------------------------------------- perceptron.py

P = "perceptron"


def _train_variant(X, y, max_epochs=100, *, strict=False, bias=True, count_epochs=False, fixed_epochs=None,
                   one_epoch=False, zero_predicts=None):
    X, y = _f(X), _f(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    n_updates = 0
    epochs = 0
    for _ in range(int(max_epochs if fixed_epochs is None else fixed_epochs)):
        epochs += 1
        clean = True
        for xi, yi in zip(X, y):
            score = yi * (w @ xi + b)
            if zero_predicts is not None:
                # an error-driven update (predict(x) != y) whose prediction at a score of 0 is
                # `zero_predicts`: an example of that label sitting on the boundary counts as right
                wrong = score < 0 or (score == 0 and yi != zero_predicts)
            else:
                wrong = (score < 0) if strict else (score <= 0)
            if wrong:
                w = w + yi * xi
                if bias:
                    b += yi
                n_updates += 1
                clean = False
        if clean or one_epoch:
            break
    return w, float(b), epochs if count_epochs else n_updates


@mutant(P, "perceptron_train", "strict_inequality", "The update test must be y[i] * score <= 0; with < 0 the all-zero start never updates (a score of 0 is a mistake too).",
        "更新条件应为 y[i] * score <= 0；用 < 0 时从全零出发永远不会更新（得分为 0 也算错）。")
def _perc_strict(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, strict=True)


@mutant(P, "perceptron_train", "zero_counts_as_positive", "A +1 example whose score is exactly 0 counts as right (the update test is predict(x) != y with predict(0) = +1); the update test must be y[i] * score <= 0, so a score of 0 is a mistake for either label.",
        "得分恰为 0 的 +1 样本被当作分对了（更新条件是 predict(x) != y 且 predict(0) = +1）；更新条件应为 y[i] * score <= 0，得分为 0 对两种标签都算错。", cost=DETAIL)
def _perc_zero_positive(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, zero_predicts=1.0)


@mutant(P, "perceptron_train", "zero_counts_as_negative", "A -1 example whose score is exactly 0 counts as right (the update test is predict(x) != y with predict(0) = -1); the update test must be y[i] * score <= 0, so a score of 0 is a mistake for either label.",
        "得分恰为 0 的 -1 样本被当作分对了（更新条件是 predict(x) != y 且 predict(0) = -1）；更新条件应为 y[i] * score <= 0，得分为 0 对两种标签都算错。", cost=DETAIL)
def _perc_zero_negative(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, zero_predicts=-1.0)


@mutant(P, "perceptron_train", "update_without_label", "On a mistake w moves by y[i] * X[i] (towards the right side), not by X[i].",
        "出错时 w 应加上 y[i] * X[i]（朝正确的一侧移动），而不是 X[i]。")
def _perc_no_label(X, y, max_epochs=100):
    X, y = _f(X), _f(y)
    w, b, n = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(int(max_epochs)):
        clean = True
        for xi, yi in zip(X, y):
            if yi * (w @ xi + b) <= 0:
                w, b, n, clean = w + xi, b + yi, n + 1, False
        if clean:
            break
    return w, float(b), n


@mutant(P, "perceptron_train", "no_bias_update", "The bias is never updated: on a mistake, b += y[i] as well as w += y[i] * X[i].",
        "偏置从未更新：出错时除了 w += y[i] * X[i]，还要 b += y[i]。")
def _perc_no_bias(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, bias=False)


@mutant(P, "perceptron_train", "counts_epochs", "n_updates counts epochs; it must count the updates (mistakes corrected).",
        "n_updates 数的是轮数（epoch）；它应统计更新（纠正错误）的次数。")
def _perc_epochs(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, count_epochs=True)


@mutant(P, "perceptron_train", "max_epochs_ignored", "max_epochs is ignored (training always runs up to 100 epochs): use the argument.",
        "忽略了 max_epochs（总是最多训练 100 轮）：请使用这个参数。")
def _perc_fixed_epochs(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, fixed_epochs=100)


@mutant(P, "perceptron_train", "one_epoch_only", "Training stops after the first epoch; it must go on until an epoch makes no update (or max_epochs).",
        "训练在第一轮后就停止了；应继续直到某一轮没有更新（或达到 max_epochs）。")
def _perc_one_epoch(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, one_epoch=True)


@mutant(P, "perceptron_train", "one_epoch_too_few", "Training runs one epoch fewer than max_epochs (an off-by-one in the epoch loop).",
        "训练比 max_epochs 少跑了一轮（轮数循环差一）。")
def _perc_off_by_one(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, fixed_epochs=int(max_epochs) - 1)


@mutant(P, "perceptron_predict", "zero_gives_minus_one", "A score of exactly 0 must give +1 (score >= 0), not -1.",
        "得分恰好为 0 时应预测 +1（score >= 0），而不是 -1。")
def _predict_strict(X, w, b):
    scores = _f(X) @ _f(w) + b
    return np.where(scores > 0, 1.0, -1.0)


@mutant(P, "perceptron_predict", "sign_gives_zero", "np.sign gives 0 at a score of 0; the prediction must be +1 or -1 (a score of 0 gives +1).",
        "np.sign 在得分为 0 时给出 0；预测必须是 +1 或 -1（得分为 0 时为 +1）。")
def _predict_sign(X, w, b):
    return np.sign(_f(X) @ _f(w) + b)


@mutant(P, "perceptron_predict", "no_bias", "perceptron_predict ignores the bias: the score is X @ w + b.",
        "perceptron_predict 忽略了偏置：得分应为 X @ w + b。")
def _predict_no_bias(X, w, b):
    return np.where(_f(X) @ _f(w) >= 0, 1.0, -1.0)


# --------------------------------------------------------------------------- optimizers.py

O = "optimizers"


def _with(name: str, **fixed) -> Callable:
    """The reference optimizer `name`, with some hyperparameters hard-coded to `fixed` whatever config says."""
    reference = getattr(opt, name)

    def step(w, dw, config=None):
        config = {} if config is None else config
        saved = {key: config.get(key, opt.DEFAULTS[name][key]) for key in fixed}
        config.update(fixed)
        next_w, config = reference(w, dw, config)
        config.update(saved)
        return next_w, config

    return step


#: The values an optimizer's epsilon is seen hard-coded to, on top of another mistake (`with_epsilon`).
HARD_CODED_EPSILONS = (1e-8, 1e-7, 1e-6)


def with_epsilon(known: Mutant, value: float) -> Mutant:
    """The optimizer mistake `known` made with config's epsilon ignored for `value` as well (a
    book's 'efficient' Adam with its epsilon fixed at 1e-7): two mistakes in one function, tried
    by the diagnosis only where `known` alone leaves failures unexplained.  Not in the catalog."""
    impl = known.impl

    def step(w, dw, config=None):
        config = {} if config is None else config
        saved = config.get("epsilon", opt.DEFAULTS[known.function]["epsilon"])
        config["epsilon"] = value
        next_w, config = impl(w, dw, config)
        config["epsilon"] = saved
        return next_w, config

    return Mutant(f"{known.id}+epsilon_{value:g}", known.module, known.function, step, known.cost)


for _name, _defaults in opt.DEFAULTS.items():
    mutant(O, _name, "learning_rate_hard_coded",
           f"The learning rate is hard-coded; read config['learning_rate'] (default {_defaults['learning_rate']:g}).",
           f"学习率被写死了；应读取 config['learning_rate']（默认 {_defaults['learning_rate']:g}）。", cost=DETAIL)(
        _with(_name, learning_rate=_defaults["learning_rate"]))
    for _key in ("momentum", "epsilon", "decay_rate", "rho", "beta1", "beta2"):
        if _key in _defaults:
            mutant(O, _name, f"{_key}_hard_coded",
                   f"{_key} is hard-coded; read config['{_key}'] (default {_defaults[_key]:g}).",
                   f"{_key} 被写死了；应读取 config['{_key}']（默认 {_defaults[_key]:g}）。", cost=DETAIL)(
                _with(_name, **{_key: _defaults[_key]}))
    # an epsilon hard-coded to another common value than the default (books and frameworks use
    # 1e-7 and 1e-6; Adam's, seen hard-coded with its betas, below: each mutant tried costs a
    # simulation of every failing Adam, so only the variants seen in real code are catalogued)
    for _eps in (1e-7, 1e-6):
        if "epsilon" in _defaults and _eps != _defaults["epsilon"] and "beta1" not in _defaults:
            _tag = f"{_eps:.0e}".replace("e-0", "e-")
            mutant(O, _name, f"epsilon_hard_coded_{_tag}",
                   f"epsilon is hard-coded to {_eps:g}; read config['epsilon'] (default {_defaults['epsilon']:g}).",
                   f"epsilon 被写死为 {_eps:g}；应读取 config['epsilon']（默认 {_defaults['epsilon']:g}）。", cost=DETAIL)(
                _with(_name, epsilon=_eps))
    if "beta1" in _defaults:
        # the Dive into Deep Learning chapter's Adam: betas at their defaults and epsilon 1e-6, fixed
        for _eps in (1e-6,):
            _tag = f"{_eps:.0e}".replace("e-0", "e-")
            mutant(O, _name, f"betas_and_epsilon_hard_coded_{_tag}",
                   f"beta1, beta2 and epsilon are hard-coded (epsilon to {_eps:g}); read them from config "
                   f"(defaults {_defaults['beta1']:g}, {_defaults['beta2']:g}, {_defaults['epsilon']:g}).",
                   f"beta1、beta2 和 epsilon 被写死了（epsilon 为 {_eps:g}）；应从 config 读取"
                   f"（默认 {_defaults['beta1']:g}、{_defaults['beta2']:g}、{_defaults['epsilon']:g}）。", cost=DETAIL)(
                _with(_name, beta1=_defaults["beta1"], beta2=_defaults["beta2"], epsilon=_eps))


@mutant(O, "sgd_momentum", "state_not_kept", "The velocity is not kept between calls (store it in config and read it back), so this is plain SGD.",
        "速度没有在调用之间保存（要存入 config 并在下次读回），结果等同于普通 SGD。")
def _momentum_stateless(w, dw, config=None):
    config = {} if config is None else config
    next_w, _ = opt.sgd_momentum(w, dw, {k: v for k, v in config.items() if k in opt.DEFAULTS["sgd_momentum"]})
    return next_w, config


@mutant(O, "sgd_momentum", "velocity_sign_flipped", "The velocity adds the gradient: v = momentum * v - learning_rate * dw, then w + v (descend, do not climb).",
        "速度加上了梯度：应为 v = momentum * v - learning_rate * dw，然后 w + v（下降而不是上升）。")
def _momentum_sign(w, dw, config=None):
    return opt.sgd_momentum(w, -np.asarray(dw, dtype=np.float64), config)


@mutant(O, "sgd_momentum", "step_before_velocity_update", "w moves by the old velocity before the velocity is updated; update v first (v = momentum * v - learning_rate * dw), then return w + v.",
        "w 先按旧速度移动、之后才更新速度；应先更新 v（v = momentum * v - learning_rate * dw），再返回 w + v。")
def _momentum_late(w, dw, config=None):
    config = {} if config is None else config
    v_old = config.get("velocity", np.zeros_like(_f(w)))
    _, config = opt.sgd_momentum(w, dw, config)
    return _f(w) + v_old, config


@mutant(O, "nesterov_momentum", "plain_momentum", "This is plain momentum (w + v); Nesterov's step is w - momentum * v_prev + (1 + momentum) * v.",
        "这是普通动量（w + v）；Nesterov 的更新是 w - momentum * v_prev + (1 + momentum) * v。")
def _nesterov_plain(w, dw, config=None):
    return opt.sgd_momentum(w, dw, config)


def _adaptive_eps_inside(name: str) -> Callable:
    """The reference `name` with epsilon moved under the square root."""

    def step(w, dw, config=None):
        config = {} if config is None else config
        w = np.asarray(w, dtype=np.float64)
        dw = np.asarray(dw, dtype=np.float64)
        _next_w, config = getattr(opt, name)(w, dw, config)
        eps = config["epsilon"]
        lr = config["learning_rate"]
        if name == "adam":
            t = config["t"]
            m_hat = config["m"] / (1 - config["beta1"] ** t)
            v_hat = config["v"] / (1 - config["beta2"] ** t)
            return w - lr * m_hat / np.sqrt(v_hat + eps), config
        return w - lr * dw / np.sqrt(config["cache"] + eps), config

    return step


for _name in ("adagrad", "rmsprop", "adam"):
    mutant(O, _name, "epsilon_inside_sqrt", "epsilon belongs outside the square root: divide by sqrt(...) + epsilon.",
           "epsilon 应在平方根之外：除以 sqrt(...) + epsilon。", cost=DETAIL)(_adaptive_eps_inside(_name))


@mutant(O, "adagrad", "cache_not_accumulated", "Adagrad's cache must accumulate: r += dw**2 (r = dw**2 forgets the past gradients).",
        "Adagrad 的缓存必须累加：r += dw**2（r = dw**2 会忘掉之前的梯度）。")
def _adagrad_no_sum(w, dw, config=None):
    config = {} if config is None else config
    config.pop("cache", None)
    return opt.adagrad(w, dw, config)


@mutant(O, "adam", "epsilon_hat", "This is the 'efficient' Adam (lr_t = lr * sqrt(1 - beta2**t)/(1 - beta1**t), then m/(sqrt(v) + epsilon)): it scales epsilon differently. The contract's step is lr * m_hat/(sqrt(v_hat) + epsilon).",
        "这是“高效版” Adam（lr_t = lr * sqrt(1 - beta2**t)/(1 - beta1**t)，再用 m/(sqrt(v) + epsilon)）：它对 epsilon 的缩放不同。约定的更新是 lr * m_hat/(sqrt(v_hat) + epsilon)。", cost=DETAIL)
def _adam_eps_hat(w, dw, config=None):
    config = {} if config is None else config
    w = _f(w)
    _next_w, config = opt.adam(w, dw, config)
    t, b1, b2 = config["t"], config["beta1"], config["beta2"]
    lr_t = config["learning_rate"] * np.sqrt(1 - b2**t) / (1 - b1**t)
    return w - lr_t * config["m"] / (np.sqrt(config["v"]) + config["epsilon"]), config


@mutant(O, "rmsprop", "decay_weights_swapped", "The decay weights are swapped: r = decay_rate * r + (1 - decay_rate) * dw**2.",
        "衰减权重颠倒了：r = decay_rate * r + (1 - decay_rate) * dw**2。")
def _rmsprop_swapped(w, dw, config=None):
    config = {} if config is None else config
    decay = config.get("decay_rate", opt.DEFAULTS["rmsprop"]["decay_rate"])
    config["decay_rate"] = 1 - decay
    next_w, config = opt.rmsprop(w, dw, config)
    config["decay_rate"] = decay
    return next_w, config


@mutant(O, "rmsprop", "no_sqrt", "RMSProp divides by the root mean square: dw/(sqrt(r) + epsilon), not dw/(r + epsilon).",
        "RMSProp 应除以均方根：dw/(sqrt(r) + epsilon)，而不是 dw/(r + epsilon)。")
def _rmsprop_no_sqrt(w, dw, config=None):
    w, dw = _f(w), _f(dw)
    _, config = opt.rmsprop(w, dw, config)
    return w - config["learning_rate"] * dw / (config["cache"] + config["epsilon"]), config


@mutant(O, "rmsprop", "no_square", "The cache accumulates dw instead of dw**2.", "缓存累积的是 dw 而不是 dw**2。")
def _rmsprop_no_square(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    decay = config.setdefault("decay_rate", 0.99)
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = decay * config.get("cache", np.zeros_like(w)) + (1 - decay) * dw
    config["cache"] = cache
    with np.errstate(all="ignore"):
        return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def _adam_variant(w, dw, config, *, correct=True, m_of_square=False, t_step=1, t_fixed=False, t_start=0):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adam"].items():
        config.setdefault(key, value)
    m = config.get("m", np.zeros_like(w))
    v = config.get("v", np.zeros_like(w))
    t = config.get("t", t_start)
    t = 1 if t_fixed else t + t_step
    config["t"] = t
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * m + (1 - beta1) * (dw**2 if m_of_square else dw)
    v = beta2 * v + (1 - beta2) * dw**2
    config["m"], config["v"] = m, v
    if correct:
        m, v = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"]), config


@mutant(O, "adam", "no_bias_correction", "Adam's bias correction is missing: m_hat = m/(1 - beta1**t), v_hat = v/(1 - beta2**t).",
        "Adam 缺少偏差修正：m_hat = m/(1 - beta1**t)，v_hat = v/(1 - beta2**t)。")
def _adam_no_correction(w, dw, config=None):
    return _adam_variant(w, dw, config, correct=False)


@mutant(O, "adam", "first_moment_of_square", "Adam's first moment averages dw, not dw**2: m = beta1 * m + (1 - beta1) * dw.",
        "Adam 的一阶矩应平均 dw，而不是 dw**2：m = beta1 * m + (1 - beta1) * dw。")
def _adam_m_square(w, dw, config=None):
    return _adam_variant(w, dw, config, m_of_square=True)


@mutant(O, "adam", "t_not_incremented", "The step counter t is not incremented between calls (t += 1 at every step, kept in config), so the bias correction always uses t = 1.",
        "步数 t 没有在调用之间递增（每步 t += 1，并保存在 config 中），偏差修正总是用 t = 1。")
def _adam_t_fixed(w, dw, config=None):
    return _adam_variant(w, dw, config, t_fixed=True)


@mutant(O, "adam", "t_incremented_twice", "The step counter t is incremented twice per step; t += 1 once per call.",
        "步数 t 每步递增了两次；每次调用只应 t += 1 一次。")
def _adam_t_twice(w, dw, config=None):
    return _adam_variant(w, dw, config, t_step=2)


@mutant(O, "adam", "state_not_kept", "Adam's moments m, v and counter t are not kept between calls: store them in config and read them back.",
        "Adam 的矩 m、v 和计数 t 没有在调用之间保存：要存入 config 并在下次读回。")
def _adam_stateless(w, dw, config=None):
    config = {} if config is None else config
    next_w, _ = opt.adam(w, dw, {k: v for k, v in config.items() if k in opt.DEFAULTS["adam"]})
    return next_w, config


@mutant(O, "adam", "t_starts_at_one", "The step counter starts at 1 and is incremented before use, so the first step uses t = 2 (the CS231n 2017-18 skeleton's config.setdefault('t', 1) with t += 1 first): start t at 0, or increment it after the step.",
        "步数 t 从 1 开始且在使用前先递增，第一步用的是 t = 2（CS231n 2017-18 框架的 config.setdefault('t', 1) 再先 t += 1）：t 应从 0 开始，或在更新之后再递增。", cost=HALF)
def _adam_t_from_one(w, dw, config=None):
    return _adam_variant(w, dw, config, t_start=1)


@mutant(O, "sgd_momentum", "gradient_applied_twice", "The gradient is applied twice: the velocity already holds -learning_rate * dw, so the step is w + v (not w + v - learning_rate * dw).",
        "梯度被用了两次：速度里已经包含 -learning_rate * dw，所以更新是 w + v（而不是 w + v - learning_rate * dw）。")
def _momentum_twice(w, dw, config=None):
    next_w, config = opt.sgd_momentum(w, dw, config)
    return next_w - config["learning_rate"] * _f(dw), config


@mutant(O, "nesterov_momentum", "mu_squared_new_velocity", "Nesterov's step is w - momentum * v_prev + (1 + momentum) * v, which expands to w + momentum**2 * v_prev - (1 + momentum) * learning_rate * dw with the OLD velocity; this uses the new one (momentum**2 * v).",
        "Nesterov 的更新是 w - momentum * v_prev + (1 + momentum) * v，展开为 w + momentum**2 * v_prev - (1 + momentum) * learning_rate * dw，用的是旧速度；这里用了新速度（momentum**2 * v）。")
def _nesterov_new_velocity(w, dw, config=None):
    w, dw = _f(w), _f(dw)
    _, config = opt.nesterov_momentum(w, dw, config)
    mu, lr = config["momentum"], config["learning_rate"]
    return w + mu * mu * config["velocity"] - (1 + mu) * lr * dw, config


def _with_default(name: str, key: str, value: float) -> Callable:
    """The reference optimizer `name` with another default for `key` (used when config lacks it)."""
    reference = getattr(opt, name)

    def step(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault(key, value)
        return reference(w, dw, config)

    return step


for _name, _defaults in opt.DEFAULTS.items():
    for _rate in (1e-1, 1e-2, 1e-3, 1e-4):
        if _rate != _defaults["learning_rate"]:
            mutant(O, _name, f"default_learning_rate_{_rate:.0e}".replace("e-0", "e-"),
                   f"The default learning rate (when config has no 'learning_rate') is {_defaults['learning_rate']:g}, not {_rate:g}.",
                   f"默认学习率（config 中没有 'learning_rate' 时）是 {_defaults['learning_rate']:g}，不是 {_rate:g}。")(
                _with_default(_name, "learning_rate", _rate))


@mutant(O, "adadelta", "no_epsilon_in_numerator", "The update is -sqrt(x2 + epsilon)/sqrt(g2 + epsilon) * dw; without epsilon in the numerator x2 starts at 0 and w never moves.",
        "更新量是 -sqrt(x2 + epsilon)/sqrt(g2 + epsilon) * dw；分子不加 epsilon 时 x2 从 0 开始，w 永远不动。")
def _adadelta_no_eps(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adadelta"].items():
        config.setdefault(key, value)
    rho, eps = config["rho"], config["epsilon"]
    g2 = rho * config.get("g2", np.zeros_like(w)) + (1 - rho) * dw**2
    x2 = config.get("x2", np.zeros_like(w))
    d = -np.sqrt(x2) / np.sqrt(g2 + eps) * dw
    config["g2"], config["x2"] = g2, rho * x2 + (1 - rho) * d**2
    return w + config["learning_rate"] * d, config


@mutant(O, "adadelta", "x2_updated_first", "x2 must be updated after computing the step d, from d**2 (the step uses the previous x2).",
        "x2 应在算出步长 d 之后用 d**2 更新（步长用的是上一步的 x2）。")
def _adadelta_order(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adadelta"].items():
        config.setdefault(key, value)
    rho, eps = config["rho"], config["epsilon"]
    g2 = rho * config.get("g2", np.zeros_like(w)) + (1 - rho) * dw**2
    x2_old = config.get("x2", np.zeros_like(w))
    d_old = -np.sqrt(x2_old + eps) / np.sqrt(g2 + eps) * dw
    x2 = rho * x2_old + (1 - rho) * d_old**2
    d = -np.sqrt(x2 + eps) / np.sqrt(g2 + eps) * dw
    config["g2"], config["x2"] = g2, x2
    return w + config["learning_rate"] * d, config


define(_TEXT)
