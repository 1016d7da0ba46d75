r"""Round 10 (issue 11): every piece of LaTeX a Markdown math renderer (KaTeX, MathJax) accepts, read as a TA reads it.

- The table (`katex_commands.ROWS`, made from KaTeX's list of supported functions): each command in a one-line
  formula reads as the same formula written in the notation the parser read before; the few left unread are
  refused with a plain reason, never misread.
- For each class (delimiters and sizes, decorations that carry no math, fonts, other spellings of a command,
  Unicode typed in the math, the bracket quirks renderers accept) variants in other letters and layouts, and
  derivation rows: a valid line with the notation passes, a wrong one (sign slip, dropped factor, swapped index,
  wrong coefficient) is still charged.  A decoration never changes what a line means: `\cancel{x}` is still x,
  an invisible `\phantom{-}` is no sign.
"""

from __future__ import annotations

import time

import pytest
from katex_commands import LEFT_UNREAD, ROWS, reading, same_reading
from test_derivations_table import _line_verdicts

from grader.mathparse import MathParseError, Notation, parse_expression, parse_line
from grader.mathparse.renderer_markup import renderer_markup

_READ = [row for row in ROWS if row[1] not in LEFT_UNREAD]
_LEFT = [row for row in ROWS if row[1] in LEFT_UNREAD]


def _softmax(*displays: str) -> list:
    return _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n\n" + "".join(f"$${d}$$\n\n" for d in displays))


def _mle(*displays: str) -> list:
    return _line_verdicts("mle_mse", "## mle-mse\n\n" + "".join(f"$${d}$$\n\n" for d in displays))


# -- the support table ----------------------------------------------------------------------------------


@pytest.mark.parametrize("group, command, written, plain", _READ, ids=[f"{r[0]}:{r[1]}" for r in _READ])
def test_a_renderers_command_reads_as_the_ta_reads_it(group, command, written, plain):
    assert same_reading(written, plain), (reading(written), reading(plain))


@pytest.mark.parametrize("group, command, written, plain", _LEFT, ids=[f"{r[0]}:{r[1]}" for r in _LEFT])
def test_a_command_left_unread_is_refused_not_misread(group, command, written, plain):
    assert isinstance(reading(written), str)


def test_the_table_covers_the_renderers_groups():
    groups = {row[0] for row in ROWS}
    assert {"delimiter", "decoration", "font", "fraction", "product", "unicode", "quirk", "relation", "physics"} <= groups
    assert len(_READ) >= 240 and len(_LEFT) == len(LEFT_UNREAD)


# -- each class in other letters and layouts -----------------------------------------------------------


@pytest.mark.parametrize("written, plain", [
    # other names of the brackets and arrows
    (r"\lbrace p - q \rbrace", r"\{ p - q \}"),
    (r"\left\lbrack u \right\rbrack", r"\left[ u \right]"),
    (r"\lparen s \rparen^{3}", r"( s )^{3}"),
    (r"u = v \Rarr v = u", r"u = v \Rightarrow  v = u"),
    # colour, boxes and classes: what they hold
    (r"\color{green}{m} + n", r" {m} + n"),
    (r"{\color{#00f} m n}", r"{  m n}"),
    (r"\textcolor{orange}{\frac{p}{q}}", r"{\frac{p}{q}}"),
    (r"\colorbox{lightblue}{$t^2$}", r"{t^2}"),
    (r"\fcolorbox{black}{pink}{$u v$}", r"{u v}"),
    (r"\bbox[#eee, 4px]{s + t}", r"{s + t}"),
    (r"\class{hl}{s} + \style{color:red}{t}", r"{s} + {t}"),
    (r"\htmlClass{note}{r_k}", r"{r_k}"),
    (r"p \mathbin{\cdot} q", r"p  \cdot  q"),
    # invisible and kerning commands
    (r"u \phantom{+ v} + w", r"u   + w"),
    (r"u\kern2pt v\mkern-3mu w", r"u\,  v\,  w"),
    (r"\require{cancel} \cancel{s}", r"  \cancel{s}"),
    # a relation with a note
    (r"u \underset{\text{(Bayes)}}{=} v", r"u  =  v"),
    (r"u \xlongequal[\text{below}]{\text{above}} v", r"u  =  v"),
    (r"u = v \xRightarrow{} v = u", r"u = v  \Rightarrow  v = u"),
    # binomials, primes, fonts
    (r"\binom{m}{2}", r"\frac{(m)!}{(2)!((m)-(2))!}"),
    (r"{r + 1 \choose r}", r"\frac{(r + 1)!}{(r)!((r + 1)-(r))!}"),
    (r"g^{\prime\prime}(t)", r"g''(t)"),
    (r"{\sf K} + {\tt Q}", r"\mathsf{K} + \mathtt{Q}"),
    # Unicode scripts and quirks
    ("tᵢ + s₁₂", r"t_{i} + s_{12}"),
    ("M⁻¹ + uᵀ", r"M^{-1} + uᵀ"),
    (r"u{_k} + \prod{_{j=1}^{m}} v_j", r"u_k + \prod_{j=1}^{m} v_j"),
    (r"\exp^{-t/2} + \exp^{2}(s)", r"e^{-t/2} + \exp^{2}(s)"),
    (r"\min\{\mid u \mid, 1\}", r"\min\{| u |, 1\}"),
    (r"q(u \mid v)", r"q(u \mid v)"),  # after a term: the conditional bar
    # MathJax's extensions: enclose, cancelto, the physics package
    (r"\enclose{box,circle}{s} - t", r"{s} - t"),
    (r"\cancelto{1}{\frac{u}{u}} v", r"{\frac{u}{u}} v"),
    (r"\abs{s} \norm*{t}", r"\left| s \right| \left\| t \right\|"),
    (r"\pdv{L}{\theta}", r"\frac{\partial L}{\partial \theta}"),
    (r"\dv[2]{g}{t}", r"\frac{d^{2} g}{d t^{2}}"),
    (r"\pdv{u}{s}{t}", r"\pdv{u}{s}{t}"),  # a mixed derivative: left for the parser to refuse
])
def test_renderer_markup_variants(written, plain):
    assert renderer_markup(written) == plain


