"""The perceptron algorithm (course contract, section 3)."""

import numpy as np


def perceptron_train(X, y, max_epochs=100):
    """-> (w, b, n_updates); stops after the first epoch without an update."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    n_updates = 0
    for _ in range(max_epochs):
        updated = False
        for i in range(X.shape[0]):
            if y[i] * (w @ X[i] + b) <= 0:
                w += y[i] * X[i]
                b += y[i]
                n_updates += 1
                updated = True
        if not updated:
            break
    return w, b, n_updates


def perceptron_predict(X, w, b):
    """-> (N,) in {-1, +1}; a score of exactly 0 gives +1."""
    scores = np.asarray(X, dtype=float) @ w + b
    return np.where(scores >= 0, 1.0, -1.0)
