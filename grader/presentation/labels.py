"""Fixed words of the reports (headings, column names, statuses) in English and Chinese.

They are messages like every feedback sentence, under the ``ui.`` prefix, so
that a report never mixes languages; `label` renders one.
"""

from __future__ import annotations

import functools
from typing import Any

from grader.results.i18n import define, known, render
from grader.results.models import Message


def label(key: str, lang: str = "en", **params: Any) -> str:
    """The fixed UI string ``ui.<key>`` in `lang`."""
    if known(f"ui.{key}"):  # only what the catalog holds is kept: a label defined later is not masked
        try:
            return _label(key, lang, tuple(sorted(params.items())))
        except TypeError:  # a parameter that cannot be a cache key
            pass
    return render(Message(f"ui.{key}", params), lang)


@functools.lru_cache(maxsize=4096)
def _label(key: str, lang: str, params: tuple[tuple[str, Any], ...]) -> str:
    # a report asks for the same few labels hundreds of times; the catalog's ui. entries never change
    return render(Message(f"ui.{key}", dict(params)), lang)


def problem_title(problem_id: str, title: str, lang: str = "en") -> str:
    """A problem's title in `lang`: the catalog's translation while the problem's own title is
    still the one translated (a course that renames a problem keeps its new title)."""
    key = f"ui.title.{problem_id}"
    if lang != "en" and known(key) and render(Message(key), "en") == title:
        return render(Message(key), lang)
    return title


