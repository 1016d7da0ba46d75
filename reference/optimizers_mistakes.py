"""Known mistakes (and accepted variants) of optimizers.py: the catalog `grader.reference.mutants` loads
(and so registers) this module when it is imported."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import optimizers as opt
from .mutants import DETAIL, HALF, Mutant, _f, mutant

O = "optimizers"


def _with(name: str, **fixed) -> Callable:
    """The reference optimizer `name`, with some hyperparameters hard-coded to `fixed` whatever config says."""
    reference = getattr(opt, name)

    def step(w, dw, config=None):
        config = {} if config is None else config
        saved = {key: config.get(key, opt.DEFAULTS[name][key]) for key in fixed}
        config.update(fixed)
        next_w, config = reference(w, dw, config)
        config.update(saved)
        return next_w, config

    return step


#: The values an optimizer's epsilon is seen hard-coded to, on top of another mistake (`with_epsilon`).
HARD_CODED_EPSILONS = (1e-8, 1e-7, 1e-6)


def with_epsilon(known: Mutant, value: float) -> Mutant:
    """The optimizer mistake `known` made with config's epsilon ignored for `value` as well (a
    book's 'efficient' Adam with its epsilon fixed at 1e-7): two mistakes in one function, tried
    by the diagnosis only where `known` alone leaves failures unexplained.  Not in the catalog."""
    impl = known.impl

    def step(w, dw, config=None):
        config = {} if config is None else config
        saved = config.get("epsilon", opt.DEFAULTS[known.function]["epsilon"])
        config["epsilon"] = value
        next_w, config = impl(w, dw, config)
        config["epsilon"] = saved
        return next_w, config

    return Mutant(f"{known.id}+epsilon_{value:g}", known.module, known.function, step, known.cost)


for _name, _defaults in opt.DEFAULTS.items():
    mutant(O, _name, "learning_rate_hard_coded",
           f"The learning rate is hard-coded; read config['learning_rate'] (default {_defaults['learning_rate']:g}).",
           f"学习率被写死了；应读取 config['learning_rate']（默认 {_defaults['learning_rate']:g}）。", cost=DETAIL)(
        _with(_name, learning_rate=_defaults["learning_rate"]))
    for _key in ("momentum", "epsilon", "decay_rate", "rho", "beta1", "beta2"):
        if _key in _defaults:
            mutant(O, _name, f"{_key}_hard_coded",
                   f"{_key} is hard-coded; read config['{_key}'] (default {_defaults[_key]:g}).",
                   f"{_key} 被写死了；应读取 config['{_key}']（默认 {_defaults[_key]:g}）。", cost=DETAIL)(
                _with(_name, **{_key: _defaults[_key]}))
    # an epsilon hard-coded to another common value than the default (books and frameworks use
    # 1e-7 and 1e-6; Adam's, seen hard-coded with its betas, below: each mutant tried costs a
    # simulation of every failing Adam, so only the variants seen in real code are catalogued)
    for _eps in (1e-7, 1e-6):
        if "epsilon" in _defaults and _eps != _defaults["epsilon"] and "beta1" not in _defaults:
            _tag = f"{_eps:.0e}".replace("e-0", "e-")
            mutant(O, _name, f"epsilon_hard_coded_{_tag}",
                   f"epsilon is hard-coded to {_eps:g}; read config['epsilon'] (default {_defaults['epsilon']:g}).",
                   f"epsilon 被写死为 {_eps:g}；应读取 config['epsilon']（默认 {_defaults['epsilon']:g}）。", cost=DETAIL)(
                _with(_name, epsilon=_eps))
    if "beta1" in _defaults:
        # the Dive into Deep Learning chapter's Adam: betas at their defaults and epsilon 1e-6, fixed
        for _eps in (1e-6,):
            _tag = f"{_eps:.0e}".replace("e-0", "e-")
            mutant(O, _name, f"betas_and_epsilon_hard_coded_{_tag}",
                   f"beta1, beta2 and epsilon are hard-coded (epsilon to {_eps:g}); read them from config "
                   f"(defaults {_defaults['beta1']:g}, {_defaults['beta2']:g}, {_defaults['epsilon']:g}).",
                   f"beta1、beta2 和 epsilon 被写死了（epsilon 为 {_eps:g}）；应从 config 读取"
                   f"（默认 {_defaults['beta1']:g}、{_defaults['beta2']:g}、{_defaults['epsilon']:g}）。", cost=DETAIL)(
                _with(_name, beta1=_defaults["beta1"], beta2=_defaults["beta2"], epsilon=_eps))


@mutant(O, "sgd_momentum", "state_not_kept", "The velocity is not kept between calls (store it in config and read it back), so this is plain SGD.",
        "速度没有在调用之间保存（要存入 config 并在下次读回），结果等同于普通 SGD。")
def _momentum_stateless(w, dw, config=None):
    config = {} if config is None else config
    next_w, _ = opt.sgd_momentum(w, dw, {k: v for k, v in config.items() if k in opt.DEFAULTS["sgd_momentum"]})
    return next_w, config


@mutant(O, "sgd_momentum", "velocity_sign_flipped", "The velocity adds the gradient: v = momentum * v - learning_rate * dw, then w + v (descend, do not climb).",
        "速度加上了梯度：应为 v = momentum * v - learning_rate * dw，然后 w + v（下降而不是上升）。")
def _momentum_sign(w, dw, config=None):
    return opt.sgd_momentum(w, -np.asarray(dw, dtype=np.float64), config)


@mutant(O, "sgd_momentum", "step_before_velocity_update", "w moves by the old velocity before the velocity is updated; update v first (v = momentum * v - learning_rate * dw), then return w + v.",
        "w 先按旧速度移动、之后才更新速度；应先更新 v（v = momentum * v - learning_rate * dw），再返回 w + v。")
def _momentum_late(w, dw, config=None):
    config = {} if config is None else config
    v_old = config.get("velocity", np.zeros_like(_f(w)))
    _, config = opt.sgd_momentum(w, dw, config)
    return _f(w) + v_old, config


@mutant(O, "nesterov_momentum", "plain_momentum", "This is plain momentum (w + v); Nesterov's step is w - momentum * v_prev + (1 + momentum) * v.",
        "这是普通动量（w + v）；Nesterov 的更新是 w - momentum * v_prev + (1 + momentum) * v。")
def _nesterov_plain(w, dw, config=None):
    return opt.sgd_momentum(w, dw, config)


def _adaptive_eps_inside(name: str) -> Callable:
    """The reference `name` with epsilon moved under the square root."""

    def step(w, dw, config=None):
        config = {} if config is None else config
        w = np.asarray(w, dtype=np.float64)
        dw = np.asarray(dw, dtype=np.float64)
        _next_w, config = getattr(opt, name)(w, dw, config)
        eps = config["epsilon"]
        lr = config["learning_rate"]
        if name == "adam":
            t = config["t"]
            m_hat = config["m"] / (1 - config["beta1"] ** t)
            v_hat = config["v"] / (1 - config["beta2"] ** t)
            return w - lr * m_hat / np.sqrt(v_hat + eps), config
        return w - lr * dw / np.sqrt(config["cache"] + eps), config

    return step


for _name in ("adagrad", "rmsprop", "adam"):
    mutant(O, _name, "epsilon_inside_sqrt", "epsilon belongs outside the square root: divide by sqrt(...) + epsilon.",
           "epsilon 应在平方根之外：除以 sqrt(...) + epsilon。", cost=DETAIL)(_adaptive_eps_inside(_name))


@mutant(O, "adagrad", "cache_not_accumulated", "Adagrad's cache must accumulate: r += dw**2 (r = dw**2 forgets the past gradients).",
        "Adagrad 的缓存必须累加：r += dw**2（r = dw**2 会忘掉之前的梯度）。")
def _adagrad_no_sum(w, dw, config=None):
    config = {} if config is None else config
    config.pop("cache", None)
    return opt.adagrad(w, dw, config)


@mutant(O, "adam", "epsilon_hat", "This is the 'efficient' Adam (lr_t = lr * sqrt(1 - beta2**t)/(1 - beta1**t), then m/(sqrt(v) + epsilon)): it scales epsilon differently. The contract's step is lr * m_hat/(sqrt(v_hat) + epsilon).",
        "这是“高效版” Adam（lr_t = lr * sqrt(1 - beta2**t)/(1 - beta1**t)，再用 m/(sqrt(v) + epsilon)）：它对 epsilon 的缩放不同。约定的更新是 lr * m_hat/(sqrt(v_hat) + epsilon)。", cost=DETAIL)
def _adam_eps_hat(w, dw, config=None):
    config = {} if config is None else config
    w = _f(w)
    _next_w, config = opt.adam(w, dw, config)
    t, b1, b2 = config["t"], config["beta1"], config["beta2"]
    lr_t = config["learning_rate"] * np.sqrt(1 - b2**t) / (1 - b1**t)
    return w - lr_t * config["m"] / (np.sqrt(config["v"]) + config["epsilon"]), config


@mutant(O, "rmsprop", "decay_weights_swapped", "The decay weights are swapped: r = decay_rate * r + (1 - decay_rate) * dw**2.",
        "衰减权重颠倒了：r = decay_rate * r + (1 - decay_rate) * dw**2。")
def _rmsprop_swapped(w, dw, config=None):
    config = {} if config is None else config
    decay = config.get("decay_rate", opt.DEFAULTS["rmsprop"]["decay_rate"])
    config["decay_rate"] = 1 - decay
    next_w, config = opt.rmsprop(w, dw, config)
    config["decay_rate"] = decay
    return next_w, config


@mutant(O, "rmsprop", "no_sqrt", "RMSProp divides by the root mean square: dw/(sqrt(r) + epsilon), not dw/(r + epsilon).",
        "RMSProp 应除以均方根：dw/(sqrt(r) + epsilon)，而不是 dw/(r + epsilon)。")
def _rmsprop_no_sqrt(w, dw, config=None):
    w, dw = _f(w), _f(dw)
    _, config = opt.rmsprop(w, dw, config)
    return w - config["learning_rate"] * dw / (config["cache"] + config["epsilon"]), config


@mutant(O, "rmsprop", "no_square", "The cache accumulates dw instead of dw**2.", "缓存累积的是 dw 而不是 dw**2。")
def _rmsprop_no_square(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    decay = config.setdefault("decay_rate", 0.99)
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = decay * config.get("cache", np.zeros_like(w)) + (1 - decay) * dw
    config["cache"] = cache
    with np.errstate(all="ignore"):
        return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def _adam_variant(w, dw, config, *, correct=True, m_of_square=False, t_step=1, t_fixed=False, t_start=0):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adam"].items():
        config.setdefault(key, value)
    m = config.get("m", np.zeros_like(w))
    v = config.get("v", np.zeros_like(w))
    t = config.get("t", t_start)
    t = 1 if t_fixed else t + t_step
    config["t"] = t
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * m + (1 - beta1) * (dw**2 if m_of_square else dw)
    v = beta2 * v + (1 - beta2) * dw**2
    config["m"], config["v"] = m, v
    if correct:
        m, v = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"]), config


@mutant(O, "adam", "no_bias_correction", "Adam's bias correction is missing: m_hat = m/(1 - beta1**t), v_hat = v/(1 - beta2**t).",
        "Adam 缺少偏差修正：m_hat = m/(1 - beta1**t)，v_hat = v/(1 - beta2**t)。")
def _adam_no_correction(w, dw, config=None):
    return _adam_variant(w, dw, config, correct=False)


@mutant(O, "adam", "first_moment_of_square", "Adam's first moment averages dw, not dw**2: m = beta1 * m + (1 - beta1) * dw.",
        "Adam 的一阶矩应平均 dw，而不是 dw**2：m = beta1 * m + (1 - beta1) * dw。")
def _adam_m_square(w, dw, config=None):
    return _adam_variant(w, dw, config, m_of_square=True)


@mutant(O, "adam", "t_not_incremented", "The step counter t is not incremented between calls (t += 1 at every step, kept in config), so the bias correction always uses t = 1.",
        "步数 t 没有在调用之间递增（每步 t += 1，并保存在 config 中），偏差修正总是用 t = 1。")
def _adam_t_fixed(w, dw, config=None):
    return _adam_variant(w, dw, config, t_fixed=True)


@mutant(O, "adam", "t_incremented_twice", "The step counter t is incremented twice per step; t += 1 once per call.",
        "步数 t 每步递增了两次；每次调用只应 t += 1 一次。")
def _adam_t_twice(w, dw, config=None):
    return _adam_variant(w, dw, config, t_step=2)


@mutant(O, "adam", "state_not_kept", "Adam's moments m, v and counter t are not kept between calls: store them in config and read them back.",
        "Adam 的矩 m、v 和计数 t 没有在调用之间保存：要存入 config 并在下次读回。")
def _adam_stateless(w, dw, config=None):
    config = {} if config is None else config
    next_w, _ = opt.adam(w, dw, {k: v for k, v in config.items() if k in opt.DEFAULTS["adam"]})
    return next_w, config


@mutant(O, "adam", "t_starts_at_one", "The step counter starts at 1 and is incremented before use, so the first step uses t = 2 (the CS231n 2017-18 skeleton's config.setdefault('t', 1) with t += 1 first): start t at 0, or increment it after the step.",
        "步数 t 从 1 开始且在使用前先递增，第一步用的是 t = 2（CS231n 2017-18 框架的 config.setdefault('t', 1) 再先 t += 1）：t 应从 0 开始，或在更新之后再递增。", cost=HALF)
def _adam_t_from_one(w, dw, config=None):
    return _adam_variant(w, dw, config, t_start=1)


@mutant(O, "sgd_momentum", "gradient_applied_twice", "The gradient is applied twice: the velocity already holds -learning_rate * dw, so the step is w + v (not w + v - learning_rate * dw).",
        "梯度被用了两次：速度里已经包含 -learning_rate * dw，所以更新是 w + v（而不是 w + v - learning_rate * dw）。")
def _momentum_twice(w, dw, config=None):
    next_w, config = opt.sgd_momentum(w, dw, config)
    return next_w - config["learning_rate"] * _f(dw), config


@mutant(O, "nesterov_momentum", "mu_squared_new_velocity", "Nesterov's step is w - momentum * v_prev + (1 + momentum) * v, which expands to w + momentum**2 * v_prev - (1 + momentum) * learning_rate * dw with the OLD velocity; this uses the new one (momentum**2 * v).",
        "Nesterov 的更新是 w - momentum * v_prev + (1 + momentum) * v，展开为 w + momentum**2 * v_prev - (1 + momentum) * learning_rate * dw，用的是旧速度；这里用了新速度（momentum**2 * v）。")
def _nesterov_new_velocity(w, dw, config=None):
    w, dw = _f(w), _f(dw)
    _, config = opt.nesterov_momentum(w, dw, config)
    mu, lr = config["momentum"], config["learning_rate"]
    return w + mu * mu * config["velocity"] - (1 + mu) * lr * dw, config


def _with_default(name: str, key: str, value: float) -> Callable:
    """The reference optimizer `name` with another default for `key` (used when config lacks it)."""
    reference = getattr(opt, name)

    def step(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault(key, value)
        return reference(w, dw, config)

    return step


for _name, _defaults in opt.DEFAULTS.items():
    for _rate in (1e-1, 1e-2, 1e-3, 1e-4):
        if _rate != _defaults["learning_rate"]:
            mutant(O, _name, f"default_learning_rate_{_rate:.0e}".replace("e-0", "e-"),
                   f"The default learning rate (when config has no 'learning_rate') is {_defaults['learning_rate']:g}, not {_rate:g}.",
                   f"默认学习率（config 中没有 'learning_rate' 时）是 {_defaults['learning_rate']:g}，不是 {_rate:g}。")(
                _with_default(_name, "learning_rate", _rate))


@mutant(O, "adadelta", "no_epsilon_in_numerator", "The update is -sqrt(x2 + epsilon)/sqrt(g2 + epsilon) * dw; without epsilon in the numerator x2 starts at 0 and w never moves.",
        "更新量是 -sqrt(x2 + epsilon)/sqrt(g2 + epsilon) * dw；分子不加 epsilon 时 x2 从 0 开始，w 永远不动。")
def _adadelta_no_eps(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adadelta"].items():
        config.setdefault(key, value)
    rho, eps = config["rho"], config["epsilon"]
    g2 = rho * config.get("g2", np.zeros_like(w)) + (1 - rho) * dw**2
    x2 = config.get("x2", np.zeros_like(w))
    d = -np.sqrt(x2) / np.sqrt(g2 + eps) * dw
    config["g2"], config["x2"] = g2, rho * x2 + (1 - rho) * d**2
    return w + config["learning_rate"] * d, config


@mutant(O, "adadelta", "x2_updated_first", "x2 must be updated after computing the step d, from d**2 (the step uses the previous x2).",
        "x2 应在算出步长 d 之后用 d**2 更新（步长用的是上一步的 x2）。")
def _adadelta_order(w, dw, config=None):
    config = {} if config is None else config
    w, dw = _f(w), _f(dw)
    for key, value in opt.DEFAULTS["adadelta"].items():
        config.setdefault(key, value)
    rho, eps = config["rho"], config["epsilon"]
    g2 = rho * config.get("g2", np.zeros_like(w)) + (1 - rho) * dw**2
    x2_old = config.get("x2", np.zeros_like(w))
    d_old = -np.sqrt(x2_old + eps) / np.sqrt(g2 + eps) * dw
    x2 = rho * x2_old + (1 - rho) * d_old**2
    d = -np.sqrt(x2 + eps) / np.sqrt(g2 + eps) * dw
    config["g2"], config["x2"] = g2, x2
    return w + config["learning_rate"] * d, config
