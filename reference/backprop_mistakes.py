"""Known mistakes (and accepted variants) of backprop.py: the catalog `grader.reference.mutants` loads
(and so registers) this module when it is imported."""

from __future__ import annotations

import numpy as np

from . import backprop as bp
from .mutants import STABILIZING_EPSILON, _f, mutant, variant

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
