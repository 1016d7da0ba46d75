"""Reference batch and layer normalization (the course contract, section 3, batchnorm.py).

Caches are dicts holding every intermediate, so that the catalog of known
mistakes can imitate any student's backward pass from them.
"""

from __future__ import annotations

import numpy as np

DEFAULT_EPS = 1e-5
DEFAULT_MOMENTUM = 0.9


def _normalize(x, mean, var, eps, gamma, beta):
    std = np.sqrt(var + eps)
    x_hat = (x - mean) / std
    out = gamma * x_hat + beta
    return out, {"x": x, "x_hat": x_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "eps": eps}


def batchnorm_forward(x, gamma, beta, bn_param):
    x, gamma, beta = (np.asarray(a, dtype=np.float64) for a in (x, gamma, beta))
    mode = bn_param.get("mode", "train")
    eps = bn_param.get("eps", DEFAULT_EPS)
    momentum = bn_param.get("momentum", DEFAULT_MOMENTUM)
    d = x.shape[1]
    running_mean = np.asarray(bn_param.get("running_mean", np.zeros(d)), dtype=np.float64)
    running_var = np.asarray(bn_param.get("running_var", np.zeros(d)), dtype=np.float64)
    if mode == "train":
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        out, cache = _normalize(x, mean, var, eps, gamma, beta)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        return out, cache
    if mode == "test":
        out, cache = _normalize(x, running_mean, running_var, eps, gamma, beta)
        return out, cache
    raise ValueError(f"unknown batch norm mode {mode!r}")


def _normalized_backward(dout, cache, axis):
    """Backward of x_hat = (x - mean)/std where mean and var are taken along `axis`."""
    dout = np.asarray(dout, dtype=np.float64)
    x_hat, std, gamma = cache["x_hat"], cache["std"], cache["gamma"]
    dx_hat = dout * gamma
    dx = (
        dx_hat
        - dx_hat.mean(axis=axis, keepdims=True)
        - x_hat * (dx_hat * x_hat).mean(axis=axis, keepdims=True)
    ) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward(dout, cache):
    return _normalized_backward(dout, cache, axis=0)


def layernorm_forward(x, gamma, beta, ln_param):
    x, gamma, beta = (np.asarray(a, dtype=np.float64) for a in (x, gamma, beta))
    eps = ln_param.get("eps", DEFAULT_EPS)
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return _normalize(x, mean, var, eps, gamma, beta)


def layernorm_backward(dout, cache):
    return _normalized_backward(dout, cache, axis=1)
