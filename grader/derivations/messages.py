"""The derivation checker's messages, in English and Chinese (the catalog keys `derivation.*`)."""

from __future__ import annotations

from grader.results.i18n import define

define(
    {
        "derivation.defines": ("Defines {name}.", "定义了 {name}。"),
        "derivation.continues_unreadable": (
            "This line continues a line that could not be read, so its first step was not checked.",
            "此行接续一行无法读取的内容，因此其第一步未检查。",
        ),
        "derivation.no_step": (
            "No equation or implication here (a list, a mapping, prose): not a step, so not checked, and it costs nothing.",
            "此处没有等式或推导（列举、映射或文字说明）：不是推导步骤，不检查，也不扣分。",
        ),
        "derivation.drawn_matrix": (
            "A matrix drawn with elided entries (its layout, an illustration): not checked, and it costs nothing.",
            "用省略号画出的矩阵（展示其结构的示意）：不检查，也不扣分。",
        ),
        "derivation.listed_vectors": (
            "The vectors written out as lists of their entries (what they hold, such as one-hot labels): not a step, so not checked, and it costs nothing.",
            "把向量写成其分量的列表（说明其内容，例如独热标签）：不是推导步骤，不检查，也不扣分。",
        ),
        "derivation.not_a_statement": (
            "The right side of {relation} should be an equation; this step was not checked.",
            "{relation} 的右边应当是一个等式；此步未检查。",
        ),
        "derivation.statement_fails": (
            "The statement on the right does not follow: it does not hold under the problem's assumptions.",
            "右边的结论不能由左边推出：在题目的假设下它不成立。",
        ),
        "derivation.remark": (
            "A statement with `{relation}` (an assumption or a remark): not checked, and it costs nothing.",
            "含 `{relation}` 的陈述（假设或说明）：不检查，也不扣分。",
        ),
        "derivation.follows_by_solving": (
            "Follows from the statement before it, solved for {name}.",
            "由前一个式子解出 {name} 得到。",
        ),
        "derivation.continues_line": (
            "Completes the equality of line {line}, where this step was checked: valid.",
            "补全第 {line} 行的等式，此步已在该行检查：成立。",
        ),
        "derivation.follows": (
            "Part of a statement that follows from the one before it.",
            "属于由前一个式子推出的结论。",
        ),
        "derivation.cross_terms": (
            ("The expansion is wrong: its cross terms (products of different variables) do not have the "
            "coefficients of the square written out. The two sides agree only because those terms have "
            "expectation 0 (independence, zero means), which the expansion itself does not use."),
            ("展开式有误：交叉项（不同变量之积）的系数与平方展开后的系数不一致。两边相等只是因为这些项的期望为 0"
            "（独立、零均值），而展开式本身并未用到这一点。"),
        ),
        "derivation.stationary": (
            "The derivative set to zero: the condition that defines the minimizer (a condition, not an identity).",
            "令导数为零：这是定义最小值点的条件（是条件，而非恒等式）。",
        ),
        "derivation.reading": ("Valid, read as {reading}.", "成立，按{reading}理解。"),
        "derivation.reading_sum_scope": (
            "the sum running over every term that uses its index (no index left free)",
            "求和符号作用于所有含其下标的项（不留自由下标）",
        ),
        "derivation.reading_sum_role_range": (
            ("each sum written without its range over the range of its letter's role (an index of the problem's "
             "quantity: its classes 1..K, or its samples)"),
            "未写范围的求和按其字母的角色取范围（作为本题量的下标：类别 1..K，或样本）",
        ),
        "derivation.reading_log_product": (
            "the logarithm of the whole product after it",
            "对其后整个乘积取对数",
        ),
        "derivation.reading_function_word": (
            "a function name typed as letters (`lnL` as ln L, where nothing is called l)",
            "以字母写出的函数名（`lnL` 即 ln L，因为没有名为 l 的量）",
        ),
        "derivation.reading_partial_spelled": (
            "a derivative, its ∂ typed as another letter (`\\frac{\\delta E}{\\delta z}` as ∂E/∂z)",
            "导数，其 ∂ 写成了另一个字母（`\\frac{\\delta E}{\\delta z}` 即 ∂E/∂z）",
        ),
        "derivation.reading_uniform_variance": (
            "the variance of the uniform distribution named, (b - a)^2 / 12 for U(a, b)",
            "所写均匀分布的方差，U(a, b) 的方差为 (b - a)^2 / 12",
        ),
        "derivation.reading_two_classes": (
            "the two-class case (y_i the second class's probability, 1 - y_i the first's), checked with K = 2",
            "二分类情形（y_i 为第二类的概率，1 - y_i 为第一类的概率），按 K = 2 检查",
        ),
        "derivation.reading_componentwise": (
            "the same equation for each component (the vectors' k-th entries)",
            "对每个分量成立的同一等式（向量的第 k 个分量）",
        ),
        "derivation.reading_elided_steps": (
            "the steps left out at the ellipsis as one step, from the side before it to the side after it",
            "省略号处省去的各步合为一步，从其前一侧到其后一侧",
        ),
        "derivation.reading_entry_set_apart": (
            "the list's k-th entry: the entry written at 1, 2, ..., and the entry set apart where k is its place",
            "列表的第 k 项：按 1, 2, … 所写的通项，k 为单列项的位置时取该项",
        ),
        "derivation.passed_over": (
            ("Not checked on its own: {name} is a matrix named in words, with no definition to check it by. "
             "The step over this line, from line {line} to the next line, holds, so it is not charged."),
            "未单独检查：{name} 是用文字命名、没有定义的矩阵。越过本行、从第 {line} 行到下一行的一步成立，因此不扣分。",
        ),
        "derivation.over_named_matrix": (
            "Checked against line {line} (the line before passes through {name}, a matrix named in words).",
            "与第 {line} 行比较检查（上一行经过用文字命名的矩阵 {name}）。",
        ),
        "derivation.over_named_matrix_fails": (
            "Not equal to line {line}, the last line before {name} (a matrix named in words): the step over it fails.",
            "与第 {line} 行（经过用文字命名的矩阵 {name} 之前的最后一行）不相等：越过它的这一步不成立。",
        ),
        "derivation.reading_row_vectors": (
            "row vectors (1×K, so v^T v is an outer product), entry by entry",
            "行向量（1×K，v^T v 为外积）的逐分量等式",
        ),
        "derivation.reading_column_vectors": (
            "column vectors (K×1, so v v^T is an outer product), entry by entry",
            "列向量（K×1，v v^T 为外积）的逐分量等式",
        ),
        "derivation.reading_vector_letters": (
            "letters the problem does not know as vectors or matrices, in the shape the line needs",
            "题目未定义的字母按式子所需的形状理解为向量或矩阵",
        ),
        "derivation.reading_author_letters": (
            "the author's letters for the problem's quantities and functions, recognised from their role: {letters}",
            "作者用于题目中的量与函数的字母（由其作用识别）：{letters}",
        ),
        "derivation.reading_later_definition": (
            "{names} as the derivation defines it further down",
            "推导后文对 {names} 的定义",
        ),
        "derivation.reading_class_count": (
            "the author's example with {size} = {count}, the count the line writes out",
            "作者的例子，{size} = {count}（式中写出的个数）",
        ),
        "derivation.reading_true_class": (
            "{index} as the sample's class: one-hot labels there ({labels}_{index} = 1, every other label 0)",
            "{index} 为该样本的类别：标签在该处为独热（{labels}_{index} = 1，其余为 0）",
        ),
        "derivation.reading_entries_above": (
            "an index written above its family as that entry (y^i as y_i)",
            "写在上标处的下标表示该分量（y^i 即 y_i）",
        ),
        "derivation.reading_gradient_first_argument": (
            "the gradient with respect to the function's own (first) argument, as ∇ without a subscript is read",
            "对函数自身（第一个）自变量的梯度（不带下标的 ∇ 按此理解）",
        ),
        "derivation.reading_one_hot": (
            "one-hot labels ({assumption}, every other label 0), as the text before the display assumes",
            "独热标签（{assumption}，其余标签为 0），即公式前文字所作的假设",
        ),
        "derivation.reading_backward_pass": (
            ("the model of the loss's gradients through the layer (zero mean, independent of the weights, the input's "
            "gradient the sum over the n_out outputs, the activation's slope f'(z) = 1 since the problem's layer is linear)"),
            "损失对该层梯度的模型（均值为零、与权重独立，输入的梯度为对 n_out 个输出的求和，因题中的层是线性的，激活函数斜率 f'(z) = 1）",
        ),
        "derivation.reading_bias_constant": (
            "the bias {bias} as a constant (deterministic at initialisation, not random), which shifts the mean and not the variance",
            "偏置 {bias} 为常数（初始化时确定，不是随机量；只改变均值，不改变方差）",
        ),
        "derivation.backward_pass": (
            ("The backward pass through the layer, {input} its input and {output} its output: read as its definition "
            "(a remark, not checked); the gradients' variances after it are checked with it."),
            "该层的反向传播（{input} 为输入，{output} 为输出）：按定义理解（说明，不检查）；其后的梯度方差按此检查。",
        ),
        "derivation.same_moments": (
            "Both sides are random: they have the same mean and the same variance.",
            "两边都是随机量：它们的均值与方差相同。",
        ),
        "derivation.different_variables": (
            ("Both sides are random with the same mean and variance, but they are not the same variable: the variance "
            "of their difference is {variance}, not 0."),
            "两边都是随机量，均值与方差相同，但不是同一个随机变量：两者之差的方差为 {variance}，而不是 0。",
        ),
        "derivation.holds_where_distinct": (
            "Valid where {first} ≠ {second}, as the two letters were read (it does not hold for {first} = {second}).",
            "在 {first} ≠ {second} 时成立（按两个不同字母理解；{first} = {second} 时不成立）。",
        ),
        "derivation.recovers": (
            ("Equal to {start}, the expression this chain computes: the mistake is the line before's (charged there), "
            "this line is right."),
            "等于本链所求的 {start}：错误在上一行（已在那里扣分），此行正确。",
        ),
        "derivation.carries": (
            ("Follows with line {line}'s result {statement}, which was charged there: a mistake is charged once, "
            "where it is made, not again on the lines that use it."),
            "代入第 {line} 行的结果 {statement} 后成立；该结果已在那一行扣分：同一错误只扣一次，不在使用它的各行重复扣分。",
        ),
        "derivation.slip": (
            "Valid, reading {letter} as {target} (a slip of the pen: a later line of the derivation writes {target} there).",
            "成立，将 {letter} 读作 {target}（笔误：推导的后续行在该处写的是 {target}）。",
        ),
        "derivation.role_letters": (
            ("The author's letters are read by their role on every line ({letters}): the sum's limits as the samples' "
            "index and count, the probability of all the labels as the likelihood, letters that restate it (or the model "
            "the author states) as the problem's."),
            "作者的字母在每一行都按其作用理解（{letters}）：求和上下限读作样本下标与样本数，全部标签的概率读作似然，复述似然（或作者所写模型）时所用的字母读作题目中的量。",
        ),
        "derivation.sample_product": (
            ("Valid, reading the density of the vector of labels given the inputs as the product of the samples' densities "
            "(the samples independent, as the model assumes)."),
            "成立：将标签向量在给定输入下的密度读作各样本密度之积（样本相互独立，如模型所假设）。",
        ),
        "derivation.model_statement": (
            ("States the model the author assumes (a noise term added to a prediction): an assumption, not a step; "
            "not checked, and it costs nothing."),
            "陈述作者假设的模型（在预测上加一个噪声项）：这是假设，不是推导步骤；不检查，也不扣分。",
        ),
        "derivation.noise_density": (
            "Valid: the density of the noise at one sample, as the model fixes it.",
            "成立：单个样本处噪声的密度，与模型所规定的一致。",
        ),
        "derivation.class_model": (
            ("States the author's model of the classes' probabilities through scores of their own (it sums to 1 over "
            "the classes): an assumption, not a step; not checked, and it costs nothing."),
            "陈述作者用自己的分数表示各类别概率的模型（对所有类别求和为 1）：这是假设，不是推导步骤；不检查，也不扣分。",
        ),
        "derivation.model_statement_differs": (
            ("States the model the author assumes (a noise term added to a prediction): an assumption, not a step; "
            "not checked, and it costs nothing. It is not the problem's model, so the lines after it are checked "
            "against the problem's."),
            "陈述作者假设的模型（在预测上加一个噪声项）：这是假设，不是推导步骤；不检查，也不扣分。它与题目的模型不同，因此后续各行仍按题目的模型检查。",
        ),
        "derivation.assumes": (
            ("Two of the problem's quantities set equal: an assumption (a case the author considers), not a step; "
            "not checked, and it costs nothing."),
            "令题目中的两个量相等：这是假设（作者考虑的一种情形），不是推导步骤；不检查，也不扣分。",
        ),
        "derivation.letter_clash": (
            ("This step could not be checked: the derivation writes {letter} for a quantity of its own, while another "
            "of its letters stands for the course's {letter}, so the two cannot be told apart here."),
            "此步无法检查：推导中 {letter} 表示作者自己的量，而另一个字母代表课程中的 {letter}，此处二者无法区分。",
        ),
        "derivation.rounded": (
            "Equal at the precision written ({digits} decimals).",
            "在所写的精度（{digits} 位小数）下相等。",
        ),
        "derivation.could_not_check": (
            "This step could not be checked: the grader cannot handle its notation yet (it costs as a step that cannot be checked).",
            "此步无法检查：评分程序尚不能处理其写法（按无法检查的步骤计）。",
        ),
        "derivation.timeout": (
            "Checking this step took too long and was stopped.",
            "检查此步耗时过长，已停止。",
        ),
    }
)
