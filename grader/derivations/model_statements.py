"""The author's MODEL: `y^{(i)} = \\alpha + \\beta x^{(i)} + \\varepsilon^{(i)}, \\quad \\varepsilon^{(i)} \\sim
\\mathcal{N}(0, \\sigma^2)`, `y = w^\\top x + b + \\epsilon`.  An equation whose right side adds a noise term to a
prediction states what the author assumes, not a step: a TA reads it as the author's model and never charges it.
Where its prediction is the problem's under exactly one renaming of the author's own letters (α the intercept, β
the slope), those letters are the problem's parameters on every line (`L(\\alpha, \\beta)` is then the problem's
likelihood, whatever the order the author lists them in).

A noise term is a lone letter added to the rest (coefficient 1): ε, ϵ, ξ, η, or a letter the line itself (or a line
next to it) gives a distribution with `\\sim` whose mean is 0 or not written; never one of the problem's data (the
label y, the input x: `y_i \\sim \\mathcal{N}(w x_i + b, \\sigma^2)` does not make y a noise), nor a letter given a
distribution with a mean (the author's label).  Its left side is the LABEL, the quantity the model explains: the
problem's label, or a letter of the author's that the problem does not write, of the same sample as the noise, not
on the right side (`t_i`).  A line solved for a parameter (`b = y_i - w x_i`) is a step, and checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import deadline_passed
from grader.derivations.letter_renaming import Likelihood
from grader.derivations.restated_letters import lone_letters
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import Checker, Verdict, names_in
from grader.mathengine.evaluate import EvaluationError, FunctionDefinition, Timeout
from grader.mathparse import Notation
from grader.results.models import Message

#: The names a noise term goes by without a distribution written for it (as the parser names them).
NOISE_NAMES = frozenset({"epsilon", "varepsilon", "xi", "eta"})

#: `\\varepsilon^{(i)} \\sim`, `e_i \\sim`: a letter given a distribution (its name in group 1).
_GIVEN_DISTRIBUTION = re.compile(r"\\?([A-Za-z]+)\s*(?:_\s*\{?[^{}\s]*\}?|\^\s*\{\s*\([a-z]\)\s*\})?\s*\\sim(?![A-Za-z])")

#: A noise letter's command, or a distribution given (a cheap test before parsing).
_NOISE_WRITTEN = re.compile(r"\\(?:var)?epsilon|\\xi|\\eta|\\sim(?![A-Za-z])")


#: What follows `\\sim` up to the distribution's first argument (`\\mathcal{N}(0`, `N\\left(w x_i + b`): the mean in group 1.
_MEAN_WRITTEN = re.compile(r"\s*(?:\\[A-Za-z]+\s*)?(?:\{[^{}]{0,24}\}|[A-Za-z]{1,24})?\s*(?:\\left)?\(\s*([^,;()]*)")

#: Marks around a zero (`\\mathbf{0}`, `{0}`).
_ZERO_MARKS = re.compile(r"\\(?:mathbf|boldsymbol|vec|bf)|[{}\s]")


@dataclass(frozen=True)
class ModelRoles:
    """The roles of the problem's letters in its model, from its definition of the noise as label less prediction."""

    label: str
    """The name of the label, the quantity the model explains (`y`)."""
    data: frozenset[str]
    """The names of the problem's data, the label and the inputs (`y`, `x`): never a noise term."""
    letters: frozenset[str]
    """Every name the problem's definitions write or define (its parameters, data, constants, functions)."""

    def explains(self, left: Any, right: Any, noise: Any) -> bool:
        """Whether `left` is the label of a model `left = right` adding `noise`: the problem's label, or a letter of
        the author's (one the problem does not write and the right side does not either) of the noise's sample."""
        name = _name(left)
        if name == self.label:
            return True
        return name not in self.letters and name not in names_in(right) and _sample(left) == _sample(noise)


def model_roles(definitions: Mapping[str, FunctionDefinition]) -> ModelRoles | None:
    """The roles of the problem's letters in its model; None where the problem defines no noise."""
    found = _noise_definition(definitions)
    if found is None:
        return None
    label, body, _ = found
    letters = set(definitions) | {name for d in definitions.values() for name in names_in(getattr(d, "body", None))}
    data = {str(entry.base.label) for entry in body.atoms(sympy.Indexed)}
    return ModelRoles(str(label.base.label), frozenset(data), frozenset(letters))


def _sample(term: Any) -> tuple[str, ...]:
    """The sample index a quantity writes (`e_i`, `\\epsilon^{(i)}`: i), () for none."""
    if isinstance(term, sympy.Indexed):
        return tuple(str(index) for index in term.indices)
    index = term.name.partition("_")[2] if isinstance(term, sympy.Symbol) else ""
    return (index,) if index else ()