define(
    {
        # the report of one submission
        "ui.report.title": ("Grading report", "评分报告"),
        "ui.submission": ("Submission", "提交"),
        "ui.total": ("Total", "总分"),
        "ui.score": ("Score", "得分"),
        "ui.points": ("Points", "分值"),
        "ui.problem": ("Problem", "题目"),
        "ui.problems": ("Problems", "各题"),
        "ui.part": ("Part", "部分"),
        "ui.status": ("Status", "状态"),
        "ui.seed": ("Seed of the randomized checks", "随机检查的种子"),
        "ui.isolation": ("Isolation of student code", "学生代码的隔离级别"),
        "ui.isolation.none": ("no code was run", "未运行代码"),
        # only what is in force is listed (a student read "Landlock off" as a missing protection
        # where the mount namespace already hides the files); what is weaker is said apart
        "ui.protections": ("Protections in force: {items}", "生效的保护：{items}"),
        "ui.protections.title": ("Protections", "保护措施"),
        "ui.protections.weaker": ("Weaker here", "此处较弱的保护"),
        "ui.protections.namespaces": (
            "namespaces of its own (no network, its own processes and file system view)",
            "独立的命名空间（无网络，独立的进程和文件系统视图）"),
        "ui.protections.uid.fresh": ("an unprivileged user of its own", "独立的非特权用户"),
        "ui.protections.uid.grader": ("the grader's own user", "评分程序自身的用户"),
        "ui.protections.uid.root": ("root (unsafe, allowed by the instructor)", "root（不安全，由教师允许）"),
        "ui.protections.user": ("runs as {uid}", "运行身份：{uid}"),
        "ui.protections.landlock": ("file access rules (Landlock ABI {abi})", "文件访问规则（Landlock ABI {abi}）"),
        "ui.protections.cgroup": ("one resource budget for the whole sandbox (cgroup {version})", "整个沙箱共用的资源预算（cgroup {version}）"),
        "ui.protections.seccomp": ("a system-call filter (seccomp)", "系统调用过滤（seccomp）"),
        "ui.protections.weaker.no_namespaces": (
            "no namespaces: the child shares the machine's network, processes and file system view",
            "没有命名空间：子进程与本机共享网络、进程和文件系统视图"),
        "ui.protections.weaker.udp_dns_open": (
            "UDP, DNS and UNIX sockets are not blocked (Landlock blocks TCP connections only)",
            "UDP、DNS 和 UNIX 套接字未被阻止（Landlock 只阻止 TCP 连接）"),
        "ui.protections.weaker.network_open": (
            "the network is not blocked (Landlock below ABI 4 has no network rules)",
            "网络未被阻止（ABI 4 以下的 Landlock 没有网络规则）"),
        "ui.protections.weaker.no_landlock": (
            "no Landlock: the child can read every file its user can read (the grader and the reference if readable)",
            "没有 Landlock：子进程可以读取其用户能读的所有文件（包括可读的评分程序和参考实现）"),
        "ui.protections.weaker.no_landlock_network_open": (
            "no Landlock: the child can read every file its user can read (the grader and the reference if readable) and use the network",
            "没有 Landlock：子进程可以读取其用户能读的所有文件（包括可读的评分程序和参考实现）并使用网络"),
        "ui.protections.weaker.shared_tmp": (
            "the scratch box is on the machine's temporary file system: no inode or size limit of its own",
            "临时目录位于本机的临时文件系统上：没有独立的 inode 或大小限制"),
        "ui.protections.weaker.grader_uid": (
            "the child runs under the grader's own user",
            "子进程以评分程序自身的用户运行"),
        "ui.protections.weaker.root_uid": (
            "the child runs as root without capabilities: it can signal root's processes and read and write root's files, within Landlock's rules",
            "子进程以无特权能力的 root 运行：在 Landlock 规则之内，它能向 root 的进程发信号、读写 root 的文件"),
        "ui.protections.weaker.no_cgroup": (
            "no cgroup: memory and process limits count per process, not for the sandbox as a whole; shared memory and tmpfs pages are not counted",
            "没有 cgroup：内存和进程数限制按进程计算，而非整个沙箱；共享内存和 tmpfs 页面不计入"),
        "ui.protections.weaker.session_sweep": (
            "processes that leave the session are found by user or by the harness's command line only",
            "离开会话的进程只能按用户或测试框架的命令行查找"),
        "ui.protections.weaker.no_process_limit": (
            "no process limit at all: root is exempt from RLIMIT_NPROC",
            "完全没有进程数限制：root 不受 RLIMIT_NPROC 约束"),
        "ui.protections.weaker.no_seccomp": (
            "no seccomp filter: the student's code may create user namespaces where the kernel allows them, and reach the kernel's bpf, perf, io_uring and keyrings",
            "没有 seccomp 过滤：在内核允许时，学生代码可以创建用户命名空间，并使用内核的 bpf、perf、io_uring 和密钥环"),
        "ui.grader_version": ("Grader version", "评分程序版本"),
        "ui.duration": ("Grading time", "评分用时"),
        "ui.seconds": ("{value} s", "{value} 秒"),
        "ui.language": ("Language", "语言"),
        "ui.score_chart": ("Score per problem", "各题得分"),
        "ui.status.graded": ("graded", "已评分"),
        "ui.status.missing": ("missing", "缺失"),
        "ui.status.error": ("error", "出错"),
        "ui.status.not graded": ("not graded", "未评分"),
        "ui.part.answer": ("Answer", "答案"),
        "ui.part.answer_labeled": ("Answer ({label})", "答案（{label}）"),
        "ui.part.derivation": ("Derivation", "推导"),
        "ui.kind.derivation": ("derivation", "推导题"),
        "ui.kind.code": ("code", "编程题"),
        "ui.feedback": ("Feedback", "反馈"),
        "ui.your_answer": ("Your answer", "你的答案"),
        "ui.line": ("Line {number}", "第 {number} 行"),
        "ui.no_lines": ("No derivation lines were found.", "没有找到推导过程。"),
        "ui.first_invalid": ("First invalid line: {number}", "第一处错误：第 {number} 行"),
        "ui.link.valid": ("valid", "成立"),
        "ui.link.invalid": ("invalid", "不成立"),
        "ui.link.unknown": ("could not be checked", "无法检查"),
        "ui.line_error": ("This line could not be read", "这一行无法识别"),
        "ui.counterexample": ("Counterexample", "反例"),
        "ui.counterexample.left": ("left side", "左边"),
        "ui.counterexample.right": ("right side", "右边"),
        "ui.checks": ("Checks", "检查项"),
        "ui.check": ("Check", "检查"),
        "ui.check.passed": ("passed", "通过"),
        "ui.check.failed": ("failed", "未通过"),
        "ui.expected": ("Expected", "期望值"),
        "ui.got": ("Yours", "你的结果"),
        "ui.inputs": ("Inputs", "输入"),
        "ui.shape": ("shape {shape}", "形状 {shape}"),
        "ui.truncated": ("(excerpt)", "（节选）"),
        "ui.mistakes": ("Diagnosed mistake", "诊断出的错误"),
        "ui.trajectory": ("Trajectory on the {objective} objective", "在{objective}上的迭代轨迹"),
        "ui.trajectory.reference": ("reference", "参考实现"),
        "ui.trajectory.student": ("yours", "你的实现"),
        "ui.trajectory.left_plot": (
            "Your trajectory leaves the plotted area (it diverges or overshoots); it is drawn at the border.",
            "你的轨迹超出了绘图范围（发散或越界），越界部分画在边框上。",
        ),
        "ui.trajectory.no_points": ("Your optimizer produced no finite points.", "你的优化器没有产生有限的数值。"),
        "ui.generated_by": ("Generated by grader {version}", "由 grader {version} 生成"),
        "ui.lost_points": ("Points lost: {points}", "失分：{points}"),
        # the summary at the top of a report, and what replaces repetitions
        "ui.problem_seed": (
            "Seed of this problem's checks (derived from the submission's seed {seed})",
            "本题检查的种子（由提交的种子 {seed} 派生）",
        ),
        "ui.where_points_went": ("Where the points went", "失分概览"),
        "ui.nothing_lost": ("No points were lost.", "没有失分。"),
        "ui.lost": ("Lost", "失分"),
        "ui.why": ("Why", "原因"),
        "ui.functions_count": ("{count} functions", "{count} 个函数"),
        "ui.parts_count": ("{count} parts", "{count} 个部分"),
        "ui.same_failure": ("The same as in {problem}: {reason}.", "与 {problem} 相同：{reason}。"),
        "ui.reason_with_detail": ("{what} ({detail})", "{what}（{detail}）"),
        "ui.more_checks": (" (and {count} more)", "（另有 {count} 项）"),
        "ui.affected": ("Affected, with no other finding: {names}", "受此影响（没有其他问题）：{names}"),
        "ui.largest_difference": (
            "Largest difference at [{row}, {column}]: expected {expected}, yours {got}.",
            "最大差异位于 [{row}, {column}]：期望值 {expected}，你的结果 {got}。",
        ),
        "ui.differs": ("differs from the expected value", "与期望值不同"),
        "ui.passed_checks": ("Passed", "已通过"),
        "ui.step": ("step", "步数"),
        "ui.trajectory.diverges": (
            "Your steps first differ from the reference's at step {step} (◆).",
            "你的步骤从第 {step} 步起与参考实现不同（◆ 处）。",
        ),
        "ui.trajectory.how": (
            "Each of your steps was taken from the reference's point; your path adds them up.",
            "你的每一步都从参考实现的点出发；你的路径是这些步骤的累加。",
        ),
        # the course's problem titles (shown in Chinese where the title is still the English one here)
        "ui.title.mle-mse": ("Gaussian noise: MLE = MSE", "高斯噪声：最大似然估计 = 均方误差"),
        "ui.title.ce-mle": ("Cross-entropy as maximum likelihood", "交叉熵即最大似然"),
        "ui.title.softmax-ce-grad": ("Gradient of softmax cross-entropy", "softmax 交叉熵的梯度"),
        "ui.title.l2-shrinkage": ("L2 regularization shrinks along eigenvectors", "L2 正则化沿特征向量方向收缩"),
        "ui.title.xavier-variance": ("Xavier/Glorot initialization variance", "Xavier/Glorot 初始化的方差"),
        "ui.title.backprop": ("Backpropagation: layers, losses and an MLP", "反向传播：各层、损失函数与多层感知机"),
        "ui.title.batchnorm": ("Batch and layer normalization", "批归一化与层归一化"),
        "ui.title.perceptron": ("The perceptron", "感知机"),
        "ui.title.optimizers": ("First-order optimizers", "一阶优化器"),
        # the extended course's problems (--course extended)
        "ui.title.l1-soft-threshold": ("L1 regularization: the soft threshold", "L1 正则化：软阈值"),
        "ui.title.map-priors": ("Regularization as a prior (MAP)", "正则化即先验（最大后验估计）"),
        "ui.title.dropout-moments": ("Dropout: variance and test-time scaling", "Dropout：方差与测试时的缩放"),
        "ui.title.perceptron-convergence": ("The perceptron's convergence bound", "感知机的收敛界"),
        "ui.title.nonconvex-111": ("A 1-1-1 network's loss is not convex", "1-1-1 网络的损失函数不是凸函数"),
        "ui.title.dropout": ("Dropout", "Dropout（随机失活）"),
        # the class summary of a batch
        "ui.summary.title": ("Class summary", "全班汇总"),
        "ui.summary.counts": (
            "{total} submissions: {graded} graded, {failed} could not be graded.",
            "共 {total} 份提交：{graded} 份已评分，{failed} 份无法评分。",
        ),
        "ui.summary.histogram": ("Distribution of total scores", "总分分布"),
        "ui.summary.per_part": ("Mean and spread per problem and part", "各题及各部分的平均分与离散程度"),
        "ui.summary.mean": ("Mean", "平均"),
        "ui.summary.stdev": ("Std. dev.", "标准差"),
        "ui.summary.min": ("Min", "最低"),
        "ui.summary.max": ("Max", "最高"),
        "ui.summary.count": ("Graded", "已评分人数"),
        "ui.summary.mistakes": ("Diagnosed mistakes, most frequent first", "诊断出的错误（按人数排序）"),
        "ui.summary.mistake": ("Mistake", "错误"),
        "ui.summary.students": ("Students", "人数"),
        "ui.summary.no_mistakes": ("No known mistake was diagnosed.", "没有诊断出已知错误。"),
        "ui.summary.failed": ("Submissions that could not be graded", "无法评分的提交"),
        "ui.summary.none_failed": ("Every submission was graded.", "所有提交均已评分。"),
        "ui.summary.reason": ("Why", "原因"),
        "ui.summary.submissions": ("Submissions", "提交列表"),
        "ui.summary.name": ("Name", "姓名"),
        "ui.summary.report": ("report", "报告"),
        "ui.summary.students_axis": ("students", "人数"),
        "ui.summary.could_not_grade": ("could not be graded", "无法评分"),
    }
)


def protections_text(details: Any, lang: str = "en") -> tuple[str, tuple[str, ...]]:
    """A sandbox run's protections (`IsolationReport.to_dict()`) as a sentence, and what was weaker, one sentence each.

    The sentence lists what was in force; what was missing or weaker is in the second part."""
    sep = "；" if lang == "zh" else "; "
    items = []
    if details.get("namespaces"):
        items.append(label("protections.namespaces", lang))
    items.append(label("protections.user", lang, uid=label(f"protections.uid.{details.get('uid') or 'grader'}", lang)))
    if details.get("landlock"):
        items.append(label("protections.landlock", lang, abi=details["landlock"]))
    if (details.get("cgroup") or "none") != "none":
        items.append(label("protections.cgroup", lang, version=details["cgroup"]))
    if details.get("seccomp"):
        items.append(label("protections.seccomp", lang))
    line = label("protections", lang, items=sep.join(items))
    return line, tuple(label(f"protections.weaker.{weaker}", lang) for weaker in details.get("weaker") or ())
