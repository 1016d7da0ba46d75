"""The words the parser knows: Greek letters, functions, relations, decorations."""

from __future__ import annotations

GREEK = {
    "alpha": "alpha", "beta": "beta", "gamma": "gamma", "delta": "delta",
    "epsilon": "epsilon", "varepsilon": "epsilon", "zeta": "zeta", "eta": "eta",
    "theta": "theta", "vartheta": "theta", "iota": "iota", "kappa": "kappa",
    "lambda": "lambda", "mu": "mu", "nu": "nu", "xi": "xi", "omicron": "omicron",
    "rho": "rho", "varrho": "rho", "sigma": "sigma", "varsigma": "sigma", "tau": "tau",
    "upsilon": "upsilon", "phi": "phi", "varphi": "phi", "chi": "chi", "psi": "psi",
    "omega": "omega", "Gamma": "Gamma", "Delta": "Delta", "Theta": "Theta",
    "Lambda": "Lambda", "Xi": "Xi", "Pi": "Pi", "Sigma": "Sigma", "Upsilon": "Upsilon",
    "Phi": "Phi", "Psi": "Psi", "Omega": "Omega", "ell": "ell",
}
"""Command or ASCII word -> canonical symbol name (``pi`` is the constant, handled apart)."""

ASCII_GREEK_WORDS = frozenset(GREEK) - {"varepsilon", "vartheta", "varrho", "varsigma", "varphi"}

UNICODE = {
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\epsilon",
    "ϵ": "\\epsilon", "ζ": "\\zeta", "η": "\\eta", "θ": "\\theta", "ϑ": "\\theta",
    "ι": "\\iota", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi",
    "π": "\\pi", "ρ": "\\rho", "σ": "\\sigma", "τ": "\\tau", "υ": "\\upsilon", "φ": "\\phi",
    "ϕ": "\\phi", "χ": "\\chi", "ψ": "\\psi", "ω": "\\omega", "Γ": "\\Gamma", "Δ": "\\Delta",
    "Θ": "\\Theta", "Λ": "\\Lambda", "Ξ": "\\Xi", "Π": "\\Pi", "Σ": "\\Sigma", "Φ": "\\Phi",
    "Ψ": "\\Psi", "Ω": "\\Omega", "ℓ": "\\ell",
    "−": "-", "–": "-", "·": "\\cdot", "⋅": "\\cdot", "×": "\\times", "÷": "\\div",
    "√": "\\sqrt", "∑": "\\sum", "∏": "\\prod", "⇒": "\\Rightarrow", "⟹": "\\Rightarrow",
    "⇔": "\\Leftrightarrow", "⟺": "\\Leftrightarrow", "≠": "\\neq", "≤": "\\le",
    "≥": "\\ge", "≈": "\\approx", "∝": "\\propto", "∼": "\\sim", "∂": "\\partial",
    "∇": "\\nabla", "∞": "\\infty", "∗": "*", "⋆": "\\star", "‖": "\\|", "∣": "|",
    "（": "(", "）": ")", "＝": "=", "，": ",", "。": ".", "＋": "+",
    "∴": "\\therefore", "∵": "\\because", "∎": "\\blacksquare", "□": "\\square",
    "—": "-", "∙": "\\cdot", "→": "\\to", "⟶": "\\to", "≡": "\\equiv", "′": "'", "∈": "\\in",
    "⋯": "\\cdots", "⟨": "\\langle", "⟩": "\\rangle", "≔": ":=", "⇐": "\\Leftarrow", "∓": "\\mp",
    "±": "\\pm", "∀": "\\forall", "≪": "\\ll", "≫": "\\gg", "≅": "\\cong", "≃": "\\simeq",
    # hyphens and full-width signs an input method types for a minus, a slash, a star or a bracket
    "‐": "-", "‑": "-", "‒": "-", "﹣": "-", "－": "-", "／": "/", "＊": "*", "［": "[", "］": "]",
    "｛": "{", "｝": "}", "｜": "|", "＜": "<", "＞": ">", "＾": "^", "＿": "_",
}
"""Unicode characters -> the LaTeX they stand for."""

SUPERSCRIPTS = {"²": "2", "³": "3", "¹": "1", "ᵀ": "T"}

IGNORED_COMMANDS = frozenset({
    "\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\textstyle",
    "\\scriptstyle", "\\limits", "\\nolimits", "\\nonumber", "\\notag", "\\big", "\\Big",
    "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr",
    "\\Biggl", "\\Biggr", "\\bigm", "\\Bigm", "\\middle", "\\left", "\\right", "\\hfill",
    # what else a renderer draws as space, size or a break (KaTeX's and MathJax's lists): no math
    "\\>", "\\thinspace", "\\medspace", "\\thickspace", "\\negthinspace", "\\negmedspace",
    "\\negthickspace", "\\enspace", "\\space", "\\nobreakspace", "\\mathstrut", "\\strut",
    "\\allowbreak", "\\nobreak", "\\relax", "\\scriptscriptstyle", "\\biggm", "\\Biggm", "\\tiny",
    "\\scriptsize", "\\footnotesize", "\\small", "\\normalsize", "\\large", "\\Large", "\\LARGE",
    "\\huge", "\\Huge",
})

GAP_COMMANDS = frozenset({"\\quad", "\\qquad", "\\ ", "\\hspace", "\\hfill", "\\enspace", "\\space",
                          "\\nobreakspace"})
"""Wide spacing: what follows it may be a remark (`x = y \\quad k \\neq i`)."""

SKIPPED_WITH_ARGUMENT = frozenset({"\\tag", "\\tag*", "\\label", "\\begin", "\\end", "\\hspace"})

