"""Packages the sandbox lacks: importing one succeeds, using it says what is missing."""

import sys

#: Packages students import out of habit (a plot left in, scipy's expit) that the sandbox does
#: not hold.  Importing one succeeds, so that an unused import costs nothing; using it raises
#: an ImportError that says why, which costs only the function that uses it.
UNAVAILABLE = frozenset((
    "matplotlib", "scipy", "torch", "torchvision", "sklearn", "pandas", "seaborn", "tqdm",
    "IPython", "tensorflow", "jax", "numba", "cupy", "autograd", "keras", "plotly", "PIL", "cv2",
))


class UnavailableFinder:
    """The last finder on sys.meta_path: placeholders for the UNAVAILABLE packages only."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".", 1)[0] not in UNAVAILABLE:
            return None
        import importlib.machinery

        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        return _Placeholder(spec.name)

    def exec_module(self, module):
        module.__path__ = []


class _Placeholder(type(sys)):  # type: ignore[misc]  # ModuleType, named without importing `types`
    """A module of an UNAVAILABLE package.  Any attribute is a placeholder too (so that
    `from scipy.special import expit` imports).  While a student's file is being imported,
    calling one does nothing (`matplotlib.use("Agg")`, `plt.style.use(...)` at the top of a
    file); inside a graded function, calling one says what is missing."""

    # the type name the parent receives for it, as when the harness was one script run as __main__
    __module__ = "__main__"

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return _Placeholder(self.__name__ + "." + attribute)

    def __call__(self, *args, **kwargs):
        if IMPORTING.active:
            return _Placeholder(self.__name__ + "()")
        raise ImportError(_unavailable(self.__name__))


class ImportState:
    """Whether a student's module is being imported (its top-level code runs)."""

    def __init__(self):
        self.active = False


#: Set by `calls.Harness.load` around each import of a student's module.
IMPORTING = ImportState()


def _unavailable(name):
    return "%s is not available to the grader (only Python's standard library and NumPy are): %s cannot be used" % (
        name.split(".")[0], name)

