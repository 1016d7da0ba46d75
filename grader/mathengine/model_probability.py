"""The model's probability of a label given an input, as authors write it with their own letters.

A problem of maximum likelihood defines its model's probability once (`p(k \\mid x_i; \\theta)`, and
for the label's one-hot row `p(Y_i \\mid x_i; \\theta)`).  Authors write the same probability with their
own function letter (`q_\\theta(Y_i|x_i)`, `P(Y_i|x_i)`, `\\mathbb{P}[Y_i \\mid x_i]`), leave the
parameters out (`p(k \\mid x_i)`), condition on the model's output for the sample instead of its input
(`p(Y_i \\mid y_i)`), and use the probability of an input alone (`p(x_i)`, the data's distribution of the
inputs) in a term that moves no minimizer.  A careful TA reads each of them as follows:

- an undefined probability letter (p, P, q, Q, \\mathbb P, with a subscript such as θ) applied to
  arguments is the problem's model probability (`model_definition`);
- the parameters left out at the end of the call are the parameters at their values (`completed`);
- the model's output for sample i, as the condition, is the sample's input (`conditioned_on_inputs`);
- the sample (its input or its label) given the parameters alone (`P(x_i \\mid \\theta)`, `p(y_i \\mid w, b)`) is
  the model's probability of the sample's label given its input (`sample_given_parameters`);
- a probability of inputs alone is the data's probability of that input: a positive number of the
  sample, drawn with the data and free of the parameters (`input_probability`), so that a term
  `- \\log p(x_i)` is a constant shift of an objective (its arg min unchanged), while a weight
  `p(x_i)` on a sample's term, or `p(x_i) = 1`, still changes the values compared.

Nothing here parses or evaluates student text: it works on the trees the parser built.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy

from grader.mathengine.arithmetic import EvaluationError, index_value
from grader.mathparse.joint_probabilities import PROBABILITY_LETTERS

#: Names the problem's model probability is defined under (`p_model` where the contract gives no letter for it,
#: as mle-mse: an author's own `p` is then the author's, and `p` without a definition is the model's).
UNNAMED_MODEL = "p_model"
_MODEL_NAMES = ("p", "P", UNNAMED_MODEL)

#: The input's probability lies in this range (a probability of one sample, never 1).
_INPUT_PROBABILITY_RANGE = (0.1, 0.9)

_ROW = re.compile(r"(.+)_([A-Za-z])")


def is_probability_name(name: str) -> bool:
    """Whether a function's name is written as a probability or a density (`q_theta`, `P`)."""
    return name.split("_", 1)[0] in PROBABILITY_LETTERS


def model_definition(name: str, definitions: Mapping[str, Any], given: tuple | None = None, joint: bool = False) -> Any | None:
    """The definition of the model's probability a call of `name` (which has none of its own) stands
    for, where `name` is a probability's letter: the `p` (or `P`) of a label given an input that the problem
    defines, or the author does (`P(y_i \\mid x_i) = ...`, then `\\prod_i p(y_i|x_i)`: the same probability).
    The model under its own name (`p_model`, no letter in the contract) only for a call `given` that writes
    its parameters as the model's, by name (`p(y_i \\mid x_i, w, \\sigma^2)` is of other parameters), and with a
    condition written (`p(y_i, x_i, w, b)` is a joint probability: `grader.mathparse.joint_probabilities`)."""
    if name in definitions or not is_probability_name(name):
        return None
    for model in _MODEL_NAMES:
        definition = definitions.get(model)
        if definition is not None and any(len(reading.params) >= 2 for reading in readings_of(definition)):
            if model == UNNAMED_MODEL and given is not None and (joint or not _parameters_by_name(definition, given)):
                return None
            return definition
    return None


def _parameters_by_name(definition: Any, given: tuple) -> bool:
    """Whether the arguments of a call past its event and input are the definition's parameters, in order (fewer,
    or more after them, as `completed` and the evaluator read them; the first two are the event and the input), or
    all the call gives past its event (`p(y_i \\mid w, b)`, `sample_given_parameters`)."""
    params = tuple(definition.params)
    return tuple(given[1:]) == params[2:] or all(written == param for written, param in zip(given[2:], params[2:]))


def readings_of(definition: Any) -> tuple[Any, ...]:
    """A definition and its further readings, in the order they are tried."""
    return (definition, *definition.other_readings)


def completed(name: str, params: tuple, given: tuple, values: Mapping[str, Any]) -> tuple:
    """`p(k \\mid x_i)` for `p(k \\mid x_i; \\theta)`: the parameters left out at the end of a probability's
    call are the definition's own, at their values (only plain names that have a value here)."""
    if not is_probability_name(name) or not 1 <= len(given) < len(params):
        return given
    missing = params[len(given):]
    if not all(isinstance(p, sympy.Symbol) and p.name in values and not isinstance(values[p.name], np.ndarray) for p in missing):
        return given
    return (*given, *missing)


def conditioned_on_inputs(definition: Any, given: tuple) -> tuple | None:
    """`p(Y_i \\mid y_i)`: the condition written as the model's output for sample i (a family the model's
    probability is made of, its row `y_i` or an entry at the sample's index) is sample i's input; and
    `p(y_i \\mid x_i)`, the output's row as the event, is the probability of sample i's label (what a
    probability given the input is of).  The arguments so read, or None where neither is written so."""
    outputs = {node.base.label.name for body in _definition_bodies(definition) for node in body.atoms(sympy.Indexed)}
    labels = _label_names(definition)
    outputs -= labels
    for reading in readings_of(definition):
        if len(reading.params) < 2 or len(given) < 2 or not isinstance(reading.params[1], sympy.Indexed):
            continue
        condition = reading.params[1]
        if len(condition.indices) != 1:
            continue
        written = list(given)
        index = _sample_index(given[1], outputs)
        if index is not None:
            written[1] = condition.base[index]
        event = _sample_index(given[0], outputs) if isinstance(given[0], sympy.Symbol) else None
        if event is not None and len(labels) == 1:
            written[0] = sympy.Symbol(f"{next(iter(labels))}_{event}")
        if tuple(written) != tuple(given):
            return tuple(written)
    return None


