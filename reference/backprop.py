"""Reference layers, losses and a whole MLP (the course contract, section 3, backprop.py).

Float64 throughout.  Caches are tuples that keep both the inputs and the
outputs of a forward pass: the catalog of known mistakes (`mutants`) needs
either to imitate a student's backward pass, and the grader never shows a
cache to anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("softmax", "mse")


def affine_forward(x, w, b):
    x, w, b = (np.asarray(a, dtype=np.float64) for a in (x, w, b))
    out = x @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, _ = cache
    dout = np.asarray(dout, dtype=np.float64)
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def sigmoid_forward(x):
    x = np.asarray(x, dtype=np.float64)
    # Two branches so that exp never overflows, whatever the sign of x.
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return out, (x, out)


def sigmoid_backward(dout, cache):
    _, out = cache
    return np.asarray(dout, dtype=np.float64) * out * (1.0 - out)


def tanh_forward(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.tanh(x)
    return out, (x, out)


def tanh_backward(dout, cache):
    _, out = cache
    return np.asarray(dout, dtype=np.float64) * (1.0 - out**2)


def relu_forward(x):
    x = np.asarray(x, dtype=np.float64)
    out = np.maximum(x, 0.0)
    return out, (x, out)


def relu_backward(dout, cache):
    x, _ = cache
    # The contract fixes the derivative at exactly 0 to 0.
    return np.asarray(dout, dtype=np.float64) * (x > 0)


def softmax_loss(scores, y):
    scores = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y, dtype=np.intp)
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    return float(loss), dscores / n


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    n = pred.shape[0]
    diff = pred - target
    return float(0.5 * np.sum(diff**2) / n), diff / n


LAYERS: dict[str, Callable] = {
    name: globals()[name]
    for name in (
        "affine_forward", "affine_backward", "sigmoid_forward", "sigmoid_backward", "tanh_forward",
        "tanh_backward", "relu_forward", "relu_backward", "softmax_loss", "mse_loss",
    )
}


def layer_count(params: Mapping[str, object]) -> int:
    count = 0
    while f"W{count + 1}" in params:
        count += 1
    return count


def mlp_loss_with(layers: Mapping[str, Callable], params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    """`mlp_loss` built from the given layer functions (the catalog of mistakes swaps one of them)."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}")
    count = layer_count(params)
    forward = layers[f"{activation}_forward"]
    backward = layers[f"{activation}_backward"]
    h = np.asarray(X, dtype=np.float64)
    caches = []
    for layer in range(1, count + 1):
        h, affine_cache = layers["affine_forward"](h, params[f"W{layer}"], params[f"b{layer}"])
        activation_cache = None
        if layer < count:
            h, activation_cache = forward(h)
        caches.append((affine_cache, activation_cache))
    data_loss, dh = layers["softmax_loss" if loss == "softmax" else "mse_loss"](h, y)
    grads = {}
    for layer in range(count, 0, -1):
        affine_cache, activation_cache = caches[layer - 1]
        if activation_cache is not None:
            dh = backward(dh, activation_cache)
        dh, dw, db = layers["affine_backward"](dh, affine_cache)
        grads[f"W{layer}"] = dw + weight_decay * np.asarray(params[f"W{layer}"], dtype=np.float64)
        grads[f"b{layer}"] = db
    decay = 0.5 * weight_decay * sum(
        float(np.sum(np.asarray(params[f"W{layer}"], dtype=np.float64) ** 2)) for layer in range(1, count + 1)
    )
    return float(data_loss) + decay, grads


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    return mlp_loss_with(LAYERS, params, X, y, activation, loss, weight_decay)
