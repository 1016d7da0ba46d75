"""A mixed bag: some optimizers right, others returning nothing, NaN, lists, or killing the process."""
import os

import numpy as np


def sgd(w, dw, config=None):
    config = config or {}
    lr = config.setdefault("learning_rate", 1e-2)
    return list(np.asarray(w - lr * dw).ravel()) if np.ndim(w) == 1 else w - lr * dw, config


def sgd_momentum(w, dw, config=None):
    pass


def nesterov_momentum(w, dw, config=None):
    return w * np.nan, config


def adagrad(w, dw, config=None):
    raise NotImplementedError("TODO")


def rmsprop(w, dw, config=None):
    config = config or {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    r = config.get("cache", np.zeros_like(w))
    r = config["decay_rate"] * r + (1 - config["decay_rate"]) * dw**2
    config["cache"] = r
    return w - config["learning_rate"] * dw / (np.sqrt(r) + config["epsilon"]), config


adadelta = 42


def adam(w, dw, config=None):
    os._exit(3)
