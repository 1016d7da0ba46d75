"""Classic mistakes: < instead of <=, and np.sign in predict."""
import numpy as np


def perceptron_train(X, y, max_epochs=100):
    w, b, n = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(max_epochs):
        changed = False
        for xi, yi in zip(X, y):
            if yi * (w @ xi + b) < 0:
                w, b, n, changed = w + yi * xi, b + yi, n + 1, True
        if not changed:
            break
    return w, b, n


def perceptron_predict(X, w, b):
    return np.sign(X @ w + b)
