"""What the parser is told about a problem: its vocabulary and the resource limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _frozen(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Notation:
    """The problem's vocabulary.  Every field is optional; the default reads plain math."""

    indexed: Mapping[str, int] = field(default_factory=dict)
    """Base name -> number of indices: ``{"x": 1, "y": 1}`` makes ``y_i`` read as ``y[i]``."""

    index_ranges: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Default limits of ``\\sum_i``: ``{"i": ("1", "n")}``."""

    index_positions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Base name -> for each of its index positions, the index letter whose range that position takes:
    ``{"y": ("i", "k")}`` (a sample's row, a class's column).  Needed only where the problem's indices do not all
    share one range; it lets a sum without a written range run over its letter's role (`sum_ranges`)."""

    functions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Declared function names -> default arguments when the name is written bare."""

    matrices: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Name -> shape as size names or "1": ``{"H": ("d", "d"), "w": ("d", "1")}``."""

    identity: str | None = None
    """The name of the identity matrix (``"I"``), sized to fit its context."""

    symbols: tuple[str, ...] = ()
    """Multi-letter names read as one symbol: ``("n_in", "n_out", "const")``."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    """Other names of the same quantity, as parsed -> the notation's name: ``{"hat_y": "y"}``
    reads ``\\hat y_i`` as ``y_i`` (also as a variable of differentiation)."""

    inequalities: bool = False
    """Whether ``\\le``, ``\\ge``, ``<``, ``>`` are relations of a derivation (the extended
    course's problems); elsewhere they stay relations the checker does not read."""

    entries_above: bool = False
    """Whether the author writes an entry's index above its family (``y^i``, ``(e^z)^i``), so that a
    number above (``y^1``) is an entry too (see `superscript_entries`)."""

    def __post_init__(self) -> None:
        # Callers pass plain dicts; freezing them keeps a shared Notation from changing under us.
        for name in ("indexed", "index_ranges", "index_positions", "functions", "matrices", "aliases"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "symbols", tuple(self.symbols))


@dataclass(frozen=True)
class Limits:
    """Resource limits; exceeding one is a parse error for that input, never a hang."""

    max_length: int = 4000
    max_depth: int = 60
    max_nodes: int = 3000
    max_exponent: int = 200
    max_factorial: int = 30
    max_integer_digits: int = 40
    max_sum_bound: int = 1000
    max_symbolic_exponent: int = 30
    """|integer exponent| (and root degree) on a symbolic base: SymPy's assumption queries
    expand (a + i b)^n for such powers, which takes seconds to hours for large n."""
