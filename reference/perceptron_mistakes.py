"""Known mistakes (and accepted variants) of perceptron.py: the catalog `grader.reference.mutants` loads
(and so registers) this module when it is imported."""

from __future__ import annotations

import numpy as np

from .mutants import DETAIL, _f, mutant

P = "perceptron"


def _train_variant(X, y, max_epochs=100, *, strict=False, bias=True, count_epochs=False, fixed_epochs=None,
                   one_epoch=False, zero_predicts=None):
    X, y = _f(X), _f(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    n_updates = 0
    epochs = 0
    for _ in range(int(max_epochs if fixed_epochs is None else fixed_epochs)):
        epochs += 1
        clean = True
        for xi, yi in zip(X, y):
            score = yi * (w @ xi + b)
            if zero_predicts is not None:
                # an error-driven update (predict(x) != y) whose prediction at a score of 0 is
                # `zero_predicts`: an example of that label sitting on the boundary counts as right
                wrong = score < 0 or (score == 0 and yi != zero_predicts)
            else:
                wrong = (score < 0) if strict else (score <= 0)
            if wrong:
                w = w + yi * xi
                if bias:
                    b += yi
                n_updates += 1
                clean = False
        if clean or one_epoch:
            break
    return w, float(b), epochs if count_epochs else n_updates


@mutant(P, "perceptron_train", "strict_inequality", "The update test must be y[i] * score <= 0; with < 0 the all-zero start never updates (a score of 0 is a mistake too).",
        "更新条件应为 y[i] * score <= 0；用 < 0 时从全零出发永远不会更新（得分为 0 也算错）。")
def _perc_strict(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, strict=True)


@mutant(P, "perceptron_train", "zero_counts_as_positive", "A +1 example whose score is exactly 0 counts as right (the update test is predict(x) != y with predict(0) = +1); the update test must be y[i] * score <= 0, so a score of 0 is a mistake for either label.",
        "得分恰为 0 的 +1 样本被当作分对了（更新条件是 predict(x) != y 且 predict(0) = +1）；更新条件应为 y[i] * score <= 0，得分为 0 对两种标签都算错。", cost=DETAIL)
def _perc_zero_positive(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, zero_predicts=1.0)


@mutant(P, "perceptron_train", "zero_counts_as_negative", "A -1 example whose score is exactly 0 counts as right (the update test is predict(x) != y with predict(0) = -1); the update test must be y[i] * score <= 0, so a score of 0 is a mistake for either label.",
        "得分恰为 0 的 -1 样本被当作分对了（更新条件是 predict(x) != y 且 predict(0) = -1）；更新条件应为 y[i] * score <= 0，得分为 0 对两种标签都算错。", cost=DETAIL)
def _perc_zero_negative(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, zero_predicts=-1.0)


@mutant(P, "perceptron_train", "update_without_label", "On a mistake w moves by y[i] * X[i] (towards the right side), not by X[i].",
        "出错时 w 应加上 y[i] * X[i]（朝正确的一侧移动），而不是 X[i]。")
def _perc_no_label(X, y, max_epochs=100):
    X, y = _f(X), _f(y)
    w, b, n = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(int(max_epochs)):
        clean = True
        for xi, yi in zip(X, y):
            if yi * (w @ xi + b) <= 0:
                w, b, n, clean = w + xi, b + yi, n + 1, False
        if clean:
            break
    return w, float(b), n


@mutant(P, "perceptron_train", "no_bias_update", "The bias is never updated: on a mistake, b += y[i] as well as w += y[i] * X[i].",
        "偏置从未更新：出错时除了 w += y[i] * X[i]，还要 b += y[i]。")
def _perc_no_bias(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, bias=False)


@mutant(P, "perceptron_train", "counts_epochs", "n_updates counts epochs; it must count the updates (mistakes corrected).",
        "n_updates 数的是轮数（epoch）；它应统计更新（纠正错误）的次数。")
def _perc_epochs(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, count_epochs=True)


@mutant(P, "perceptron_train", "max_epochs_ignored", "max_epochs is ignored (training always runs up to 100 epochs): use the argument.",
        "忽略了 max_epochs（总是最多训练 100 轮）：请使用这个参数。")
def _perc_fixed_epochs(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, fixed_epochs=100)


@mutant(P, "perceptron_train", "one_epoch_only", "Training stops after the first epoch; it must go on until an epoch makes no update (or max_epochs).",
        "训练在第一轮后就停止了；应继续直到某一轮没有更新（或达到 max_epochs）。")
def _perc_one_epoch(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, one_epoch=True)


@mutant(P, "perceptron_train", "one_epoch_too_few", "Training runs one epoch fewer than max_epochs (an off-by-one in the epoch loop).",
        "训练比 max_epochs 少跑了一轮（轮数循环差一）。")
def _perc_off_by_one(X, y, max_epochs=100):
    return _train_variant(X, y, max_epochs, fixed_epochs=int(max_epochs) - 1)


@mutant(P, "perceptron_predict", "zero_gives_minus_one", "A score of exactly 0 must give +1 (score >= 0), not -1.",
        "得分恰好为 0 时应预测 +1（score >= 0），而不是 -1。")
def _predict_strict(X, w, b):
    scores = _f(X) @ _f(w) + b
    return np.where(scores > 0, 1.0, -1.0)


@mutant(P, "perceptron_predict", "sign_gives_zero", "np.sign gives 0 at a score of 0; the prediction must be +1 or -1 (a score of 0 gives +1).",
        "np.sign 在得分为 0 时给出 0；预测必须是 +1 或 -1（得分为 0 时为 +1）。")
def _predict_sign(X, w, b):
    return np.sign(_f(X) @ _f(w) + b)


@mutant(P, "perceptron_predict", "no_bias", "perceptron_predict ignores the bias: the score is X @ w + b.",
        "perceptron_predict 忽略了偏置：得分应为 X @ w + b。")
def _predict_no_bias(X, w, b):
    return np.where(_f(X) @ _f(w) >= 0, 1.0, -1.0)
