"""The reference implementations: finite-difference gradient checks and cases computed by hand."""

import itertools

import numpy as np
import pytest
from grader.reference import backprop as bp
from grader.reference import batchnorm as bn
from grader.reference import optimizers as opt
from grader.reference import perceptron as pc


def numeric_gradient(f, x, df, h=1e-5):
    """Central differences of sum(f(x) * df) with respect to x (x is modified and restored)."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = np.sum(f(x) * df)
        x[i] = old - h
        minus = np.sum(f(x) * df)
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


def array_rel_error(a, b):
    """Relative to the array's scale: central differences of an O(1) loss are only good to ~1e-10
    absolutely, so a gradient entry of 1e-7 (a nearly dead ReLU) cannot be checked elementwise."""
    return np.max(np.abs(a - b)) / max(1e-8, np.max(np.abs(a) + np.abs(b)))


rng = np.random.default_rng(0)


def test_affine_backward_matches_finite_differences():
    x, w, b = rng.normal(size=(4, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    dout = rng.normal(size=(4, 3))
    _, cache = bp.affine_forward(x, w, b)
    dx, dw, db = bp.affine_backward(dout, cache)
    assert rel_error(dx, numeric_gradient(lambda v: bp.affine_forward(v, w, b)[0], x, dout)) < 1e-7
    assert rel_error(dw, numeric_gradient(lambda v: bp.affine_forward(x, v, b)[0], w, dout)) < 1e-7
    assert rel_error(db, numeric_gradient(lambda v: bp.affine_forward(x, w, v)[0], b, dout)) < 1e-7


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_backward_matches_finite_differences(name):
    x = rng.normal(size=(3, 4))
    x[np.abs(x) < 0.01] = 0.5  # away from the ReLU kink
    dout = rng.normal(size=(3, 4))
    forward, backward = getattr(bp, f"{name}_forward"), getattr(bp, f"{name}_backward")
    dx = backward(dout, forward(x)[1])
    assert rel_error(dx, numeric_gradient(lambda v: forward(v)[0], x, dout)) < 1e-7


def test_relu_derivative_at_zero_is_zero():
    x = np.array([[0.0, 1.0, -1.0]])
    assert np.array_equal(bp.relu_backward(np.ones((1, 3)), bp.relu_forward(x)[1]), [[0.0, 1.0, 0.0]])


def test_sigmoid_is_stable_for_large_inputs():
    out, _ = bp.sigmoid_forward(np.array([-1000.0, 0.0, 1000.0]))
    assert np.array_equal(out, [0.0, 0.5, 1.0])


@pytest.mark.parametrize("loss", ["softmax", "mse"])
def test_loss_gradients_match_finite_differences(loss):
    scores = rng.normal(size=(5, 4))
    y = rng.integers(0, 4, size=5) if loss == "softmax" else rng.normal(size=(5, 4))
    f = bp.softmax_loss if loss == "softmax" else bp.mse_loss
    _, grad = f(scores, y)
    assert rel_error(grad, numeric_gradient(lambda v: np.array(f(v, y)[0]), scores, np.array(1.0))) < 1e-7


def test_softmax_of_equal_scores_by_hand():
    loss, dscores = bp.softmax_loss(np.array([[0.0, 0.0]]), np.array([0]))
    assert loss == pytest.approx(np.log(2), abs=1e-15)
    assert np.allclose(dscores, [[-0.5, 0.5]], atol=1e-15)


def test_softmax_is_finite_for_huge_scores():
    loss, dscores = bp.softmax_loss(np.array([[1000.0, -1000.0], [0.0, 2000.0]]), np.array([1, 0]))
    assert loss == pytest.approx(2000.0)  # each row's true class is 2000 below the other
    assert np.all(np.isfinite(dscores))


def test_mse_by_hand():
    loss, dpred = bp.mse_loss(np.array([[1.0, 2.0], [0.0, 0.0]]), np.array([[0.0, 0.0], [0.0, 1.0]]))
    assert loss == pytest.approx((1 + 4 + 1) / 4)
    assert np.allclose(dpred, [[0.5, 1.0], [0.0, -0.5]])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["softmax", "mse"])
@pytest.mark.parametrize("decay", [0.0, 0.3])
def test_mlp_loss_gradients_match_finite_differences(activation, loss, decay):
    sizes = (3, 4, 5, 2)
    params = {}
    for i, (a, b) in enumerate(itertools.pairwise(sizes), start=1):
        params[f"W{i}"] = rng.normal(size=(a, b))
        params[f"b{i}"] = rng.normal(size=b)
    X = rng.normal(size=(4, 3))
    y = rng.integers(0, 2, size=4) if loss == "softmax" else rng.normal(size=(4, 2))
    _, grads = bp.mlp_loss(params, X, y, activation, loss, decay)
    assert set(grads) == set(params)
    for key, value in params.items():
        numeric = numeric_gradient(
            lambda v: np.array(bp.mlp_loss({**params, key: v}, X, y, activation, loss, decay)[0]), value, np.array(1.0)
        )
        assert grads[key].shape == value.shape
        assert array_rel_error(grads[key], numeric) < 1e-7, key
        big = np.abs(numeric) > 1e-3
        assert rel_error(grads[key][big], numeric[big]) < 1e-6, key


def test_mlp_weight_decay_adds_half_lambda_squared_norm_of_weights_only():
    params = {"W1": np.ones((2, 2)), "b1": np.ones(2)}
    X, y = np.zeros((1, 2)), np.array([0])
    plain, _ = bp.mlp_loss(params, X, y)
    decayed, grads = bp.mlp_loss(params, X, y, weight_decay=0.5)
    assert decayed - plain == pytest.approx(0.5 / 2 * 4)
    assert np.allclose(grads["W1"], 0.5 * np.ones((2, 2)))
    assert np.allclose(grads["b1"], bp.mlp_loss(params, X, y)[1]["b1"])


@pytest.mark.parametrize("norm", ["batchnorm", "layernorm"])
def test_normalization_backward_matches_finite_differences(norm):
    x = rng.normal(loc=2.0, scale=3.0, size=(5, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    dout = rng.normal(size=(5, 4))
    forward = getattr(bn, f"{norm}_forward")
    backward = getattr(bn, f"{norm}_backward")

    def run(x_, gamma_, beta_):
        return forward(x_, gamma_, beta_, {"mode": "train", "eps": 1e-3})[0]

    dx, dgamma, dbeta = backward(dout, forward(x, gamma, beta, {"mode": "train", "eps": 1e-3})[1])
    assert rel_error(dx, numeric_gradient(lambda v: run(v, gamma, beta), x, dout)) < 1e-7
    assert rel_error(dgamma, numeric_gradient(lambda v: run(x, v, beta), gamma, dout)) < 1e-7
    assert rel_error(dbeta, numeric_gradient(lambda v: run(x, gamma, v), beta, dout)) < 1e-7


def test_batchnorm_train_updates_running_stats_in_bn_param_and_test_uses_them():
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    param = {"mode": "train", "momentum": 0.5}
    out, _ = bn.batchnorm_forward(x, np.ones(2), np.zeros(2), param)
    assert np.allclose(out, [[-1, -1], [1, 1]], atol=1e-4)
    assert np.allclose(param["running_mean"], [1.0, 2.0])
    assert np.allclose(param["running_var"], [0.5, 2.0])
    test = {"mode": "test", "running_mean": np.array([1.0, 2.0]), "running_var": np.array([4.0, 1.0]), "eps": 0.0}
    out, _ = bn.batchnorm_forward(x, np.ones(2), np.zeros(2), test)
    assert np.allclose(out, [[0.0, 0.0], [1.0, 4.0]])


def test_layernorm_normalizes_rows():
    out, _ = bn.layernorm_forward(np.array([[1.0, 3.0], [10.0, 20.0]]), np.ones(2), np.zeros(2), {"eps": 0.0})
    assert np.allclose(out, [[-1, 1], [-1, 1]])


def test_perceptron_two_points_by_hand():
    # x0 = (1, 0) labelled +1, x1 = (-1, 0) labelled -1.
    # Epoch 1: 0 <= 0 -> update w = (1, 0), b = 1; x1: -1 * (-1 + 1) = 0 <= 0 -> w = (2, 0), b = 0.
    # Epoch 2: 1 * 2 > 0, -1 * -2 > 0: clean, stop.
    w, b, n = pc.perceptron_train(np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, -1.0]))
    assert np.array_equal(w, [2.0, 0.0]) and b == 0.0 and n == 2


def test_perceptron_stops_after_max_epochs_on_xor():
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    _, _, n = pc.perceptron_train(X, y, max_epochs=3)
    assert 3 <= n <= 12


def test_perceptron_predict_gives_plus_one_at_zero():
    assert np.array_equal(pc.perceptron_predict(np.array([[0.0], [1.0], [-1.0]]), np.array([1.0]), 0.0), [1, 1, -1])


def test_one_adam_step_by_hand():
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -0.1])
    next_w, config = opt.adam(w, dw)
    # t = 1: m_hat = dw, v_hat = dw**2, step = lr * dw / (|dw| + eps) ~ lr * sign(dw)
    expected = w - 1e-3 * dw / (np.abs(dw) + 1e-8)
    assert np.allclose(next_w, expected, rtol=0, atol=1e-15)
    assert config["t"] == 1
    second, _ = opt.adam(next_w, dw, config)
    assert np.allclose(second, expected - 1e-3 * dw / (np.abs(dw) + 1e-8), atol=1e-12)


def test_momentum_and_nesterov_first_steps_by_hand():
    w, dw = np.array([1.0]), np.array([2.0])
    w1, config = opt.sgd_momentum(w, dw, {"learning_rate": 0.1, "momentum": 0.5})
    assert np.allclose(w1, [0.8])
    w2, _ = opt.sgd_momentum(w1, dw, config)
    assert np.allclose(w2, [0.8 - 0.1 - 0.2])  # v = 0.5 * -0.2 - 0.2 = -0.3
    n1, config = opt.nesterov_momentum(w, dw, {"learning_rate": 0.1, "momentum": 0.5})
    assert np.allclose(n1, [1.0 + 1.5 * -0.2])


def test_optimizers_fill_defaults_and_keep_state_in_config():
    for name in opt.NAMES:
        _, config = getattr(opt, name)(np.zeros(3), np.ones(3))
        for key, value in opt.DEFAULTS[name].items():
            assert config[key] == value


def test_adagrad_rmsprop_adadelta_one_step_by_hand():
    w, dw = np.array([0.0]), np.array([2.0])
    assert np.allclose(opt.adagrad(w, dw)[0], [-1e-2 * 2 / (2 + 1e-7)])
    r = 0.01 * 4
    assert np.allclose(opt.rmsprop(w, dw)[0], [-1e-2 * 2 / (np.sqrt(r) + 1e-8)])
    g2 = 0.05 * 4
    assert np.allclose(opt.adadelta(w, dw)[0], [-np.sqrt(1e-6) / np.sqrt(g2 + 1e-6) * 2])
