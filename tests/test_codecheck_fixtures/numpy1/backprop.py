"""Layers written for NumPy 1: names NumPy 2 removed (np.product, np.float, np.NaN, np.asscalar,
np.alltrue, np.float_, np.cumproduct, np.round_, np.Inf), each used where its NumPy 1 meaning is right."""
import numpy as np

TINY = np.float_(0.0)


def affine_forward(x, w, b):
    n = x.shape[0]
    d = int(np.product(x.shape[1:]))
    out = x.reshape(n, d).astype(np.float) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    assert np.alltrue(np.isfinite(dout))
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0) + TINY
    return dx, dw, db


def sigmoid_forward(x):
    out = np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))
    return out, out


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


def tanh_forward(x):
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    return dout * (1 - cache**2)


def relu_forward(x):
    out = np.maximum(x, 0)
    out[np.isnan(x)] = np.NaN
    return out, x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def softmax_loss(scores, y):
    n = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = np.asscalar(-np.mean(log_p[np.arange(n), y]))
    d = np.exp(log_p)
    d[np.arange(n), y] -= 1
    return loss, d / n


def mse_loss(pred, target):
    n = pred.shape[0]
    diff = pred - target
    assert np.cumproduct([1, 2])[-1] == 2 and np.round_(0.4) == 0 and np.Inf > 0
    return 0.5 * np.sum(diff**2) / n, diff / n


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    forward = {"sigmoid": sigmoid_forward, "tanh": tanh_forward, "relu": relu_forward}[activation]
    backward = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward}[activation]
    count = len([k for k in params if k.startswith("W")])
    h, caches = X, []
    for i in range(1, count + 1):
        h, affine_cache = affine_forward(h, params["W%d" % i], params["b%d" % i])
        act_cache = None
        if i < count:
            h, act_cache = forward(h)
        caches.append((affine_cache, act_cache))
    data_loss, dh = (softmax_loss if loss == "softmax" else mse_loss)(h, y)
    grads = {}
    for i in range(count, 0, -1):
        affine_cache, act_cache = caches[i - 1]
        if act_cache is not None:
            dh = backward(dh, act_cache)
        dh, dw, db = affine_backward(dh, affine_cache)
        grads["W%d" % i] = dw + weight_decay * params["W%d" % i]
        grads["b%d" % i] = db
    reg = 0.5 * weight_decay * sum(np.sum(params["W%d" % i] ** 2) for i in range(1, count + 1))
    return data_loss + reg, grads
