"""The names NumPy 2 removed, served with their NumPy 1 meaning, each use counted."""

#: Names NumPy 2 removed, with their NumPy 1 meaning (grader/sandbox/numpy1.py says what to
#: write instead).  Served by NumPy's module __getattr__, which only sees names NumPy lacks.
NUMPY1 = {
    "product": lambda np: np.prod, "cumproduct": lambda np: np.cumprod,
    "sometrue": lambda np: np.any, "alltrue": lambda np: np.all,
    "asscalar": lambda np: (lambda a: np.asarray(a).item()),
    "float": lambda np: float, "int": lambda np: int, "object": lambda np: object, "str": lambda np: str,
    "complex": lambda np: complex, "unicode": lambda np: str,
    "NaN": lambda np: np.nan, "NAN": lambda np: np.nan, "Inf": lambda np: np.inf, "Infinity": lambda np: np.inf,
    "infty": lambda np: np.inf, "PINF": lambda np: np.inf, "NINF": lambda np: -np.inf,
    "PZERO": lambda np: 0.0, "NZERO": lambda np: -0.0,
    "float_": lambda np: np.float64, "complex_": lambda np: np.complex128, "cfloat": lambda np: np.complex128,
    "singlecomplex": lambda np: np.complex64, "longfloat": lambda np: np.longdouble,
    "clongfloat": lambda np: np.clongdouble, "longcomplex": lambda np: np.clongdouble,
    "string_": lambda np: np.bytes_, "unicode_": lambda np: np.str_, "round_": lambda np: np.round,
    "in1d": lambda np: (lambda a, b, assume_unique=False, invert=False:
                        np.isin(np.ravel(a), b, assume_unique=assume_unique, invert=invert)),
    "trapz": lambda np: getattr(np, "trapezoid", None) or np.trapz,
    "msort": lambda np: (lambda a: np.sort(a, axis=0)),
    "asfarray": lambda np: (lambda a, dtype=np.float64: np.asarray(
        a, dtype=dtype if np.issubdtype(dtype, np.inexact) else np.float64)),
    "int0": lambda np: np.intp, "uint0": lambda np: np.uintp, "mat": lambda np: np.asmatrix,
}

#: The NumPy 1 names used since the last result was sent (sent with it, then cleared).
NUMPY1_USED: set[str] = set()


def serve_numpy1_names(np):
    """Give NumPy 2 the names it removed back, counting each use."""
    original = np.__dict__.get("__getattr__")

    def __getattr__(name):
        make = NUMPY1.get(name)
        if make is not None:
            value = make(np)
            if value is not None:
                NUMPY1_USED.add(name)
                return value
        if original is not None:
            return original(name)
        raise AttributeError("module 'numpy' has no attribute %r" % (name,))

    np.__getattr__ = __getattr__

