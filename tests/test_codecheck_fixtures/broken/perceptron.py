"""Right on separable data, but ignores max_epochs: loops forever on non-separable data."""
import numpy as np


def perceptron_train(X, y, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    n = 0
    while True:
        clean = True
        for i in range(len(X)):
            if y[i] * (w @ X[i] + b) <= 0:
                w = w + y[i] * X[i]
                b += y[i]
                n += 1
                clean = False
        if clean:
            return w, b, n


def perceptron_predict(X, w, b):
    return np.where(X @ w + b >= 0, 1, -1)
