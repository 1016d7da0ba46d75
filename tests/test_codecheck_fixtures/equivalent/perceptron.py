"""A correct perceptron in augmented form (the bias is the last component of w)."""
import numpy as np


def perceptron_train(X, y, max_epochs=100):
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    w = np.zeros(Xa.shape[1])
    updates = 0
    epoch = 0
    while epoch < max_epochs:
        epoch += 1
        mistakes = 0
        for i in range(len(Xa)):
            if y[i] * np.dot(w, Xa[i]) <= 0:
                w += y[i] * Xa[i]
                updates += 1
                mistakes += 1
        if mistakes == 0:
            break
    return w, w[-1], updates


def perceptron_predict(X, w, b):
    return [1 if s >= 0 else -1 for s in X @ w + b]
