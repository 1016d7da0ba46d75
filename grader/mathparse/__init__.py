"""A safe reader of LaTeX and plain ASCII math into SymPy objects.

Hand-written tokenizer and recursive descent: student text is never
evaluated.  ``parse_line`` reads a derivation line ``e1 = e2 \\Rightarrow e3``;
``parse_expression`` reads one expression.  Both raise only `MathParseError`.
"""

from .errors import MathParseError
from .line import parse_expression, parse_line
from .nodes import ArgOpt, Gradient, ParsedLine, Term
from .notation import Limits, Notation

__all__ = [
    "parse_line", "parse_expression", "Notation", "Limits", "MathParseError", "ParsedLine",
    "ArgOpt", "Gradient", "Term",
]
