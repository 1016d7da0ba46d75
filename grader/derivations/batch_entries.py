r"""A batch of samples written with two indices: `E = -\frac{1}{m}\sum_{i,j} Y_{ij}\log y_{ij}`, `z_{pq}`.

Where the problem's loss is one sample's cross-entropy (`class_letters.cross_entropy_families`), authors often derive
the gradient for a whole batch at once: the logits a matrix with a row per sample and a column per class (`z_{ij}`,
sample i, class j), the softmax taken along each row, the loss the mean over the m samples, and the result
`\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})` or, as a matrix, `\frac{1}{m}(\boldsymbol y -
\boldsymbol Y)`.  A careful TA reads the first index as the sample and the second as the class, the batch size m as
the author's letter, and checks the steps for that batch.

So do we, for a derivation that writes an entry of the problem's logits, probabilities or labels with two indices and
names one batch size (the one letter the problem does not know under `\frac{1}{m}` or as a sum's upper end): each line
the problem's own reading left unread or unchecked is read with the families as matrices (`Notation.index_positions`:
the sample's row, the class's column; a sum without its range over the role of its letter, `sum_ranges`) and checked
numerically on batches of three shapes (3 samples x 4 classes, 5 x 3, 4 x 6: every size differs from the others, so
a number written for the batch size or the class count differs somewhere) with labels on the simplex, at an entry
(p, q) drawn on each.  A missing or doubled 1/m, swapped indices, a label for a probability all differ there.  After
the author defined the loss as the batch's mean (or sum), a gradient in matrix form the problem's one-sample reading
judged right is judged for that loss too (`\frac{\partial E}{\partial \boldsymbol z} = \boldsymbol y - \boldsymbol Y`
lacks the mean's 1/m).  The values are floats walked over the tree (`entry_values`: sums over short ranges only,
derivatives as central differences, no SymPy work on the student's expression), the lines are read only in the first
`SCANNED_LINES` and before the time limit, and only those judged or continued are parsed.  The feedback says the
reading taken on each line it judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from grader.derivations.author_notation import SCANNED_LINES
from grader.derivations.class_letters import cross_entropy_families
from grader.derivations.faults import deadline_passed
from grader.derivations.terms import Term
from grader.mathengine.bounds import TooLarge, check_nodes
from grader.mathengine.entry_values import EntryValues, NoValue
from grader.mathengine.equivalence import Checker
from grader.mathparse import MathParseError, Notation, parse_line
from grader.mathparse.sum_ranges import role_range
from grader.results.i18n import define
from grader.results.models import Counterexample, DerivationLine, LinkResult, Message

define(
    {
        "derivation.reading_batch_entries": (
            ("the batch written with two indices ({logits}_{{pq}}: sample p's logit of class q; {size} the batch size), "
             "the softmax along each sample's row and {loss} the batch's mean (or sum, where the author defines it so), checked on batches of "
             "{shapes} (samples × classes)"),
            "以双下标写出的批（{logits}_{{pq}}：样本 p 的第 q 类 logit；{size} 为批大小），softmax 沿每个样本的行取，{loss} 为批上的平均（作者如此定义时为总和），在 {shapes}（样本 × 类别）的批上检查",
        ),
        "derivation.batch_entries_differ": (
            ("The two sides are not equal for a batch ({logits}_{{pq}}: sample p's logit of class q, {size} the batch "
             "size, {loss} the batch's mean, or sum where the author defines it so): at the point shown they differ."),
            "对一个批（{logits}_{{pq}}：样本 p 的第 q 类 logit，{size} 为批大小，{loss} 为批上的平均，作者如此定义时为总和）两边不相等：在所示的点上取值不同。",
        ),
    }
)

#: The batches the lines are checked on, (samples, classes), one draw of values and entries (p, q) on each.  Within a
#: shape the sizes differ (a class index summed to the batch size, or the reverse, differs); across the shapes every
#: size differs too, so that no number written for the batch size or the class count (`\frac{1}{3}`, `K - 3`)
#: agrees on all of them.
SHAPES = ((3, 4), (5, 3), (4, 6))
#: How far apart two values may be and still agree, relative (a central difference is exact to about 1e-10 here).
_TOLERANCE = 1e-7
#: Nodes of a side read at all.
_MOST_NODES = 4000
_SAMPLE_SLOT, _CLASS_SLOT = "#sample", "#class"
_ONE_OVER = re.compile(r"\\[dt]?frac\s*\{\s*-?\s*1\s*\}\s*\{\s*([A-Za-z])\s*\}|(?<![A-Za-z\\])1\s*/\s*([A-Za-z])(?![A-Za-z])")
#: A transpose as the parser reads it (`^T`, `^{\top}`, `^\intercal`, `^{-T}`).  The batch's families are written as
#: entries in its notation, where a transpose is read as nothing (a number's transpose is itself): a line that writes
#: one (`(\boldsymbol y - \boldsymbol Y)^T`, a matrix of the other shape) is not read as a batch.
_TRANSPOSE = re.compile(r"\^\s*\{?\s*-?\s*(?:T|\\top|\\intercal)(?![A-Za-z])")
_UPPER = re.compile(r"\\sum\s*(?:\\limits\s*)?_\s*(?:\{[^{}]*\}|[A-Za-z])\s*\^\s*\{?\s*([A-Za-z])(?![A-Za-z])")


@dataclass(frozen=True)
class BatchReading:
    """The problem's families read as a batch's matrices, and the author's batch size."""

    logits: str
    """The family the probabilities are the softmax of (`z`)."""
    probabilities: str
    """The model's probabilities (`y`)."""
    labels: str
    """The labels (`Y`)."""
    loss: str
    """The problem's loss, one sample's cross-entropy (`E`), read as the batch mean."""
    size: str
    """The author's batch size (`m`)."""
    classes: str
    """The number of classes (`K`)."""
    notation: Notation
    """The notation the lines are read with: the three families with two indices (sample, class)."""
    mean: bool = True
    """The loss is the mean over the batch (False: the sum, where the author defines it so)."""