def sample_given_parameters(definition: Any, given: tuple) -> tuple | None:
    """`P(x_i \\mid \\theta)`, `p(y_i \\mid w, b)`: the probability of sample i written with its input or its label as
    the event and exactly the parameters as the condition, the input left out, as authors of a likelihood write "the
    probability of the sample under the parameters": the model's probability of sample i's label given its input
    (the arguments so read), or None where the call is not written so.  Without the parameters (`p(x_i)`, `p(y_i)`)
    the call is not this reading: the input's own probability (`input_probability`), or a prior."""
    for reading in readings_of(definition):
        params = tuple(reading.params)
        if len(params) < 3 or not isinstance(params[1], sympy.Indexed) or len(params[1].indices) != 1 or not given:
            continue
        if tuple(given[1:]) != params[2:]:
            continue
        event = given[0]
        if isinstance(event, sympy.Indexed) and event.base == params[1].base and len(event.indices) == 1:
            index = event.indices[0]  # the input as the sample
        else:
            index = _label_index(params[0], event)
        label = _label_at(params[0], index) if index is not None else None
        if label is not None:
            return (label, params[1].base[index], *params[2:])
    return None


def _label_index(label: Any, event: Any) -> Any:
    """The sample index of an event written as the label the definition is of (`y_i` for `y_j`, `Y_i` for `Y_j`), or None."""
    if isinstance(label, sympy.Indexed) and isinstance(event, sympy.Indexed) and event.base == label.base and len(event.indices) == 1:
        return event.indices[0]
    row, written = (_ROW.fullmatch(x.name) if isinstance(x, sympy.Symbol) else None for x in (label, event))
    return sympy.Symbol(written.group(2)) if row is not None and written is not None and written.group(1) == row.group(1) else None


def _label_at(label: Any, index: Any) -> Any:
    """The definition's label (`y_j`, the row `Y_j`) at a sample index."""
    if isinstance(label, sympy.Indexed):
        return label.base[index]
    row = _ROW.fullmatch(label.name) if isinstance(label, sympy.Symbol) and isinstance(index, sympy.Symbol) else None
    return sympy.Symbol(f"{row.group(1)}_{index.name}") if row is not None else None


def _sample_index(written: Any, outputs: set[str]) -> Any:
    """The sample's index of an output written as a condition (`y_i`, `y_{ik}`), or None."""
    if isinstance(written, sympy.Symbol):
        row = _ROW.fullmatch(written.name)
        return sympy.Symbol(row.group(2)) if row is not None and row.group(1) in outputs else None
    if isinstance(written, sympy.Indexed) and written.base.label.name in outputs:
        return written.indices[0]
    return None


def _label_names(definition: Any) -> set[str]:
    """The label families the model's probability is of (`Y` of `p(Y_i \\mid x_i)`)."""
    names = set()
    for reading in readings_of(definition):
        first = reading.params[0] if reading.params else None
        row = _ROW.fullmatch(first.name) if isinstance(first, sympy.Symbol) else None
        if row is not None:
            names.add(row.group(1))
    return names


def _definition_bodies(definition: Any) -> list[Any]:
    return [reading.body for reading in readings_of(definition) if isinstance(reading.body, sympy.Basic)]


def input_probability(definition: Any, given: tuple, values: Mapping[str, Any], evaluate: Callable[[Any], Any]) -> complex | None:
    """`p(x_i)`: the probability of sample i's input alone, where every argument is the input the model's
    probability is conditioned on: a positive number of the sample drawn with the data (the label table
    and the index pick it), the same at every value of the parameters.  None where the call is not so
    written or the point has no labels to draw it from."""
    inputs = {reading.params[1].base for reading in readings_of(definition)
              if len(reading.params) >= 2 and isinstance(reading.params[1], sympy.Indexed)}
    if not given or not all(isinstance(arg, sympy.Indexed) and arg.base in inputs and len(arg.indices) == 1 for arg in given):
        return None
    labels = _label_table(definition, values)
    if labels is None:
        return None
    indices = [index_value(evaluate(arg.indices[0])) for arg in given]
    if len(set(indices)) != 1 or not 1 <= indices[0] <= labels.shape[0]:
        raise EvaluationError(f"index {indices[0]} of the inputs is outside 1..{labels.shape[0]}")
    drawn = np.random.default_rng([zlib.crc32(np.ascontiguousarray(labels, dtype=float).tobytes()), indices[0]])
    return complex(drawn.uniform(*_INPUT_PROBABILITY_RANGE))


def _label_table(definition: Any, values: Mapping[str, Any]) -> np.ndarray | None:
    """The labels of the data: the table whose row is the model's first argument (`Y_i` of `p(Y_i \\mid x_i)`)."""
    for reading in readings_of(definition):
        first = reading.params[0] if reading.params else None
        row = _ROW.fullmatch(first.name) if isinstance(first, sympy.Symbol) else None
        table = values.get(row.group(1)) if row is not None else None
        if isinstance(table, np.ndarray) and table.ndim == 2:
            return table
    return None
