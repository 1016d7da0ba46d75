"""Reference first-order optimizers (the course contract, section 3, optimizers.py).

Each is ``name(w, dw, config=None) -> (next_w, config)``; the config dict
holds the hyperparameters (defaults filled in) and the state.
"""

from __future__ import annotations

import numpy as np

DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "nesterov_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-7},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adadelta": {"learning_rate": 1.0, "rho": 0.95, "epsilon": 1e-6},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
NAMES = tuple(DEFAULTS)


def _setup(name, w, dw, config, *state):
    """w and dw as float64, the config with defaults filled in, and the state arrays started at zeros."""
    w = np.asarray(w, dtype=np.float64)
    dw = np.asarray(dw, dtype=np.float64)
    config = {} if config is None else config
    for key, value in DEFAULTS[name].items():
        config.setdefault(key, value)
    for key in state:
        config.setdefault(key, np.zeros_like(w))
    return w, dw, config


def sgd(w, dw, config=None):
    w, dw, config = _setup("sgd", w, dw, config)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    w, dw, config = _setup("sgd_momentum", w, dw, config, "velocity")
    v = config["momentum"] * config["velocity"] - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def nesterov_momentum(w, dw, config=None):
    w, dw, config = _setup("nesterov_momentum", w, dw, config, "velocity")
    v_prev = config["velocity"]
    mu = config["momentum"]
    v = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = v
    return w - mu * v_prev + (1 + mu) * v, config


def adagrad(w, dw, config=None):
    w, dw, config = _setup("adagrad", w, dw, config, "cache")
    config["cache"] = config["cache"] + dw**2
    return w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    w, dw, config = _setup("rmsprop", w, dw, config, "cache")
    decay = config["decay_rate"]
    config["cache"] = decay * config["cache"] + (1 - decay) * dw**2
    return w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"]), config


def adadelta(w, dw, config=None):
    w, dw, config = _setup("adadelta", w, dw, config, "g2", "x2")
    rho, eps = config["rho"], config["epsilon"]
    config["g2"] = rho * config["g2"] + (1 - rho) * dw**2
    d = -np.sqrt(config["x2"] + eps) / np.sqrt(config["g2"] + eps) * dw
    config["x2"] = rho * config["x2"] + (1 - rho) * d**2
    return w + config["learning_rate"] * d, config


def adam(w, dw, config=None):
    w, dw, config = _setup("adam", w, dw, config, "m", "v")
    config.setdefault("t", 0)
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * dw**2
    m_hat = config["m"] / (1 - beta1**t)
    v_hat = config["v"] / (1 - beta2**t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
