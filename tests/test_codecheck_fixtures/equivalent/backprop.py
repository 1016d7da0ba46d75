"""A correct backprop.py written differently from the reference (must earn full marks)."""
import math

import numpy as np


class Cache:
    def __init__(self, **items):
        self.__dict__.update(items)


def affine_forward(x, w, b):
    out = np.dot(x, w) + b[None, :]
    return out, Cache(x=x, w=w)


def affine_backward(dout, cache):
    dx = (cache.w @ dout.T).T
    dw = np.einsum("nd,nm->dm", cache.x, dout)
    db = [float(v) for v in np.sum(dout, axis=0)]  # a list is accepted
    return dx, dw, db


def sigmoid_forward(x):
    out = 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))
    return out, {"s": out}


def sigmoid_backward(dout, cache):
    s = cache["s"]
    return dout * s - dout * s * s


def tanh_forward(x):
    out = (np.exp(2 * x) - 1) / (np.exp(2 * x) + 1)
    out = np.where(np.abs(x) > 20, np.sign(x), out)
    return out, [x, out]


def tanh_backward(dout, cache):
    return dout * (1 - np.tanh(cache[0]) ** 2)


def relu_forward(x):
    return x * (x > 0), x


def relu_backward(dout, cache):
    dx = np.array(dout, copy=True)
    dx[cache <= 0] = 0
    return dx


def softmax_loss(scores, y):
    n = scores.shape[0]
    z = scores - np.max(scores, axis=1)[:, None]
    logsum = np.log(np.sum(np.exp(z), axis=1))
    loss = float(np.sum(logsum - z[np.arange(n), y])) / n
    probs = np.exp(z - logsum[:, None])
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(n), y] = 1
    return np.float64(loss), (probs - one_hot) / n


def mse_loss(pred, target):
    n = pred.shape[0]
    diff = pred - target
    return np.array(np.sum(diff * diff) / (2 * n)), diff / n


def mlp_loss(params, X, y, activation="sigmoid", loss="softmax", weight_decay=0.0):
    layers = len([k for k in params if k.startswith("W")])
    act = {"sigmoid": (sigmoid_forward, sigmoid_backward), "tanh": (tanh_forward, tanh_backward),
           "relu": (relu_forward, relu_backward)}[activation]
    h, caches = X, []
    for i in range(1, layers + 1):
        h, c1 = affine_forward(h, params["W%d" % i], params["b%d" % i])
        c2 = None
        if i != layers:
            h, c2 = act[0](h)
        caches.append((c1, c2))
    data_loss, d = softmax_loss(h, y) if loss == "softmax" else mse_loss(h, y)
    reg = sum(math.fsum((params["W%d" % i] ** 2).ravel()) for i in range(1, layers + 1))
    grads = {}
    for i in reversed(range(1, layers + 1)):
        c1, c2 = caches[i - 1]
        if c2 is not None:
            d = act[1](d, c2)
        d, dw, db = affine_backward(d, c1)
        grads["W%d" % i] = dw + weight_decay * params["W%d" % i]
        grads["b%d" % i] = np.asarray(db)
    return float(data_loss) + 0.5 * weight_decay * reg, grads