def may_state_model(text: str, nearby: Sequence[str]) -> bool:
    """Whether a line may state a model (a cheap test before parsing): an equation, a noise letter's command on it
    or a distribution given on it or next to it."""
    return "=" in text and (_NOISE_WRITTEN.search(text) is not None or any("\\sim" in other for other in nearby))


def distributed_letters(texts: Sequence[str]) -> set[str]:
    """The letters `texts` give a distribution (`\\epsilon_i \\sim N(0, \\sigma^2)`: epsilon), as the parser names them."""
    return {match.group(1) for text in texts for match in _GIVEN_DISTRIBUTION.finditer(text) if _zero_mean(text, match.end())}


def _zero_mean(text: str, start: int) -> bool:
    """Whether the distribution written from `start` on has mean 0 or writes none (`\\mathcal{N}(0, \\sigma^2)`,
    `\\text{Laplace}`); `\\mathcal{N}(\\alpha + \\beta x_i, \\sigma^2)` gives its letter the model's mean: a label."""
    mean = _MEAN_WRITTEN.match(text, start)
    return mean is None or _ZERO_MARKS.sub("", mean.group(1)) == "0"


def noise_of(left: Any, right: Any, distributed: set[str], roles: ModelRoles) -> Any:
    """The noise term the right side adds (`\\varepsilon^{(i)}` of `\\alpha + \\beta x^{(i)} + \\varepsilon^{(i)}`),
    where `left = right` states a model; None where it does not (no lone noise term, one of the problem's data as
    the only candidate, a left side that is not the label)."""
    if not isinstance(right, sympy.Add) or not isinstance(left, (sympy.Symbol, sympy.Indexed)):
        return None
    noises = [term for term in right.args if _name(term) in (NOISE_NAMES | distributed) - roles.data]
    if len(noises) != 1 or _name(left) in NOISE_NAMES | distributed or not roles.explains(left, right - noises[0], noises[0]):
        return None
    return noises[0]


def _name(term: Any) -> str | None:
    if isinstance(term, sympy.Indexed):
        return str(term.base.label)
    if isinstance(term, sympy.Symbol):
        return term.name.partition("_")[0]  # `e_i`, a letter the problem does not index: the parser's `e_i`
    return None


def states_model(text: str, terms: Sequence[Any], relations: Sequence[str], nearby: Sequence[str], roles: ModelRoles) -> bool:
    """Whether a line (its text, its parsed terms and relations) states a model: `label = right + noise`, nothing
    else on it; `nearby` are the texts of the lines next to it (where the noise may be given its distribution)."""
    if list(relations) != ["="] or len(terms) != 2 or not may_state_model(text, nearby):
        return False
    return noise_of(terms[0], terms[1], distributed_letters([text, *nearby]), roles) is not None


def model_remark(checker: Checker, sources: Sequence[Any], source: Any, terms: Sequence[Any], relations: Sequence[str],
                 verdict: Verdict) -> Verdict | None:
    """The verdict on a line that states a model and does not hold as a step (the author's letters, another model
    than the problem's): a remark, which says whether it differs from the problem's model; None for any other line
    (and for a model statement that holds: it restates the problem's model, valid as it stands).  Only in a problem
    whose model has noise (it defines the noise as the label less the prediction): elsewhere an ε is a constant of
    the problem's (batch normalization's), and a line adding it is a step."""
    roles = None if verdict.holds is True else model_roles(checker.definitions)
    if roles is None:
        return None
    texts = [str(line.text) for line in sources]
    number = next((k for k, line in enumerate(sources) if line.number == source.number), None)
    nearby = [] if number is None else texts[max(0, number - 2):number] + texts[number + 1:number + 3]
    if not states_model(str(source.text), terms, relations, nearby, roles):
        return None
    return Verdict(None, Message("derivation.model_statement_differs" if verdict.holds is False else "derivation.model_statement"))


def class_model_remark(checker: Checker, notation: Notation, known: set[str], terms: Sequence[Any], verdict: Verdict) -> Verdict | None:
    """`p(k \\mid x; \\theta) = \\frac{e^{z_k}}{\\sum_j e^{z_j}}`: the model's probability of class k written through
    the author's own scores (letters the problem does not know, one class index each): the author's model of the
    classifier, an assumption (a remark), where it is a distribution over the classes (for any scores it sums to 1
    over k).  One that does not (`e^{z_k}` alone) is left as it was judged; None for any other line."""
    if verdict.holds is True or len(terms) != 2 or not isinstance(terms[0], AppliedUndef) or not terms[0].args:
        return None
    head, body = terms
    klass, ranges = terms[0].args[0], notation.index_ranges
    if head.func.__name__ not in checker.definitions or not isinstance(klass, sympy.Symbol) or klass.name not in ranges:
        return None
    scores = _scores_drawn(body, notation, known, getattr(checker, "parameters", ()))
    if scores is None or deadline_passed(checker.deadline):
        return None
    lower, upper = (sympy.Symbol(str(bound)) if not str(bound).isdigit() else sympy.Integer(int(str(bound))) for bound in ranges[klass.name])
    # a distribution over the classes, and one that depends on the scores (`e^{z_k} / \\sum_j e^{z_k}` is 1/K whatever they are)
    if not _same(checker, sympy.Sum(scores, (klass, lower, upper)), sympy.Integer(1)) or _same(checker, scores, 1 / upper):
        return None
    return Verdict(None, Message("derivation.class_model"))


