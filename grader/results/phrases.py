"""Phrases the grader writes as plain text, in the reports' other language.

The sandbox (its runner, harness and child) describes how a call ended in
English plain text ("importing backprop.py did not finish within 3 s", "the
process was ended by SIGKILL (...)"), which reaches a report as the
``detail`` of a code-check message; the code checks describe a case's inputs
the same way ("array of shape (6, 5)", "step 1 of 4 (quadratic)").  A Chinese
report translates the phrases the grader writes itself, pattern by pattern;
what a student's code wrote (an exception's text) stays as it was.
Presentation only: no score reads these.
"""

from __future__ import annotations

import re

_SIGNAL_REASONS = {
    "killed: it went over the CPU time limit, or killed itself": "被终止：超出了 CPU 时间限制，或自行终止",
    "a segmentation fault (very deep recursion, or memory exhausted)": "段错误（递归过深或内存耗尽）",
    "aborted (often: out of memory)": "异常中止（常见原因：内存不足）",
    "it went over the CPU time limit": "超出了 CPU 时间限制",
    "it wrote a file larger than allowed": "写入的文件超过了允许的大小",
    "a bus error": "总线错误",
    "killed by a signal": "被信号终止",
}

_OBJECTIVES = {"quadratic": "二次函数", "rosenbrock": "Rosenbrock 函数", "logistic": "逻辑回归"}
_OBJECTIVES_EN = {"quadratic": "quadratic", "rosenbrock": "Rosenbrock", "logistic": "logistic-regression"}


def objective_name(name: str, lang: str) -> str:
    """An optimizer check's objective ("rosenbrock") as a reader names it."""
    return (_OBJECTIVES if lang == "zh" else _OBJECTIVES_EN).get(name, name)

#: (pattern of the whole English phrase, Chinese with {1}, {2}, ... for the groups); tried in order.
_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\Z", re.DOTALL), chinese)
    for pattern, chinese in (
        (r"importing (\S+) did not finish within (\S+) s", "导入 {1} 未能在 {2} 秒内完成"),
        (r"importing (\S+) failed: (.*)", "导入 {1} 失败：{2}"),
        (r"importing (\S+) called sys\.exit\((.*)\)", "导入 {1} 时调用了 sys.exit({2})"),
        (r"did not finish within (\S+) s", "未能在 {1} 秒内完成"),
        (r"the run's time budget of (\S+) s ran out", "本次运行 {1} 秒的时间预算已用完"),
        (r"not run: the run's time budget of (\S+) s ran out", "未运行：本次运行 {1} 秒的时间预算已用完"),
        (r"not run: the process was restarted (\d+) times already", "未运行：进程已经重启了 {1} 次"),
        (
            (r"skipped: it needs the object call (\S+) returned, which was lost when the process had to be "
            r"restarted after a timeout or crash"),
            "已跳过：它需要调用 {1} 返回的对象，而该对象在超时或崩溃后进程重启时丢失了",
        ),
        (r"skipped: it needs the result of call (\S+), which did not succeed \((\S+)\)", "已跳过：它需要调用 {1} 的结果，而该调用没有成功（{2}）"),
        (r"needs the result of call (\S+), which did not succeed \((.+)\)", "需要调用 {1} 的结果，而该调用没有成功（{2}）"),
        (r"skipped: an earlier call of the same group \((\S+)\) ended with (\S+): (.*)", "已跳过：同组中较早的调用（{1}）以 {2} 结束：{3}"),
        (
            r"the process sent the grader data it cannot accept \(did the code write to the grader's channel\?\)",
            "进程向评分程序发送了无法接受的数据（代码是否写入了评分程序的通道？）",
        ),
        (r"the process was ended by (\S+) \((.*)\)", "进程被 {1} 终止（{2}）"),
        (
            r"the process could no longer report to the grader \(did the code close or replace its file descriptors\?\)",
            "进程无法再向评分程序报告（代码是否关闭或替换了文件描述符？）",
        ),
        (r"the process exited with code (\S+) \(os\._exit, or sys\.exit from a thread\)", "进程以代码 {1} 退出（os._exit，或在线程中调用 sys.exit）"),
        (r"the process ended", "进程结束了"),
        (r"(\S+) called sys\.exit\((.*)\)", "{1} 调用了 sys.exit({2})"),
        (r"(\S+) ran out of memory \(MemoryError\)", "{1} 内存不足（MemoryError）"),
        (r"(\S+)\.py defines no function (\S+)", "{1}.py 中没有定义函数 {2}"),
        (r"(\S+) in (\S+)\.py is a (\S+), not a function", "{2}.py 中的 {1} 是 {3}，不是函数"),
        (r"the returned value could not be read: (\S+)", "无法读取返回值：{1}"),
        # the code checks' descriptions of a case's inputs (codecheck/plan.py, describe)
        (r"array of shape (\(.*\))", "形状为 {1} 的数组"),
        (r"the value returned by call (\S+)", "调用 {1} 返回的值"),
        (r"(\d+) of (\d+) \((\w+)\)", "第 {1} 步，共 {2} 步（{3}）"),
    )
)


def translated(text: str, lang: str) -> str:
    """`text` in `lang` if it is one of the sandbox's phrases (nested phrases too), else as it was."""
    if lang != "zh" or not isinstance(text, str):
        return text
    for pattern, chinese in _ZH:
        match = pattern.match(text)
        if match:
            parts = [translated(group or "", lang) for group in match.groups()]
            parts = [_SIGNAL_REASONS.get(part, _OBJECTIVES.get(part, part)) for part in parts]
            return chinese.format(None, *parts)
    return text
