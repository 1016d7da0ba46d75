"""The author's parameter vector (`\\theta`, `\\beta`) for the problem's parameters: where the derivation writes the
likelihood of it alone (`L(\\theta)`) and the model's prediction as its product with the input
(`\\theta^T x^{(i)}`, `x^{(i)T}\\theta`), a TA reads θ as the problem's parameters (w, b) and the product as the
problem's prediction (w x_i + b, the input augmented with a 1 for the bias)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from grader.derivations.letter_renaming import Likelihood

#: A Greek letter the author may name their parameter vector with.
_VECTOR_LETTER = r"\\(?:theta|beta|omega|phi)"

#: The input of sample `index`: `x^{(i)}`, `x_i`, `x_{i}` (the index in group `indexa` or `indexb`).
_INPUT = r"x\s*(?:\^\s*\{\s*\(\s*(?P<indexa>[a-z])\s*\)\s*\}|_\s*\{?\s*(?P<indexb>[a-z])\s*\}?)"

#: A function's name before its argument list: `L`, `NLL`, `\\ell`, `\\mathcal{L}` (not a command such as `\\log`).
_FUNCTION_NAME = r"((?<![A-Za-z\\])[A-Za-z]+|\\ell|\\(?:mathcal|mathrm|operatorname|text)\s*\{[A-Za-z]+\})"

#: `^T`, `^{T}`, `^\\top`, `^{\\top}`: a transpose.
_TRANSPOSE = r"\^\s*(?:\{\s*(?:T|\\top)\s*\}|T|\\top)"


@dataclass(frozen=True)
class ParameterVector:
    """The author's letter for the vector of the problem's parameters, and the problem's prediction."""

    letter: str
    """The author's letter as written (`\\theta`)."""

    likelihood: Likelihood
    """The problem's likelihood (its parameters are what the letter stands for)."""

    prediction: str
    """The problem's prediction for sample `{index}` as LaTeX (`(w x_{{{index}}} + b)`)."""

    def rewritten(self, text: str) -> str:
        """`text` with the likelihood of the vector written as the likelihood of the parameters, and the vector's
        product with a sample's input written as the problem's prediction for that sample."""
        params = self.likelihood.call[len(self.likelihood.name) + 1:-1]
        # `L(\\theta)`, `\\ell(\\theta)`, `NLL(\\theta)`: the likelihood and the author's functions of the parameters
        text = re.sub(rf"{_FUNCTION_NAME}\s*\(\s*{re.escape(self.letter)}\s*\)", lambda m: f"{m.group(1)}({params})", text)
        # `\\arg\\min_\\theta`: over the parameters
        text = re.sub(rf"(\\arg\s*\\m(?:in|ax)\s*_\s*)(?:\{{\s*{re.escape(self.letter)}\s*\}}|{re.escape(self.letter)}(?![A-Za-z]))",
                      lambda m: m.group(1) + "{" + params + "}", text)
        for pattern in _products(self.letter):
            text = pattern.sub(lambda m: self.prediction.format(index=next(v for v in m.groupdict().values() if v)), text)
        return text


def _products(letter: str) -> list[re.Pattern]:
    """`\\theta^T x^{(i)}` and `x^{(i)T} \\theta`, `x_i^T \\theta` (the vector's product with a sample's input)."""
    vector = re.escape(letter) + r"(?![A-Za-z])"
    first = rf"{vector}\s*{_TRANSPOSE}\s*{_INPUT}"
    second = (r"x\s*(?:\^\s*\{\s*\(\s*(?P<indexc>[a-z])\s*\)\s*(?:T|\\top)\s*\}|_\s*\{?\s*(?P<indexd>[a-z])\s*\}?\s*"
              + _TRANSPOSE + rf"|\^\s*\{{\s*\(\s*(?P<indexe>[a-z])\s*\)\s*\}}\s*{_TRANSPOSE})\s*{vector}")
    return [re.compile(first), re.compile(second)]


def parameter_vector(texts: list[str], likelihood: Likelihood | None, definitions: Mapping[str, Any],
                     known: set[str]) -> ParameterVector | None:
    """The author's parameter vector, where the derivation writes both the likelihood of it alone and its product
    with a sample's input, the likelihood has two or more parameters, and a definition of the problem's gives
    the prediction (`\\epsilon_i = y_i - w x_i - b`: the label less it); None otherwise."""
    if likelihood is None or len(likelihood.params) < 2:
        return None
    prediction = _prediction(definitions)
    if prediction is None:
        return None
    joined = " ".join(texts)
    letters = {m.group(1) for m in re.finditer(rf"(?<![A-Za-z\\]){re.escape(likelihood.name)}\s*\(\s*({_VECTOR_LETTER})\s*\)", joined)}
    found = [letter for letter in sorted(letters) if letter[1:] not in known and any(p.search(joined) for p in _products(letter))]
    return ParameterVector(found[0], likelihood, prediction) if len(found) == 1 else None


def _prediction(definitions: Mapping[str, Any]) -> str | None:
    """The problem's prediction for sample `{index}`, from its definition of the noise as the label less the
    prediction (one index parameter, a body `y_i - ...`), written as LaTeX; None where it has no such definition."""
    for definition in definitions.values():
        params: tuple = tuple(getattr(definition, "params", ()))
        body = getattr(definition, "body", None)
        if len(params) != 1 or not isinstance(body, sympy.Add):
            continue
        index = params[0]
        labels = [term for term in body.args if isinstance(term, sympy.Indexed) and term.indices == (index,)]
        if len(labels) != 1:
            continue
        written = _latex(labels[0] - body, index)
        if written is not None:
            return f"({written})"
    return None


def _latex(expr: Any, index: Any) -> str | None:
    """A sum of products of the problem's letters and entries at `index`, as LaTeX with `{index}` for the index."""
    terms = []
    for term in sympy.Add.make_args(sympy.expand(expr)):
        factors = []
        for factor in sympy.Mul.make_args(term):
            if isinstance(factor, sympy.Indexed) and factor.indices == (index,):
                factors.append(f"{factor.base.label}_{{{{{{index}}}}}}")
            elif isinstance(factor, sympy.Symbol) and factor != index:
                factors.append(factor.name if len(factor.name) == 1 else f"\\{factor.name}")
            else:
                return None
        terms.append(" ".join(factors))
    return " + ".join(terms) if terms else None