def noise_density_verdict(checker: Checker, terms: Sequence[Any], verdict: Verdict) -> Verdict | None:
    """`p(\\epsilon^{(i)}) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp(...)`: the density of the problem's noise at one
    sample, under a letter of the author's, is what the model fixes (the likelihood's factor with the label written
    as the prediction plus the noise): checked against it (a lost square or a wrong normaliser is charged with a
    counterexample); None for any other line."""
    applied = _density_applied(terms[0]) if len(terms) == 2 else None
    if verdict.holds is True or applied is None:
        return None
    (name, noise), body = applied, terms[1]
    if name in checker.definitions or not isinstance(noise, sympy.Indexed) or len(noise.indices) != 1:
        return None
    density = _noise_density(checker.definitions, str(noise.base.label))
    if density is None or deadline_passed(checker.deadline):
        return None
    index, expected = density
    # compared at the problem's own sample index (which the checker draws), whatever letter the author wrote
    judged = _judged(checker, body.xreplace({noise.indices[0]: index}) if isinstance(body, sympy.Basic) else body, expected)
    if judged is None or judged.holds is None:
        return None
    return judged if judged.holds is False else Verdict(True, Message("derivation.noise_density"))


def _density_applied(head: Any) -> tuple[str, Any] | None:
    """(the letter, its one argument) of `p(\\epsilon_i)`, also where the parser read a letter that names no function
    times the argument (`p \\cdot \\epsilon^{(i)}`); None for any other head."""
    if isinstance(head, AppliedUndef) and len(head.args) == 1:
        return head.func.__name__, head.args[0]
    if isinstance(head, sympy.Mul) and len(head.args) == 2:
        letters = [a for a in head.args if isinstance(a, sympy.Symbol) and len(a.name) == 1]
        entries = [a for a in head.args if isinstance(a, sympy.Indexed)]
        if len(letters) == 1 and len(entries) == 1:
            return letters[0].name, entries[0]
    return None


def _judged(checker: Checker, left: Any, right: Any) -> Verdict | None:
    try:
        return checker.same_values(left, right)
    except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
        return None


def _noise_density(definitions: Mapping[str, FunctionDefinition], noise: str) -> tuple[Any, Any] | None:
    """(the sample index, the density of the noise `noise` at it) from the problem's likelihood (a product over the
    samples) and its definition of the noise as the label less the prediction; None where it has not both."""
    definition = definitions.get(noise)
    params, body = tuple(getattr(definition, "params", ())), getattr(definition, "body", None)
    products = [d.body for d in definitions.values() if isinstance(getattr(d, "body", None), sympy.Product)]
    if len(params) != 1 or not isinstance(body, sympy.Add) or len(products) != 1:
        return None
    labels = [term for term in body.args if isinstance(term, sympy.Indexed) and term.indices == params]
    factor, limits = products[0].function, products[0].limits
    if len(labels) != 1 or len(limits) != 1:
        return None
    factor = factor.xreplace({limits[0][0]: params[0]})
    noise_entry = sympy.IndexedBase(noise)[params[0]]
    return params[0], factor.xreplace({labels[0]: noise_entry + labels[0] - body})


def _scores_drawn(body: Any, notation: Notation, known: set[str], parameters: Sequence[str]) -> Any:
    """`body` with the author's scores (`z_k`, `z_j`: unknown letters with one class index) replaced by the problem's
    model outputs of its first sample (numbers drawn with the data, any positive values); None where the body
    writes no such letter, or another name the problem does not know."""
    outputs = [name for name in parameters if notation.indexed.get(name) == 2]
    if not isinstance(body, sympy.Basic) or not outputs:
        return None
    table, replaced, ranges = sympy.IndexedBase(outputs[0]), {}, notation.index_ranges
    entries = body.atoms(sympy.Indexed)
    labels = {entry.base.label for entry in entries}
    for entry in entries:
        if str(entry.base.label) not in known:
            if len(entry.indices) != 1:
                return None
            replaced[entry] = table[sympy.Integer(1), entry.indices[0]]
    for letter in body.free_symbols - labels:
        name = getattr(letter, "name", "")
        if not isinstance(letter, sympy.Symbol) or name in known or name in ranges:
            continue
        base, _, index = name.partition("_")  # `z_k`: the parser's name of an unknown letter at an index
        if base in known or index not in ranges:
            return None
        replaced[letter] = table[sympy.Integer(1), sympy.Symbol(index)]
    return body.xreplace(replaced) if replaced else None


