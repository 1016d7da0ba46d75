"""Classic mistakes: unbiased variance, running statistics never stored; a correct layer norm."""
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get("eps", 1e-5)
    if bn_param["mode"] == "train":
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        m = bn_param.get("momentum", 0.9)
        running_mean = m * bn_param.get("running_mean", 0) + (1 - m) * mean  # never stored
    else:
        mean, var = bn_param["running_mean"], bn_param["running_var"]
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, gamma, np.sqrt(var + eps))


def batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    return dout * gamma / std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def layernorm_forward(x, gamma, beta, ln_param):
    mean = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True) + ln_param.get("eps", 1e-5))
    x_hat = (x - mean) / std
    return gamma * x_hat + beta, (x_hat, gamma, std)


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    d = dout * gamma
    dx = (d - d.mean(axis=1, keepdims=True) - x_hat * (d * x_hat).mean(axis=1, keepdims=True)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
