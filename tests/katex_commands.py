r"""The LaTeX a Markdown math renderer (KaTeX, MathJax) accepts in a derivation, and the reading a TA takes.

Each row: the command, a one-line formula that uses it, and the same formula written in the notation the parser
read before (the TA's reading).  The list was made from the renderers' own lists of supported commands (KaTeX
"Supported Functions", docs/supported.md; MathJax's TeX command list) — only the commands a derivation of this
course may use; the formulas are our own.  `python3 tests/katex_commands.py` prints which rows the parser reads
as the TA does (the coverage figure of round 10); tests/test_mathparse_round10_katex.py asserts them.

Sources (the lists of command names only; no text or code taken):
- KaTeX/KaTeX, docs/supported.md ("Supported Functions", https://katex.org/docs/supported): the groups
  delimiters and sizing, annotation, spacing, fonts, fractions and binomials, binary operators, relations,
  arrows and extensible arrows, symbols, Unicode direct input;
- https://katex.org/docs/support_table (the alphabetical table): the same names, checked against it;
- MathJax documentation, input/tex/macros ("Supported TeX/LaTeX commands", docs.mathjax.org) and the
  extensions enclose, cancel, bbox, html (`\class`, `\style`, `\cssId`), require, physics (`\abs`, `\norm`,
  `\pdv`, `\dv`): the commands MathJax adds to KaTeX's.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: (group, command, written, plain): `written` must read as `plain` does.
ROWS: tuple[tuple[str, str, str, str], ...] = (
    # delimiters and their sizes: the size is dropped, the delimiter stays
    ("delimiter", "\\big", r"\big( a + b \big)^2", r"(a + b)^2"),
    ("delimiter", "\\Big", r"\Big[ a - b \Big] c", r"[a - b] c"),
    ("delimiter", "\\bigg", r"\bigg( \frac{a}{b} \bigg) + 1", r"\frac{a}{b} + 1"),
    ("delimiter", "\\Bigg", r"\Bigg( a \Bigg)^{3}", r"a^3"),
    ("delimiter", "\\bigl \\bigr", r"\bigl( a + b \bigr) c", r"(a + b) c"),
    ("delimiter", "\\Bigl \\Bigr", r"\Bigl[ a + b \Bigr]^2", r"(a + b)^2"),
    ("delimiter", "\\biggl \\biggr", r"\biggl( x - y \biggr)^2", r"(x - y)^2"),
    ("delimiter", "\\Biggl \\Biggr", r"\Biggl( x \Biggr)", r"x"),
    ("delimiter", "\\bigg\\{", r"\bigg\{ a + b \bigg\} c", r"(a + b) c"),
    ("delimiter", "\\Big|", r"\Big| a - b \Big|", r"|a - b|"),
    ("delimiter", "\\left( \\right)", r"\left( a + b \right)^2", r"(a + b)^2"),
    ("delimiter", "\\left[ \\right]", r"\left[ a + b \right] c", r"(a + b) c"),
    ("delimiter", "\\left\\{ \\right\\}", r"\left\{ a + b \right\} c", r"(a + b) c"),
    ("delimiter", "\\left| \\right|", r"\left| a - b \right|", r"|a - b|"),
    ("delimiter", "\\left. \\right|", r"\left. x^2 \right|_{x=3}", r"9"),
    ("delimiter", "\\vert", r"\vert a - b \vert", r"|a - b|"),
    ("delimiter", "\\lvert \\rvert", r"\lvert a - b \rvert", r"|a - b|"),
    ("delimiter", "\\left\\lvert", r"\left\lvert a \right\rvert^2", r"|a|^2"),
    ("delimiter", "\\Vert", r"\Vert w \Vert^2", r"\|w\|^2"),
    ("delimiter", "\\lVert \\rVert", r"\lVert w \rVert^2", r"\|w\|^2"),
    ("delimiter", "\\left\\| \\right\\|", r"\left\| w \right\|_2^2", r"\|w\|_2^2"),
    ("delimiter", "\\big\\|", r"\big\| w \big\|^2", r"\|w\|^2"),
    ("delimiter", "\\lbrace \\rbrace", r"\lbrace a + b \rbrace c", r"(a + b) c"),
    ("delimiter", "\\lbrack \\rbrack", r"\lbrack a + b \rbrack c", r"(a + b) c"),
    ("delimiter", "\\lparen \\rparen", r"\lparen a + b \rparen c", r"(a + b) c"),
    ("delimiter", "\\left\\lbrack", r"\left\lbrack a + b \right\rbrack c", r"(a + b) c"),
    ("delimiter", "\\left\\lparen", r"\left\lparen a + b \right\rparen^2", r"(a + b)^2"),
    ("delimiter", "\\bigm|", r"P\bigl(y \bigm| x\bigr)", r"P(y \mid x)"),
    ("delimiter", "\\middle|", r"P\left(y \middle| x\right)", r"P(y \mid x)"),
    ("delimiter", "\\mid", r"P(y \mid x)", r"P(y | x)"),
    ("delimiter", "\\mid as a bar", r"\max\{\mid a \mid - b, 0\}", r"\max\{|a| - b, 0\}"),
    ("delimiter", "\\mid ... \\mid", r"c - \mid a - b \mid", r"c - |a - b|"),
    # decorations that carry no math
    ("decoration", "\\color{..}{..}", r"a + \color{red}{b}", r"a + b"),
    ("decoration", "{\\color{..} ..}", r"a + {\color{red} b c}", r"a + b c"),
    ("decoration", "\\color switch", r"a + \color{blue} b", r"a + b"),
    ("decoration", "\\color{#hex}", r"a + \color{#FF0000}{b}", r"a + b"),
    ("decoration", "\\textcolor", r"a + \textcolor{red}{b - c}", r"a + (b - c)"),
    ("decoration", "\\colorbox", r"a + \colorbox{yellow}{$b$}", r"a + b"),
    ("decoration", "\\fcolorbox", r"a + \fcolorbox{red}{white}{$b$}", r"a + b"),
    ("decoration", "\\boxed", r"\boxed{a + b} - c", r"a + b - c"),
    ("decoration", "\\bbox", r"\bbox[yellow]{a + b}", r"a + b"),
    ("decoration", "\\bbox[5px,border:2px solid red]", r"\bbox[5px,border:2px solid red]{a b}", r"a b"),
    ("decoration", "\\underbrace", r"\underbrace{a + b}_{\text{two}} c", r"(a + b) c"),
    ("decoration", "\\overbrace", r"\overbrace{a + b}^{\text{two}} + c", r"a + b + c"),
    ("decoration", "\\cancel", r"\frac{\cancel{a} b}{\cancel{a}}", r"\frac{a b}{a}"),
    ("decoration", "\\bcancel", r"a + \bcancel{b}", r"a + b"),
    ("decoration", "\\xcancel", r"a \xcancel{b}", r"a b"),
    ("decoration", "\\sout", r"a \sout{b}", r"a b"),
    ("decoration", "\\tag", r"a + b \tag{3}", r"a + b"),
    ("decoration", "\\tag*", r"a + b \tag*{(i)}", r"a + b"),
    ("decoration", "\\label", r"a + b \label{eq:one}", r"a + b"),
    ("decoration", "\\nonumber", r"a + b \nonumber", r"a + b"),
    ("decoration", "\\notag", r"a + b \notag", r"a + b"),
    ("decoration", "\\displaystyle", r"\displaystyle \frac{a}{b}", r"\frac{a}{b}"),
    ("decoration", "\\textstyle", r"\textstyle \frac{a}{b}", r"\frac{a}{b}"),
    ("decoration", "\\scriptstyle", r"\scriptstyle a", r"a"),
    ("decoration", "\\limits", r"\sum\limits_{i=1}^{3} i", r"6"),
    ("decoration", "\\nolimits", r"\sum\nolimits_{i=1}^{3} i", r"6"),
    ("decoration", "\\,", r"a\,b", r"a b"),
    ("decoration", "\\;", r"a\;b", r"a b"),
    ("decoration", "\\:", r"a\:b", r"a b"),
    ("decoration", "\\>", r"a\>b", r"a b"),
    ("decoration", "\\!", r"a\!b", r"a b"),
    ("decoration", "\\ ", r"a\ b", r"a b"),
    ("decoration", "\\quad", r"a \quad b", r"a b"),
    ("decoration", "\\qquad", r"a + \qquad b", r"a + b"),
    ("decoration", "\\hspace", r"a + \hspace{1em} b", r"a + b"),
    ("decoration", "\\hspace*", r"a + \hspace*{2pt} b", r"a + b"),
    ("decoration", "\\enspace", r"a \enspace b", r"a b"),
    ("decoration", "\\thinspace", r"a \thinspace b", r"a b"),
    ("decoration", "\\medspace", r"a \medspace b", r"a b"),
    ("decoration", "\\thickspace", r"a \thickspace b", r"a b"),
    ("decoration", "\\negthinspace", r"a \negthinspace b", r"a b"),
    ("decoration", "\\negmedspace", r"a \negmedspace b", r"a b"),
    ("decoration", "\\negthickspace", r"a \negthickspace b", r"a b"),
    ("decoration", "\\space", r"a \space b", r"a b"),
    ("decoration", "\\nobreakspace", r"a \nobreakspace b", r"a b"),
    ("decoration", "\\kern", r"a \kern{1em} b", r"a b"),
    ("decoration", "\\kern1em", r"a \kern1em b", r"a b"),
    ("decoration", "\\mkern", r"a \mkern3mu b", r"a b"),
    ("decoration", "\\mskip", r"a \mskip{3mu} b", r"a b"),
    ("decoration", "\\hskip", r"a \hskip 1em b", r"a b"),
    ("decoration", "\\phantom", r"a + \phantom{b} c", r"a + c"),
    ("decoration", "\\hphantom", r"a + \hphantom{xx} c", r"a + c"),
    ("decoration", "\\vphantom", r"a + \vphantom{\frac{1}{2}} c", r"a + c"),
    ("decoration", "\\mathstrut", r"\sqrt{\mathstrut a}", r"\sqrt{a}"),
    ("decoration", "\\strut", r"a + \strut b", r"a + b"),
    ("decoration", "\\smash", r"a + \smash{b}", r"a + b"),
    ("decoration", "\\large", r"\large a + b", r"a + b"),
    ("decoration", "\\Large", r"{\Large a} + b", r"a + b"),
    ("decoration", "\\small", r"a + {\small b}", r"a + b"),
    ("decoration", "\\underline", r"\underline{a + b} c", r"(a + b) c"),
    ("decoration", "\\allowbreak", r"a + \allowbreak b", r"a + b"),
    ("decoration", "\\nobreak", r"a + \nobreak b", r"a + b"),
    ("decoration", "\\mathord", r"a \mathord{b}", r"a b"),
    ("decoration", "\\mathbin", r"a \mathbin{+} b", r"a + b"),
    ("decoration", "\\mathrel", r"a \mathrel{=} b", r"a = b"),
    ("decoration", "\\mathopen \\mathclose", r"\mathopen{(} a + b \mathclose{)} c", r"(a + b) c"),
    ("decoration", "\\relax", r"a \relax + b", r"a + b"),
    ("decoration", "\\enclose (MathJax)", r"\enclose{circle}[mathcolor=red]{a} + b", r"a + b"),
    ("decoration", "\\cancelto", r"\cancelto{0}{a} + b", r"a + b"),
    ("decoration", "\\class (MathJax)", r"\class{x}{a} + b", r"a + b"),
    ("decoration", "\\style (MathJax)", r"\style{color:red}{a} + b", r"a + b"),
    ("decoration", "\\require (MathJax)", r"\require{cancel} a + b", r"a + b"),
    ("physics", "\\abs", r"\abs{a - b}", r"|a - b|"),
    ("physics", "\\norm", r"\norm{w}^2", r"\|w\|^2"),
    ("physics", "\\pdv", r"\pdv{}{a} a^2", r"2 a"),
    ("physics", "\\pdv{f}{x}", r"\pdv{(a^3)}{a}", r"3 a^2"),
    ("physics", "\\pdv[2]", r"\pdv[2]{(a^3)}{a}", r"6 a"),
    ("physics", "\\dv", r"\dv{(a^2)}{a}", r"2 a"),
    # letters and fonts
    ("font", "\\mathrm", r"\mathrm{e}^{x} + b", r"e^x + b"),
    ("font", "\\mathbf", r"\mathbf{w}^T \mathbf{x}", r"w^T x"),
    ("font", "\\mathit", r"\mathit{a} + b", r"a + b"),
    ("font", "\\mathsf", r"\mathsf{a} + b", r"a + b"),
    ("font", "\\mathnormal", r"\mathnormal{a} + b", r"a + b"),
    ("font", "\\mathcal", r"\mathcal{L} + a", r"\mathcal{L} + a"),
    ("font", "\\mathscr", r"\mathscr{L} + a", r"\mathscr{L} + a"),
    ("font", "\\mathbb", r"\mathbb{E}[x] + a", r"\mathbb{E}[x] + a"),
    ("font", "\\boldsymbol", r"\boldsymbol{w}^T \boldsymbol{x}", r"w^T x"),
    ("font", "\\bm", r"\bm{w}^T \bm{x}", r"w^T x"),
    ("font", "\\pmb", r"\pmb{w}^T \pmb{x}", r"w^T x"),
    ("font", "\\bold", r"\bold{w}^T \bold{x}", r"w^T x"),
    ("font", "\\Bbb", r"\Bbb{E}[x]", r"\mathbb{E}[x]"),
    ("font", "\\mathbf{\\theta}", r"\mathbf{\theta} + a", r"\theta + a"),
    ("font", "\\boldsymbol{\\theta}", r"\boldsymbol{\theta}^T x", r"\theta^T x"),
    ("font", "\\text", r"a + \text{b}", r"a + b"),
    ("font", "\\textbf", r"\textbf{w} + a", r"w + a"),
    ("font", "\\textrm", r"\textrm{a} + b", r"a + b"),
    ("font", "\\textit", r"\textit{a} + b", r"a + b"),
    ("font", "\\textup", r"\textup{a} + b", r"a + b"),
    ("font", "\\textmd", r"\textmd{a} + b", r"a + b"),
    ("font", "\\textnormal", r"\textnormal{a} + b", r"a + b"),
    ("font", "\\operatorname", r"\operatorname{Var}(x) + a", r"\mathrm{Var}(x) + a"),
    ("font", "\\operatorname*", r"\operatorname*{Var}(x) + a", r"\mathrm{Var}(x) + a"),
    ("font", "\\rm", r"{\rm e}^{x}", r"e^x"),
    ("font", "\\bf", r"{\bf w}^T x", r"w^T x"),
    ("font", "\\it", r"{\it a} + b", r"a + b"),
    ("font", "\\sf", r"{\sf a} + b", r"a + b"),
    ("font", "\\boldsymbol{\\mathrm{}}", r"\boldsymbol{\mathrm{w}}^T x", r"w^T x"),
    ("font", "\\mathbf{\\hat y}", r"\mathbf{\hat{y}} - y", r"\hat{y} - y"),
    # fractions and binomials
    ("fraction", "\\dfrac", r"\dfrac{a}{b} + c", r"\frac{a}{b} + c"),
    ("fraction", "\\tfrac", r"\tfrac{1}{2} a", r"\frac{1}{2} a"),
    ("fraction", "\\cfrac", r"\cfrac{a}{b + \cfrac{1}{c}}", r"\frac{a}{b + \frac{1}{c}}"),
    ("fraction", "\\frac12", r"\frac12 a^2", r"\frac{1}{2} a^2"),
    ("fraction", "\\frac a b", r"\frac a b + c", r"\frac{a}{b} + c"),
    ("fraction", "\\over", r"{a \over b} + c", r"\frac{a}{b} + c"),
    ("fraction", "\\binom", r"\binom{4}{2} a", r"6 a"),
    ("fraction", "\\dbinom", r"\dbinom{4}{2} a", r"6 a"),
    ("fraction", "\\tbinom", r"\tbinom{4}{2} a", r"6 a"),
    ("fraction", "\\choose", r"{4 \choose 2} a", r"6 a"),
    ("fraction", "\\sqrt[n]", r"\sqrt[3]{a}", r"a^{1/3}"),
    # products written in the ways a renderer shows
    ("product", "*", r"a * b + c", r"a b + c"),
    ("product", "\\ast", r"a \ast b + c", r"a b + c"),
    ("product", "\\times", r"2 \times a", r"2 a"),
    ("product", "\\cdot", r"a \cdot b", r"a b"),
    ("product", "\\cdotp", r"a \cdotp b", r"a b"),
    ("product", "\\centerdot", r"a \centerdot b", r"a b"),
    ("product", "\\sdot", r"a \sdot b", r"a b"),
    ("product", "\\div", r"a \div b", r"\frac{a}{b}"),
    ("product", "\\cdot at the start", r"\cdot a b", r"a b"),
    ("product", "\\cdot at the end", r"a b \cdot", r"a b"),
    ("product", "\\times at the end", r"a b \times", r"a b"),
    # Unicode typed inside the math
    ("unicode", "− (U+2212)", "a − b", r"a - b"),
    ("unicode", "– (en dash)", "a – b", r"a - b"),
    ("unicode", "— (em dash)", "a — b", r"a - b"),
    ("unicode", "×", "2 × a", r"2 a"),
    ("unicode", "·", "a · b", r"a b"),
    ("unicode", "⋅", "a ⋅ b", r"a b"),
    ("unicode", "∙", "a ∙ b", r"a b"),
    ("unicode", "∗", "a ∗ b", r"a b"),
    ("unicode", "÷", "a ÷ b", r"\frac{a}{b}"),
    ("unicode", "∑", "∑_{i=1}^{3} i", r"6"),
    ("unicode", "∏", "∏_{i=1}^{3} i", r"6"),
    ("unicode", "∂", "\\frac{∂ (a^2)}{∂ a}", r"2 a"),
    ("unicode", "≤", "a ≤ b", r"a \le b"),
    ("unicode", "≥", "a ≥ b", r"a \ge b"),
    ("unicode", "≠", "a ≠ b", r"a \neq b"),
    ("unicode", "≈", "a ≈ b", r"a \approx b"),
    ("unicode", "→", "a → b", r"a \to b"),
    ("unicode", "⇒", "a = b ⇒ b = a", r"a = b \Rightarrow b = a"),
    ("unicode", "⟹", "a = b ⟹ b = a", r"a = b \Rightarrow b = a"),
    ("unicode", "≡", "a ≡ b", r"a \equiv b"),
    ("unicode", "≔", "a ≔ b", r"a := b"),
    ("unicode", "σ", "σ(z) + θ", r"\sigma(z) + \theta"),
    ("unicode", "α β", "α β + λ", r"\alpha \beta + \lambda"),
    ("unicode", "ε", "ε + μ", r"\epsilon + \mu"),
    ("unicode", "∞", "∞ + 1", r"\infty"),
    ("unicode", "√", "√{a} + b", r"\sqrt{a} + b"),
    ("unicode", "√ (bare)", "√2 a", r"\sqrt{2} a"),
    ("unicode", "²", "a² + b³", r"a^2 + b^3"),
    ("unicode", "⁴", "a⁴", r"a^4"),
    ("unicode", "⁻¹", "a⁻¹ b", r"a^{-1} b"),
    ("unicode", "ⁿ", "aⁿ", r"a^n"),
    ("unicode", "₁ (subscript digit)", "a₁ + a₂", r"a_1 + a_2"),
    ("unicode", "ᵢ (subscript letter)", "aᵢ + bⱼ", r"a_i + b_j"),
    ("unicode", "ᵀ", "wᵀ x", r"w^T x"),
    ("unicode", "‖", "‖w‖²", r"\|w\|^2"),
    ("unicode", "∣", "P(y ∣ x)", r"P(y \mid x)"),
    ("unicode", "∇", "∇_w f", r"\nabla_w f"),
    ("unicode", "′ (prime)", "f′(x)", r"f'(x)"),
    ("unicode", "ℓ", "ℓ + 1", r"\ell + 1"),
    ("unicode", "∈ (remark)", r"a = b, \quad b ∈ R", r"a = b"),
    ("unicode", "non-breaking space", "a\u00a0+\u00a0b", r"a + b"),
    ("unicode", "thin space", "a\u2009+\u2009b", r"a + b"),
    ("unicode", "… (ellipsis)", "a_1 + … + a_3", r"a_1 + \cdots + a_3"),
    ("unicode", "⋯", "a_1 + ⋯ + a_3", r"a_1 + \cdots + a_3"),
    ("unicode", "full-width parentheses", "（a + b）c", r"(a + b) c"),
    ("unicode", "full-width minus", "a － b", r"a - b"),
    ("unicode", "hyphen (U+2010)", "a ‐ b", r"a - b"),
    ("unicode", "full-width slash", "a ／ b", r"\frac{a}{b}"),
    # bracket quirks renderers accept
    ("quirk", "\\sum{_k}", r"\sum{_{i=1}^{3}} i", r"\sum_{i=1}^{3} i"),
    ("quirk", "x{_i}", r"x{_i} + y{_j}", r"x_i + y_j"),
    ("quirk", "e^{z{_i}}", r"e^{z{_i}}", r"e^{z_i}"),
    ("quirk", "{x}_i", r"{x}_i + 1", r"x_i + 1"),
    ("quirk", "\\exp^{..}", r"\exp^{a + b}", r"e^{a + b}"),
    ("quirk", "\\exp^2(..)", r"\exp^2(a)", r"e^{2a}"),
    ("quirk", "\\log^2", r"\log^2(a)", r"(\log a)^2"),
    ("quirk", "x^{}_{i}", r"x^{}_{i} + 1", r"x_i + 1"),
    ("quirk", "x_i^* (scripts in either order)", r"\sum_{i=1}^{3} (a_{i} - a_{i}^{*})^2", r"\sum_{i=1}^{3} (a_{i} - a^{*}_{i})^2"),
    ("quirk", "x_i^\\ast", r"\sum_{i=1}^{3} a_{i}^{\ast}", r"\sum_{i=1}^{3} a^{*}_{i}"),
    ("quirk", "{{x}}", r"{{a}} + {b}", r"a + b"),
    ("quirk", "x_{{i}}", r"x_{{i}} + 1", r"x_i + 1"),
    # operators and symbols
    ("symbol", "\\top", r"w^\top x", r"w^T x"),
    ("symbol", "\\intercal", r"w^\intercal x", r"w^T x"),
    ("symbol", "^{\\mathsf{T}}", r"w^{\mathsf{T}} x", r"w^T x"),
    ("symbol", "^\\mathrm{T}", r"w^\mathrm{T} x", r"w^T x"),
    ("symbol", "^{\\prime}", r"f^{\prime}(w) + a", r"f'(w) + a"),
    ("symbol", "\\prime", r"f^\prime(w)", r"f'(w)"),
    ("symbol", "\\infin", r"\infin + 1", r"\infty"),
    ("symbol", "\\exp", r"\exp(a) \exp(b)", r"e^{a + b}"),
    ("symbol", "\\exp{..}", r"\exp{(a)}", r"e^{a}"),
    ("symbol", "\\ln", r"\ln(a b)", r"\log(a b)"),
    ("symbol", "\\log_e", r"\log_e a", r"\log a"),
    ("symbol", "\\argmin", r"\argmin_w f(w)", r"\arg\min_w f(w)"),
    ("symbol", "\\argmax", r"\argmax_w f(w)", r"\arg\max_w f(w)"),
    ("symbol", "\\operatorname{argmax}", r"\operatorname{argmax}_w f(w)", r"\arg\max_w f(w)"),
    ("symbol", "\\operatorname*{argmin}", r"\operatorname*{argmin}_w f(w)", r"\arg\min_w f(w)"),
    ("symbol", "\\mathrm{d}", r"\frac{\mathrm{d} a^2}{\mathrm{d} a}", r"2 a"),
    ("symbol", "\\operatorname{d}", r"\frac{\operatorname{d} a^2}{\operatorname{d} a}", r"2 a"),
    ("symbol", "\\mathrm{Var}", r"\mathrm{Var}(a)", r"\operatorname{Var}(a)"),
    # relations
    ("relation", "\\coloneqq", r"a \coloneqq b", r"a = b"),
    ("relation", "\\colonequals", r"a \colonequals b", r"a = b"),
    ("relation", "\\eqqcolon", r"a \eqqcolon b", r"a = b"),
    ("relation", "\\triangleq", r"a \triangleq b", r"a = b"),
    ("relation", "\\stackrel{..}{=}", r"a \stackrel{\text{def}}{=} b", r"a = b"),
    ("relation", "\\overset{..}{=}", r"a \overset{(1)}{=} b", r"a = b"),
    ("relation", "\\underset{..}{=}", r"a \underset{\text{by (2)}}{=} b", r"a = b"),
    ("relation", "\\stackrel{!}{=}", r"a \stackrel{!}{=} b", r"a = b"),
    ("relation", "\\xlongequal", r"a \xlongequal{(1)} b", r"a = b"),
    ("relation", "\\xRightarrow", r"a = b \xRightarrow{} b = a", r"a = b \Rightarrow b = a"),
    ("relation", "\\implies", r"a = b \implies b = a", r"a = b \Rightarrow b = a"),
    ("relation", "\\Longrightarrow", r"a = b \Longrightarrow b = a", r"a = b \Rightarrow b = a"),
    ("relation", "\\rArr", r"a = b \rArr b = a", r"a = b \Rightarrow b = a"),
    ("relation", "\\Rarr", r"a = b \Rarr b = a", r"a = b \Rightarrow b = a"),
    ("relation", "\\iff", r"a = b \iff b = a", r"a = b \Leftrightarrow b = a"),
    ("relation", "\\Leftrightarrow", r"a = b \Leftrightarrow b = a", r"a = b \iff b = a"),
    ("relation", "\\lrArr", r"a = b \lrArr b = a", r"a = b \iff b = a"),
    ("relation", "\\eqcolon", r"b \eqcolon a", r"b = a"),
    ("relation", "\\doteq", r"a \doteq b", r"a = b"),
)

LEFT_UNREAD = {
    "\\left. \\right|": "the evaluation bar `\\left. f \\right|_{x=a}` would need the parser to substitute; refused, not misread",
    "\\cdot at the start": "a product continued from the line before: alone it is refused; in a derivation it is joined"
                            " to the line before (grader/derivations/continued_expressions.py)",
    "\\cdot at the end": "a product continued on the next line: alone it is refused (reading it would drop the factors"
                          " that follow); in a derivation the next line is joined to it",
    "\\times at the end": "as `\\cdot` at the end",
    "x_i^* (scripts in either order)": "a star after the index of a name the problem does not know: read as the starred"
                                       " name's entry, it made an author's own letter for the weights (θ_i^*) checkable"
                                       " against the problem's J before the letter was followed, and a valid line was"
                                       " called invalid (l1-03-regularization-notes-theta); refused until letters are",
    "x_i^\\ast": "as `x_i^*`",
}
"""Commands of the list the parser still refuses, and why (each is refused with a plain reason, never misread)."""


def reading(text: str, notation=None) -> tuple | str:
    """What the parser makes of `text`: its sides and relations, or the error's key."""
    from grader.mathparse import MathParseError, Notation, parse_line

    try:
        parsed = parse_line(text, notation or Notation(functions={"f": ("w",), "P": ("A",)}))
    except MathParseError as error:
        return f"error: {error.message.key}"
    return (tuple(parsed.terms), parsed.relations, parsed.leading_relation)


def same_reading(written: str, plain: str) -> bool:
    """Whether `written` reads as `plain` (the same sides, equal as expressions, and the same relations)."""
    import sympy

    left, right = reading(written), reading(plain)
    if isinstance(left, str) or isinstance(right, str):
        return left == right  # refused alike (`a ≠ b` as `a \neq b`): the spelling changes nothing
    if left[1:] != right[1:] or len(left[0]) != len(right[0]):
        return False
    for a, b in zip(left[0], right[0], strict=True):
        if a == b:
            continue
        try:
            if sympy.simplify(sympy.expand((a - b).doit())) != 0:
                return False
        except Exception:  # a matrix against a scalar, an ArgOpt: not the same reading
            return False
    return True


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    read = 0
    for group, command, written, plain in ROWS:
        ok = same_reading(written, plain)
        read += ok
        if show_all or not ok:
            got = reading(written)
            shown = got if isinstance(got, str) else "read otherwise: " + ", ".join(map(str, got[0]))
            print(f"{'ok ' if ok else 'NO '} {group:10} {command:28} {written!r:50} {'' if ok else shown}")
    print(f"\n{read} of {len(ROWS)} commands read as a TA reads them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
