"""The message catalog: every feedback sentence in English and Chinese.

Each area of the grader declares its sentences where they are used::

    from grader.results.i18n import define

    define({
        "answer.correct": ("Correct.", "正确。"),
        "answer.wrong": ("Expected an expression equal to {expected}.", "应为与 {expected} 相等的表达式。"),
    })

and puts `Message("answer.correct")` into results.  Templates turn
messages into sentences with `render`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from grader.results.models import Message

LANGUAGES = ("en", "zh")

_CATALOG: dict[str, dict[str, str]] = {}


def define(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add sentences to the catalog: key -> (English, Chinese)."""
    for key, (en, zh) in entries.items():
        if key in _CATALOG and _CATALOG[key] != {"en": en, "zh": zh}:
            raise ValueError(f"message {key!r} is defined twice with different text")
        _CATALOG[key] = {"en": en, "zh": zh}


def known(key: str) -> bool:
    return key in _CATALOG


def keys() -> list[str]:
    return sorted(_CATALOG)


class _Lenient(dict):
    """Formats a missing parameter as an empty string rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


#: Parameters that carry how the sandbox says a call ended (see `grader.results.phrases`).
_SANDBOX_TEXT_PARAMS = ("detail", "how")

_translated: Callable[[str, str], str] | None
try:
    from grader.results.phrases import translated as _translated
except ImportError:  # a partial copy of the package (an older student kit's tool): phrases stay English
    _translated = None


#: Parameter types whose value alone decides how a sentence reads (no nested message, no list).
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def render(message: Message, lang: str = "en") -> str:
    """The message as a sentence in `lang` (falls back to English, then to the key)."""
    entry = _CATALOG.get(message.key)
    if entry is None:
        params = ", ".join(f"{k}={v}" for k, v in message.params.items())
        return f"{message.key}" + (f" ({params})" if params else "")
    items = []
    for name, value in message.params.items():
        kind = type(value)
        if kind not in _PLAIN_TYPES or (kind is float and value == 0.0):  # 0.0 == -0.0, not the same text
            return _format(entry, message.params, lang)
        items.append((name, kind, value))  # the type too: True == 1 == 1.0, written differently
    return _formatted(message.key, lang, tuple(items))


@functools.lru_cache(maxsize=8192)
def _formatted(key: str, lang: str, items: tuple[tuple[str, type, object], ...]) -> str:
    # reports say the same sentences with the same values again (each format, each language, the
    # summary and the detail); the catalog's text of a key never changes once defined
    return _format(_CATALOG[key], {name: value for name, _, value in items}, lang)


def _format(entry: Mapping[str, str], values: Mapping[str, object], lang: str) -> str:
    template = entry.get(lang) or entry["en"]
    params = _Lenient({k: _plain(v, lang) for k, v in values.items()})
    if lang != "en" and _translated is not None:
        # the sandbox's own phrases, passed on as plain text, in the report's language too
        for name in _SANDBOX_TEXT_PARAMS:
            if name in params:
                params[name] = _translated(params[name], lang)
    try:
        # str.format_map is string.Formatter's rule in C: a missing name is asked of
        # _Lenient.__missing__, a positional field fails and the template is shown as it is
        return template.format_map(params)
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


def _plain(value: object, lang: str) -> object:
    """Nested messages are rendered; everything else is left to format()."""
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Message) for v in value):
        return " ".join(render(v, lang) for v in value)
    return value


define(
    {
        "grader.internal_error": (
            "The grader failed on this problem ({error}); it was not graded. Please tell the course staff.",
            "评分程序在此题出错（{error}），本题未评分。请告知助教。",
        ),
        "grader.not_graded": ("This problem is not graded yet.", "本题暂不评分。"),
        "grader.timeout": (
            "Grading this part took longer than {seconds} s and was stopped.",
            "此部分评分超过 {seconds} 秒，已被终止。",
        ),
        "submission.file_missing": (
            "The file {file} is missing from the submission.",
            "提交中缺少文件 {file}。",
        ),
        "submission.file_unreadable": (
            "The file {file} could not be read: {reason}.",
            "无法读取文件 {file}：{reason}。",
        ),
        "submission.not_a_directory": (
            "The submission {path} is not a directory.",
            "提交 {path} 不是一个目录。",
        ),
        "answers.section_missing": (
            "answers.md has no section '## {problem}'.",
            "answers.md 中没有 “## {problem}” 一节。",
        ),
    }
)