def batch_reading(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> BatchReading | None:
    """The batch reading of a derivation that writes the problem's families with two indices and one batch size."""
    families = cross_entropy_families(notation, checker)
    if families is None:
        return None
    labels, probabilities, loss = families
    logits, classes = _logits_and_classes(checker, probabilities, loss)
    if logits is None or classes is None:
        return None
    texts = [str(source.text) for source in sources[:SCANNED_LINES]]
    names = "|".join(re.escape(name) for name in (logits, probabilities, labels))
    entry = re.compile(rf"(?<![A-Za-z\\])(?:{names})\s*\}}?\s*_\s*\{{\s*[A-Za-z]\s*,?\s*[A-Za-z]\s*\}}")
    if not any(entry.search(text) for text in texts):
        return None
    taken = {*known_names, *notation.indexed, *notation.index_ranges, *notation.symbols, classes, "e"}
    sizes = {letter for text in texts for pattern in (_ONE_OVER, _UPPER) for match in pattern.finditer(text)
             for letter in match.groups() if letter and letter not in taken}
    if len(sizes) != 1:
        return None
    size = sizes.pop()
    ranges = {_SAMPLE_SLOT: ("1", size), _CLASS_SLOT: ("1", classes)}
    batch = replace(notation, indexed={**dict(notation.indexed), logits: 2, probabilities: 2, labels: 2}, index_ranges=ranges,
                    index_positions=dict.fromkeys((logits, probabilities, labels), (_SAMPLE_SLOT, _CLASS_SLOT)))
    return BatchReading(logits, probabilities, labels, loss, size, classes, batch)


def _logits_and_classes(checker: Checker, probabilities: str, loss: str) -> tuple[str | None, str | None]:
    """The one family the probabilities' definition is written in, and the upper end of the loss's sum."""
    definition = checker.definitions.get(probabilities)
    body = getattr(definition, "body", None)
    inside = {str(node.base) for node in body.atoms(sympy.Indexed)} - {probabilities} if isinstance(body, sympy.Basic) else set()
    loss_body = getattr(checker.definitions.get(loss), "body", None)
    sums = list(loss_body.atoms(sympy.Sum)) if isinstance(loss_body, sympy.Basic) else []
    uppers = {str(limit[2]) for total in sums for limit in total.limits}
    return (inside.pop() if len(inside) == 1 else None), (uppers.pop() if len(uppers) == 1 else None)


def batch_lines_read(lines: list[DerivationLine], sources: Sequence[Any], notation: Notation, checker: Checker,
                     known_names: set[str], terms: list[Term]) -> list[DerivationLine]:
    """`lines` with those the problem's reading left unread or unchecked judged as a batch, where the derivation
    writes one (`batch_reading`); every other line as it was, but for a gradient in matrix form that is wrong for the
    author's batch loss (`_matrix_form_rejudged`).  The gradient of a line judged right is added to `terms` (the
    derivation's terms, where its result is looked for) as one sample's (`_one_sample`).  Past the time limit the
    lines are left as they are, and a line is parsed only where it is judged or continued."""
    reading = batch_reading(sources, notation, checker, known_names)
    if reading is None:
        return lines
    parses = _Parses(lines, reading.notation)
    reading, defined_at = _author_total(parses, reading, checker)
    headed = re.compile(rf"^\s*{re.escape(reading.loss)}\s*(?:\([^=]*\))?\s*=")
    judged: list[DerivationLine] = []
    for at, line in enumerate(lines[:SCANNED_LINES]):
        if deadline_passed(checker.deadline):
            break  # past the time limit: the rest as the problem's reading left them
        written = line
        if _undecided(line):
            line = _batch_judged(at, line, parses, reading, notation, terms)
        elif defined_at is not None and at > defined_at:
            line = _matrix_form_rejudged(at, line, parses, reading)
        if defined_at is not None and at > defined_at and headed.match(str(written.source)) and (line is written or not line.links[0].valid):
            defined_at = None  # the loss given another value than the batch's: the author may have gone back to one sample
        judged.append(line)
    return [*judged, *lines[len(judged):]]


class _Parses:
    """The lines parsed in the batch's notation, each at most once and only where it is needed."""

    def __init__(self, lines: Sequence[DerivationLine], notation: Notation) -> None:
        self.lines = lines
        self.notation = notation
        self.found: dict[int, Any] = {}

    def at(self, number: int) -> Any:
        """The line at index `number` parsed (None where it cannot be)."""
        if number not in self.found:
            self.found[number] = _parsed(str(self.lines[number].source), self.notation)
        return self.found[number]

    def last_before(self, number: int) -> tuple | None:
        """What a line that starts with its relation (`= ...`) continues: the last side of the line before it, passing
        over lines the problem could not read that the batch's notation cannot either; None after a line without one."""
        for before in range(number - 1, -1, -1):
            parsed = self.at(before)
            if parsed is not None and parsed.terms:
                return parsed.terms[-1], parsed.term_sources[-1]
            if self.lines[before].error is None:
                return None
        return None


def _undecided(line: DerivationLine) -> bool:
    """The problem's reading left the line unread or unchecked, and charged none of its steps."""
    return (line.error is not None or any(link.valid is None for link in line.links)) and not any(link.valid is False for link in line.links)


def _batch_judged(at: int, line: DerivationLine, parses: _Parses, reading: BatchReading, notation: Notation,
                  terms: list[Term]) -> DerivationLine:
    """The line judged as a batch (as it was where a step cannot be); a right batch gradient adds its result for one
    sample to `terms`."""
    parsed = parses.at(at)
    if parsed is None:
        return line
    last = parses.last_before(at) if parsed.leading_relation is not None else None
    links = _links(parsed, last, reading)
    if not links:
        return line
    result = _one_sample(parsed, last, reading, notation) if all(link.valid for link in links) else None
    if result is not None:  # the gradient it starts from, for one sample, then its value
        gradient = sympy.Derivative(sympy.Symbol(reading.loss), sympy.Indexed(reading.logits, sympy.Symbol(min(notation.index_ranges))))
        terms.extend((Term(gradient, links[0].left, line.number), Term(result, parsed.term_sources[-1], line.number)))
    return replace(line, links=links, error=None)


def _matrix_form_rejudged(at: int, line: DerivationLine, parses: _Parses, reading: BatchReading) -> DerivationLine:
    """A line the problem's reading judged right that starts from the loss's gradient in matrix form
    (`\\frac{\\partial E}{\\partial \\boldsymbol z} = \\boldsymbol y - \\boldsymbol Y`), written after the author defined the
    loss as the batch's mean (or sum): the author's E is the batch's, so the line is judged for it and charged where
    it is wrong there (the 1/m of the mean dropped).  Every other line as it was."""
    if line.error is not None or not line.links or not all(link.valid for link in line.links):
        return line
    text = str(line.source)
    if "partial" not in text and not text.lstrip().startswith("="):
        return line
    parsed = parses.at(at)
    if parsed is None:
        return line
    last = parses.last_before(at) if parsed.leading_relation is not None else None
    first = last[0] if last is not None else parsed.terms[0] if parsed.leading_relation is None and parsed.terms else None
    matrix = sympy.Derivative(sympy.Symbol(reading.loss), sympy.Symbol(reading.logits))
    if first != matrix:
        return line
    links = _links(parsed, last, reading)
    return replace(line, links=links) if links and any(link.valid is False for link in links) else line


def _author_total(parses: _Parses, reading: BatchReading, checker: Checker) -> tuple[BatchReading, int | None]:
    """The reading with the loss the author defines for the batch: the mean, or the sum where the first line that
    gives the loss a value (`E = -\\sum_{i,j} Y_{ij} \\log y_{ij}`) gives it the sum (a TA takes the author's batch
    total; a definition that is neither keeps the mean, and is charged); and the index of that line where it is one
    of the two (None where it is neither, or there is none)."""
    headed = re.compile(rf"^\s*{re.escape(reading.loss)}\s*=")
    for at, line in enumerate(parses.lines[:SCANNED_LINES]):
        if deadline_passed(checker.deadline):
            break
        parsed = parses.at(at) if headed.match(str(line.source)) else None
        if parsed is None or parsed.leading_relation is not None or len(parsed.terms) < 2 or parsed.terms[0] != sympy.Symbol(reading.loss):
            continue
        if _compared(parsed.terms[0], parsed.terms[1], reading) is True:
            return reading, at
        total = replace(reading, mean=False)
        return (total, at) if _compared(parsed.terms[0], parsed.terms[1], total) is True else (reading, None)
    return reading, None


def _one_sample(parsed: Any, last: tuple | None, reading: BatchReading, notation: Notation) -> Any:
    """The last side of a line that starts from the loss's gradient (`\\frac{\\partial E}{\\partial z_{pq}} = ...`, or as a
    matrix `\\frac{\\partial E}{\\partial \\boldsymbol z}`), read for one sample: the batch size 1 and every entry of
    sample p that sample's entry (`y_{pq}` as `y_q`, the class letter one of the problem's); None where the line
    starts otherwise or its last side writes another sample."""
    first = last[0] if parsed.leading_relation is not None and last is not None else parsed.terms[0]
    if not (isinstance(first, sympy.Derivative) and first.expr == sympy.Symbol(reading.loss) and len(first.variables) == 1):
        return None
    families = (reading.logits, reading.probabilities, reading.labels)
    letter = min(notation.index_ranges) if notation.index_ranges else None
    variable, result = first.variables[0], parsed.terms[-1].xreplace({sympy.Symbol(reading.size): 1})
    if letter is None or not isinstance(result, sympy.Expr):
        return None
    if variable == sympy.Symbol(reading.logits):  # the matrix form: each family written bare is its entry
        return result.xreplace({sympy.Symbol(name): sympy.Indexed(name, sympy.Symbol(letter)) for name in families})
    if not (isinstance(variable, sympy.Indexed) and str(variable.base) == reading.logits and len(variable.indices) == 2):
        return None
    return _sample_entries(result, variable.indices, families, sympy.Symbol(letter))


def _sample_entries(result: Any, entry: tuple, families: tuple[str, ...], letter: sympy.Symbol) -> Any:
    """`result` with every entry of the sample `entry[0]` that sample's entry (`y_{pq}` as `y_{letter}` for the class
    `entry[1]`); None where it writes another sample, or the sample or class letter elsewhere."""
    sample, cls = entry
    entries = {}
    for node in result.atoms(sympy.Indexed):
        if str(node.base) not in families or len(node.indices) != 2 or node.indices[0] != sample:
            return None
        entries[node] = sympy.Indexed(str(node.base), letter if node.indices[1] == cls else node.indices[1])
    result = result.xreplace(entries)
    return None if sample in result.free_symbols or cls in result.free_symbols else result


def _parsed(text: str, notation: Notation):
    """The line read in the batch's notation: None where it cannot be, has another relation than `=`, or writes a
    transpose (`_TRANSPOSE`)."""
    if _TRANSPOSE.search(text):
        return None
    try:
        parsed = parse_line(text, notation)
    except MathParseError:
        return None
    if set(parsed.relations) - {"="} or parsed.leading_relation not in (None, "="):
        return None
    return parsed


def _links(parsed: Any, last: tuple | None, reading: BatchReading) -> tuple[LinkResult, ...]:
    """The line's links judged for a batch; empty where any of them cannot be (the line keeps its verdict)."""
    terms, sources = list(parsed.terms), list(parsed.term_sources)
    if parsed.leading_relation is not None:
        if last is None:
            return ()
        terms, sources = [last[0], *terms], [last[1], *sources]
    if len(terms) < 2:
        return ()
    verdicts = [_compared(terms[k], terms[k + 1], reading) for k in range(len(terms) - 1)]
    if any(verdict is None for verdict in verdicts):
        return ()
    said = {"logits": reading.logits, "size": reading.size, "loss": reading.loss,
            "shapes": ", ".join(f"{samples}×{classes}" for samples, classes in SHAPES)}
    links = []
    for k, verdict in enumerate(verdicts):
        if verdict is True:
            note = Message("derivation.reading", {"reading": Message("derivation.reading_batch_entries", said)}) if k == 0 else None
            links.append(LinkResult(sources[k], "=", sources[k + 1], True, note))
        else:
            links.append(LinkResult(sources[k], "=", sources[k + 1], False, Message("derivation.batch_entries_differ", said),
                                    verdict if isinstance(verdict, Counterexample) else None))
    return tuple(links)


def _compared(left: Any, right: Any, reading: BatchReading) -> bool | Counterexample | None:
    """True where both sides agree on every batch drawn, the first point where they differ, None where a side has no
    value on a batch (a name it does not know, a sum too long, an expression too large)."""
    if not (isinstance(left, sympy.Expr) and isinstance(right, sympy.Expr)):
        return None
    rng = np.random.default_rng(2026)  # the same batches for every submission: the grade never depends on a seed
    for shape in SHAPES:
        point = _point(rng, left, right, reading, shape)
        if point is None:
            return None
        a, b = _value(left, point, reading), _value(right, point, reading)
        if a is None or b is None:
            return None
        if abs(a - b) > _TOLERANCE * (1 + abs(a) + abs(b)):
            shown = {name: str(value) for name, value in point["indices"].items()}
            samples, classes = shape
            return Counterexample({reading.size: str(samples), reading.classes: str(classes), **shown}, f"{a:.6g}", f"{b:.6g}")
    return True


def _point(rng: np.random.Generator, left: Any, right: Any, reading: BatchReading, shape: tuple[int, int]) -> dict | None:
    """A batch of `shape` (samples, classes): the logits, labels on the simplex by rows, and a value for each free
    index by its role."""
    samples, classes = shape
    both = sympy.Tuple(left, right)
    families = {reading.logits, reading.probabilities, reading.labels}
    indices = {}
    bound = {limit[0].name for total in both.atoms(sympy.Sum, sympy.Product) for limit in total.limits}
    for letter in sorted({index.name for entry in both.atoms(sympy.Indexed) if str(entry.base) in families
                          for index in entry.indices if isinstance(index, sympy.Symbol)} - bound):
        found = role_range(both, letter, reading.notation)
        # a letter at a sample's position and at a class's (`y_{qp}` beside `z_{pq}`) is drawn where both exist,
        # so that the swapped entry is on the batch and the step is judged
        top = min(samples, classes) if found is None else samples if found[1] == reading.size else classes
        indices[letter] = int(rng.integers(1, top + 1))
    labels = rng.dirichlet(np.ones(classes), size=samples)
    entry = (int(rng.integers(1, samples + 1)), int(rng.integers(1, classes + 1)))
    return {"logits": rng.normal(size=shape), "labels": labels, "indices": indices, "entry": entry, "shape": shape}


def _value(side: Any, point: dict, reading: BatchReading) -> float | None:
    """One side's value on the batch `point` (`entry_values`: no SymPy work on the student's expression); None
    where it has none."""
    expr = _at_entry(side, point["entry"], reading)
    try:
        check_nodes(expr, _MOST_NODES)
    except TooLarge:
        return None
    samples, classes = point["shape"]
    scalars = {reading.size: samples, reading.classes: classes, **point["indices"]}
    arrays = {reading.logits: point["logits"], reading.labels: point["labels"]}
    derived = {reading.probabilities: lambda values: _softmax(values[reading.logits]),
               reading.loss: lambda values: -float(np.sum(values[reading.labels] * np.log(_softmax(values[reading.logits])))) / (samples if reading.mean else 1)}
    try:
        return EntryValues(arrays, scalars, derived).value(expr)
    except NoValue:
        return None


def _at_entry(side: Any, entry: tuple[int, int], reading: BatchReading) -> Any:
    """A side written for whole matrices (`\\frac{\\partial E}{\\partial \\boldsymbol z} = \\frac{1}{m}(\\boldsymbol y -
    \\boldsymbol Y)`) at one entry: each family written bare (not as an entry) stands for its entry there."""
    entries = {node: sympy.Dummy() for node in side.atoms(sympy.Indexed)}
    hidden = side.xreplace(entries)
    bare = {sympy.Symbol(name): sympy.Indexed(name, *entry) for name in (reading.logits, reading.probabilities, reading.labels)}
    if not set(bare) & hidden.atoms(sympy.Symbol):
        return side
    return hidden.xreplace(bare).xreplace({dummy: node for node, dummy in entries.items()})


def _softmax(logits: np.ndarray) -> np.ndarray:
    """The softmax along each sample's row."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)
