"""Known mistakes (and accepted variants) of batchnorm.py: the catalog `grader.reference.mutants` loads
(and so registers) this module when it is imported."""

from __future__ import annotations

import numpy as np

from . import batchnorm as bn
from .mutants import DETAIL, _f, mutant

N = "batchnorm"


def _bn_variant(x, gamma, beta, bn_param, *, ddof=0, eps_on_std=False, test_batch_stats=False, store=True,
                swap_momentum=False, eps=None, momentum=None, test_updates=False, test_eps=None, overwrite=False):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    mode = bn_param.get("mode", "train")
    eps = bn_param.get("eps", bn.DEFAULT_EPS) if eps is None else eps
    momentum = bn_param.get("momentum", bn.DEFAULT_MOMENTUM) if momentum is None else momentum
    d = x.shape[1]
    running_mean = _f(bn_param.get("running_mean", np.zeros(d)))
    running_var = _f(bn_param.get("running_var", np.zeros(d)))
    if mode == "train" or test_batch_stats:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
    else:
        mean, var = running_mean, running_var
    if test_eps is not None and mode == "test":
        eps_on_std, eps = test_eps == "outside", 0.0 if test_eps == "missing" else eps
    if eps_on_std:
        std = np.sqrt(var) + eps
        x_hat = (x - mean) / std
        out = gamma * x_hat + beta
        cache = {"x": x, "x_hat": x_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "eps": eps}
    else:
        out, cache = bn._normalize(x, mean, var, eps, gamma, beta)
    if (mode == "train" or test_updates) and store:
        keep = 0.0 if overwrite else 1 - momentum if swap_momentum else momentum
        batch_mean, batch_var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
        bn_param["running_mean"] = keep * running_mean + (1 - keep) * batch_mean
        bn_param["running_var"] = keep * running_var + (1 - keep) * batch_var
    return out, cache


@mutant(N, "batchnorm_forward", "unbiased_variance", "Batch norm uses the unbiased variance (divide by N-1); the contract uses the biased batch variance (divide by N, np.var's default).",
        "批归一化用了无偏方差（除以 N-1）；约定使用有偏的批方差（除以 N，即 np.var 的默认）。")
def _bn_unbiased(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, ddof=1)


@mutant(N, "batchnorm_forward", "test_without_eps", "In test mode eps is missing: normalize by sqrt(running_var + eps), as in training.",
        "测试模式缺少 eps：应与训练时一样除以 sqrt(running_var + eps)。", cost=DETAIL)
def _bn_test_no_eps(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_eps="missing")


@mutant(N, "batchnorm_forward", "test_eps_outside_sqrt", "In test mode eps is added outside the square root: normalize by sqrt(running_var + eps), not sqrt(running_var) + eps.",
        "测试模式中 eps 加在了平方根之外：应除以 sqrt(running_var + eps)，而不是 sqrt(running_var) + eps。", cost=DETAIL)
def _bn_test_eps_outside(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_eps="outside")


@mutant(N, "batchnorm_forward", "running_stats_overwritten", "The running statistics are overwritten with the batch's instead of averaged: running = momentum * running + (1 - momentum) * batch_stat.",
        "滑动统计量被直接替换成了当前批次的统计量，而不是滑动平均：running = momentum * running + (1 - momentum) * batch_stat。")
def _bn_overwritten(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, overwrite=True)


@mutant(N, "batchnorm_forward", "running_stats_required", "bn_param may come without running_mean and running_var: the contract starts them at zeros (bn_param.get('running_mean', np.zeros(D))), so a missing key is no error.",
        "bn_param 中可能没有 running_mean 和 running_var：约定它们从零开始（bn_param.get('running_mean', np.zeros(D))），缺少这个键不是错误。")
def _bn_running_required(x, gamma, beta, bn_param):
    bn_param["running_mean"], bn_param["running_var"]  # raises KeyError as the student's code does
    return bn.batchnorm_forward(x, gamma, beta, bn_param)


@mutant(N, "batchnorm_forward", "eps_default_wrong", "The default eps is 1e-5 (when bn_param has no 'eps'), not 1e-8.",
        "eps 的默认值是 1e-5（bn_param 中没有 'eps' 时），不是 1e-8。", cost=DETAIL)
def _bn_eps_default(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=bn_param.get("eps", 1e-8))


@mutant(N, "batchnorm_forward", "eps_on_std", "eps is added to the standard deviation; it belongs under the square root: sqrt(var + eps).",
        "eps 加在了标准差上；它应在平方根之内：sqrt(var + eps)。", cost=DETAIL)
def _bn_eps_std(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps_on_std=True)


@mutant(N, "batchnorm_forward", "test_uses_batch_stats", "In test mode batch norm must normalize with running_mean and running_var, not with the statistics of the test batch.",
        "测试模式下批归一化必须用 running_mean 和 running_var 归一化，而不是测试批次自身的统计量。")
