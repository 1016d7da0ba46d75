"""The math parser against hand-built SymPy objects (Math-Verify style tables)."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Derivative, E, Function, Identity, IndexedBase, Integer, Inverse, KroneckerDelta, MatrixSymbol, Product, Rational, Sum, Symbol, exp, factorial, log, oo, pi, sqrt
from sympy.matrices.expressions.matexpr import MatrixElement

from grader.mathparse import ArgOpt, Gradient, Limits, MathParseError, Notation, ParsedLine, parse_expression, parse_line
from grader.mathparse.nodes import MatrixGradient
from grader.results import i18n

# -- the course's notations --------------------------------------------------------------------

PLAIN = Notation()
MLE = Notation(indexed={"x": 1, "y": 1}, index_ranges={"i": ("1", "n")}, functions={"L": ("w", "b")})
CE = Notation(indexed={"y": 2, "Y": 2}, index_ranges={"i": ("1", "n"), "k": ("1", "K")},
              functions={"L": ("theta",)})
SOFT = Notation(indexed={"z": 1, "y": 1, "Y": 1}, index_ranges={"i": ("1", "K"), "j": ("1", "K")})
L2 = Notation(
    matrices={"H": ("d", "d"), "V": ("d", "d"), "Lambda": ("d", "d"), "w": ("d", "1"),
              "w_star": ("d", "1"), "tilde_w": ("d", "1")},
    identity="I", functions={"J": ("w",), "tilde_J": ("w",)}, indexed={"lambda": 1})
VAR = Notation(indexed={"w": 1, "a": 1}, index_ranges={"j": ("1", "n")}, functions={"Var": ()},
               symbols=("n_in", "n_out", "const"))

a, b, c, d, f, n, r, t, w, x, y, z = (Symbol(s) for s in "abcdfnrtwxyz")
i, j, k, K = Symbol("i"), Symbol("j"), Symbol("k"), Symbol("K")
alpha, beta, sigma, theta, lam, eps = (Symbol(s) for s in ("alpha", "beta", "sigma", "theta", "lambda", "epsilon"))
E_ = Symbol("E")
X, Yb, Zb = IndexedBase("x"), IndexedBase("y"), IndexedBase("z")
Y2, LAM = IndexedBase("Y"), IndexedBase("lambda")
L = Function("L")
Var = Function("Var")
dd = Symbol("d")
H = MatrixSymbol("H", dd, dd)
Wm = MatrixSymbol("w", dd, 1)
Wstar = MatrixSymbol("w_star", dd, 1)
Wtilde = MatrixSymbol("tilde_w", dd, 1)
LambdaM = MatrixSymbol("Lambda", dd, dd)
Vm = MatrixSymbol("V", dd, dd)
I_d = Identity(dd)


def el(m):
    return MatrixElement(m, 0, 0)


# (source, notation, expected)
CASES = [
    # numbers and arithmetic
    ("2", PLAIN, Integer(2)),
    ("0.5", PLAIN, Rational(1, 2)),
    ("1e-3", PLAIN, Rational(1, 1000)),
    ("2.5e2", PLAIN, Integer(250)),
    ("x + y", PLAIN, x + y),
    ("x - y", PLAIN, x - y),
    ("-x", PLAIN, -x),
    ("--x", PLAIN, x),
    ("x * y", PLAIN, x * y),
    ("x / y", PLAIN, x / y),
    ("x^2", PLAIN, x**2),
    ("x**2", PLAIN, x**2),
    ("x^-1", PLAIN, 1 / x),
    ("2^x^2", PLAIN, 2 ** (x**2)),
    ("x^{2}", PLAIN, x**2),
    ("x^{n+1}", PLAIN, x ** (n + 1)),
    (r"x^23", PLAIN, x**23),
    (r"x^{2}3", PLAIN, 3 * x**2),
    (r"\frac{x}{2}3", PLAIN, 3 * x / 2),
    (r"x \cdot y", PLAIN, x * y),
    (r"x \times y", PLAIN, x * y),
    (r"x \div y", PLAIN, x / y),
    ("2x", PLAIN, 2 * x),
    ("wx", PLAIN, w * x),
    ("w x_i", PLAIN, w * Symbol("x_i")),
    (r"2\pi\sigma^2", PLAIN, 2 * pi * sigma**2),
    ("(a)(b)", PLAIN, a * b),
    ("2(x+1)", PLAIN, 2 * (x + 1)),
    ("(x+1)^2", PLAIN, (x + 1) ** 2),
    ("[x + 1] y", PLAIN, (x + 1) * y),
    (r"\{x + 1\} y", PLAIN, (x + 1) * y),
    (r"{x + 1} y", PLAIN, (x + 1) * y),
    (r"\left( x + 1 \right)^2", PLAIN, (x + 1) ** 2),
    (r"\left[ x \right]", PLAIN, x),
    (r"\big( x \big) \Big( y \Big) \bigg( z \bigg)", PLAIN, x * y * z),
    ("3!", PLAIN, Integer(6)),
    ("n!", PLAIN, factorial(n)),
    ("|x|", PLAIN, Abs(x)),
    ("|x - y| + 1", PLAIN, Abs(x - y) + 1),
    (r"\lvert x \rvert", PLAIN, Abs(x)),
    ("a - b + c", PLAIN, a - b + c),
    ("a / b / c", PLAIN, a / (b * c)),
    ("a / b c", PLAIN, a * c / b),
    ("-x^2", PLAIN, -(x**2)),
    (r"x \, y \; z \quad w \qquad a \! b \: c ~ d", PLAIN, x * y * z * w * a * b * c * d),
    (r"\displaystyle x", PLAIN, x),
    ("x &", PLAIN, x),
    # fractions and roots
    (r"\frac{1}{2}", PLAIN, Rational(1, 2)),
    (r"\frac12", PLAIN, Rational(1, 2)),
    (r"\frac1x", PLAIN, 1 / x),
    (r"\dfrac{x}{y}", PLAIN, x / y),
    (r"\tfrac{x}{y}", PLAIN, x / y),
    (r"\frac{\frac{1}{x}}{y}", PLAIN, 1 / (x * y)),
    (r"\sqrt{x}", PLAIN, sqrt(x)),
    (r"\sqrt x", PLAIN, sqrt(x)),
    (r"\sqrt[3]{x}", PLAIN, x ** Rational(1, 3)),
    (r"\sqrt{2\pi\sigma^2}", PLAIN, sqrt(2 * pi * sigma**2)),
    ("sqrt(x + 1)", PLAIN, sqrt(x + 1)),
    ("√2", PLAIN, sqrt(2)),
    ("x²", PLAIN, x**2),
    ("x³ − y", PLAIN, x**3 - y),
    ("x·y × z", PLAIN, x * y * z),
    # Greek, constants, decorations
    (r"\alpha + \beta", PLAIN, alpha + beta),
    ("alpha + beta", PLAIN, alpha + beta),
    ("α + β", PLAIN, alpha + beta),
    (r"\varepsilon", PLAIN, eps),
    (r"\epsilon", PLAIN, eps),
    ("ε", PLAIN, eps),
    (r"\vartheta", PLAIN, theta),
    (r"\varphi", PLAIN, Symbol("phi")),
    (r"\Lambda", PLAIN, Symbol("Lambda")),
    (r"\lambda", PLAIN, lam),
    ("lambda", PLAIN, lam),
    ("λ", PLAIN, lam),
    (r"\pi", PLAIN, pi),
    ("pi", PLAIN, pi),
    ("π", PLAIN, pi),
    ("e", PLAIN, E),
    ("e^{x}", PLAIN, exp(x)),
    ("e^x", PLAIN, exp(x)),
    (r"\exp(x)", PLAIN, exp(x)),
    ("exp(-x)", PLAIN, exp(-x)),
    ("e", Notation(symbols=("e",)), Symbol("e")),
    (r"\infty", PLAIN, oo),
    (r"\tilde w", PLAIN, Symbol("tilde_w")),
    (r"\tilde{w}", PLAIN, Symbol("tilde_w")),
    (r"\widetilde{w}", PLAIN, Symbol("tilde_w")),
    (r"\hat y", PLAIN, Symbol("hat_y")),
    (r"\hat{y}", PLAIN, Symbol("hat_y")),
    (r"\bar x", PLAIN, Symbol("bar_x")),
    (r"\overline{x}", PLAIN, Symbol("bar_x")),
    ("w^*", PLAIN, Symbol("w_star")),
    ("w^{*}", PLAIN, Symbol("w_star")),
    (r"w^\ast", PLAIN, Symbol("w_star")),
    (r"w^{\ast}", PLAIN, Symbol("w_star")),
    (r"w^\star", PLAIN, Symbol("w_star")),
    ("w_*", PLAIN, Symbol("w_star")),
    ("w_{*}", PLAIN, Symbol("w_star")),
    (r"\mathbf{x}", PLAIN, x),
    (r"\boldsymbol{x}", PLAIN, x),
    (r"\bm{x}", PLAIN, x),
    (r"\vec{x}", PLAIN, x),
    (r"\mathbf x", PLAIN, x),
    (r"\tilde{\mathbf{w}}", PLAIN, Symbol("tilde_w")),
    (r"\text{const}", VAR, Symbol("const")),
    ("const", VAR, Symbol("const")),
    # subscripts
    ("n_{in}", PLAIN, Symbol("n_in")),
    (r"n_{\text{in}}", PLAIN, Symbol("n_in")),
    (r"n_{\mathrm{in}}", PLAIN, Symbol("n_in")),
    ("n_in", VAR, Symbol("n_in")),
    (r"n_{in} + n_{out}", VAR, Symbol("n_in") + Symbol("n_out")),
    ("x_1", PLAIN, Symbol("x_1")),
    ("x_1", MLE, X[1]),
    ("y_i", MLE, Yb[i]),
    ("y_{i}", MLE, Yb[i]),
    ("x_{i+1}", MLE, X[i + 1]),
    ("y_{ik}", CE, Yb[i, k]),
    ("Y_{i,k}", CE, Y2[i, k]),
    ("y_{i k}", CE, Yb[i, k]),
    ("Y_ik", CE, Y2[i, k]),
    ("z_1", SOFT, Zb[1]),
    (r"\lambda_i", L2, LAM[i]),
    (r"\lambda_i", PLAIN, Symbol("lambda_i")),
    (r"\delta_{ij}", PLAIN, KroneckerDelta(i, j)),
    (r"\delta_{i,j}", PLAIN, KroneckerDelta(i, j)),
    (r"\delta_{ki}", PLAIN, KroneckerDelta(k, i)),
    (r"\delta_{ij}", Notation(indexed={"delta": 2}), IndexedBase("delta")[i, j]),
    (r"\hat{y}_i", Notation(indexed={"hat_y": 1}), IndexedBase("hat_y")[i]),
    (r"\mathbf{x}_i", MLE, X[i]),
    ("y_i - Y_i", SOFT, Yb[i] - IndexedBase("Y")[i]),
    ("y_i^2", MLE, Yb[i] ** 2),
    ("y^2_i", MLE, Yb[i] ** 2),
    (r"\sum_i \epsilon^2_i", MLE, Sum(IndexedBase("epsilon")[i] ** 2, (i, 1, n))),
    ("Y^{2}_{ik}", CE, Y2[i, k] ** 2),
    ("x^{y_i}_i", MLE, X[i] ** Yb[i]),
    # sums and products
    (r"\sum_{i=1}^{n} x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum_{i=1}^n x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum_i x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum_{i} x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum\limits_{i=1}^{n} x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum_{i=1}^{n} a_i b_i", PLAIN, Sum(IndexedBase("a")[i] * IndexedBase("b")[i], (i, 1, n))),
    (r"\sum_i x_i y_i + c", MLE, Sum(X[i] * Yb[i], (i, 1, n)) + c),
    (r"\sum_i (y_i - w x_i - b)^2", MLE, Sum((Yb[i] - w * X[i] - b) ** 2, (i, 1, n))),
    (r"-\sum_{i=1}^{K} Y_i \log y_i", SOFT, -Sum(IndexedBase("Y")[i] * log(Yb[i]), (i, 1, K))),
    (r"\frac{1}{n}\sum_{i=1}^{n} x_i", MLE, Sum(X[i], (i, 1, n)) / n),
    (r"\sum_{j=1}^{n} w_j a_j", VAR, Sum(IndexedBase("w")[j] * IndexedBase("a")[j], (j, 1, n))),
    (r"\sum_{j \neq i} z_j", SOFT, Sum(Zb[j] * (1 - KroneckerDelta(j, i)), (j, 1, K))),
    (r"\sum_{j \ne i} z_j", SOFT, Sum(Zb[j] * (1 - KroneckerDelta(j, i)), (j, 1, K))),
    (r"\sum_{\substack{j=1\\ j\neq i}}^{K} z_j", SOFT, Sum(Zb[j] * (1 - KroneckerDelta(j, i)), (j, 1, K))),
    (r"\sum_{i,k} Y_{ik}", CE, Sum(Sum(Y2[i, k], (k, 1, K)), (i, 1, n))),
    (r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}", CE, Sum(Sum(Y2[i, k], (k, 1, K)), (i, 1, n))),
    (r"\prod_{i=1}^{n} x_i", MLE, Product(X[i], (i, 1, n))),
    (r"\prod_k y_{ik}^{Y_{ik}}", CE, Product(Yb[i, k] ** Y2[i, k], (k, 1, K))),
    ("∑_{i=1}^{n} x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\sum_{i=1}^{n} u_i", PLAIN, Sum(IndexedBase("u")[i], (i, 1, n))),
    (r"\sum_{i=1}^{3} i", PLAIN, Sum(i, (i, 1, 3))),
    (r"\sum_{1 \le i \le n} x_i", MLE, Sum(X[i], (i, 1, n))),
    # as SymPy prints (students paste it)
    (r"\sum_{i=1}^{n} {x}_{i} {y}_{i}", MLE, Sum(X[i] * Yb[i], (i, 1, n))),
    (r"\prod_{i=1}^{n} {y}_{i}^{2}", MLE, Product(Yb[i] ** 2, (i, 1, n))),
    (r"L{\left(w,b \right)}", MLE, L(w, b)),
    (r"\frac{\partial}{\partial w} L{\left(w,b \right)}", MLE, Derivative(L(w, b), w, evaluate=False)),
    (r"\frac{\partial}{\partial {x}_{i}} {x}_{i}^{2}", MLE, Derivative(X[i] ** 2, X[i], evaluate=False)),
    (r"\left|{x - y}\right|", PLAIN, Abs(x - y)),
    (r"\left(\alpha \mathbb{I} + H\right)^{-1} H w", L2, Inverse(alpha * I_d + H) * H * Wm),
    # functions
    (r"\log x", PLAIN, log(x)),
    (r"\ln x", PLAIN, log(x)),
    (r"\log(x)", PLAIN, log(x)),
    (r"\log 2\pi\sigma^2", PLAIN, log(2 * pi * sigma**2)),
    (r"\log x + 1", PLAIN, log(x) + 1),
    (r"\log x \cdot y", PLAIN, log(x) * y),
    (r"\log_{10} x", PLAIN, log(x) / log(10)),
    (r"\log_2 x", PLAIN, log(x) / log(2)),
    (r"\log (2\pi\sigma^2)^{-1/2}", PLAIN, log((2 * pi * sigma**2) ** Rational(-1, 2))),
    (r"\log a \log b", PLAIN, log(a) * log(b)),
    (r"\log{\left(x \right)}^{3}", PLAIN, log(x) ** 3),
    (r"\exp(x)^2", PLAIN, exp(x) ** 2),
    ("log(2*pi*sigma^2)", PLAIN, log(2 * pi * sigma**2)),
    ("ln(x)", PLAIN, log(x)),
    (r"\exp\left(-\frac{x^2}{2}\right)", PLAIN, exp(-(x**2) / 2)),
    ("f(x)", PLAIN, f * x),
    (r"\sigma(x)", Notation(functions={"sigma": ("x",)}), Function("sigma")(x)),
    (r"\sigma(x)", PLAIN, sigma * x),
    ("Var(z)", VAR, Var(z)),
    (r"\mathrm{Var}(z)", VAR, Var(z)),
    (r"\operatorname{Var}(z)", VAR, Var(z)),
    (r"\text{Var}(z)", VAR, Var(z)),
    (r"\mathbb{V}[z]", VAR, Var(z)),
    ("Var[w_j a_j]", VAR, Var(IndexedBase("w")[j] * IndexedBase("a")[j])),
    ("L(w,b)", MLE, L(w, b)),
    ("L", MLE, L(w, b)),
    (r"-\log L", MLE, -log(L(w, b))),
    (r"\log L(\theta)", CE, log(L(theta))),
    (r"\tilde J(\tilde w)", L2, Function("tilde_J")(Wtilde)),
    (r"\tilde J", L2, Function("tilde_J")(Wm)),
    # derivatives and gradients
    (r"\frac{\partial E}{\partial z_i}", SOFT, Derivative(E_, Zb[i], evaluate=False)),
    (r"\frac{\partial}{\partial z_i} E", SOFT, Derivative(E_, Zb[i], evaluate=False)),
    (r"\partial E / \partial z_i", SOFT, Derivative(E_, Zb[i], evaluate=False)),
    (r"\frac{dE}{dz}", PLAIN, Derivative(E_, z, evaluate=False)),
    (r"\frac{\mathrm{d} E}{\mathrm{d} z}", PLAIN, Derivative(E_, z, evaluate=False)),
    (r"\frac{d}{dx} x^2", PLAIN, Derivative(x**2, x, evaluate=False)),
    (r"\frac{\partial^2 f}{\partial x^2}", PLAIN, Derivative(f, (x, 2), evaluate=False)),
    (r"\frac{\partial^2 f}{\partial x \partial y}", PLAIN, Derivative(f, x, y, evaluate=False)),
    (r"\frac{\partial L}{\partial w}", MLE, Derivative(L(w, b), w, evaluate=False)),
    (r"\partial_{z_i} E", SOFT, Derivative(E_, Zb[i], evaluate=False)),
    # with respect to a vector, the gradient is a vector of its shape (it adds to alpha w)
    (r"\nabla_w \tilde J(\tilde w)", L2, MatrixGradient(Function("tilde_J")(Wtilde), Wm)),
    (r"\nabla_{w} J", L2, MatrixGradient(Function("J")(Wm), Wm)),
    (r"\nabla_w J(w) + \alpha w", L2, MatrixGradient(Function("J")(Wm), Wm) + alpha * Wm),
    (r"\nabla_\theta f", PLAIN, Gradient(f, theta)),
    (r"\sigma'(z)", Notation(functions={"sigma": ("z",)}), Derivative(Function("sigma")(z), z, evaluate=False)),
    (r"\sigma''(z)", Notation(functions={"sigma": ("z",)}),
     Derivative(Function("sigma")(z), (z, 2), evaluate=False)),
    # matrices
    ("H", L2, H),
    ("w^T", L2, Wm.T),
    ("w^{T}", L2, Wm.T),
    (r"w^\top", L2, Wm.T),
    (r"w^{\top}", L2, Wm.T),
    (r"w^\intercal", L2, Wm.T),
    ("H^{-1}", L2, Inverse(H)),
    # the transpose's inverse, as written in notes: `V^{T^{-1}}`, `V^{-T}`
    (r"\sum_n^N a_n", PLAIN, Sum(IndexedBase("a")[n], (n, 1, Symbol("N")))),  # only the end written: from 1
    ("w^R - w", L2, MatrixSymbol("w_R", dd, 1) - Wm),  # a label on a vector: the regularized w, shaped as w
    ("H^T w", L2, H.T * Wm),  # T is the transpose, never a label
    ("V^{T^{-1}} w", L2, Inverse(Vm.T) * Wm),
    ("V^{-T} w", L2, Inverse(Vm.T) * Wm),
    ("V^{T^-1} w", L2, Inverse(Vm.T) * Wm),
    ("H w", L2, H * Wm),
    ("H + H", L2, 2 * H),
    (r"(H + \alpha I)^{-1} H w^*", L2, Inverse(H + alpha * I_d) * H * Wstar),
    (r"V \Lambda V^T", L2, Vm * LambdaM * Vm.T),
    ("w^T w", L2, el(Wm.T * Wm)),
    (r"\frac{\alpha}{2} w^T w", L2, el(alpha / 2 * Wm.T * Wm)),
    (r"\|w\|^2", L2, el(Wm.T * Wm)),
    (r"\|w\|_2^2", L2, el(Wm.T * Wm)),
    ("||w||^2", L2, el(Wm.T * Wm)),
    (r"\lVert w \rVert^2", L2, el(Wm.T * Wm)),
    (r"\left\| w \right\|^2", L2, el(Wm.T * Wm)),
    (r"\|w\|", L2, sqrt(el(Wm.T * Wm))),
    (r"J(w^*) + \frac{1}{2}(w - w^*)^T H (w - w^*)", L2,
     Function("J")(Wstar) + el(Rational(1, 2) * (Wm - Wstar).T * H * (Wm - Wstar))),
    (r"w^T w + 1", L2, el(Wm.T * Wm) + 1),
    (r"\log(w^T w)", L2, log(el(Wm.T * Wm))),
    (r"H(\tilde w - w^*) + \alpha \tilde w", L2, H * (Wtilde - Wstar) + alpha * Wtilde),
    (r"(H + \alpha I) \tilde w", L2, (H + alpha * I_d) * Wtilde),
    (r"\frac{\lambda_i}{\lambda_i + \alpha}", L2, LAM[i] / (LAM[i] + alpha)),
    # ASCII
    ("lambda_i/(lambda_i + alpha)", PLAIN, Symbol("lambda_i") / (Symbol("lambda_i") + alpha)),
    ("lambda_i/(lambda_i + alpha)", L2, LAM[i] / (LAM[i] + alpha)),
    ("sqrt(6/(n_in + n_out))", VAR, sqrt(6 / (Symbol("n_in") + Symbol("n_out")))),
    ("2/(n_in+n_out)", VAR, 2 / (Symbol("n_in") + Symbol("n_out"))),
    ("y_i - Y_i", SOFT, Yb[i] - IndexedBase("Y")[i]),
    ("theta + eta + mu + tau + phi + omega + gamma + delta", PLAIN,
     sum(Symbol(s) for s in ("theta", "eta", "mu", "tau", "phi", "omega", "gamma", "delta"))),
    ("x y", PLAIN, x * y),
    ("2 x", PLAIN, 2 * x),
]


def _same(got, expected) -> bool:
    if got == expected:
        return True
    if isinstance(got, sympy.MatrixExpr) or isinstance(expected, sympy.MatrixExpr):
        return sympy.simplify(got - expected) == sympy.ZeroMatrix(*expected.shape) if got.shape == expected.shape else False
    try:
        return sympy.simplify(got - expected) == 0
    except Exception:
        return False


@pytest.mark.parametrize("src,notation,expected", CASES, ids=[c[0] for c in CASES])
def test_expression(src, notation, expected):
    got = parse_expression(src, notation)
    assert _same(got, expected), f"{src!r} -> {got!r}, expected {expected!r}"


def test_there_are_enough_cases():
    assert len(CASES) >= 150


# -- lines and relations ----------------------------------------------------------------------

LINES = [
    ("a = b", ("=",), None, ("a", "b")),
    ("a = b = c", ("=", "="), None, ("a", "b", "c")),
    (r"a \Rightarrow b", ("=>",), None, ("a", "b")),
    (r"a \implies b", ("=>",), None, ("a", "b")),
    (r"a \Longrightarrow b", ("=>",), None, ("a", "b")),
    ("a ⇒ b", ("=>",), None, ("a", "b")),
    ("a => b", ("=>",), None, ("a", "b")),
    (r"a \Leftrightarrow b", ("<=>",), None, ("a", "b")),
    (r"a \iff b", ("<=>",), None, ("a", "b")),
    (r"a \Longleftrightarrow b", ("<=>",), None, ("a", "b")),
    ("a ⇔ b", ("<=>",), None, ("a", "b")),
    ("a <=> b", ("<=>",), None, ("a", "b")),
    ("a := b", ("=",), None, ("a", "b")),
    (r"a \coloneqq b", ("=",), None, ("a", "b")),
    (r"a \triangleq b", ("=",), None, ("a", "b")),
    (r"a \stackrel{def}{=} b", ("=",), None, ("a", "b")),
    (r"a \stackrel{\text{def}}{=} b", ("=",), None, ("a", "b")),
    (r"= \sum_i x_i", (), "=", (r"\sum_i x_i",)),
    (r"\Rightarrow x = 1", ("=",), "=>", ("x", "1")),
    ("a &= b", ("=",), None, ("a", "b")),
    ("a = b.", ("=",), None, ("a", "b")),
    ("a = b,", ("=",), None, ("a", "b")),
    (r"a = b \\", ("=",), None, ("a", "b")),
    (r"\left( x \right) = \Big( y \Big)", ("=",), None, (r"\left( x \right)", r"\Big( y \Big)")),
    (r"a = b \nonumber", ("=",), None, ("a", r"b \nonumber")),
    (r"x = 2 \quad \Rightarrow \quad y = 3", ("=", "=>", "="), None, ("x", r"2 \quad", r"\quad y", "3")),
]


@pytest.mark.parametrize("src,relations,leading,sources", LINES, ids=[l[0] for l in LINES])
def test_line_structure(src, relations, leading, sources):
    line = parse_line(src, MLE)
    assert isinstance(line, ParsedLine)
    assert line.relations == relations
    assert line.leading_relation == leading
    assert line.term_sources == sources
    assert len(line.terms) == len(sources) == len(relations) + 1


def test_line_terms_are_parsed():
    line = parse_line(r"\frac{\partial E}{\partial z_i} = y_i - Y_i", SOFT)
    assert line.terms == (Derivative(E_, Zb[i], evaluate=False), Yb[i] - IndexedBase("Y")[i])


def test_argopt_lines():
    line = parse_line(r"\arg\max_{w,b} L(w,b) = \arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2", MLE)
    assert line.relations == ("=",)
    left, right = line.terms
    assert left == ArgOpt("max", (w, b), L(w, b))
    assert right.kind == "min" and right.variables == (w, b)
    assert _same(right.objective, Sum((Yb[i] - w * X[i] - b) ** 2, (i, 1, n)) / n)


ARGOPTS = [
    (r"\arg\min_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\argmin_{w, b} f", PLAIN, "min", (w, b), f),
    (r"\operatorname{arg\,min}_{\theta} f", PLAIN, "min", (theta,), f),
    (r"\operatorname*{arg\,max}_{\theta} f", PLAIN, "max", (theta,), f),
    (r"\arg\max_\theta f", PLAIN, "max", (theta,), f),
    ("argmin_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\mathrm{argmin}_w f + g", PLAIN, "min", (w,), f + Symbol("g")),
    (r"\underset{w,b}{\arg\min} f", PLAIN, "min", (w, b), f),
    (r"\arg\min_\theta -\frac{1}{n}\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}", CE, "min", (theta,),
     -Sum(Sum(Y2[i, k] * log(Yb[i, k]), (k, 1, K)), (i, 1, n)) / n),
    (r"\arg\max_\theta L(\theta)", CE, "max", (theta,), L(theta)),
    (r"\arg\min \tilde J", L2, "min", (Wm,), Function("tilde_J")(Wm)),
    (r"\mathop{\arg\min}_w f", PLAIN, "min", (w,), f),
    (r"\mathop{\mathrm{arg\,max}}_{w} f", PLAIN, "max", (w,), f),
    (r"\underset{\theta}{\operatorname{arg\,min}} f", PLAIN, "min", (theta,), f),
    (r"\arg\min_{w} \tilde J(w)", L2, "min", (Wm,), Function("tilde_J")(Wm)),
    # the variables as students also write them: in parentheses, with their domain
    (r"\arg\min_{(w,b)} f", PLAIN, "min", (w, b), f),
    (r"\arg\min_{\left(w, b\right)} f", PLAIN, "min", (w, b), f),
    (r"\arg\max_{w\in\mathbb{R},\,b\in\mathbb{R}} f", PLAIN, "max", (w, b), f),
    (r"\arg\min_{w, b \in \mathbb{R}} f", PLAIN, "min", (w, b), f),
    (r"\arg\max_{\theta \in \Theta} L(\theta)", CE, "max", (theta,), L(theta)),
    (r"\underset{(w,b)}{\arg\min} f", PLAIN, "min", (w, b), f),
    (r"\operatorname*{arg\,min}_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\mathop{\arg\min}_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\operatorname{argmin}_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\mathrm{argmin}_{w,b} f", PLAIN, "min", (w, b), f),
    (r"\arg\min_{(w,b)} \text{NLL}(w, b)", PLAIN, "min", (w, b), Function("NLL")(w, b)),
]


@pytest.mark.parametrize("src,notation,kind,variables,objective", ARGOPTS, ids=[x[0] for x in ARGOPTS])
def test_argopt(src, notation, kind, variables, objective):
    got = parse_expression(src, notation)
    assert isinstance(got, ArgOpt)
    assert got.kind == kind and got.variables == variables
    assert _same(got.objective, objective)


# -- the course's own notation (ASSIGNMENT.md) ----------------------------------------------

COURSE = [
    (r"y_i = w x_i + b + \epsilon_i", MLE),
    (r"L(w,b) = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp(-\frac{(y_i - w x_i - b)^2}{2\sigma^2})", MLE),
    (r"-\log L(w,b)", MLE),
    (r"\arg\max_{w,b} L(w,b) = \arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2", MLE),
    (r"L(\theta) = \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}", CE),
    (r"\sum_k Y_{ik} = 1", CE),
    (r"\arg\max_\theta L(\theta) = \arg\min_\theta -\frac{1}{n}\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}", CE),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}", CE),
    (r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}", SOFT),
    (r"E = -\sum_{i=1}^{K} Y_i \log y_i", SOFT),
    (r"\frac{\partial E}{\partial z_i} = y_i - Y_i", SOFT),
    (r"\partial E / \partial z_i", SOFT),
    (r"\sum_i Y_i = 1", SOFT),
    (r"J(w^*) + \frac{1}{2}(w - w^*)^T H (w - w^*)", L2),
    (r"H = V \Lambda V^T", L2),
    (r"\tilde J = J + \frac{\alpha}{2} w^T w", L2),
    (r"\nabla_w \tilde J(\tilde w) = 0", L2),
    (r"\tilde w = (H + \alpha I)^{-1} H w^*", L2),
    (r"\tilde w = (H + \alpha I)^{-1} H w^\ast", L2),
    (r"\tilde{w} = (H + \alpha I)^{-1} H w_*", L2),
    (r"\frac{\lambda_i}{\lambda_i + \alpha}", L2),
    ("lambda_i/(lambda_i + alpha)", L2),
    (r"z = \sum_{j=1}^{n} w_j a_j", VAR),
    (r"\mathrm{Var}(z) = n \mathrm{Var}(w) \mathrm{Var}(a)", VAR),
    (r"\operatorname{Var}(z) = \text{Var}(a)", VAR),
    (r"Var(w) = \frac{2}{n_{in} + n_{out}}", VAR),
    (r"r = \sqrt{\frac{6}{n_{in} + n_{out}}}", VAR),
    ("sqrt(6/(n_in + n_out))", VAR),
]


@pytest.mark.parametrize("src,notation", COURSE, ids=[x[0] for x in COURSE])
def test_course_notation_parses(src, notation):
    parse_line(src, notation)


def test_course_answers():
    assert parse_expression(r"\tilde w = (H + \alpha I)^{-1} H w^*".split("=", 1)[1], L2) == \
        Inverse(H + alpha * I_d) * H * Wstar
    assert parse_line(r"\mathrm{Var}(z) = n \mathrm{Var}(w) \mathrm{Var}(a)", VAR).terms == \
        (Var(z), n * Var(w) * Var(a))
    assert _same(parse_line(r"r = \sqrt{\frac{6}{n_{in} + n_{out}}}", VAR).terms[1],
                 sqrt(6 / (Symbol("n_in") + Symbol("n_out"))))
    got = parse_expression(r"L(w,b) = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} "
                           r"\exp(-\frac{(y_i - w x_i - b)^2}{2\sigma^2})".split("=", 1)[1], MLE)
    want = Product(1 / sqrt(2 * pi * sigma**2) * exp(-((Yb[i] - w * X[i] - b) ** 2) / (2 * sigma**2)), (i, 1, n))
    assert _same(got, want)


# -- notation students write around and inside the math ------------------------------------

Lcal = Symbol("Lcal")
p_ = Function("p")

# (source, notation, expected)
STUDENT_NOTATION = [
    # calls as people write them: an event as an argument, the k-th of a family of functions, the j-th
    # output of a call, the square of an expectation written before its parenthesis
    (r"P(Y=1 \mid x)", PLAIN, Function("P")(sympy.Eq(Symbol("Y"), 1, evaluate=False), x)),
    (r"P(Y=1)", PLAIN, Function("P")(sympy.Eq(Symbol("Y"), 1, evaluate=False))),
    (r"\mathbb{P}[y | x] + P[y \mid x]", PLAIN, 2 * Function("P")(y, x)),  # a probability written with brackets
    (r"w[|x| + 1]", PLAIN, Symbol("w") * (Abs(x) + 1)),  # brackets without one condition stay brackets
    # `\sum_K` with nothing to sum: the author's name for a sum written elsewhere, one quantity
    (r"\frac{e^{x}}{\sum_K} - (\sum_K)^2", PLAIN, exp(x) / Symbol("sum_K") - Symbol("sum_K") ** 2),
    (r"\sum_{k=1}^{K} \exp(z_k(x, \theta))", PLAIN,
     Sum(exp(Function("z")(Symbol("k"), x, theta)), (Symbol("k"), 1, Symbol("K")))),
    (r"\sum_{j=1}^{K} \log f(x; w)_j", PLAIN,
     Sum(log(Function("f")(x, Symbol("w"), Symbol("j"))), (Symbol("j"), 1, Symbol("K")))),
    (r"\mathbb{E}^2(x) + \mathbb{E}^{2}[y]", Notation(functions={"E": ("x",)}),
     Function("E")(x) ** 2 + Function("E")(y) ** 2),
    # boxes, cancels and braces with notes are what they hold
    (r"\boxed{x + 1}", PLAIN, x + 1),
    (r"\boxed{x + 1}^2", PLAIN, (x + 1) ** 2),
    (r"2\boxed{x}", PLAIN, 2 * x),
    (r"\cancel{x} + \bcancel{y} + \xcancel{z}", PLAIN, x + y + z),
    (r"\frac{\cancel{2} x}{\cancel{2}}", PLAIN, x),
    (r"\cancelto{0}{x} + y", PLAIN, x + y),
    (r"\underbrace{x + 1}_{=1} + y", PLAIN, x + 1 + y),
    (r"\underbrace{x}_{\text{by (3)}} y", PLAIN, x * y),
    (r"\underbrace{\frac{1}{n}\sum_{i=1}^{n} x_i}_{\text{mean}}", MLE, Sum(X[i], (i, 1, n)) / n),
    (r"\underbrace{a}_b c", PLAIN, a * c),
    (r"\overbrace{x + y}^{=2} z", PLAIN, (x + y) * z),
    (r"\overbrace{x}^{\text{const w.r.t. } w}", PLAIN, x),
    # text commands name things exactly as \mathrm does
    (r"\text{Var}(w)", VAR, Var(w)),
    (r"\text{NLL}(w,b)", PLAIN, Function("NLL")(w, b)),
    (r"\mathrm{NLL}(w,b)", PLAIN, Function("NLL")(w, b)),
    (r"\text{NLL}(w,b)", Notation(functions={"NLL": ("w", "b")}), Function("NLL")(w, b)),
    (r"\text{CE}(\theta)", PLAIN, Symbol("CE") * theta),
    (r"\operatorname{lik}(\theta)", PLAIN, Function("lik")(theta)),  # a name set as an operator is called
    (r"E(\mathbf{Y}, \mathbf{y})", Notation(symbols=("E",)), Symbol("E")),  # the quantity with what it depends on
    (r"y(x, w) + y_i", MLE, Function("y")(x, Symbol("w")) + Yb[i]),  # the author's model as a function of its inputs
    (r"[\mathbf{x}]_{i} + [\mathcal{M}(x)]_{k}", PLAIN,
     IndexedBase("x")[i] + Function("Mcal")(x, Symbol("k"))),  # an entry of a bracketed vector or call
    (r"\text{CE}(\theta)", Notation(functions={"CE": ("theta",)}), Function("CE")(theta)),
    (r"x + \text{const}", PLAIN, x + Symbol("const")),
    (r"n\ \text{Var}(w)", VAR, n * Var(w)),
    # calligraphic letters are other names; bold ones are the same
    (r"\mathcal{L}", MLE, Lcal),
    (r"\mathcal L", PLAIN, Lcal),
    (r"\mathcal{N}", PLAIN, Symbol("Ncal")),
    (r"\mathscr{L}", PLAIN, Symbol("Lscr")),
    (r"\mathcal{L}_{CE}", PLAIN, Symbol("Lcal_CE")),
    (r"\mathcal{L}(\theta)", CE, Function("Lcal")(theta)),
    (r"\mathcal{L}(w, b)", MLE, Function("Lcal")(w, b)),
    (r"\mathcal{N}(0, \sigma^2)", PLAIN, Function("Ncal")(0, sigma**2)),
    (r"\mathcal{L}(\theta)", Notation(functions={"Lcal": ("theta",)}), Function("Lcal")(theta)),
    (r"\mathbf{x} + \boldsymbol{x} + \bm{x} + \vec{x}", PLAIN, 4 * x),
    (r"\boldsymbol{\theta}", PLAIN, theta),
    # the identity, where the notation has one
    ("I_d", L2, I_d),
    ("I_n", L2, I_d),
    ("I_{d}", L2, I_d),
    ("I_{n}", L2, I_d),
    (r"\mathbf{I}_d", L2, I_d),
    (r"\mathrm{Id}", L2, I_d),
    (r"\mathbb{1}", L2, I_d),
    (r"\mathbf{1}", L2, I_d),
    (r"(H + \alpha I_d)^{-1} H w^*", L2, Inverse(H + alpha * I_d) * H * Wstar),
    (r"(H + \alpha \mathbb{1})^{-1} H w^*", L2, Inverse(H + alpha * I_d) * H * Wstar),
    (r"(H + \alpha \mathrm{Id})^{-1} H w^*", L2, Inverse(H + alpha * I_d) * H * Wstar),
    ("I_d", PLAIN, Symbol("I_d")),
    (r"\mathbb{1}", PLAIN, Integer(1)),
    (r"\mathrm{Id}", PLAIN, Symbol("Id")),
    # capital Pi and Sigma with limits are a product and a sum
    (r"\Pi_{i=1}^{n} x_i", MLE, Product(X[i], (i, 1, n))),
    (r"\Pi_{i=1}^n x_i", MLE, Product(X[i], (i, 1, n))),
    ("Π_{i=1}^{n} x_i", MLE, Product(X[i], (i, 1, n))),
    (r"\Sigma_{i=1}^{n} x_i", MLE, Sum(X[i], (i, 1, n))),
    (r"\Sigma_{k=1}^{K} Y_{ik}", CE, Sum(Y2[i, k], (k, 1, K))),
    (r"\Sigma", PLAIN, Symbol("Sigma")),
    (r"\Sigma^{-1}", PLAIN, 1 / Symbol("Sigma")),
    (r"\Sigma_{ij}", PLAIN, Symbol("Sigma_ij")),
    (r"\Pi_i", PLAIN, Symbol("Pi_i")),
    # `\mid`, `|` and `;` separate a function's arguments
    (r"L(w \mid b)", MLE, L(w, b)),
    (r"L(w; b)", MLE, L(w, b)),
    (r"p(y_i \mid x_i)", MLE, p_(Yb[i], X[i])),
    (r"p(y_i | x_i)", MLE, p_(Yb[i], X[i])),
    (r"p(k \mid x_i; \theta)", MLE, p_(k, X[i], theta)),
    (r"p(y_i \mid x_i; w, b)", MLE, p_(Yb[i], X[i], w, b)),
    (r"\prod_{i=1}^{n} p(y_i \mid x_i)", MLE, Product(p_(Yb[i], X[i]), (i, 1, n))),
    (r"p(|x|)", PLAIN, Symbol("p") * Abs(x)),
    ("f(x)", PLAIN, f * x),
]


@pytest.mark.parametrize("src,notation,expected", STUDENT_NOTATION, ids=[c[0] for c in STUDENT_NOTATION])
def test_student_notation(src, notation, expected):
    got = parse_expression(src, notation)
    assert _same(got, expected), f"{src!r} -> {got!r}, expected {expected!r}"


def test_text_names_read_as_mathrm_names():
    for word, args in (("NLL", "(w,b)"), ("CE", r"(\theta)"), ("Var", "(w)"), ("const", "")):
        for notation in (PLAIN, VAR, MLE):
            try:
                want = parse_expression(rf"\mathrm{{{word}}}{args}", notation)
            except MathParseError as err:
                want = err.message.key
            try:
                got = parse_expression(rf"\text{{{word}}}{args}", notation)
            except MathParseError as err:
                got = err.message.key
            assert got == want, (word, args)


def test_calligraphic_l_is_not_the_likelihood():
    assert parse_expression(r"\mathcal{L}(w, b)", MLE) != L(w, b)
    assert parse_expression(r"\mathcal{L}", MLE) != parse_expression("L", MLE)
    assert sympy.latex(parse_expression(r"\mathcal{L}", MLE)) == r"\mathcal{L}"
    assert sympy.latex(parse_expression(r"\mathcal{N}", PLAIN)) == r"\mathcal{N}"


# (source, notation, terms, relations, term sources, conditions)
AROUND_THE_MATH = [
    (r"\boxed{\tilde w = (H + \alpha I)^{-1} H w^*}", L2, (Wtilde, Inverse(H + alpha * I_d) * H * Wstar), ("=",),
     (r"\boxed{\tilde w", r"(H + \alpha I)^{-1} H w^*}"), ()),
    (r"a = \boxed{x + 1}", PLAIN, (a, x + 1), ("=",), ("a", r"\boxed{x + 1}"), ()),
    # proof marks
    (r"\therefore x = 1", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"\because x = 1", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    ("∴ x = 1", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"x = 1 \blacksquare", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"x = 1 \qed", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"x = 1. \square", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"x = 1 \quad \Box", PLAIN, (x, 1), ("=",), ("x", "1"), ()),
    (r"\therefore = x \qquad \blacksquare", PLAIN, (x,), (), ("x",), ()),
    # remarks after the math
    (r"x = y \quad \text{by independence}", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \qquad \text{(by (3))}", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \text{(by 3)}", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \quad (\text{by independence})", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \ (\text{by independence})", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \quad \text{由独立性}", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \quad \text{MSE}", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \quad \text{for } k \neq i", PLAIN, (x, y), ("=",), ("x", "y"), ((k, i),)),
    (r"x = y, \quad k \neq i", PLAIN, (x, y), ("=",), ("x", "y"), ((k, i),)),
    (r"x = y \quad (k \neq i)", PLAIN, (x, y), ("=",), ("x", "y"), ((k, i),)),
    (r"x = y \quad \forall k \neq i", PLAIN, (x, y), ("=",), ("x", "y"), ((k, i),)),
    (r"x = y \quad \text{for } j \neq i,\ k \ne i", PLAIN, (x, y), ("=",), ("x", "y"), ((j, i), (k, i))),
    (r"= y_i - Y_i, \quad k \neq i", SOFT, (Yb[i] - IndexedBase("Y")[i],), (), ("y_i - Y_i",), ((k, i),)),
    (r"x = y \quad \text{using } \sum_k Y_{ik} = 1", CE, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y \quad \text{for all } i = 1, \dots, n", PLAIN, (x, y), ("=",), ("x", "y"), ()),
    (r"x = y + \text{const} \quad \text{(drop terms without } w)", PLAIN, (x, y + Symbol("const")), ("=",),
     ("x", r"y + \text{const}"), ()),
    (r"\therefore x = y \quad \text{(since } H \text{ is invertible)} \quad \blacksquare", PLAIN, (x, y), ("=",),
     ("x", "y"), ()),
    (r"\tilde w = (H + \alpha I)^{-1} H w^* \quad \text{(since } H + \alpha I \text{ is invertible)}", L2,
     (Wtilde, Inverse(H + alpha * I_d) * H * Wstar), ("=",), (r"\tilde w", r"(H + \alpha I)^{-1} H w^*"), ()),
    # not remarks
    (r"x = 2 \quad \Rightarrow \quad y = 3", PLAIN, (x, 2, y, 3), ("=", "=>", "="), ("x", r"2 \quad", r"\quad y", "3"), ()),
    (r"\sum_{j \neq i} z_j = 1", SOFT, (Sum(Zb[j] * (1 - KroneckerDelta(j, i)), (j, 1, K)), 1), ("=",),
     (r"\sum_{j \neq i} z_j", "1"), ()),
]


@pytest.mark.parametrize("src,notation,terms,relations,sources,conditions", AROUND_THE_MATH,
                         ids=[c[0] for c in AROUND_THE_MATH])
def test_around_the_math(src, notation, terms, relations, sources, conditions):
    line = parse_line(src, notation)
    assert len(line.terms) == len(terms) and all(_same(g, e) for g, e in zip(line.terms, terms)), line.terms
    assert line.relations == relations
    assert line.term_sources == sources
    assert line.conditions == conditions


# prose that is not a remark stays an error: it joins statements, or nothing stands before it
NOT_REMARKS = [
    (r"a = b \quad \text{and} \quad c = d", "parse.text"),
    (r"a = b \text{ hence } c = d", "parse.text"),
    (r"\text{(by 3)} x = y", "parse.text"),
    (r"x = \text{(by 3)} y", "parse.text"),
    (r"\text{for all } x", "parse.text"),
    (r"J \quad \approx \quad K", "parse.unsupported_relation"),
    (r"a \neq b", "parse.unsupported_relation"),
    (r"\therefore", "parse.empty"),
    (r"\boxed{}", "parse.empty_group"),
]


@pytest.mark.parametrize("src,key", NOT_REMARKS, ids=[c[0] for c in NOT_REMARKS])
def test_prose_that_is_not_a_remark(src, key):
    with pytest.raises(MathParseError) as info:
        parse_line(src)
    assert info.value.message.key == key


def test_identity_takes_the_size_of_its_context():
    notation = Notation(matrices={"A": ("m", "m"), "H": ("d", "d")}, identity="I")
    assert parse_expression("A + I", notation) == MatrixSymbol("A", Symbol("m"), Symbol("m")) + Identity(Symbol("m"))
    assert parse_expression("H + I", notation) == H + I_d


# -- errors ------------------------------------------------------------------------------------

ERRORS = [
    ("", "parse.empty", 1),
    ("   ", "parse.empty", 1),
    ("a +", "parse.missing_term", 4),
    ("(a", "parse.missing", 1),
    ("a)", "parse.unexpected", 2),
    (r"\frac{1}{", "parse.missing", 1),
    (r"y = 2\frac{1}{", "parse.missing", 6),
    (r"\frac{1}", "parse.missing", 9),
    (r"\sqrt{x", "parse.missing", 1),
    ("|x", "parse.missing", 1),
    (r"x \foo y", "parse.unknown_command", 3),
    (r"x \int y", "parse.unsupported", 3),
    (r"\xrightarrow{n \rightarrow \infty} x", "parse.unsupported_relation", 1),  # "tends to", as \to
    (r"\sum_K x_K", "parse.index_range", 1),  # a sum with a body still needs its index's range
    ("a = b", "parse.not_an_expression", 3),
    (r"a \approx b", "parse.unsupported_relation", 3),
    (r"a \propto b", "parse.unsupported_relation", 3),
    ("a < b", "parse.unsupported_relation", 3),
    (r"a \le b", "parse.unsupported_relation", 3),
    (r"a \ge b", "parse.unsupported_relation", 3),
    (r"a \neq b", "parse.unsupported_relation", 3),
    (r"a \sim b", "parse.unsupported_relation", 3),
    ("a ≠ b", "parse.unsupported_relation", 3),
    (r"\sum_k x_k", "parse.index_range", 1),
    (r"\sum x", "parse.sum_range", 1),  # no index under it: the range is not written (not "cannot read the limits")
    (r"\sum_{i=}^{n} x", "parse.bad_limits", 1),
    (r"9^{9^{9^9}}", "parse.number_too_big", 5),
    (r"10^{10^{10}}", "parse.number_too_big", 3),
    (r"(2^{100})!", "parse.number_too_big", 10),
    ("1000!", "parse.number_too_big", 5),
    ("1" * 45, "parse.number_too_big", 1),
    (r"\sum_{i=1}^{100000} i", "parse.sum_bound", 1),
    (r"\text{for all } x", "parse.text", 1),
    (r"2\arg\min_w f", "parse.argopt_position", 2),
    ("Var", "parse.function_args", 1),
    ("f'(x+1)", "parse.unsupported", 2),  # a prime at an expression: not the derivative of f at its variable
    ("@", "parse.unknown_character", 1),
    ("x;y", "parse.unexpected", 2),
    ("$x$", "parse.unknown_character", 1),
    ("x^", "parse.missing_term", 3),
    ("x_{}", "parse.missing_term", 2),
    ("()", "parse.empty_group", 1),
    (r"\frac{\partial E}{\partial 2}", "parse.derivative", 1),
    (r"\partial E", "parse.derivative", 1),
    ("a = ", "parse.missing_term", 5),
    ("= = b", "parse.missing_term", 3),
]


@pytest.mark.parametrize("src,key,column", ERRORS, ids=[e[0] or "<empty>" for e in ERRORS])
def test_errors(src, key, column):
    with pytest.raises(MathParseError) as info:
        parse_line(src) if key != "parse.not_an_expression" else parse_expression(src)
    err = info.value
    assert err.message.key == key
    assert err.column == column == err.message.params["column"]
    assert "snippet" in err.message.params
    assert str(err).startswith("could not read `")
    assert i18n.known(key)
    assert i18n.render(err.message, "zh") != i18n.render(err.message, "en")


def test_error_text_names_the_place_and_the_problem():
    with pytest.raises(MathParseError) as info:
        parse_line(r"\frac{1}{")
    assert str(info.value) == r"could not read `\frac{1}{` at column 1: missing `}`"


@pytest.mark.parametrize("notation,src,key", [
    (L2, "w + 1", "parse.shape"),
    (L2, "H w^T", "parse.shape"),
    (L2, r"\log w", "parse.not_scalar"),
    (L2, r"\sum_{i=1}^{n} w", "parse.not_scalar"),
])
def test_shape_and_index_errors(notation, src, key):
    with pytest.raises(MathParseError) as info:
        parse_expression(src, notation)
    assert info.value.message.key == key
    if key == "parse.shape":
        assert {"left", "right"} <= set(info.value.message.params)


def test_other_numbers_of_indices_are_read_as_people_mean_them():
    # `Y_i` where Y is Y_{ik}: the label vector of sample i, a name of its own; `w_{ij}` where the
    # problem writes w_j: the entries of a matrix of such variables
    assert parse_expression("y_i", CE) == sympy.Symbol("y_i")
    assert parse_expression("y_{ik}", SOFT) == sympy.IndexedBase("y")[sympy.Symbol("i"), sympy.Symbol("k")]


def test_every_parse_sentence_is_defined_in_both_languages():
    keys = [key for key in i18n.keys() if key.startswith("parse.")]
    assert len(keys) >= 20
    for key in keys:
        message = MathParseError(key.split(".", 1)[1], "x", 0).message
        assert i18n.render(message, "en").startswith("could not read")
        assert i18n.render(message, "zh").startswith("无法读取")


# -- limits ------------------------------------------------------------------------------------


def _key(src, limits=Limits(), notation=PLAIN):
    try:
        parse_line(src, notation, limits)
    except MathParseError as err:
        return err.message.key
    return None


def test_long_input_fails_fast():
    import time
    start = time.perf_counter()
    assert _key("x+" * 2_000_000 + "x") == "parse.too_long"
    assert time.perf_counter() - start < 10  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


def test_deep_nesting_fails_fast():
    import time
    start = time.perf_counter()
    assert _key("(" * 100_000 + "x" + ")" * 100_000) == "parse.too_deep"
    assert _key("(" * 100_000 + "x" + ")" * 100_000, Limits(max_length=10**6)) == "parse.too_deep"
    assert _key(r"\frac{" * 70 + "x" + "}{2}" * 70) == "parse.too_deep"
    assert _key(r"\sqrt" * 200 + " x") == "parse.too_deep"
    assert _key("-" * 3000 + "x") is None
    assert _key("x" + "^x" * 500) == "parse.too_deep"
    assert time.perf_counter() - start < 2.0


def test_nesting_within_the_limit_is_fine():
    assert parse_expression("(" * 40 + "x" + ")" * 40) == x


def test_node_limit():
    src = " + ".join(f"x_{{{m}}}" for m in range(60))
    assert _key(src, Limits(max_nodes=50)) == "parse.too_large"
    assert _key(src) is None


@pytest.mark.parametrize("src", [r"9^{9^{9^9}}", r"10^{10^{10}}", r"(2^{100})!", "2^{2^{2^{2^{2}}}}",
                                 r"((2^{200})^{200})^{200}", r"(\sqrt{2})^{10^{10}}", "1e-999999", "2^1e9",
                                 r"((\sqrt{2}+1)^{200})^{200}", r"(e^{100})^{100}"])
def test_huge_numbers_are_refused_quickly(src):
    import time
    start = time.perf_counter()
    assert _key(src) == "parse.number_too_big"
    assert time.perf_counter() - start < 0.5


# -- safety ------------------------------------------------------------------------------------

INJECTIONS = [
    "__import__('os').system('touch /tmp/pwned_mathparse')",
    "().__class__.__base__",
    "().__class__.__base__.__subclasses__()",
    'exec("open(\'/tmp/pwned_mathparse\', \'w\')")',
    'eval("1+1")',
    "lambda: 1",
    "lambda x: x",
    "import os; os.system('touch /tmp/pwned_mathparse')",
    "os.system('touch /tmp/pwned_mathparse')",
    "{}.__class__",
    "x.__dict__",
    "__builtins__",
    "Symbol('x')",
    "open('/etc/passwd').read()",
    "[c for c in ().__class__.__bases__[0].__subclasses__()]",
    r"\input{/etc/passwd}",
    r"\write18{touch /tmp/pwned_mathparse}",
]


@pytest.mark.parametrize("src", INJECTIONS)
def test_injection_is_rejected_and_never_run(src):
    import os
    marker = "/tmp/pwned_mathparse"
    if os.path.exists(marker):
        os.remove(marker)
    with pytest.raises(MathParseError):
        parse_expression(src)
    assert not os.path.exists(marker)


@pytest.mark.parametrize("text", [r"[k = i]", r"\mathbb{1}[k = i]", r"\mathbb{1}_{k=i}", r"\mathbb{1}_{\{k = i\}}", r"\delta_{ik}"])
def test_indicators_of_k_equals_i_are_the_kronecker_delta(text):
    notation = Notation(indexed={"y": 1}, index_ranges={"i": ("1", "K"), "k": ("1", "K")})
    (term,) = parse_line(text, notation).terms
    assert term == sympy.KroneckerDelta(Symbol("i"), Symbol("k"))


def test_a_bracket_without_one_equation_is_a_group():
    assert parse_line("[a + b] c", Notation()).terms == ((Symbol("a") + Symbol("b")) * Symbol("c"),)


def test_aliases_of_a_notation_name_read_as_that_name():
    notation = Notation(indexed={"y": 1, "Y": 1}, index_ranges={"i": ("1", "K")}, aliases={"hat_y": "y"})
    assert parse_line(r"\hat y_i - Y_i", notation).terms == parse_line(r"y_i - Y_i", notation).terms
    assert parse_line(r"\hat{y}_i", notation).terms == (IndexedBase("y")[Symbol("i")],)


def test_diag_is_a_matrix_sized_like_the_identity():
    from grader.mathparse.nodes import DiagonalMatrix

    (term,) = parse_line(r"V \mathrm{diag}(\frac{\lambda_i}{\lambda_i + \alpha}) V^T w^*", L2).terms
    assert term.shape == (Symbol("d"), 1) and any(isinstance(a, DiagonalMatrix) for a in sympy.preorder_traversal(term))


def test_no_eval_in_the_parser_source():
    import pathlib
    import re

    import grader.mathparse as package
    for path in pathlib.Path(package.__file__).parent.glob("*.py"):
        text = path.read_text()
        assert not re.search(r"\b(eval|exec|sympify|parse_expr|lambdify|S)\(", text), path.name


# -- speed ------------------------------------------------------------------------------------


@pytest.mark.parametrize("src,key", [
    ("n/2*log(2*pi*sigma^2) + 1/(2*sigma^2)*sum", "parse.unsupported"),
    ("max(a, b)", "parse.unsupported"),
    ("x for all", "parse.text"),
    (r"\text{where} x", "parse.text"),
])
def test_words_that_are_not_products_of_letters(src, key):
    with pytest.raises(MathParseError) as info:
        parse_line(src)
    assert info.value.message.key == key


def test_declared_words_win_over_reserved_ones():
    assert parse_expression("max", Notation(symbols=("max",))) == Symbol("max")


def test_an_expression_may_end_a_sentence_but_not_start_with_a_relation():
    assert parse_expression("x + 1.") == x + 1
    with pytest.raises(MathParseError) as info:
        parse_expression("= x")
    assert info.value.message.key == "parse.not_an_expression"


STRESS = {
    "long sum": " + ".join(f"x_{{{m}}}" for m in range(400)),
    "long product": " ".join(f"x_{{{m}}}" for m in range(400)),
    "long ascii sum": "+".join(f"x_{m}" for m in range(680)),
    "fractions": "".join(r"\frac{1}{x_{%d}}" % m for m in range(200)),
    "sums": " + ".join(r"\sum_{i=1}^{n} x_{i}" for _ in range(150)),
    "absolute values": " + ".join(f"|x_{{{m}}} - {m}|" for m in range(200)),
    "matrix sum": " + ".join(["H w"] * 500),
    "log of a long product": r"\log " + " ".join(f"x_{{{m}}}" for m in range(400)),
    "nested logs": r"\log " * 55 + "x",
}


@pytest.mark.parametrize("name", list(STRESS))
def test_long_inputs_stay_fast(name):
    import time
    src = STRESS[name]
    assert len(src) <= Limits().max_length
    start = time.perf_counter()
    parse_line(src, L2 if "matrix" in name else PLAIN)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("src,key", [
    (r"\log \sqrt{2}^{(\sqrt[(x+1) 9]{(x)^{1000}})^{(|10 - e|)^{7!^{e}}}}", "parse.exponent_too_big"),
    (r"(x^{1000} + y)^{\frac{1}{z+1}}", "parse.exponent_too_big"),
    (r"x^{20} x^{20}", "parse.exponent_too_big"),
    (r"e^{100 \log x}", "parse.exponent_too_big"),
    (r"\dfrac\epsilon2^{9^{9}}", "parse.number_too_big"),
    (r"(\sqrt{2} x)^{10^9}", "parse.number_too_big"),
    (r"(e^{\sum_{i=1}^{1000} 7!})!", "parse.number_too_big"),
    (r"e^{e^{100}}", "parse.number_too_big"),
    (r"\sqrt[3^{10}]{7!}", "parse.number_too_big"),
])
def test_inputs_that_would_make_sympy_work_for_hours_are_refused_at_once(src, key):
    import time
    start = time.perf_counter()
    with pytest.raises(MathParseError) as info:
        parse_line(src)
    assert info.value.message.key == key
    assert time.perf_counter() - start < 1.0


def test_ordinary_powers_still_read():
    assert parse_expression("x^{30}") == x**30
    assert parse_expression(r"e^{e^{2}}") == exp(exp(2))
    assert parse_expression(r"(0.5)!") == factorial(Rational(1, 2))


@pytest.mark.parametrize("src, same_as", [
    (r"y^{(i)} - w x^{(i)}", r"y_{i} - w x_{i}"),
    (r"Y^{(i)}_k", r"Y_{ik}"),
    (r"k \not= i", r"k \neq i"),
    (r"{\partial y \over \partial x}", r"\frac{\partial y}{\partial x}"),
    (r"\lambda_i \over {\lambda_i + \alpha}", r"\frac{\lambda_i}{{\lambda_i + \alpha}}"),  # alone: the whole formula
    (r"a = b \over c", r"a = b \over c"),  # with a relation TeX would split the statement: left to be refused
    (r"\text{min}_{w} f", r"\min _{w} f"),
    (r"\qty(a + b)^2", r"(a + b)^2"),
    (r"a + b \qquad (*)", r"a + b"),
    (r"\sum_{\ell} Y_\ell", r"\sum_{l} Y_l"),
    (r"\mathbf Y", r"\mathbf{Y}"),
    (r"P( { \bf T } \mid { \bf X } )", r"P( \mathbf{T} \mid \mathbf{X} )"),  # the plain-TeX font switch
    (r"{\bf w}^T x", r"\mathbf{w}^T x"),
    (r"\text{arg }\mathop{\text{min}}_{w,b} f", r"\arg\min _{w,b} f"),  # the word apart from the operator
    (r"\mathrm{arg}\,\max_\theta f", r"\arg\max_\theta f"),
    (r"\sum_n^N a_n", r"\sum_n^N a_n"),
    (r"\text{since V is orthogonal: $VV^T = I$} \\", r"VV^T = I"),  # a sentence quoting one formula
    (r"\text{since $a = b$, $c = d$}", r"\text{since $a = b$, $c = d$}"),  # two: left as written
    (r"\text{$\Lambda$ is diagonal}", r"\text{$\Lambda$ is diagonal}"),  # no equation: prose
    (r"y_{}^{} + x^{}", r"y + x"),  # scripts left empty
    # a diagonal matrix written out with ellipses is diag of its pattern; written out in full, a matrix
    (r"\begin{bmatrix} a_1 & 0 & \cdots & 0 \\ 0 & a_2 & \cdots & 0 \\ \vdots & & \ddots & \vdots \\ 0 & 0 & \cdots & a_n \end{bmatrix}",
     r"\mathrm{diag}\left(a_{i}\right)"),
    (r"\begin{bmatrix} a_1 & 0 & 0 \\ 0 & a_2 & 0 \\ 0 & 0 & a_3 \end{bmatrix}",
     r"\begin{bmatrix} a_1 & 0 & 0 \\ 0 & a_2 & 0 \\ 0 & 0 & a_3 \end{bmatrix}"),
    (r"\begin{bmatrix} a_1 & 1 & \cdots & 0 \\ 0 & a_2 & \cdots & 0 \\ \vdots & & \ddots & \vdots \\ 0 & 0 & \cdots & a_n \end{bmatrix}",
     r"\begin{bmatrix} a_1 & 1 & \cdots & 0 \\ 0 & a_2 & \cdots & 0 \\ \vdots & & \ddots & \vdots \\ 0 & 0 & \cdots & a_n \end{bmatrix}"),
    (r"\frac{\partial E}{\partial z}=softmax(z)-Y", r"\frac{\partial E}{\partial z}=\operatorname{softmax}(z)-Y"),
    # an ellipsis sum with one term set apart: that term in the place of the k = j one
    (r"a_1 + a_2 + \dots + b_j + \dots + a_n", r"\left(\sum_{k=1, k \neq j}^{n} \left(a_{k}\right) + b_j\right)"),
    (r"y_iY_1 + y_iY_2 + \dots + (y_i -Y_i) + \dots + y_i Y_K",
     r"\left(\sum_{k=1, k \neq i}^{K} \left(y_iY_{k}\right) + (y_i -Y_i)\right)"),
    (r"a_1 + a_2 + \dots + b + \dots + a_n", r"a_1 + a_2 + \dots + b + \dots + a_n"),  # no index: which term?
    (r"\sum_{k^{\prime}=1}^K y_{k^{\prime}}", r"\sum_{q=1}^K y_{q}"),  # a primed bound index renamed
    (r"\sum_{k'=1}^K y_{k'} + f'(x)", r"\sum_{q=1}^K y_{q} + \frac{d}{dx} f(x)"),
    (r"y_{k'} + k'", r"y_{k'} + k'"),  # used outside a subscript: left as written
    (r"y_{k=i}(1 - y_i)", r"y_{i}(1 - y_i)"),  # the case written in the subscript
    (r"- y_{k \not= i} y_i", r"- y_{k} y_i \quad k \neq i"),
    (r"\sum_{k=i}^{n} a_k", r"\sum_{k=i}^{n} a_k"),  # a sum's lower limit is not a case
    (r"\nabla_\Bw J = \alpha\Bw", r"\nabla_\mathbf{w} J = \alpha\mathbf{w}"),  # a notes macro: bold w
    (r"\nabla{w} J", r"\nabla_{w} J"),
    (r"\triangledown_w J", r"\nabla_w J"),
    (r"\bigtriangledown _w J", r"\nabla _w J"),
    (r"J'(w) = 0", r"\frac{d}{dw} J(w) = 0"),
    (r"\hat J'(w)", r"\frac{d}{dw} \hat J(w)"),
    (r"J'(\omega)", r"\frac{d}{d\omega} J(\omega)"),
    (r"J'(w^*)", r"J'(w^*)"),  # the derivative at a point is not rewritten
    (r"-\sum_{k}^{ } Y_{k}", r"-\sum_{k} Y_{k}"),  # a limit left empty is a limit not written
    (r"\sum^{}_{k} a_k", r"\sum_{k} a_k"),
    (r"||w||^2_2", r"||w||_{2}^{2}"),
    (r"y(\mathbf z)_i", r"y_i"),
    (r"\mathrm{softmax}(\mathbf{z})_i", r"\left(\frac{e^{z_{i}}}{\sum_{j} e^{z_{j}}}\right)"),
    (r"w_1 a_1 + w_2 a_2 + \dots + w_na_n", r"\sum_{k=1}^{n} \left(w_{k} a_{k}\right)"),
    (r"-Y_1\log y_1 - Y_2\log y_2 - \cdots - Y_K\log y_K", r"- \sum_{k=1}^{K} \left(Y_{k}\log y_{k}\right)"),
])
def test_notation_people_write_is_rewritten_before_reading(src, same_as):
    from grader.mathparse.rewrites import rewrite

    assert " ".join(rewrite(src).split()) == " ".join(rewrite(same_as).split())


@pytest.mark.parametrize("src", [r"x_1 + x_3 + \cdots + x_n", r"[0, 0, \cdots, 1]", r"a_1 - a_2 + \dots + a_n"])
def test_an_ellipsis_without_a_clear_pattern_is_left_as_written(src):
    from grader.mathparse.rewrites import ellipsis_sums

    assert ellipsis_sums(src) == src


@pytest.mark.parametrize("context", ["{}", "1{}2", "x{}y", "{}5", "\\alpha{}.5", "1.{}"])
def test_the_tokenizer_looks_up_the_same_scanners_it_would_ask_in_turn(monkeypatch, context):
    # the lookup by first character (`_ASCII_SCANNERS`) is only a shortcut: for every ASCII character, in
    # texts where it starts a token after a number, a name or a command, the tokens (or the error) are those
    # of asking every scanner in order
    from grader.mathparse import tokens

    def read(src):
        try:
            return [(t.kind, t.text, t.pos, t.end, t.gap, t.textual) for t in tokens.tokenize(src, True)]
        except MathParseError as error:
            return str(error)

    texts = [context.format(chr(code)) for code in range(32, 127)] + [context.format(" \\quad ")]
    with_lookup = [read(text) for text in texts]
    monkeypatch.setattr(tokens, "_ASCII_SCANNERS", {})
    assert [read(text) for text in texts] == with_lookup


def test_an_error_after_a_rewrite_names_a_place_in_the_text_as_written():
    # `J'(\omega)` is read as `\frac{d}{d\omega} J(\omega)`: the missing `)` is in the student's text, at
    # column 12, not at the rewritten text's column 32
    src = r"J'(\omega) = H(\omega"
    with pytest.raises(MathParseError) as caught:
        parse_line(src)
    assert caught.value.column == src.index(r"(\omega", 5) + 1
    assert f"column {caught.value.column}" in str(caught.value)