@pytest.mark.parametrize("written, plain", [
    (r"\Bigl\lvert s - t \Bigr\rvert + \biggl\lVert u \biggr\rVert^2", r"|s - t| + \|u\|^2"),
    (r"\left\{ s \right\} \cdotp \Bigg[ t \Bigg]", r"s t"),
    (r"{\Large \dfrac{s}{t}} + \tfrac{1}{3}", r"\frac{s}{t} + \frac{1}{3}"),
    (r"\displaystyle\prod\limits_{j=1}^{2} (j + s)", r"(1 + s)(2 + s)"),
    (r"s \enspace t \thinspace u \negthickspace v \> w", r"s t u v w"),
    (r"\boldsymbol{\mu}^\intercal \bold{v} + \Bbb{E}", r"\mu^T v + \mathbb{E}"),
    ("s — t · u ∙ v", r"s - t u v"),
    ("τ² − ε⁴", r"\tau^2 - \epsilon^4"),
    (r"\infin - \infin \cdot 0 + s", r"\infty - \infty \cdot 0 + s"),
])
def test_combined_markup_reads_as_plain_math(written, plain):
    assert same_reading(written, plain), (reading(written), reading(plain))


def test_a_decoration_never_hides_a_change_of_value():
    """`\\cancel{x}` is still x; `\\phantom{-}` is no sign; a colour keeps its content's value."""
    assert parse_expression(r"\frac{\cancel{s} t}{\cancel{s}}") != parse_expression("1")
    assert parse_expression(r"\phantom{-} s") == parse_expression("s")
    assert parse_expression(r"-\color{red}{s}") == parse_expression("-s")
    assert parse_expression(r"\textcolor{red}{s - t} u") == parse_expression("(s - t) u")


def test_a_mid_that_is_a_conditional_stays_a_separator():
    notation = Notation(functions={"p": ("y",)})
    assert parse_line(r"p(y \mid x)", notation).terms == parse_line(r"p(y | x)", notation).terms
    assert parse_line(r"\mid y \mid", notation).terms == parse_line(r"|y|", notation).terms


def test_a_mixed_derivative_of_the_physics_package_is_refused_not_misread():
    with pytest.raises(MathParseError):
        parse_expression(r"\pdv{u}{s}{t}")


def test_full_width_signs_are_not_read_as_prose():
    """`－` (a full-width minus, typed by a Chinese input method) once swallowed the rest of the line as words."""
    assert parse_line("s = t － u").terms == parse_line("s = t - u").terms
    assert parse_line("s ＝ t ＊ u").terms == parse_line("s = t * u").terms


# -- limits: markup never makes reading slow or unbounded ----------------------------------------------


def test_markup_stays_cheap_and_bounded():
    heavy = r"\color{red}{s} + " * 150 + r"x{_i} + \textcolor{blue}{t}" * 20
    start = time.process_time()
    renderer_markup(heavy)
    assert time.process_time() - start < 0.5
    nested = "\\textcolor{red}{" * 55 + "s" + "}" * 55
    assert renderer_markup(nested).count("textcolor") <= 55  # a bounded number of passes, no loop
    with pytest.raises(MathParseError):
        parse_expression(r"\binom{900}{450}")  # the factorials stay under the parser's bound


