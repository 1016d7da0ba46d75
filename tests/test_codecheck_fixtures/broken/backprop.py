"""Does not even parse."""
def affine_forward(x, w, b)
    return x @ w + b, None
