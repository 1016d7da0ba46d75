"""Correct optimizers written in other equivalent forms, with state keys of the student's choosing."""
import numpy as np


def sgd(w, dw, config=None):
    config = config if config is not None else {}
    lr = config.setdefault("learning_rate", 1e-2)
    return w + (-lr) * dw, config


def sgd_momentum(w, dw, config=None):
    # v = mu * v + dw; w - lr * v  (equivalent for a constant learning rate)
    config = config if config is not None else {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    buf = config.get("buf", np.zeros_like(w))
    buf = mu * buf + dw
    config["buf"] = buf
    return w - lr * buf, config


def nesterov_momentum(w, dw, config=None):
    # The PyTorch form: b = mu * b + g; w - lr * (g + mu * b)
    config = config if config is not None else {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    b = mu * config.get("b", np.zeros_like(w)) + dw
    config["b"] = b
    return w - lr * (dw + mu * b), config


def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-7)
    config["sum_sq"] = config.get("sum_sq", 0) + dw * dw
    return w - config["learning_rate"] * dw / (config["sum_sq"] ** 0.5 + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    lr = config.get("learning_rate", 1e-2)
    rho = config.get("decay_rate", 0.99)
    eps = config.get("epsilon", 1e-8)
    sq = config.get("square_avg", np.zeros_like(w))
    sq = sq + (1 - rho) * (dw ** 2 - sq)
    config["square_avg"] = sq
    return w - lr * dw / (np.sqrt(sq) + eps), config


def adadelta(w, dw, config=None):
    config = {} if config is None else config
    lr = config.get("learning_rate", 1.0)
    rho = config.get("rho", 0.95)
    eps = config.get("epsilon", 1e-6)
    state = config.setdefault("state", {"acc_grad": np.zeros_like(w), "acc_delta": np.zeros_like(w)})
    state["acc_grad"] = rho * state["acc_grad"] + (1 - rho) * dw ** 2
    delta = np.sqrt(state["acc_delta"] + eps) / np.sqrt(state["acc_grad"] + eps) * dw
    state["acc_delta"] = rho * state["acc_delta"] + (1 - rho) * delta ** 2
    return w - lr * delta, config


def adam(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.get("learning_rate", 1e-3)
    b1, b2 = config.get("beta1", 0.9), config.get("beta2", 0.999)
    eps = config.get("epsilon", 1e-8)
    step = config.get("step", 0) + 1
    m = config.get("exp_avg", np.zeros_like(w))
    v = config.get("exp_avg_sq", np.zeros_like(w))
    m = m * b1 + dw * (1 - b1)
    v = v * b2 + dw * dw * (1 - b2)
    config.update(step=step, exp_avg=m, exp_avg_sq=v)
    denom = np.sqrt(v / (1 - b2 ** step)) + eps
    return w - lr * (m / (1 - b1 ** step)) / denom, config