@pytest.mark.parametrize("broken", [
    r"\textcolor{red}{s", r"\color{red", r"\colorbox{a}{$s", r"\binom{s}", r"x{_i", r"\underset{a}{=",
    r"\xlongequal{", r"\exp^", r"\mid s", r"{s \choose", "ᵢ", r"\bbox[", r"\phantom{",
])
def test_broken_markup_is_a_parse_error_never_a_crash(broken):
    renderer_markup(broken)  # no exception of its own
    try:
        parse_line(broken)
    except MathParseError:
        pass


# -- derivation rows: a valid line with the notation passes, a wrong one is still charged --------------


@pytest.mark.parametrize("display", [
    r"\frac{\partial E}{\partial z_i} = \color{red}{y_i - Y_i}",
    r"\frac{\partial E}{\partial z_i} = \textcolor{blue}{y_i} − Y_i",
    r"\dfrac{\partial E}{\partial z_i} \xlongequal{\text{(chain rule)}} \boxed{y_i - Y_i}",
    r"\frac{\partial E}{\partial z_k} = \Bigl( y_k - Y_k \Bigr) \tag{5}",
    r"\frac{∂ E}{∂ z_i} = y_i \,-\, Y_i \nonumber",
    r"\frac{\partial y_i}{\partial z_j} = -y_i \cdotp y_j \enspace i \neq j",
    r"\pdv{E}{z_i} = \enclose{box}{y_i - Y_i}",
])
def test_softmax_valid_lines_with_renderer_markup_pass(display):
    assert _softmax(display)[-1][0] is True, _softmax(display)


@pytest.mark.parametrize("display", [
    r"\frac{\partial E}{\partial z_i} = \color{red}{Y_i - y_i}",  # sign slip inside the colour
    r"\frac{\partial E}{\partial z_i} = \textcolor{blue}{y_i} − 2 Y_i",  # wrong coefficient
    r"\dfrac{\partial E}{\partial z_i} \xlongequal{\text{(chain rule)}} \boxed{y_i}",  # a term dropped
    r"\frac{\partial E}{\partial z_k} = \Bigl( y_i - Y_k \Bigr) \tag{5}",  # swapped index
    r"\frac{∂ E}{∂ z_i} = \phantom{-} Y_i \,-\, y_i",  # an invisible minus is no minus
    r"\frac{\partial y_i}{\partial z_j} = y_i \cdotp y_j \enspace i \neq j",  # sign slip
    r"\pdv{E}{z_i} = \enclose{box}{y_j - Y_i}",  # swapped index
    r"\pdv{E}{z_i} = y_i - Y_i + \cancelto{0}{y_i}",  # a term the author strikes to 0 is still there
])
def test_softmax_wrong_lines_with_renderer_markup_are_charged(display):
    assert _softmax(display)[-1][0] is False, _softmax(display)


_MLE_LEFT = r"\frac{\partial}{\partial b} \frac{1}{2\sigma^2}\sum_{i=1}^n (y_i - w x_i - b)^2"


@pytest.mark.parametrize("display", [
    _MLE_LEFT + r" = -\tfrac{1}{σ²}\sum\limits_{i=1}^n \bigl(yᵢ − w xᵢ − b\bigr)",
    r"\frac{\partial}{\partial w} \frac{1}{2}(y_i - w x_i - b)^2 = \frac{1}{\cancel{2}} \cdot \cancel{2} (y_i - w x_i - b)(-x_i)",
    _MLE_LEFT + r" = -\frac{1}{\sigma^2} \sum_{i=1}^n \underbrace{(y_i - w x_i - b)}_{\text{residual}}",
    _MLE_LEFT + r" \overset{(3)}{=} -\dfrac{1}{\sigma^{2}} \sum_{i=1}^{n} \left\lparen y_{i} - w\,x_{i} - b \right\rparen",
])
def test_mle_valid_lines_with_renderer_markup_pass(display):
    assert _mle(display)[-1][0] is True, _mle(display)


@pytest.mark.parametrize("display", [
    _MLE_LEFT + r" = -\tfrac{1}{2σ²}\sum\limits_{i=1}^n \bigl(yᵢ − w xᵢ − b\bigr)",  # wrong coefficient
    # the author cancels the 1/2 with no 2 to cancel it against: \cancel{x} is still x
    r"\frac{\partial}{\partial w} \frac{1}{2}(y_i - w x_i - b)^2 = \cancel{\frac{1}{2}} (y_i - w x_i - b)(-x_i)",
    _MLE_LEFT + r" = \frac{1}{\sigma^2} \sum_{i=1}^n \underbrace{(y_i - w x_i - b)}_{\text{residual}}",  # sign
    _MLE_LEFT + r" \overset{(3)}{=} -\dfrac{1}{\sigma^{2}} \sum_{i=1}^{n} \left\lparen y_{i} - w\,x_{i} \right\rparen",  # b dropped
])
def test_mle_wrong_lines_with_renderer_markup_are_charged(display):
    assert _mle(display)[-1][0] is False, _mle(display)
