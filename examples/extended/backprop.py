"""Layers, losses and a whole MLP, with their backward passes (course contract, section 3)."""

import numpy as np


def affine_forward(x, w, b):
    """x (N, D), w (D, M), b (M,) -> out (N, M), cache."""
    out = x @ w + b
    return out, (x, w)


def affine_backward(dout, cache):
    """-> dx (N, D), dw (D, M), db (M,)."""
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def sigmoid_forward(x):
    """-> out, cache; computed without overflow for large |x|."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    e = np.exp(x[~positive])
    out[~positive] = e / (1.0 + e)
    return out, out


def sigmoid_backward(dout, cache):
    out = cache
    return dout * out * (1.0 - out)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    out = cache
    return dout * (1.0 - out**2)


def relu_forward(x):
    return np.maximum(0.0, x), x


def relu_backward(dout, cache):
    """The derivative at 0 is 0."""
    x = cache
    return dout * (x > 0)


def softmax_loss(scores, y):
    """Mean over N of -log softmax(scores)[y], and dscores."""
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    return loss, dscores / n


def mse_loss(pred, target):
    """1/(2N) * sum((pred - target)**2), and dpred."""
    n = pred.shape[0]
    diff = pred - target
    return 0.5 * np.sum(diff**2) / n, diff / n


_ACTIVATIONS = {
    "sigmoid": (sigmoid_forward, sigmoid_backward),
    "tanh": (tanh_forward, tanh_backward),
    "relu": (relu_forward, relu_backward),
}


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    """Loss and gradients of an MLP: hidden layers affine + activation, the last affine only."""
    layers = sum(1 for key in params if key.startswith("W"))
    forward, backward = _ACTIVATIONS[activation]
    h = X
    caches = []
    for layer in range(1, layers + 1):
        h, affine_cache = affine_forward(h, params[f"W{layer}"], params[f"b{layer}"])
        activation_cache = None
        if layer < layers:
            h, activation_cache = forward(h)
        caches.append((affine_cache, activation_cache))
    if loss == "softmax":
        data_loss, dh = softmax_loss(h, y)
    else:
        data_loss, dh = mse_loss(h, y)
    grads = {}
    for layer in range(layers, 0, -1):
        affine_cache, activation_cache = caches[layer - 1]
        if layer < layers:
            dh = backward(dh, activation_cache)
        dh, dw, db = affine_backward(dh, affine_cache)
        grads[f"W{layer}"] = dw + weight_decay * params[f"W{layer}"]
        grads[f"b{layer}"] = db
    penalty = 0.5 * weight_decay * sum(np.sum(params[f"W{layer}"] ** 2) for layer in range(1, layers + 1))
    return data_loss + penalty, grads
