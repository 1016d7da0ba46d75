"""The sentences of the code checks, in English and Chinese."""

from __future__ import annotations

from grader.results.i18n import define

define(
    {
        # -- what went wrong when running the call (sandbox statuses)
        "codecheck.status.error": (
            "{function} raised an exception: {detail}",
            "{function} 抛出了异常：{detail}",
        ),
        "codecheck.status.timeout": (
            "{function} did not finish within the time limit (an endless loop?): {detail}",
            "{function} 没有在时限内结束（死循环？）：{detail}",
        ),
        "codecheck.status.crashed": (
            "{function} ended the Python process (sys.exit, os._exit, a crash or too much memory): {detail}",
            "{function} 结束了 Python 进程（sys.exit、os._exit、崩溃或内存过多）：{detail}",
        ),
        "codecheck.status.skipped": (
            "{function} was not called: an earlier call it depends on (or of the same function) failed, timed out or crashed.",
            "{function} 未被调用：它所依赖的（或同一函数的）先前调用失败、超时或崩溃。",
        ),
        "codecheck.status.import_error": (
            "{file} could not be imported: {detail}",
            "无法导入 {file}：{detail}",
        ),
        "codecheck.status.missing_function": (
            "{file} does not define {function}.",
            "{file} 中没有定义 {function}。",
        ),
        "codecheck.status.not_callable": (
            "{function} in {file} is not a function.",
            "{file} 中的 {function} 不是函数。",
        ),
        "codecheck.status.unknown": (
            "{function} could not be run ({status}). {detail}",
            "{function} 无法运行（{status}）。{detail}",
        ),
        "codecheck.not_run": (
            "The functions of {file} were not run.",
            "{file} 中的函数没有被运行。",
        ),
        # -- the rungs of the ladder
        "codecheck.arity": (
            "{function} returned {got}; expected a tuple of {count} values.",
            "{function} 返回了 {got}；应返回包含 {count} 个值的元组。",
        ),
        "codecheck.type": (
            "{function} returned {got} for {output}; expected numbers (an array).",
            "{function} 的 {output} 返回了 {got}；应为数值（数组）。",
        ),
        "codecheck.missing_key": (
            "{function} returned no {output}.",
            "{function} 没有返回 {output}。",
        ),
        "codecheck.not_stored": (
            "{function} did not leave {output} in the parameter dict.",
            "{function} 没有把 {output} 留在参数字典中。",
        ),
        "codecheck.shape": (
            "{function} returned {output} of shape {got}; expected {expected}{like}.",
            "{function} 返回的 {output} 形状为 {got}；应为 {expected}{like}。",
        ),
        "codecheck.finite": (
            "{function} returned {output} with NaN or inf where the expected values are finite (numerical overflow?).",
            "{function} 返回的 {output} 在应为有限值的位置出现了 NaN 或 inf（数值溢出？）。",
        ),
        "codecheck.values": (
            "{function} returned wrong values for {output}: {count} of {total} entries differ; the first, {output}{index}, should be {expected_entry} but is {got_entry} (relative error {error}, tolerance {tolerance}).",
            "{function} 返回的 {output} 数值错误：{total} 个元素中有 {count} 个不同；第一个 {output}{index} 应为 {expected_entry}，实际为 {got_entry}（相对误差 {error}，容差 {tolerance}）。",
        ),
        # -- a function's summary
        "codecheck.function_correct": (
            "{function}: every check passed.",
            "{function}：全部检查通过。",
        ),
        "codecheck.function_failed": (
            "{function}: {failed} of {total} checks failed.",
            "{function}：{total} 项检查中有 {failed} 项未通过。",
        ),
        "codecheck.consistent_with_upstream": (
            "Right for what your {upstream} computed: the difference comes from the mistake in {upstream}.",
            "就你的 {upstream} 的计算结果而言是正确的：差异来自 {upstream} 中的错误。",
        ),
        "codecheck.numpy1": (
            "{function} uses names NumPy 2 removed; they were run with their NumPy 1 meaning, at no cost. NumPy 2 spells them: {names}.",
            "{function} 使用了 NumPy 2 已移除的名称；已按其 NumPy 1 的含义运行，不扣分。NumPy 2 的写法：{names}。",
        ),
        "codecheck.charged_once": (
            "The mistake named above fails {groups} of the checks below; it is charged once, {charged} of {function}'s {points} points, as a TA takes off for it.",
            "上面指出的错误使下面 {groups} 项检查未通过；它只扣一次分：{function} 的 {points} 分中扣 {charged} 分，与助教的扣分相同。",
        ),
        "codecheck.charged_once_each": (
            "The {count} mistakes named above fail {groups} of the checks below; each is charged once, together {charged} of {function}'s {points} points, as a TA takes off for them.",
            "上面指出的 {count} 个错误使下面 {groups} 项检查未通过；每个错误只扣一次分：{function} 的 {points} 分中共扣 {charged} 分，与助教的扣分相同。",
        ),
        "codecheck.own_derivative": (
            "Your {function} is the exact derivative of your own {upstream} (checked by central differences along random directions); the deviation of {upstream} is charged there only.",
            "你的 {function} 恰好是你自己的 {upstream} 的导数（沿随机方向用中心差分检验）；{upstream} 的偏差只在那里扣分。",
        ),
        "codecheck.reference_cache": (
            "Your {upstream} failed on {count} case(s), so {function} was judged there on the cache the reference {upstream} builds (a tuple or dict of arrays, as in the contract's reference): it computed the right values from it and earns those points; the failure is charged in {upstream} only.",
            "你的 {upstream} 在 {count} 个用例上失败，因此 {function} 在这些用例上改用参考实现的 {upstream} 所建的 cache（数组组成的元组或字典，与合同的参考实现一致）来评判：它据此算出了正确的值，得到这些分数；失败只在 {upstream} 处扣分。",
        ),
        "codecheck.other_batch": (
            "Your {upstream} raised on every case, so {function} was judged on {count} case(s) with your own {upstream} run at another batch size ({batches} rows), where {upstream} returns the right values: {function} computed the right values from its cache and earns those points; the failure is charged in {upstream} only.",
            "你的 {upstream} 在每个用例上都抛出了异常，因此 {function} 在 {count} 个用例上改为用你自己的 {upstream} 在另一个批大小（{batches} 行）下运行的结果来评判（{upstream} 在那里算出的值是正确的）：{function} 据其 cache 算出了正确的值，得到这些分数；失败只在 {upstream} 处扣分。",
        ),
        "codecheck.cases_left_out": (
            "Some cases of {function} could not run because your {upstream} failed on them; {function} is graded on the cases that ran.",
            "{function} 的部分用例因你的 {upstream} 在其上失败而无法运行；{function} 按实际运行的用例评分。",
        ),
        "codecheck.upstream_partly": (
            "Some of what differs in {function} comes from the mistake in your {upstream}, which costs points there only; the rest is {function}'s own.",
            "{function} 的部分差异来自你的 {upstream} 中的错误（只在那里扣分）；其余是 {function} 自身的问题。",
        ),
        "codecheck.upstream_mistake": (
            "{function} is right given what your {upstream} computed; the mistake in {upstream} costs points there only.",
            "就你的 {upstream} 的计算结果而言，{function} 是正确的；{upstream} 中的错误只在那里扣分。",
        ),
        # -- the check groups (CheckResult.name)
        "codecheck.group.values": ("values on random inputs", "随机输入上的数值"),
        "codecheck.group.dx": ("dx on random non-square inputs", "随机非方阵输入上的 dx"),
        "codecheck.group.dw": ("dw on random non-square inputs", "随机非方阵输入上的 dw"),
        "codecheck.group.db": ("db on random non-square inputs", "随机非方阵输入上的 db"),
        "codecheck.group.dgamma": ("dgamma on random inputs", "随机输入上的 dgamma"),
        "codecheck.group.dbeta": ("dbeta on random inputs", "随机输入上的 dbeta"),
        "codecheck.group.sigmoid_softmax": ("a network with sigmoid and softmax (the defaults)", "使用 sigmoid 与 softmax 的网络（默认）"),
        "codecheck.group.tanh_mse": ("a network with tanh and mse", "使用 tanh 与 mse 的网络"),
        "codecheck.group.relu_softmax": ("a network with relu and softmax", "使用 relu 与 softmax 的网络"),
        "codecheck.group.relu_mse": ("a network with relu and mse", "使用 relu 与 mse 的网络"),
        "codecheck.group.at_zero": ("the derivative at exactly 0", "恰好为 0 处的导数"),
        "codecheck.group.loss": ("the loss on random inputs", "随机输入上的损失"),
        "codecheck.group.dscores": ("dscores on random inputs", "随机输入上的 dscores"),
        "codecheck.group.dpred": ("dpred on random inputs", "随机输入上的 dpred"),
        "codecheck.group.stability": (
            "stability for very large scores (1e3)",
            "分数很大（1e3）时的数值稳定性",
        ),
        "codecheck.group.extreme": (
            "very large scores where the true class is far from the largest",
            "分数很大且真实类别远小于最大分数时",
        ),
        "codecheck.group.network": (
            "loss and gradients of networks of 2 and 3 layers, every activation and loss",
            "2 层和 3 层网络在各种激活与损失下的损失和梯度",
        ),
        "codecheck.group.weight_decay": (
            "what weight decay adds to the loss and gradients (with minus without it, on each network)",
            "权重衰减给损失和梯度增加的部分（每个网络上有衰减减去无衰减）",
        ),
        "codecheck.baseline_failed": (
            "{function}: weight decay is judged on the networks your {function} computes without it; the others are left out.",
            "{function}：权重衰减只在你的 {function} 不带衰减时能算出的网络上评判；其余的不计。",
        ),
        "codecheck.own_layers": (
            "{function} is right given what your own {upstream} compute on the same inputs (recomputed layer by layer); their mistakes cost points there only.",
            "就你自己的 {upstream} 在相同输入上的计算结果（逐层重算）而言，{function} 是正确的；它们的错误只在那里扣分。",
        ),
        "codecheck.group.train": (
            "train mode output (batch statistics, non-default eps)",
            "训练模式的输出（批统计量，非默认 eps）",
        ),
        "codecheck.group.running": (
            "running_mean and running_var updated in bn_param (default and non-default momentum)",
            "bn_param 中 running_mean 和 running_var 的更新（默认与非默认 momentum）",
        ),
        "codecheck.group.test": (
            "test mode (running statistics, unchanged by the call)",
            "测试模式（使用滑动统计量，且调用不改变它们）",
        ),
        "codecheck.group.separable": (
            "training on linearly separable data (w, b, number of updates)",
            "线性可分数据上的训练（w、b、更新次数）",
        ),
        "codecheck.group.max_epochs": (
            "training on non-separable data (stops after max_epochs)",
            "线性不可分数据上的训练（在 max_epochs 后停止）",
        ),
        "codecheck.group.zero_score": ("a score of exactly 0 predicts +1", "得分恰好为 0 时预测 +1"),
        "codecheck.group.defaults": (
            "steps with config=None (default hyperparameters) on an ill-conditioned quadratic",
            "config=None（默认超参数）时在病态二次函数上的步进",
        ),
        "codecheck.group.rosenbrock": (
            "steps with non-default hyperparameters on the Rosenbrock function",
            "非默认超参数时在 Rosenbrock 函数上的步进",
        ),
        "codecheck.group.logistic": (
            "steps with other hyperparameters on a small logistic regression",
            "其他超参数时在小型逻辑回归上的步进",
        ),
        "codecheck.group.tiny_gradients": (
            "steps with tiny gradients (where epsilon matters)",
            "梯度极小（epsilon 起作用）时的步进",
        ),
    }
)