def _bn_test_batch(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_batch_stats=True)


@mutant(N, "batchnorm_forward", "running_stats_not_stored", "The running statistics are computed but not stored back into bn_param, so the caller never sees them: set bn_param['running_mean'] and bn_param['running_var'].",
        "滑动统计量算出来了却没有写回 bn_param，调用者看不到：请设置 bn_param['running_mean'] 和 bn_param['running_var']。")
def _bn_not_stored(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, store=False)


@mutant(N, "batchnorm_forward", "momentum_swapped", "The momentum weights are swapped: running = momentum * running + (1 - momentum) * batch_stat.",
        "动量权重颠倒了：running = momentum * running + (1 - momentum) * batch_stat。")
def _bn_swapped(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, swap_momentum=True)


@mutant(N, "batchnorm_forward", "eps_hard_coded", "eps is hard-coded; read it from bn_param (default 1e-5).",
        "eps 被写死了；应从 bn_param 读取（默认 1e-5）。", cost=DETAIL)
def _bn_eps_fixed(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=bn.DEFAULT_EPS)


@mutant(N, "batchnorm_forward", "eps_hard_coded_1e-6", "eps is hard-coded to 1e-6; read it from bn_param (default 1e-5).",
        "eps 被写死为 1e-6；应从 bn_param 读取（默认 1e-5）。", cost=DETAIL)
def _bn_eps_fixed_small(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, eps=1e-6)


@mutant(N, "batchnorm_forward", "momentum_hard_coded", "momentum is hard-coded; read it from bn_param (default 0.9).",
        "momentum 被写死了；应从 bn_param 读取（默认 0.9）。", cost=DETAIL)
def _bn_momentum_fixed(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, momentum=bn.DEFAULT_MOMENTUM)


@mutant(N, "batchnorm_forward", "test_updates_running_stats", "Test mode must leave running_mean and running_var unchanged; only training updates them.",
        "测试模式不应改变 running_mean 和 running_var；只有训练时才更新它们。")
def _bn_test_updates(x, gamma, beta, bn_param):
    return _bn_variant(x, gamma, beta, bn_param, test_updates=True)


@mutant(N, "batchnorm_forward", "running_var_unbiased", "The running variance is updated with the unbiased (N-1) batch variance; the contract uses the biased one, the same as in the normalization.",
        "滑动方差用无偏（N-1）批方差更新了；约定使用有偏方差，与归一化时相同。")
def _bn_running_unbiased(x, gamma, beta, bn_param):
    out, cache = _bn_variant(x, gamma, beta, bn_param, store=False)
    if bn_param.get("mode", "train") == "train":
        x = _f(x)
        momentum = bn_param.get("momentum", bn.DEFAULT_MOMENTUM)
        d = x.shape[1]
        running_mean = _f(bn_param.get("running_mean", np.zeros(d)))
        running_var = _f(bn_param.get("running_var", np.zeros(d)))
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * x.mean(axis=0)
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1)
    return out, cache


def _norm_backward_variant(dout, cache, axis, *, simple=False, dgamma_axis=0, sum_params=True):
    dx, dgamma, dbeta = bn._normalized_backward(dout, cache, axis)
    dout = _f(dout)
    if simple:
        dx = dout * cache["gamma"] / cache["std"]
    if not sum_params:
        dgamma, dbeta = dout * cache["x_hat"], dout
    elif dgamma_axis != 0:
        dgamma, dbeta = (dout * cache["x_hat"]).sum(axis=dgamma_axis), dout.sum(axis=dgamma_axis)
    return dx, dgamma, dbeta


@mutant(N, "batchnorm_backward", "ignores_mean_and_variance_paths", "dx ignores that the batch mean and variance depend on x (dx = dout * gamma / std); add the terms from the mean and variance paths.",
        "dx 忽略了批均值和方差也依赖于 x（写成了 dx = dout * gamma / std）；要加上均值和方差两条路径的项。")
def _bn_backward_simple(dout, cache):
    return _norm_backward_variant(dout, cache, 0, simple=True)


@mutant(N, "batchnorm_backward", "params_not_summed", "dgamma and dbeta are not summed over the batch: dgamma = sum(dout * x_hat, axis=0), dbeta = sum(dout, axis=0).",
        "dgamma 和 dbeta 没有对批次求和：dgamma = sum(dout * x_hat, axis=0)，dbeta = sum(dout, axis=0)。")
def _bn_backward_not_summed(dout, cache):
    return _norm_backward_variant(dout, cache, 0, sum_params=False)


@mutant(N, "batchnorm_backward", "params_keep_dims", "dgamma and dbeta keep the summed axis (keepdims=True): their shape must be (D,), the shape of gamma and beta.",
        "dgamma 和 dbeta 保留了求和的轴（keepdims=True）：它们的形状应为 (D,)，与 gamma 和 beta 相同。", cost=DETAIL)
