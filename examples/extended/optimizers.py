"""First-order optimizers: name(w, dw, config=None) -> (next_w, config) (course contract, section 3)."""

import numpy as np


def sgd(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v_prev = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w - config["momentum"] * v_prev + (1 + config["momentum"]) * v, config


def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-7)
    r = config.get("r", np.zeros_like(w)) + dw**2
    config["r"] = r
    return w - config["learning_rate"] * dw / (np.sqrt(r) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    r = config["decay_rate"] * config.get("r", np.zeros_like(w)) + (1 - config["decay_rate"]) * dw**2
    config["r"] = r
    return w - config["learning_rate"] * dw / (np.sqrt(r) + config["epsilon"]), config


def adadelta(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1.0)
    config.setdefault("rho", 0.95)
    config.setdefault("epsilon", 1e-6)
    rho, eps = config["rho"], config["epsilon"]
    g2 = rho * config.get("g2", np.zeros_like(w)) + (1 - rho) * dw**2
    x2 = config.get("x2", np.zeros_like(w))
    step = -np.sqrt(x2 + eps) / np.sqrt(g2 + eps) * dw
    config["g2"] = g2
    config["x2"] = rho * x2 + (1 - rho) * step**2
    return w + config["learning_rate"] * step, config


def adam(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw**2
    config.update(t=t, m=m, v=v)
    m_hat = m / (1 - config["beta1"] ** t)
    v_hat = v / (1 - config["beta2"] ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
