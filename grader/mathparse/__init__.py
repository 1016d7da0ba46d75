"""A safe reader of LaTeX and plain ASCII math into SymPy objects.

Hand-written tokenizer and recursive descent: student text is never
evaluated (no eval, sympify, parse_expr or lambdify anywhere in this package).
``parse_line`` reads a derivation line ``e1 = e2 \\Rightarrow e3``;
``parse_expression`` reads one expression.  Both raise only `MathParseError`,
whose ``.message`` is a catalog `Message` (``parse.*``, English and Chinese).
``read_statement`` says what a derivation line states and raises nothing: a chain
(`ParsedLine`), a `TupleDefinition`, a `Remark`, `NoStep` (prose) or an `Unreadable`
line carrying the error's `Message` (see `statements`).

Conventions the rest of the grader relies on:

- Symbols carry no assumptions; Greek letters lose the backslash (``alpha``);
  decorations become prefixes (``tilde_w``, ``hat_y``, ``w_star``).  Bold and vector fonts
  are transparent (``\\mathbf{x}`` is ``x``); calligraphic, script and fraktur letters are
  other names with a suffix SymPy prints back as the font (``\\mathcal{L}`` is ``Lcal``,
  ``\\mathscr{L}`` ``Lscr``), and ``\\mathcal{L}(...)`` is a call.
- ``\\text{Var}`` names exactly what ``\\mathrm{Var}`` does.  A name the problem does not
  declare followed by a parenthesis of several arguments (``p(y_i \\mid x_i; \\theta)``,
  ``\\mathrm{NLL}(w, b)``) is a call of an undefined function; ``,``, ``;``, ``\\mid`` and a
  single ``|`` separate arguments (of declared functions too).
- Where the notation has an identity ``I``: ``I_d``, ``I_n``, ``\\mathbf{I}_d``, ``\\mathrm{Id}``,
  ``\\mathbb{1}``, ``\\mathbf{1}`` are it.  ``\\Pi_{i=1}^{n}`` / ``\\Sigma_{i=1}^{n}`` (limits with
  ``=``) are ``\\prod`` / ``\\sum``.
- Around the math (`remarks`): ``\\boxed``, ``\\cancel``, ``\\underbrace{X}_{note}`` are X;
  leading ``\\therefore``/``\\because`` and trailing ``\\blacksquare``/``\\qed`` are dropped; a
  remark after the math (``\\quad \\text{for } k \\neq i``, ``, \\quad k \\neq i``,
  ``\\quad (\\text{by independence})``) is dropped to the end of the line, its ``\\neq``
  conditions kept in ``ParsedLine.conditions``.  Prose that joins statements
  (``\\text{and}``, ``\\text{hence}``) is not a remark and stays an error.
- A 1x1 matrix used as a scalar is ``MatrixElement(M, 0, 0)`` built unevaluated
  (``M[0, 0]`` would expand into a Sum with fresh dummies that never compares equal).
- ``\\sum_{j \\neq i} f`` is ``Sum(f * (1 - KroneckerDelta(j, i)), ...)``; a product
  excluding an index raises the body to ``1 - KroneckerDelta``.
- ``\\nabla_w F`` is ``Gradient(F, w)``; ``\\arg\\min_{w} f`` is an `ArgOpt`, only ever
  a whole term.  Without a subscript, ``\\arg\\min F`` takes the arguments of the
  declared function ``F`` as its variables.
- ``\\log(a)^n`` is ``log(a^n)`` (the likelihood reading); ``\\log{(a)}^n`` (SymPy's
  printing) is ``log(a)^n``.  ``x^2_i`` is ``x_i^2``; ``\\sigma'(z)`` of a declared
  function is ``Derivative(sigma(z), z)``.
- Sizes are bounded so that SymPy never works for long: besides `Limits`' documented
  fields, ``max_symbolic_exponent`` (30) bounds integer exponents and root degrees on
  symbolic bases (SymPy's assumption queries expand ``(a + i b)^n``), numbers stay
  below about 10^1000, and numeric sum bounds must be whole numbers.
"""

from .errors import NOTATION_ERRORS, MathParseError
from .line import parse_expression, parse_line
from .nodes import ArgOpt, Gradient, ParsedLine, Term
from .notation import Limits, Notation
from .statements import NoStep, Remark, Statement, TupleDefinition, Unreadable, read_statement

__all__ = [
    "NOTATION_ERRORS",
    "ArgOpt",
    "Gradient",
    "Limits",
    "MathParseError",
    "NoStep",
    "Notation",
    "ParsedLine",
    "Remark",
    "Statement",
    "Term",
    "TupleDefinition",
    "Unreadable",
    "parse_expression",
    "parse_line",
    "read_statement",
]
