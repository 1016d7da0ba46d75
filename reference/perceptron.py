"""Reference perceptron (the course contract, section 3, perceptron.py)."""

from __future__ import annotations

import numpy as np


def perceptron_train(X, y, max_epochs=100):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.zeros(X.shape[1])
    b = 0.0
    n_updates = 0
    for _ in range(int(max_epochs)):
        clean = True
        for xi, yi in zip(X, y):
            if yi * (w @ xi + b) <= 0:
                w = w + yi * xi
                b += yi
                n_updates += 1
                clean = False
        if clean:
            break
    return w, float(b), n_updates


def perceptron_predict(X, w, b):
    scores = np.asarray(X, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b
    return np.where(scores >= 0, 1.0, -1.0)
