"""Classic mistakes: hard-coded momentum, Adam without bias correction; the others right."""
import numpy as np


def sgd(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    v = 0.9 * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    config = {} if config is None else config
    lr, mu = config.setdefault("learning_rate", 1e-2), config.setdefault("momentum", 0.9)
    v_prev = config.get("velocity", np.zeros_like(w))
    v = mu * v_prev - lr * dw
    config["velocity"] = v
    return w - mu * v_prev + (1 + mu) * v, config


def adagrad(w, dw, config=None):
    config = {} if config is None else config
    lr, eps = config.setdefault("learning_rate", 1e-2), config.setdefault("epsilon", 1e-7)
    config["cache"] = config.get("cache", 0) + dw**2
    return w - lr * dw / (np.sqrt(config["cache"]) + eps), config


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    lr, eps = config.setdefault("learning_rate", 1e-2), config.setdefault("epsilon", 1e-8)
    d = config.setdefault("decay_rate", 0.99)
    config["cache"] = d * config.get("cache", 0) + (1 - d) * dw**2
    return w - lr * dw / (np.sqrt(config["cache"]) + eps), config


def adadelta(w, dw, config=None):
    config = {} if config is None else config
    lr, rho, eps = config.get("learning_rate", 1.0), config.get("rho", 0.95), config.get("epsilon", 1e-6)
    g2 = rho * config.get("g2", 0) + (1 - rho) * dw**2
    d = -np.sqrt(config.get("x2", 0) + eps) / np.sqrt(g2 + eps) * dw
    config["g2"], config["x2"] = g2, rho * config.get("x2", 0) + (1 - rho) * d**2
    return w + lr * d, config


def adam(w, dw, config=None):
    config = {} if config is None else config
    lr, b1, b2, eps = (config.get(k, v) for k, v in
                       (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)))
    config["m"] = b1 * config.get("m", 0) + (1 - b1) * dw
    config["v"] = b2 * config.get("v", 0) + (1 - b2) * dw**2
    return w - lr * config["m"] / (np.sqrt(config["v"]) + eps), config