WORD_COMMANDS = frozenset({
    "\\text", "\\mathrm", "\\operatorname", "\\textrm", "\\mathit", "\\textit", "\\mathsf",
    "\\textsf", "\\texttt", "\\mathtt", "\\textbf", "\\mathop", "\\mbox", "\\textnormal",
})
"""Commands whose braces hold a word (``\\text{const}``, ``\\operatorname{arg\\,min}``)."""

TEXT_COMMANDS = frozenset({"\\text", "\\textrm", "\\textit", "\\textsf", "\\texttt", "\\textbf",
                           "\\mbox", "\\textnormal"})
"""Text-mode commands: what they hold is a name (``\\text{Var}``) or prose, never math."""

TRANSPARENT = frozenset({"\\mathbf", "\\boldsymbol", "\\bm", "\\vec", "\\pmb", "\\mathbb"})
"""Font commands that do not change which quantity a letter names."""

STYLED = {"\\mathcal": "cal", "\\mathscr": "scr", "\\mathfrak": "frak"}
"""Font commands that make a different name: ``\\mathcal{L}`` is ``Lcal``, not ``L`` (SymPy
prints a ``cal``/``scr``/``frak`` suffix back as the font)."""

NAME_COMMANDS = frozenset(TRANSPARENT) | frozenset(STYLED)
"""Commands that take one name-like argument besides the decorations."""

WRAPPERS = frozenset({"\\boxed", "\\cancel", "\\bcancel", "\\xcancel"})
"""``\\boxed{X}`` and the like: just X."""

ANNOTATED = {"\\underbrace": "_", "\\overbrace": "^"}
"""``\\underbrace{X}_{note}``: X; the note is dropped."""

LEADING_MARKS = frozenset({"\\therefore", "\\because"})
TRAILING_MARKS = frozenset({"\\blacksquare", "\\qed", "\\square", "\\Box"})
"""Proof marks at the start or end of a line, ignored."""

REMARK_WORDS = frozenset({"for", "where", "with", "since", "because", "by", "if", "when", "whenever",
                          "as", "using", "from", "all", "each", "every", "note", "assuming", "given",
                          "provided", "via", "due", "independence", "independent", "definition",
                          "see", "cf", "let", "plugging", "substituting", "recall", "applying", "setting"})
"""First words of a ``\\text{...}`` after the math that make it a remark (the rest of the line)."""

CONNECTIVE_WORDS = frozenset({"and", "or", "then", "hence", "thus", "so", "gives", "therefore", "ie",
                              "implies", "yields"})
"""First words of a ``\\text{...}`` that join two statements: not a remark (the line stays unreadable)."""

DECORATIONS = {
    "\\tilde": "tilde", "\\widetilde": "tilde", "\\hat": "hat", "\\widehat": "hat",
    "\\bar": "bar", "\\overline": "bar", "\\dot": "dot", "\\ddot": "ddot",
}

RELATIONS = {
    "=": "=", "=>": "=>", "<=>": "<=>", ":=": "=", "\\Rightarrow": "=>", "\\implies": "=>",
    "\\Longrightarrow": "=>", "\\Leftrightarrow": "<=>", "\\iff": "<=>",
    "\\Longleftrightarrow": "<=>", "\\coloneqq": "=", "\\triangleq": "=", "\\eqqcolon": "=",
    "\\coloneq": "=", "\\eqdef": "=",
    "\\therefore": "=>",  # `\\because A \\quad \\therefore B` (a leading \\therefore is a proof mark)
}
"""Relations the checker understands, as written -> canonical."""

INEQUALITIES = {
    "\\le": "<=", "\\leq": "<=", "<=": "<=", "\\leqslant": "<=", "\\ge": ">=", "\\geq": ">=", ">=": ">=",
    "\\geqslant": ">=", "<": "<", "\\lt": "<", ">": ">", "\\gt": ">",
}
"""Inequalities, as written -> canonical, where the notation reads them (``Notation.inequalities``)."""

UNSUPPORTED_RELATIONS = frozenset({
    "<", ">", "<=", ">=", "\\approx", "\\propto", "\\le", "\\leq", "\\ge", "\\geq", "\\neq",
    "\\ne", "\\sim", "\\simeq", "\\equiv", "\\cong", "\\leqslant", "\\geqslant", "\\lt", "\\gt",
    "\\ll", "\\gg", "\\in", "\\subset", "\\to", "\\rightarrow", "\\mapsto", "\\Leftarrow",
    "\\impliedby", "\\Longleftarrow", "\\leftarrow", "!=", "\\gets", "\\longleftarrow", "\\asymp",
    "\\leftrightarrow", "\\longrightarrow", "\\longmapsto",
    "\\xrightarrow", "\\xleftarrow",  # `\\xrightarrow{n \\to \\infty}`: "tends to", like `\\to`
})

SCALAR_FUNCTIONS = frozenset({"log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh"})
"""Functions written as operators (``\\log x``) or ASCII words (``log(x)``)."""

ASCII_WORDS = frozenset({"sqrt", "pi", "argmin", "argmax", "arg", "Var", "infty", "inf"}) | SCALAR_FUNCTIONS
"""Letter runs read as one word even when not declared."""

RESERVED_WORDS = frozenset({"sum", "prod", "int", "lim", "min", "max", "sup", "argmin", "argmax"})
"""Words a student means as operators we cannot read in that form: an error, not `s*u*m`."""

PROSE_WORDS = frozenset({"for", "where", "and", "with", "then", "hence", "thus", "since", "let",
                         "because", "therefore", "when", "gives", "so"})
"""Words of prose inside a formula: an error, not a product of letters."""
