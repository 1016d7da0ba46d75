"""The author's letters renamed to the problem's in a line's text, all at once, and the problem's likelihood
called with the author's arguments read as its own parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy


def letters_renamed(text: str, renaming: Mapping[str, str]) -> str:
    """`text` with each lone letter of `renaming` (`n`; `a_0`, also written `a_{0}`; not a command's letter, not a
    word's, not in `\\text{...}` or `\\mathcal{...}`) renamed, all at once (so `n -> i` and `N -> n` do not chain)."""
    if not renaming:
        return text
    patterns = {_written(key): key for key in sorted(renaming, key=len, reverse=True)}
    letter = re.compile(rf"(?<![A-Za-z\\])(?:{'|'.join(f'(?P<k{k}>{p})' for k, p in enumerate(patterns))})(?![A-Za-z])")
    keys = list(patterns.values())

    def renamed(match: re.Match) -> str:
        key = keys[next(k for k in range(len(keys)) if match.group(f"k{k}") is not None)]
        return renaming[key]

    single = {key: target for key, target in renaming.items() if len(key) == 1}

    def in_subscript(match: re.Match) -> str:  # `Y_{ic}`, `w_{n,k}`: each letter of the list an index of its own
        return match.group(1) + "".join(single.get(char, char) for char in match.group(2)) + "}"

    # a word or a styled name (`\\text{for n}`, `\\mathcal{N}` the Gaussian) is not the author's letter
    parts = re.split(r"(\\(?:text|mathrm|operatorname|mathcal|mathbb|mathscr)\s*\{[^{}]*\})", text)
    return "".join(part if k % 2 else _INDEX_LIST.sub(in_subscript, letter.sub(renamed, part)) for k, part in enumerate(parts))


#: `_{ic}`, `_{n, k}`: a subscript listing two or three one-letter indices.
_INDEX_LIST = re.compile(r"(_\s*\{)((?:\s*[A-Za-z]\s*,?){2,3})\}")


def _written(key: str) -> str:
    """How the name `key` may be written: `a_0` as `a_0`, `a_{0}`, `a_{ 0 }`."""
    base, _, index = key.partition("_")
    if not index:
        return re.escape(base)
    return rf"{re.escape(base)}\s*_\s*(?:\{{\s*{re.escape(index)}\s*\}}|{re.escape(index)}(?![A-Za-z0-9]))"


#: One argument written as a name: `a_0`, `a_{1}`, `\\sigma`, `w`.
_ARGUMENT_NAME = re.compile(r"^\s*\\?([A-Za-z]+)\s*(?:_\s*\{?\s*([A-Za-z0-9]+)\s*\}?)?\s*$")


def argument_names(arguments: str) -> list[str] | None:
    """The names an argument list writes (`a_0, a_1, \\sigma` -> a_0, a_1, sigma); None where one argument is
    more than a name."""
    names = []
    for argument in arguments.split(","):
        match = _ARGUMENT_NAME.match(argument)
        if match is None:
            return None
        names.append(f"{match.group(1)}_{match.group(2)}" if match.group(2) else match.group(1))
    return names


@dataclass(frozen=True)
class Likelihood:
    """The problem's likelihood: the function whose definition is the product over the samples."""

    name: str
    """The function's name (`L`)."""

    params: tuple[str, ...]
    """Its parameters, as the problem names them (`w`, `b`; `theta`)."""

    @property
    def call(self) -> str:
        """The likelihood called with its own parameters, as LaTeX (`L(w, b)`, `L(\\theta)`)."""
        params = ", ".join("\\" + p if len(p) > 1 and p.isalpha() else p for p in self.params)
        return f"{self.name}({params})"

    def calls(self, text: str) -> list[re.Match]:
        """The calls of the likelihood in `text` with a plain argument list (`L(a_0, a_1, \\sigma)`)."""
        return list(re.finditer(rf"(?<![A-Za-z\\]){re.escape(self.name)}\s*\(([^()]*)\)", text))

    def arguments_read(self, text: str, renaming: Mapping[str, str], known: set[str]) -> str:
        """`text` with each call of the likelihood that writes a renamed letter among its arguments, and then
        names each parameter once besides names the problem knows (`L(a_0, a_1, \\sigma)` with a_0, a_1 read
        as b, w), written as the likelihood of its parameters: the author's own argument list, read by role."""
        def read(match: re.Match) -> str:
            names = argument_names(match.group(1))
            if names is None or not set(names) & set(renaming):
                return match.group(0)
            renamed = [renaming.get(name, name) for name in names]
            params = [name for name in renamed if name in self.params]
            others = [name for name in renamed if name not in self.params]
            if sorted(params) != sorted(self.params) or any(name not in known for name in others):
                return match.group(0)
            return self.call

        return re.sub(rf"(?<![A-Za-z\\]){re.escape(self.name)}\s*\(([^()]*)\)", read, text)


def likelihood_of(functions: Mapping[str, tuple[str, ...]], definitions: Mapping[str, Any]) -> Likelihood | None:
    """The problem's likelihood: its function whose definition is a product (over the samples); None where the
    problem defines none or more than one."""
    found = [name for name, definition in definitions.items()
             if name in functions and functions[name] and isinstance(getattr(definition, "body", None), sympy.Product)]
    return Likelihood(found[0], tuple(functions[found[0]])) if len(found) == 1 else None