def model_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                  likelihood: Likelihood | None) -> dict[str, str]:
    """The author's letters for the problem's parameters, fixed by the first model the derivation states whose
    prediction is the problem's under exactly one renaming of its unknown letters (`\\alpha + \\beta x^{(i)}`: α as
    b, β as w); each letter keyed as written (`\\alpha`) and as an argument list names it (`alpha`).  Empty where no
    model is stated, where it writes none of the author's letters or the problem's parameters themselves, or where
    no renaming or more than one holds (only the first model stated is looked at)."""
    prediction, roles = _problem_prediction(checker.definitions), model_roles(checker.definitions)
    if likelihood is None or prediction is None or roles is None or set(likelihood.params) & lone_letters(sources):
        return {}
    texts = [str(source.text) for source in sources]
    for number, text in enumerate(texts):
        nearby = texts[max(0, number - 2):number] + texts[number + 1:number + 3]
        if deadline_passed(checker.deadline) or not may_state_model(text, nearby):
            continue
        parsed = parse_or_none(text, notation)
        if parsed is None or parsed.leading_relation is not None:
            continue
        if not states_model(text, parsed.terms, parsed.relations, nearby, roles):
            continue
        left, right = parsed.terms
        author = right - noise_of(left, right, distributed_letters([text, *nearby]), roles)
        return _renaming(author, prediction, left, notation, checker, known, likelihood)
    return {}


def _renaming(author: Any, prediction: tuple[Any, Any], left: Any, notation: Notation, checker: Checker, known: set[str],
              likelihood: Likelihood) -> dict[str, str]:
    """The one renaming of the author's letters in the prediction `author` to the problem's parameters that makes it
    the problem's `prediction` (at the sample index the left side writes); {} where none or several do."""
    unknown = sorted(names_in(author) - known - set(notation.index_ranges))
    if not unknown or len(unknown) != len(likelihood.params) or (isinstance(left, sympy.Indexed) and len(left.indices) != 1):
        return {}
    body, parameter = prediction
    if isinstance(left, sympy.Indexed):
        wanted = body.xreplace({parameter: left.indices[0]})
    else:  # `y = a x + c + e`: one generic sample, its input written without the index
        author = author.xreplace({sympy.Symbol(name): sympy.IndexedBase(name)[parameter] for name in notation.indexed})
        wanted = body
    holding = []
    for chosen in permutations(likelihood.params):
        renamed = author.xreplace({sympy.Symbol(letter): sympy.Symbol(target) for letter, target in zip(unknown, chosen)})
        if _same(checker, renamed, wanted):
            holding.append(dict(zip(unknown, chosen)))
    if len(holding) != 1:
        return {}
    return {key: target for letter, target in holding[0].items() for key in {_written(letter), letter}}


def _same(checker: Checker, left: Any, right: Any) -> bool:
    try:
        return bool(checker.same_values(left, right).holds)
    except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
        return False


def _problem_prediction(definitions: Mapping[str, FunctionDefinition]) -> tuple[Any, Any] | None:
    """The problem's prediction for a sample and its index parameter, from the problem's definition of the noise as
    the label less the prediction (`\\epsilon_i = y_i - ...`); None where the problem defines no such noise."""
    found = _noise_definition(definitions)
    return None if found is None else (found[0] - found[1], found[2])


def _noise_definition(definitions: Mapping[str, FunctionDefinition]) -> tuple[Any, Any, Any] | None:
    """(the label at the sample, the noise's body, the sample index) of the problem's definition of the noise as the
    label less the prediction (`\\epsilon_i = y_i - ...`); None where the problem defines no such noise."""
    for definition in definitions.values():
        params, body = tuple(getattr(definition, "params", ())), getattr(definition, "body", None)
        if len(params) != 1 or not isinstance(body, sympy.Add):
            continue
        labels = [term for term in body.args if isinstance(term, sympy.Indexed) and term.indices == (params[0],)]
        if len(labels) == 1:
            return labels[0], body, params[0]
    return None


def _written(name: str) -> str:
    """How the parser's name is written in LaTeX, as `letters_renamed` looks for it: `alpha` as `\\alpha`,
    `beta_0` as `\\beta_0`, `a_0` as `a_0`."""
    base, _, index = name.partition("_")
    written = base if len(base) == 1 else "\\" + base
    return f"{written}_{index}" if index else written
