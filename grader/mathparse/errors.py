"""The one exception the parser lets out, and the sentences it is told in."""

from __future__ import annotations

from typing import Any

from grader.results.i18n import define, render
from grader.results.models import Message

_WHERE_EN = "could not read `{snippet}` at column {column}: "
_WHERE_ZH = "无法读取第 {column} 列的 `{snippet}`："

_SENTENCES = {
    "parse.empty": ("there is no expression here", "这里没有表达式"),
    "parse.too_long": (
        "the text is {length} characters long, more than the limit of {limit}",
        "文本长 {length} 个字符，超过上限 {limit}",
    ),
    "parse.too_deep": (
        "brackets or fractions are nested more than {limit} levels deep",
        "括号或分式嵌套超过 {limit} 层",
    ),
    "parse.too_large": (
        "the expression has more than {limit} parts",
        "表达式的组成部分超过 {limit} 个",
    ),
    "parse.number_too_big": (
        "the number would be too big to work with ({reason})",
        "数值过大，无法处理（{reason}）",
    ),
    "parse.exponent_too_big": (
        "the exponent {exponent} is larger than this grader works with (at most {limit})",
        "指数 {exponent} 超出了本评分程序的处理范围（最多 {limit}）",
    ),
    "parse.sum_bound": (
        "a bound of a sum or product may be at most {limit} in size",
        "求和或连乘的上下限绝对值不能超过 {limit}",
    ),
    "parse.empty_group": ("there is nothing between these brackets", "括号之间没有内容"),
    "parse.unexpected": ("unexpected `{token}`", "意外的 `{token}`"),
    "parse.value_pair": (
        ("two values `({first}, {second})` where one is expected: if they are the values of two cases, state the cases "
         "(`\\begin{{cases}} a & k = j \\\\ b & k \\neq j \\end{{cases}}`) and write one value per line; not checked"),
        "在只应有一个值的地方写了两个值 `({first}, {second})`：如果它们是两种情形下的值，请写出情形（`\\begin{{cases}} a & k = j \\\\ b & k \\neq j \\end{{cases}}`），每行写一个值；未检查",
    ),
    "parse.elided_claim": (
        ("a step to or from terms written with an ellipsis whose pattern they do not fix: the terms left out cannot be read, so "
         "the step is not checked. Write the sum or product over its index (or the first and the last term in the same "
         "form) to have it checked"),
        "到达或出自含省略号且写出的项不能确定其规律的式子的一步：省略的项无法读取，因此不检查这一步。若要检查，请写成对下标的求和或连乘（或把首项和末项写成同一形式）",
    ),
    "parse.missing": ("missing `{expected}`", "缺少 `{expected}`"),
    "parse.missing_term": (
        "an expression is missing next to `{token}`",
        "`{token}` 旁缺少表达式",
    ),
    "parse.unknown_command": ("unknown command `{token}`", "未知命令 `{token}`"),
    "parse.unknown_character": ("unknown character `{token}`", "未知字符 `{token}`"),
    "parse.unsupported": ("`{token}` is not supported here", "此处不支持 `{token}`"),
    "parse.unsupported_relation": (
        "the relation `{token}` cannot be checked; use =, \\Rightarrow or \\Leftrightarrow",
        "无法检查关系 `{token}`；请使用 =、\\Rightarrow 或 \\Leftrightarrow",
    ),
    "parse.not_an_expression": (
        "expected a single expression, found a relation `{token}`",
        "应为单个表达式，却出现了关系 `{token}`",
    ),
    "parse.shape": (
        "the shapes {left} and {right} do not fit together for `{operation}`",
        "形状 {left} 与 {right} 在 `{operation}` 中不匹配",
    ),
    "parse.not_scalar": (
        "a matrix of shape {shape} stands where a number is needed",
        "此处需要一个数，却是形状为 {shape} 的矩阵",
    ),
    "parse.index_count": (
        "`{name}` takes {expected} index(es), found {found}",
        "`{name}` 需要 {expected} 个下标，却有 {found} 个",
    ),
    "parse.index_range": (
        "the sum index `{index}` has no range; write e.g. \\sum_{{{index}=1}}^{{n}}",
        "求和下标 `{index}` 没有范围；请写成如 \\sum_{{{index}=1}}^{{n}} 的形式",
    ),
    "parse.sum_range": (
        "the sum's range is not written, and nothing under it is an index of this problem's quantities; write e.g. \\sum_{{i=1}}^{{n}}",
        "求和的范围没有写出，且其中没有本题量的下标；请写成如 \\sum_{{i=1}}^{{n}} 的形式",
    ),
    "parse.bad_limits": (
        "cannot read the limits of this sum or product",
        "无法读取求和或连乘的上下限",
    ),
    "parse.argopt_position": (
        "\\arg\\min / \\arg\\max must stand alone as a whole side of a relation",
        "\\arg\\min / \\arg\\max 必须单独构成关系的一侧",
    ),
    "parse.function_args": (
        "the function `{name}` needs its arguments in parentheses",
        "函数 `{name}` 需要用括号给出参数",
    ),
    "parse.derivative": (
        "cannot read this derivative; write e.g. \\frac{{\\partial E}}{{\\partial z_i}}",
        "无法读取此导数；请写成如 \\frac{{\\partial E}}{{\\partial z_i}} 的形式",
    ),
    "parse.text": (
        "the text `{token}` is not math; keep prose outside the formula",
        "文字 `{token}` 不是数学表达式；请把说明文字写在公式之外",
    ),
    "parse.internal": (
        "this expression could not be read (the grader does not handle this notation yet)",
        "无法读取此表达式（评分程序尚不能处理这种写法）",
    ),
}

define({key: (_WHERE_EN + en, _WHERE_ZH + zh) for key, (en, zh) in _SENTENCES.items()})

_SNIPPET_CHARS = 24


def snippet_at(src: str, offset: int) -> str:
    """A short excerpt of `src` starting at `offset` (or its tail when `offset` is at the end)."""
    offset = max(0, min(offset, len(src)))
    text = src[offset : offset + _SNIPPET_CHARS].strip()
    if not text:
        text = src[max(0, offset - _SNIPPET_CHARS) :].strip()
    if offset + _SNIPPET_CHARS < len(src):
        text += "…"
    return text


class MathParseError(Exception):
    """Math that could not be read, with where and why, as a catalog `Message`."""

    def __init__(self, what: str, src: str, offset: int, **params: Any) -> None:
        self.column = max(0, min(offset, len(src))) + 1
        snippet = snippet_at(src, offset)
        self.message = Message(f"parse.{what}", {"snippet": snippet, "column": self.column, **params})
        super().__init__(render(self.message, "en"))

    @property
    def key(self) -> str:
        return self.message.key

    def __str__(self) -> str:
        return render(self.message, "en")


#: The errors that say the notation is unknown to the parser, not that the math is wrong: a line that
#: fails with one is a step that could not be checked, never a wrong one.
NOTATION_ERRORS = frozenset(
    f"parse.{key}" for key in ("unknown_command", "unknown_character", "unsupported", "unsupported_relation", "text", "unexpected", "internal",
                               # an index without a range, limits or a derivative written otherwise: notation, not wrong math
                               "index_range", "sum_range", "bad_limits", "derivative", "function_args", "index_count",
                               "value_pair", "elided_claim")
)
