"""Why an expression could not be checked: the evaluator's reasons as messages in both languages.

The evaluator raises `EvaluationError` with a short English text; a student reads it as one of the
sentences below (matched by pattern, the names in it kept), never as a Python exception's own text.
"""

from __future__ import annotations

import re

from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "equivalence.could_not_evaluate": (
            "This could not be checked: {error}.",
            "无法检查：{error}。",
        ),
    }
)

#: The evaluator's reasons, as sentences in both languages (patterns over its English text).
_EVALUATION_REASONS = (
    (r"no value for (?P<name>\S+)", "{name} has no value here (a name this problem does not know, or a random variable outside E[...] or Var(...))",
     "{name} 在此没有取值（本题中没有这个名字，或者是写在 E[...]、Var(...) 之外的随机变量）"),
    (r"logarithm of zero", "a logarithm of 0", "对 0 取对数"),
    (r"no definition of the function (?P<name>\S+)", "the function {name} is not defined", "函数 {name} 没有定义"),
    (r"no definition of (?P<name>\S+)", "{name} is not defined", "{name} 没有定义"),
    (r"cannot take the gradient with respect to (?P<name>\S+)", "cannot take the gradient with respect to {name}", "无法对 {name} 求梯度"),
    (r"cannot differentiate with respect to (?P<name>\S+)", "cannot differentiate with respect to {name}", "无法对 {name} 求导"),
    (r"the value is not finite", "the value is not finite", "值不是有限数"),
    (r"too large to expand", "too large to expand", "表达式太大，无法展开"),
    (r"no usable point", "no point where both sides have a value", "没有两边都有值的取值点"),
    (r"the objectives have no value at the sample points", "the objectives have no value at the sample points", "目标函数在取样点处没有值"),
    (r"(?P<name>\S+) is defined in terms of itself", "{name} is defined in terms of itself", "{name} 的定义引用了它自己"),
    (r"index (?P<index>\S+) of (?P<name>\S+) is outside (?P<range>\S+)", "index {index} of {name} is outside {range}", "{name} 的下标 {index} 超出范围 {range}"),
    (r"division by zero", "a division by zero", "除以零"),
    (r"singular matrix", "a matrix that cannot be inverted", "一个不可逆的矩阵"),
    (r"expected a number, got a matrix", "a matrix stands where a number is needed", "此处需要一个数，却是一个矩阵"),
    (r"a value could not be computed here", "a value could not be computed here (the parts of the expression do not fit together)",
     "此处无法计算出数值（表达式的各部分不相容）"),
)
_REASON_PATTERNS = [(re.compile(pattern + "$"), f"evaluation.{n}") for n, (pattern, _, _) in enumerate(_EVALUATION_REASONS)]
define({f"evaluation.{n}": (en, zh) for n, (_, en, zh) in enumerate(_EVALUATION_REASONS)})


#: `\\text{NLL}`, `\\text{Cross-Entropy Loss}` (read as `CrossEntropyLoss`): a name in words (capitals, or capitalised
#: words run together) that nothing defines; said so, never as a value missing from the problem.
_UNDEFINED_WORD = re.compile(r"no value for (?P<name>[A-Z]{2,}[A-Za-z]*|[A-Z][a-z]+(?:[A-Z][a-z]*)+)$")
define({"evaluation.undefined_word": ("`{name}` is a name the derivation does not define", "`{name}` 是推导中没有定义的名称")})


def evaluation_reason(text: str) -> Message | str:
    """The evaluator's reason as a Message in both languages where it is a known one."""
    word = _UNDEFINED_WORD.match(text.strip())
    if word:
        return Message("evaluation.undefined_word", word.groupdict())
    for pattern, key in _REASON_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            return Message(key, match.groupdict())
    if _PYTHON_FAULT.match(text.strip()):  # a Python exception's text names our internals: never shown
        return evaluation_reason("a value could not be computed here")
    return text


_PYTHON_FAULT = re.compile(r"^[A-Z][A-Za-z]*(Error|Exception|Warning)\b")


def could_not_evaluate(text: str) -> Message:
    """The message of a check that could not be decided, for the evaluator's reason `text`."""
    return Message("equivalence.could_not_evaluate", {"error": evaluation_reason(text)})
