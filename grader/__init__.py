"""grader: an automated homework grader and derivation checker for a first deep-learning course."""

from pathlib import Path as _Path

__version__ = "0.1.0"

# Installed, problems/, reference/ and templates/ are subpackages of grader (see pyproject.toml).
# In a source checkout they stand beside grader/; adding the checkout to the package's path lets
# `grader.problems` resolve there too, so the tests run the same from either.
_checkout = _Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "problems" / "__init__.py").is_file():
    __path__.append(str(_checkout))