def _bn_backward_keepdims(dout, cache):
    dx, dgamma, dbeta = bn.batchnorm_backward(dout, cache)
    return dx, dgamma.reshape(1, -1), dbeta.reshape(1, -1)


@mutant(N, "batchnorm_backward", "dgamma_uses_x", "dgamma uses x where it needs the normalized x_hat: dgamma = sum(dout * x_hat, axis=0).",
        "dgamma 用了 x，应该用归一化后的 x_hat：dgamma = sum(dout * x_hat, axis=0)。")
def _bn_backward_dgamma_x(dout, cache):
    dx, _, dbeta = bn.batchnorm_backward(dout, cache)
    return dx, (_f(dout) * cache["x"]).sum(axis=0), dbeta


@mutant(N, "layernorm_forward", "normalizes_over_batch", "Layer norm normalizes each row over its D features (axis=1); this normalizes each feature over the batch (axis=0), which is batch norm.",
        "层归一化应对每一行在其 D 个特征上归一化（axis=1）；这里对每个特征在批次上归一化（axis=0），那是批归一化。")
def _ln_over_batch(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    return bn._normalize(x, x.mean(axis=0), x.var(axis=0), ln_param.get("eps", bn.DEFAULT_EPS), gamma, beta)


@mutant(N, "layernorm_forward", "unbiased_variance", "Layer norm uses the unbiased variance of each row (divide by D-1); the contract uses the biased one (divide by D, np.var's default).",
        "层归一化对每一行用了无偏方差（除以 D-1）；约定使用有偏方差（除以 D，即 np.var 的默认）。")
def _ln_unbiased(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    return bn._normalize(x, x.mean(axis=1, keepdims=True), x.var(axis=1, ddof=1, keepdims=True),
                         ln_param.get("eps", bn.DEFAULT_EPS), gamma, beta)


@mutant(N, "layernorm_forward", "eps_on_std", "eps is added to the standard deviation; it belongs under the square root: sqrt(var + eps).",
        "eps 加在了标准差上；它应在平方根之内：sqrt(var + eps)。", cost=DETAIL)
def _ln_eps_std(x, gamma, beta, ln_param):
    x, gamma, beta = _f(x), _f(gamma), _f(beta)
    eps = ln_param.get("eps", bn.DEFAULT_EPS)
    mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    std = np.sqrt(var) + eps
    x_hat = (x - mean) / std
    return gamma * x_hat + beta, {"x": x, "x_hat": x_hat, "mean": mean, "var": var, "std": std, "gamma": gamma, "eps": eps}


@mutant(N, "layernorm_forward", "eps_default_wrong", "The default eps is 1e-5 (when ln_param has no 'eps'), not 1e-8.",
        "eps 的默认值是 1e-5（ln_param 中没有 'eps' 时），不是 1e-8。", cost=DETAIL)
def _ln_eps_default(x, gamma, beta, ln_param):
    return bn.layernorm_forward(x, gamma, beta, {"eps": ln_param.get("eps", 1e-8)})


@mutant(N, "layernorm_forward", "eps_hard_coded", "eps is hard-coded; read it from ln_param (default 1e-5).",
        "eps 被写死了；应从 ln_param 读取（默认 1e-5）。", cost=DETAIL)
def _ln_eps_fixed(x, gamma, beta, ln_param):
    return bn.layernorm_forward(x, gamma, beta, {"eps": bn.DEFAULT_EPS})


@mutant(N, "layernorm_backward", "ignores_mean_and_variance_paths", "dx ignores that each row's mean and variance depend on x (dx = dout * gamma / std); add the terms from the mean and variance paths (along axis=1).",
        "dx 忽略了每行的均值和方差也依赖于 x（写成了 dx = dout * gamma / std）；要加上均值和方差路径的项（沿 axis=1）。")
def _ln_backward_simple(dout, cache):
    return _norm_backward_variant(dout, cache, 1, simple=True)


@mutant(N, "layernorm_backward", "batchnorm_formula", "layernorm_backward uses the batch-norm formula (means over axis=0); in layer norm the means in dx are over each row (axis=1).",
        "layernorm_backward 用了批归一化的公式（对 axis=0 取平均）；层归一化中 dx 的平均应在每一行上（axis=1）。")
def _ln_backward_bn(dout, cache):
    return bn._normalized_backward(dout, cache, 0)


@mutant(N, "layernorm_backward", "params_summed_over_features", "dgamma and dbeta are summed over the features (axis=1); gamma and beta have one entry per feature, so sum over the batch (axis=0).",
        "dgamma 和 dbeta 在特征维（axis=1）上求和了；gamma 和 beta 每个特征一个分量，应对批次（axis=0）求和。")
def _ln_backward_axis(dout, cache):
    return _norm_backward_variant(dout, cache, 1, dgamma_axis=1)
