r"""Derivation rows, round 9 (issue 11): the author's own functions and the names they define.

- a function the author names in the middle of a chain (`E = g_1(x_1) = -\log(x_1)`, `x_1 = g_2(x_2) = c_1/x_2`)
  is defined by it: the naming is a definition, and the link before it, where it cannot be evaluated for want
  of the author's undefined constants, is the author's statement of what the name is (free);
- `\frac{\partial g(x)}{\partial x}` of such a function is its derivative in its own argument, checked against
  its definition for every value of the argument and of the author's constants (the stable softmax's shift by
  the maximum held as a constant, and only that: a sum over the family is not held);
- digits glued to a letter (`x1`, `c1`) read as the index where the derivation writes `x_1`, defines `c1`, or
  writes the letter glued to two numbers;
- a line stating again what one of the author's names is (`x_2 = sum`, after `x_2 = x_3 + c_2` with c_2 never
  defined) costs nothing where some value of the undefined constant makes it hold.

Each reading comes with a wrong variant that stays charged (invalid, or unchecked: never passed).
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts, grade_section, line_verdict

from grader.derivations.author_functions import chain_functions
from grader.derivations.author_notation import glued_indices_read, glued_letters
from grader.reading.answers_md import SourceLine

ANSWER = "\nAnswer: $y_i - Y_i$\n"

#: The chain of the author's functions, as a note on the stable softmax writes it (no word of the source).
CHAIN = (
    "$$E=g_1(x_1)=-log(x_1)$$\n\n"
    "$$x_1=g_2(x_2)=\\frac{c1}{x_2}$$\n\n"
    "$$c1=e^{z_{1}-max({{z}_i})}$$\n\n"
    "$$x_2=g_3(x_3)=x_3+c2$$\n\n"
    "$$x_3=g_4(x_4)=e^{x_4}$$\n\n"
    "$$x_4=g_5(z_i)=z_i-max({{z}_i})$$\n\n"
    "$$sum=\\sum_{k=1}^K e^{z_k-max({{z}_i})}$$\n\n"
)


def _softmax(markdown: str) -> list:
    return _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n\n" + markdown + ANSWER)


def _last_line(display: str) -> tuple:
    """The last line's verdict: (False, key) where a link is wrong, (None, key) where one is unchecked or the
    line unreadable, else (True, the first link's key)."""
    derivation = next(p for p in grade_section("softmax_ce_grad", "## softmax-ce-grad\n\n" + CHAIN + f"$${display}$$\n" + ANSWER).parts
                      if p.id == "derivation")
    return line_verdict(derivation.lines[-1])


# -- reading ---------------------------------------------------------------------------------------------


def test_a_function_named_between_two_equals_signs_is_the_authors():
    assert chain_functions(r"x_1=g_2(x_2)=\frac{c1}{x_2}") == ("g_2",)
    assert chain_functions(r"L=\ell(y, \hat y)=-\log \hat y") == ("ell",)
    # a product written with parentheses is no function: its argument is no list of names
    assert chain_functions(r"\frac{\partial y_i}{\partial z_j} = y_i(1 - y_j) = y_i - y_i y_j") == ()
    assert chain_functions(r"g_1(x_1) = -\log(x_1)") == ()  # at the head: `declared_functions` reads it


def test_glued_digits_read_as_an_index_only_where_the_derivation_numbers_the_letter():
    assert glued_letters([r"x_1 = c1", r"\frac{1}{x1}"]) == frozenset({"x"})
    assert glued_letters([r"c1 = e^{z_k}", r"x = c1"]) == frozenset({"c"})  # `c1 = ...` defines the glued name
    assert glued_letters([r"x = c1 + c2"]) == frozenset({"c"})  # two numbers glued to c: numbered names
    assert glued_letters([r"y = 2x + e2"]) == frozenset()  # nothing numbers e: left as written
    lines = [SourceLine(1, r"x_1 = \frac{1}{x1} + \log2", 1, 1)]
    assert glued_indices_read(lines)[0].text == r"x_1 = \frac{1}{x_{1}} + \log2"  # a command's digits are its own


# -- the chain of the author's functions -------------------------------------------------------------------


def test_the_chain_of_the_authors_functions_costs_nothing():
    verdicts = _softmax(CHAIN)
    assert all(valid is True for valid, _ in verdicts), verdicts
    assert ("derivation.defines" in {key for _, key in verdicts})
    # `E = g_1(x_1)`: E in the author's terms, which the undefined c_2 keeps from a value
    assert verdicts[0][1] in ("author_functions.names", "derivation.defines")


def test_a_chain_naming_that_contradicts_a_known_value_is_charged():
    # x_4 is z_i minus the maximum; a restatement with a plus is wrong, and is evaluated (no undefined letter)
    assert _last_line(r"x_4=z_i+max({{z}_i})")[0] is False


@pytest.mark.parametrize("display, argument", [
    (r"\frac{\partial g_1(x_1)}{\partial x_1}=-\frac{1}{x1}", "x_1"),
    (r"\frac{\partial g_2(x_2)}{\partial x_2}=-\frac{c1}{x_2^2}", "x_2"),
    (r"\frac{\partial g_3(x_3)}{\partial x_3}=1", "x_3"),
])
def test_the_derivative_of_an_authors_function_in_its_own_argument_is_checked_against_its_definition(display, argument):
    valid, key = _last_line(display)
    assert (valid, key) == (True, "author_functions.own_argument")


def test_the_derivative_of_a_function_whose_argument_has_a_value_is_checked_at_it():
    assert _last_line(r"\frac{\partial g_4(x_4)}{\partial x_4}=e^{x_4}")[0] is True


@pytest.mark.parametrize("display", [
    r"\frac{\partial g_2(x_2)}{\partial x_2}=\frac{c1}{x_2^2}",  # the sign of 1/x lost
    r"\frac{\partial g_2(x_2)}{\partial x_2}=-\frac{1}{x_2^2}",  # the author's constant dropped
    r"\frac{\partial g_1(x_1)}{\partial x_1}=\frac{1}{x_1}",
    r"\frac{\partial g_3(x_3)}{\partial x_3}=x_3",
    r"\frac{\partial g_4(x_4)}{\partial x_4}=x_4 e^{x_4}",
    r"\frac{\partial g_5(z_i)}{\partial z_i}=0",
])
def test_a_wrong_derivative_of_an_authors_function_stays_charged(display):
    assert _last_line(display)[0] is not True


def test_the_stable_softmax_shift_is_held_as_a_constant_and_the_reading_is_said():
    verdicts = _softmax(CHAIN + "$$\\frac{\\partial g_5(z_i)}{\\partial z_i}=1$$\n")
    assert verdicts[-1] == (True, "author_functions.own_argument")


def test_a_sum_over_the_family_is_never_held_as_a_constant():
    # forgetting that the softmax's denominator moves with z_i is a real mistake: not read as a function of z_i alone
    markdown = ("$$a=h(z_i)=\\frac{e^{z_i}}{\\sum_{k=1}^K e^{z_k}}$$\n\n"
                "$$\\frac{\\partial h(z_i)}{\\partial z_i}=\\frac{e^{z_i}}{\\sum_{k=1}^K e^{z_k}}$$\n")
    assert _softmax(markdown)[-1][0] is False
    right = ("$$a=h(z_i)=\\frac{e^{z_i}}{\\sum_{k=1}^K e^{z_k}}$$\n\n"
             "$$\\frac{\\partial h(z_i)}{\\partial z_i}=h(z_i)(1-h(z_i))$$\n")
    assert _softmax(right)[-1][0] is True


# -- the author's names stated again -------------------------------------------------------------------


def test_a_restatement_that_says_what_the_undefined_constant_is_costs_nothing():
    assert _last_line(r"x2=sum") == (True, "author_functions.restates")
    assert _last_line(r"x1=\frac{c1}{sum}") == (True, "author_functions.restates")


def test_a_restatement_that_no_value_of_the_constant_makes_hold_stays_charged():
    # x_1 = c_1 / x_2 can never be -c_1 / x_2 (no c_2 makes it so): still unchecked, never free
    assert _last_line(r"x1=-\frac{c1}{x_2}")[0] is not True
    # a restatement whose right side needs the same undefined constant says nothing about it
    assert _last_line(r"x2=\frac{sum}{c2}")[0] is not True


def test_a_restatement_of_a_name_with_a_value_is_checked():
    assert _last_line(r"x_3=e^{z_i-max({{z}_i})}")[0] is True
    assert _last_line(r"x_3=e^{z_i}")[0] is False


# -- the author's Kronecker delta and derivative operator --------------------------------------------------


def test_the_authors_kronecker_delta_defined_by_cases_costs_nothing():
    verdicts = _softmax("$$\\delta{ij} = \\begin{cases} 1 & if & i=j \\\\ 0 & if & i\\neq j \\end{cases}$$\n")
    assert [valid for valid, _ in verdicts] == [True, True]


def test_a_wrong_kronecker_delta_by_cases_is_charged():
    verdicts = _softmax("$$\\delta{ij} = \\begin{cases} 0 & if & i=j \\\\ 1 & if & i\\neq j \\end{cases}$$\n")
    assert [valid for valid, _ in verdicts] == [False, False]


OPERATOR = ("$$\\dfrac{\\partial y_i}{\\partial z_j}= \\dfrac{\\partial {e^{z_i} \\over \\sum_{k=1}^K e^{z_k}}}{\\partial z_j}"
            " = D_jy_i$$\n\nwhen $i \\neq j$:\n\n")


def test_the_authors_derivative_operator_is_read_as_the_derivative_it_names():
    verdicts = _softmax(OPERATOR + "$$D_jy_i = \\dfrac {0-e^{z_j}e^{z_i}}{(\\sum_{k=1}^K e^{z_k})^2}$$\n")
    assert verdicts[-1] == (True, "derivation.reading")  # the reading said (see the last test)


def test_a_wrong_value_of_the_authors_operator_is_charged():
    verdicts = _softmax(OPERATOR + "$$D_jy_i = \\dfrac {e^{z_j}e^{z_i}}{(\\sum_{k=1}^K e^{z_k})^2}$$\n")
    assert verdicts[-1][0] is False
    # the operator differentiates by the family it was named with: D_j y_i is not d y_j / d z_i's value at another entry
    verdicts = _softmax(OPERATOR + "$$D_jy_i = -y_j y_j$$\n")
    assert verdicts[-1][0] is False


def test_an_operator_letter_the_problem_knows_is_not_taken_for_the_authors():
    from grader.derivations.author_notation import derivative_operators
    line = r"\frac{\partial y_i}{\partial z_j} = D_j y_i"
    assert derivative_operators([line], set()) == {"D": "z"}
    assert derivative_operators([line], {"D"}) == {}
    assert derivative_operators([r"D_j y_i \le \frac{\partial y_i}{\partial z_j}"], set()) == {}  # no naming by an inequality


# -- the chain rule over the author's chain functions ------------------------------------------------------

_FACTORS = {
    1: r"\frac{\partial g_1(x_1)}{\partial x_1}", 2: r"\frac{\partial g_2(x_2)}{\partial x_2}",
    3: r"\frac{\partial g_3(x_3)}{\partial x_3}", 4: r"\frac{\partial g_4(x_4)}{\partial x_4}",
    5: r"\frac{\partial g_5(z_i)}{\partial z_i}",
}


def test_the_chain_rule_over_the_authors_functions_is_valid_in_any_order():
    assert _last_line(r"\frac{\partial E}{\partial {z}_i}=" + "".join(_FACTORS[k] for k in (1, 2, 3, 4, 5))) == (True, "author_functions.chain_rule")
    assert _last_line(r"\frac{\partial E}{\partial z_i}=" + "".join(_FACTORS[k] for k in (5, 4, 3, 2, 1)))[0] is True
    # a link's factor written as its name by its argument
    assert _last_line(r"\frac{\partial E}{\partial z_i}=" + r"\frac{\partial g_1(x_1)}{\partial x_1}\frac{\partial x_1}{\partial x_2}"
                      + "".join(_FACTORS[k] for k in (3, 4, 5)))[0] is True


@pytest.mark.parametrize("factors", [
    "".join(_FACTORS[k] for k in (1, 2, 4, 5)),  # a link left out
    "".join(_FACTORS[k] for k in (1, 2, 3, 4, 5, 5)),  # a link twice
    _FACTORS[1] + r"\frac{\partial g_2(x_2)}{\partial x_1}" + "".join(_FACTORS[k] for k in (3, 4, 5)),  # a link by another argument
    _FACTORS[1] + r"\frac{\partial g_2(x_3)}{\partial x_3}" + "".join(_FACTORS[k] for k in (3, 4, 5)),  # a function at another argument
])
def test_a_wrong_chain_product_is_never_passed(factors):
    assert _last_line(r"\frac{\partial E}{\partial z_i}=" + factors)[0] is not True


def test_the_chain_rule_must_end_at_the_variable_differentiated_by():
    assert _last_line(r"\frac{\partial E}{\partial z_j}=" + "".join(_FACTORS[k] for k in (1, 2, 3, 4, 5)))[0] is not True


# -- a rule stated for any functions ----------------------------------------------------------------------

QUOTIENT = r"f(x) = {g(x) \over h(x)} \Rightarrow f'(x) = "


def _one_line(display: str) -> list:
    return _softmax(f"$${display}$$\n")


def test_the_quotient_rule_stated_for_any_functions_is_valid():
    verdicts = _one_line(QUOTIENT + r"{g'(x)h(x) - g(x)h'(x) \over h(x)^2}")
    assert [valid for valid, _ in verdicts] == [True, True, True]
    assert verdicts[-1][1] == "author_functions.rule_holds"


@pytest.mark.parametrize("wrong", [
    r"{g'(x)h(x) + g(x)h'(x) \over h(x)^2}",  # the sign of the second term
    r"{g'(x)h(x) - g(x)h'(x) \over h(x)}",  # the square lost
    r"{g(x)h'(x) - g'(x)h(x) \over h(x)^2}",  # the terms swapped
])
def test_a_wrong_rule_stated_for_any_functions_is_charged_as_wrong(wrong):
    verdicts = _one_line(QUOTIENT + wrong)
    assert verdicts[1] == (False, "author_functions.rule_fails")  # the implication too
    assert verdicts[-1][0] is False


def test_the_product_rule_is_checked_the_same_way():
    assert _one_line(r"f(x) = g(x) h(x) \Rightarrow f'(x) = g'(x)h(x) + g(x)h'(x)")[-1][0] is True
    assert _one_line(r"f(x) = g(x) h(x) \Rightarrow f'(x) = g'(x)h'(x)")[-1][0] is False


def test_a_primed_function_before_a_product_is_its_own_factor():
    # `g'(x)h(x)` is g'(x) times h(x), not the derivative of the product
    from grader.course.course import load_problem
    from grader.derivations.definitions import extend_notation
    from grader.mathparse import parse_line
    notation = extend_notation(load_problem("softmax_ce_grad").notation, ["g", "h"])
    (term,) = parse_line(r"g'(x)h(x)", notation).terms
    assert term.is_Mul and len(term.args) == 2


def test_an_undefined_function_of_a_problem_quantity_is_no_rule():
    # the author's activation of the logit: not a function to draw (its step stays unchecked, never judged on a guess)
    verdicts = _one_line(r"\frac{\partial}{\partial z_i} f(z_i) = f'(z_i) f(z_i)")
    assert verdicts[-1][0] is None


def test_the_parts_a_stated_quotient_rule_names_are_the_quotients_numerator_and_denominator():
    rule = "$$" + QUOTIENT + r"{g'(x)h(x) - g(x)h'(x) \over h(x)^2}" + "$$\n\n"
    verdicts = _softmax(rule + "$$\\dfrac{\\partial h_i}{\\partial z_j}= e^{z_j}$$\n")
    assert verdicts[-1] == (True, "derivation.reading")
    verdicts = _softmax(rule + "$$\\dfrac{\\partial g_i}{\\partial z_j} = \\begin{cases} e^{z_j} & \\text{if $i = j$,} \\\\ "
                        "0 & \\text{if $i \\neq j.$} \\end{cases}$$\n")
    assert [valid for valid, _ in verdicts[-2:]] == [True, True]


@pytest.mark.parametrize("wrong", [
    r"\dfrac{\partial h_i}{\partial z_j}= e^{z_i}",  # the denominator's derivative at the wrong entry
    r"\dfrac{\partial g_i}{\partial z_j}= e^{z_j}",  # the numerator moves only with its own entry
])
def test_a_wrong_derivative_of_a_named_part_is_charged(wrong):
    rule = "$$" + QUOTIENT + r"{g'(x)h(x) - g(x)h'(x) \over h(x)^2}" + "$$\n\n"
    assert _softmax(rule + f"$${wrong}$$\n")[-1][0] is False


def test_without_a_stated_quotient_rule_the_parts_have_no_value():
    assert _one_line(r"\dfrac{\partial h_i}{\partial z_j}= e^{z_j}")[-1][0] is None


def test_the_authors_notation_read_is_said_in_the_feedback():
    derivation = next(p for p in grade_section("softmax_ce_grad", "## softmax-ce-grad\n\n" + OPERATOR
                                               + "$$D_jy_i = \\dfrac {0-e^{z_j}e^{z_i}}{(\\sum_{k=1}^K e^{z_k})^2}$$\n" + ANSWER).parts
                      if p.id == "derivation")
    reason = derivation.lines[-1].links[0].reason
    assert reason.key == "derivation.reading"
    assert reason.params["reading"].key == "author_functions.reading_written"
    assert "D_jy_i" in reason.params["reading"].params["readings"]
