"""Reference inverted dropout (the course contract, section 5, dropout.py).

Dropout is graded by properties, not against these draws (the mask is the
student's own random draw); this file is the course's model solution, used
by the tests and shipped to nobody.
"""

from __future__ import annotations

import numpy as np


def dropout_forward(x, dropout_param):
    p = float(dropout_param.get("p", 0.5))
    mode = dropout_param.get("mode", "train")
    x = np.asarray(x, dtype=np.float64)
    if mode == "test":
        return x.copy(), (dropout_param, None)
    rng = np.random.default_rng(dropout_param.get("seed"))
    mask = (rng.random(x.shape) < p) / p
    return x * mask, (dropout_param, mask)


def dropout_backward(dout, cache):
    _dropout_param, mask = cache
    dout = np.asarray(dout, dtype=np.float64)
    if mask is None:
        return dout.copy()
    return dout * mask
