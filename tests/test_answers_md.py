"""The answers.md reader: headings, answer lines, display blocks, and hostile input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.reading.answers_md import (
    MAX_BLOCK_LINES,
    MAX_BLOCKS,
    AnswerLine,
    AnswersDocument,
    SourceLine,
    read_answers_document,
)
from grader.results import i18n


def ids(text: str) -> list[str]:
    return [s.id for s in read_answers_document(text).sections]


def answers(body: str) -> list[tuple[str, str]]:
    section = read_answers_document("## p\n" + body).section("p")
    return [(a.label, a.math) for a in section.answers]


def lines(body: str) -> list[str]:
    section = read_answers_document("## p\n" + body).section("p")
    return [line.text for line in section.derivation]


def warning_keys(text: str) -> list[str]:
    return [w.key for w in read_answers_document(text).warnings]


# --- Headings ----------------------------------------------------------------------------------

HEADINGS = [
    ("## mle-mse\n", ["mle-mse"]),
    ("## mle-mse  Gaussian noise: MLE = MSE\n", ["mle-mse"]),
    ("##mle-mse\n", ["mle-mse"]),
    ("## mle-mse ##\n", ["mle-mse"]),
    ("## **mle-mse**\n", ["mle-mse"]),
    ("## `mle-mse`\n", ["mle-mse"]),
    ("## 1. mle-mse\n", ["mle-mse"]),
    ("## 1) mle-mse\n", ["mle-mse"]),
    ("## mle-mse: Gaussian noise\n", ["mle-mse"]),
    ("## MLE-MSE\n", ["mle-mse"]),
    ("## mle_mse\n", ["mle-mse"]),
    ("## 第一题 mle-mse\n", ["mle-mse"]),
    ("## mle-mse：高斯噪声\n", ["mle-mse"]),
    ("## 1.mle-mse\n", ["mle-mse"]),
    ("## Problem mle-mse\n", ["problem"]),  # the first word is the id, as the contract says
    ("   ## mle-mse\n", ["mle-mse"]),
    ("mle-mse\n-------\n", ["mle-mse"]),
    ("mle-mse Gaussian\n---\n", ["mle-mse"]),
    ("# Homework 1\n## mle-mse\n## ce-mle\n", ["mle-mse", "ce-mle"]),
    ("# mle-mse\n", []),
    ("### mle-mse\n", []),
    ("#mle-mse\n", []),  # an Obsidian tag, not a heading
    ("```\n## mle-mse\n```\n", []),
    ("<!-- ## mle-mse -->\n", []),
    ("> ## mle-mse\n", []),
    ("text\n\n---\n", []),  # a thematic break, not a setext heading
    ("---\ntitle: hw\n---\n## mle-mse\n", ["mle-mse"]),  # front matter
]


@pytest.mark.parametrize("text, expected", HEADINGS)
def test_heading(text, expected):
    assert ids(text) == expected


def test_heading_title_and_line():
    doc = read_answers_document("intro\n\n## mle-mse  Gaussian noise: MLE = MSE ##\nx\n")
    section = doc.section("mle-mse")
    assert (section.title, section.line) == ("Gaussian noise: MLE = MSE", 3)
    assert doc.section("MLE-MSE") is section
    assert read_answers_document("## **mle-mse**: Gaussian noise (MLE)\n").sections[0].title == "Gaussian noise (MLE)"
    assert doc.section("ce-mle") is None


def test_setext_heading_line_is_its_text_line():
    section = read_answers_document("prose\n\nce-mle\n======\n\nl2-shrinkage\n---\nAnswer: $x$\n").section("l2-shrinkage")
    assert section.line == 6
    assert section.answer().math == "x"
    assert ids("prose\n\nce-mle\n======\n") == []  # level 1


def test_answers_heading_is_a_heading():
    assert ids("# Answers\n## mle-mse\n## Answer key\n") == ["mle-mse", "answer"]


def test_level_three_headings_stay_inside_level_one_ends():
    doc = read_answers_document("## p\n### Part (a)\nAnswer: $1$\n# Appendix\nAnswer: $2$\n")
    assert [a.math for a in doc.section("p").answers] == ["1"]


COURSE_IDS = ("mle-mse", "ce-mle", "softmax-ce-grad")

#: With the course's ids known, headings that name a problem otherwise than `## id` still find it.
LENIENT_HEADINGS = [
    ("## mle-mse\n", ["mle-mse"], []),
    ("## Problem ce-mle\n", ["ce-mle"], ["answers.heading_read_as"]),
    ("## Q2 (ce-mle): cross-entropy\n", ["ce-mle"], ["answers.heading_read_as"]),
    ("# mle-mse\n", ["mle-mse"], ["answers.heading_read_as"]),
    ("### softmax-ce-grad\n", ["softmax-ce-grad"], ["answers.heading_read_as"]),
    ("## Part 2\n### softmax_ce_grad\n", ["part", "softmax-ce-grad"], ["answers.heading_read_as"]),
    ("## mle-mse and ce-mle\n", ["mle-mse"], []),  # the first word decides, as the contract says
    ("## Problems ce-mle and mle-mse\n", ["problems"], []),  # two ids named: no guess
    ("## Notes\n", ["notes"], []),
    ("## mle-mse\n### from ce-mle we know\n", ["mle-mse"], []),  # a sub-heading of a contract section
]


@pytest.mark.parametrize("text, expected, warnings", LENIENT_HEADINGS)
def test_heading_that_names_a_course_problem(text, expected, warnings):
    document = read_answers_document(text, COURSE_IDS)
    assert [s.id for s in document.sections] == expected
    assert [w.key for w in document.warnings] == warnings
    assert all(w.params["problem"] in COURSE_IDS for w in document.warnings)


def test_lenient_heading_keeps_its_text_and_yields_to_a_contract_heading():
    text = "### ce-mle\nAnswer: $1$\n## mle-mse\nAnswer: $2$\n## ce-mle\nAnswer: $3$\n"
    document = read_answers_document(text, COURSE_IDS)
    assert document.section("ce-mle").answer().math == "3"
    assert document.section("mle-mse").answer().math == "2"
    lenient = read_answers_document("# Homework\n### ce-mle\n$$\na = b\n$$\nAnswer: $1$\n", COURSE_IDS).section("ce-mle")
    assert [line.text for line in lenient.derivation] == ["a = b"] and lenient.answer().math == "1"


def test_answer_line_followed_by_dashes_is_not_a_heading():
    doc = read_answers_document("## p\nAnswer: $x$\n---\n")
    assert ids("## p\nAnswer: $x$\n---\n") == ["p"]
    assert doc.section("p").answer().math == "x"


# --- Answer lines ------------------------------------------------------------------------------

ANSWERS = [
    ("Answer: $x^2$\n", [("", "x^2")]),
    ("**Answer:** $x^2$\n", [("", "x^2")]),
    ("**Answer**: $x^2$\n", [("", "x^2")]),
    ("*Answer:* $x^2$\n", [("", "x^2")]),
    ("Answer：$x^2$\n", [("", "x^2")]),
    ("答案：$x^2$\n", [("", "x^2")]),
    ("答案: $x^2$\n", [("", "x^2")]),
    ("**答案：** $x^2$\n", [("", "x^2")]),
    ("最终答案为：$x^2$\n", [("", "x^2")]),
    ("answer: $x^2$\n", [("", "x^2")]),
    ("ANSWER: $x^2$\n", [("", "x^2")]),
    ("Answer (a): $1$\nAnswer (b): $2$\n", [("a", "1"), ("b", "2")]),
    ("Answer(a): $1$\n", [("a", "1")]),
    ("**Answer (a):** $1$\n", [("a", "1")]),
    ("**Answer (a)**: $1$\n", [("a", "1")]),
    ("Answer (a)：$1$\n", [("a", "1")]),
    ("答案 (a)：$1$\n", [("a", "1")]),
    ("答案（a）：$1$\n", [("a", "1")]),
    ("Answer (A): $1$\n", [("a", "1")]),
    ("- Answer: $x$\n", [("", "x")]),
    ("* **Answer:** $x$\n", [("", "x")]),
    ("1. Answer (a): $x$\n", [("a", "x")]),
    ("> Answer: $x$\n", [("", "x")]),
    ("### Answer: $x$\n", [("", "x")]),
    ("## Answer: $x$\n", [("", "x")]),  # an answer, not a problem
    ("## Answer (a)\n$x$\n", [("a", "x")]),
    ("# 答案\n$$x$$\n", [("", "x")]),
    ("Answer: $a$ and $b$\n", [("", "a")]),  # after prose, the rest of the line is a remark
    ("Answer: $y_i - Y_i$, where $y_i$ is the softmax output\n", [("", "y_i - Y_i")]),
    ("Answer (a): $\\mathrm{Var}(w) = \\frac{1}{n}$ (with $n = n_{in}$)\n", [("a", "\\mathrm{Var}(w) = \\frac{1}{n}")]),
    ("Answer: $a$ + $b$\n", [("", "a + b")]),
    ("Answer: $r =$ $\\sqrt{6}$\n", [("", "r = \\sqrt{6}")]),
    ("Answer: $a$ $b$\n", [("", "a b")]),
    ("Answer: $$x + 1$$\n", [("", "x + 1")]),
    ("Answer: \\(x + 1\\)\n", [("", "x + 1")]),
    ("Answer: the cost is \\$5, i.e. $5$\n", [("", "5")]),
    ("Answer: lambda_i/(lambda_i + alpha)\n", [("", "lambda_i/(lambda_i + alpha)")]),
    ("Answer: `sqrt(6/(n_in + n_out))`\n", [("", "sqrt(6/(n_in + n_out))")]),
    ("Answer: **2/(n_in + n_out)**\n", [("", "2/(n_in + n_out)")]),
    ("Answer: w^*\n", [("", "w^*")]),
    ("Answer: $\\tilde w = (H + \\alpha I)^{-1} H w^*$\n", [("", "\\tilde w = (H + \\alpha I)^{-1} H w^*")]),
    ("Answer:   $  x  $  \n", [("", "x")]),
    ("Answer:\n", [("", "")]),
    ("Answer: $\\frac{1}{n}$.\n", [("", "\\frac{1}{n}")]),
    ("Answer: $\\frac{1}{n}.$\n", [("", "\\frac{1}{n}")]),
    ("Answer: 1/n.\n", [("", "1/n")]),
    ("**Answer:**\n$\\tilde w = x$\n", [("", "\\tilde w = x")]),  # inline math on the line below
    ("Answer:\n\\begin{equation}\nx + 1\n\\end{equation}\n", [("", "x + 1")]),
    ("Answer:\nsome prose\n", [("", "")]),
    ("Final answer: $x$\n", [("", "x")]),
    ("Answer: $x\n+ 1$ done\n", [("", "x + 1")]),  # inline math over two lines
    ("Answer:\n\n$$\n-\\log L(w,b)\n$$\n", [("", "-\\log L(w,b)")]),  # display block right below
    ("Answer: $$\n\\frac{1}{2}\n$$\n", [("", "\\frac{1}{2}")]),  # $$ opened on the answer line
    ("The answer: $x$\n", []),  # not at the start of the line
    ("Answers: $x$\n", []),
    ("```\nAnswer: $fake$\n```\nAnswer: $real$\n", [("", "real")]),
    ("~~~python\nAnswer: $fake$\n~~~\n", []),
    ("<!-- Answer: $fake$ -->\nAnswer: $real$\n", [("", "real")]),
    ("<!--\nAnswer: $fake$\n-->\n", []),
]


@pytest.mark.parametrize("body, expected", ANSWERS)
def test_answer_line(body, expected):
    assert answers(body) == expected


def test_answer_line_number_and_lookup():
    section = read_answers_document("\n## p\nprose\nAnswer (b): $2$\nAnswer (a): $1$\n").section("p")
    assert section.answer("a") == AnswerLine("a", "1", 5)
    assert section.answer("B").line == 4
    assert section.answer() is None


def test_answer_display_block_is_not_a_derivation_block():
    section = read_answers_document("## p\nAnswer: $$x$$\n$$a = b$$\n").section("p")
    assert [(l.text, l.block) for l in section.derivation] == [("a = b", 1)]
    section = read_answers_document("## p\n**Answer:**\n$$\ny = 1\n$$\n$$a = b$$\n").section("p")
    assert section.answer().math == "y = 1"
    assert [(l.text, l.block) for l in section.derivation] == [("a = b", 1)]


def test_empty_answer_line_yields_to_a_filled_one():
    doc = read_answers_document("## p\nAnswer:\nprose\nAnswer: $2$\n")
    assert doc.section("p").answer() == AnswerLine("", "2", 4)
    assert doc.warnings[0].params["first_line"] == 4


def test_second_answer_line_warns_and_first_counts():
    doc = read_answers_document("## p\nAnswer: $1$\nAnswer: $2$\n")
    assert doc.section("p").answer().math == "1"
    assert [w.key for w in doc.warnings] == ["answers.duplicate_answer"]
    assert doc.warnings[0].params["line"] == 3


# --- Display blocks ----------------------------------------------------------------------------

BLOCKS = [
    ("$$a = b$$\n", ["a = b"]),
    ("$$\na = b\n$$\n", ["a = b"]),
    ("$$a = b\n= c$$\n", ["a = b = c"]),
    ("text $$a = b$$ more text\n", ["a = b"]),
    ("text$$a = b$$\n", ["a = b"]),
    ("$$a = b$$ and $$c = d$$\n", ["a = b", "c = d"]),
    ("\\[ a = b \\]\n", ["a = b"]),
    ("\\[\na = b \\\\\n= c\n\\]\n", ["a = b", "= c"]),
    ("\\begin{equation}\na = b\n\\end{equation}\n", ["a = b"]),
    ("\\begin{align}\na &= b \\\\\n&= c\n\\end{align}\n", ["a = b", "= c"]),
    ("\\begin{align*}\na &= b \\\\ &= c\n\\end{align*}\n", ["a = b", "= c"]),
    ("$$\n\\begin{aligned}\na &= b \\\\\n&= c\n\\end{aligned}\n$$\n", ["a = b", "= c"]),
    ("$$\\begin{split} a &= b \\\\ &= c \\end{split}$$\n", ["a = b", "= c"]),
    ("$$\\begin{gather} a = b \\\\ c = d \\end{gather}$$\n", ["a = b", "c = d"]),
    ("$$\\begin{eqnarray} a &=& b \\\\ &=& c \\end{eqnarray}$$\n", ["a = b", "= c"]),
    ("$$\\begin{alignat}{2} a &= b \\\\ &= c \\end{alignat}$$\n", ["a = b", "= c"]),
    ("$$ a = b \\\\[4pt] = c \\\\ [2em] = d $$\n", ["a = b", "= c", "= d"]),
    ("$$ a = b \\\\ [x] = c $$\n", ["a = b", "[x] = c"]),  # not a spacing argument
    ("$$ \\sum_{\\substack{i \\\\ j}} x = y $$\n", ["\\sum_{\\substack{i \\\\ j}} x = y"]),
    ("$$ A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} $$\n", ["A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}"]),
    ("$$ f = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases} \\\\ = g $$\n",
     ["f = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}", "= g"]),
    ("$$ M = \\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array} $$\n", ["M = \\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}"]),
    ("$$ x = \\frac{a \\\\ b}{c} $$\n", ["x = \\frac{a \\\\ b}{c}"]),  # \\ deeper than the top level
    ("$$ a &= b \\nonumber \\\\ &= c \\notag \\\\ &= d \\tag{2} \\label{eq:x} $$\n", ["a = b", "= c", "= d"]),
    ("$$ a \\& b = c $$\n", ["a \\& b = c"]),
    ("$$ \\lambda&x = y\\label{e}z $$\n", ["\\lambda x = y z"]),  # removed marks leave a space
    ("$$ a = b \\\\ \\\\ = c \\\\ $$\n", ["a = b", "= c"]),  # empty pieces are dropped
    ("$$ a = b % why: because\n= c $$\n", ["a = b = c"]),
    ("$$ 50\\% = x $$\n", ["50\\% = x"]),
    ("$$\n$$\n", []),
    ("prose with $inline = math$ only\n", []),
    ("`$$ not math $$` in code\n", []),
    ("> $$\n> a = b \\\\\n> = c\n> $$\n", ["a = b", "= c"]),
    ("- $$a = b$$\n", ["a = b"]),
    ("$$\na = b \\\\\n\n= c\n$$\n", ["a = b", "= c"]),  # a blank line inside a block
    ("$$\\begin{aligned}a&=b\\\\&=c\\end{aligned}$$\n", ["a =b", "=c"]),
    ("$$ B = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} \\\\ = I $$\n", ["B = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}", "= I"]),
    ("$$\\begin{gather*} a = b \\\\ c = d \\end{gather*}$$\n", ["a = b", "c = d"]),
    ("$$ f = \\left\\{ \\begin{aligned} 1 && x > 0 \\\\ 0 && x \\le 0 \\end{aligned} \\right. \\\\ = g $$\n",
     ["f = \\left\\{ \\begin{aligned} 1 && x > 0 \\\\ 0 && x \\le 0 \\end{aligned} \\right.", "= g"]),
    ("$$ f = \\begin{aligned}[t] a \\\\ b \\end{aligned} \\\\ = g $$\n", ["f = \\begin{aligned}[t] a \\\\ b \\end{aligned}", "= g"]),
    ("$$ \\left( a \\\\ b \\right) = c $$\n", ["\\left( a \\\\ b \\right) = c"]),
    ("$$ a \\leftarrow b \\\\ c \\rightarrow d $$\n", ["a \\leftarrow b", "c \\rightarrow d"]),
    ("$$\\begin{equation}\\begin{split} a &= b \\\\ &= c \\end{split}\\end{equation}$$\n", ["a = b", "= c"]),
    ("$$\\begin{aligned}[t] a &= b \\\\ &= c \\end{aligned}$$\n", ["a = b", "= c"]),
    ("$$ a = \\frac{1}{2 \\\\ = b \\\\ = c $$\n", ["a = \\frac{1}{2", "= b", "= c"]),  # a missing brace loses one line
    ("$$ a = \\left( b \\\\ = c $$\n", ["a = \\left( b", "= c"]),
]


@pytest.mark.parametrize("body, expected", BLOCKS)
def test_display_block(body, expected):
    assert lines(body) == expected


def test_numbering_across_blocks_and_file_lines():
    text = "## p\nprose\n$$\n\\begin{aligned}\nL &= a \\\\\n  &= b\n\\end{aligned}\n$$\nmore\n\\[ c = d \\]\n"
    section = read_answers_document(text).section("p")
    assert section.derivation == (
        SourceLine(1, "L = a", 1, 5),
        SourceLine(2, "= b", 1, 6),
        SourceLine(3, "c = d", 2, 10),
    )


def test_sections_number_their_own_lines():
    doc = read_answers_document("## p\n$$a = b$$\n## q\n$$c = d \\\\ = e$$\n")
    assert [(l.number, l.block) for l in doc.section("q").derivation] == [(1, 1), (2, 1)]


def test_unclosed_display_block_stops_at_the_next_section():
    doc = read_answers_document("## p\n$$\na = b\n## q\nAnswer: $x$\n")
    assert [l.text for l in doc.section("p").derivation] == ["a = b"]
    assert doc.section("q").answer().math == "x"
    assert [w.key for w in doc.warnings] == ["answers.unclosed_math"]


# --- Hostile and odd input ---------------------------------------------------------------------

SAMPLE = "## mle-mse\r\nAnswer: $x$\r\n$$\r\na &= b \\\\\r\n&= c\r\n$$\r\n"


@pytest.mark.parametrize(
    "text",
    [
        SAMPLE,
        SAMPLE.replace("\r\n", "\r"),
        "\ufeff" + SAMPLE,
        SAMPLE.replace("Answer:", "Answer:\t"),
        SAMPLE.replace("## ", "##\t"),
        SAMPLE.replace("Answer", "\x00Answer").replace("\x00Answer", "Answer", 1) + "\x00\x00",
        "\u200b" + SAMPLE,
    ],
    ids=["crlf", "cr", "bom", "tab", "tab-heading", "nul", "zero-width"],
)
def test_line_endings_and_invisible_characters(text):
    section = read_answers_document(text).section("mle-mse")
    assert section.answer().math == "x"
    assert [(l.text, l.file_line) for l in section.derivation] == [("a = b", 4), ("= c", 5)]


def test_invalid_utf8_replaced_and_nul_bytes():
    raw = b"## mle-mse\n\xff\xfe caf\xc3 \x00\nAnswer: $x\x00y$\n\x80$$a = b$$\n"
    doc = read_answers_document(raw.decode("utf-8", errors="replace"))
    assert doc.section("mle-mse").answer().math == "x y"
    assert [l.text for l in doc.section("mle-mse").derivation] == ["a = b"]
    assert read_answers_document(raw).section("mle-mse") is not None  # bytes are decoded, too


def test_duplicate_section_first_counts_with_a_warning():
    doc = read_answers_document("## p\nAnswer: $1$\n## q\n## p\nAnswer: $2$\n")
    assert [s.id for s in doc.sections] == ["p", "q"]
    assert doc.section("p").answer().math == "1"
    assert doc.warnings[0].key == "answers.duplicate_section"
    assert doc.warnings[0].params == {"problem": "p", "line": 4, "first_line": 1}


def test_empty_first_duplicate_yields_to_the_filled_one():
    doc = read_answers_document("## p\n\n## p\nAnswer: $2$\n")
    assert doc.section("p").answer().math == "2"
    assert [w.key for w in doc.warnings] == ["answers.duplicate_section"]


def test_unclosed_fence_hides_only_up_to_the_next_section():
    doc = read_answers_document("## p\n```python\n## a comment\nAnswer: $fake$\n# Part 2\n## q\nAnswer: $x$\n")
    assert doc.section("q").answer().math == "x"
    assert doc.section("p").answers == ()
    assert "answers.unclosed_fence" in [w.key for w in doc.warnings]


def test_closed_fence_hides_headings_inside_it():
    doc = read_answers_document("## p\n````\n## q\n```\nstill code\n````\nAnswer: $x$\n")
    assert [s.id for s in doc.sections] == ["p"]
    assert doc.section("p").answer().math == "x"


def test_unclosed_comment_hides_only_up_to_the_next_section():
    doc = read_answers_document("## p\n<!-- note\nAnswer: $fake$\n## q\nAnswer: $x$\n")
    assert doc.section("p").answers == ()
    assert doc.section("q").answer().math == "x"
    assert warning_keys("## p\n<!-- note\n") == ["answers.unclosed_comment"]


def test_comment_marker_in_a_code_span_is_text():
    doc = read_answers_document("## p\nWrite `<!--` to start a comment.\nAnswer: $x$\n")
    assert doc.section("p").answer().math == "x"
    assert doc.warnings == ()


def test_stray_html_images_links_are_prose():
    text = "## p\n<div align=center><img src=x.png></div>\n![fig](a.png) [link](b)\n<br>\nAnswer: $x$\n"
    assert read_answers_document(text).section("p").answer().math == "x"


def test_a_block_longer_than_the_limit_is_cut_with_a_warning():
    body = "$$\n" + "x = y \\\\\n" * (MAX_BLOCK_LINES + 5) + "$$\nAnswer: $z$\n"
    doc = read_answers_document("## p\n" + body)
    assert len(doc.section("p").derivation) == MAX_BLOCK_LINES - 1  # the `$$` line is the first of the block
    assert doc.section("p").answer().math == "z"
    assert [w.key for w in doc.warnings] == ["answers.block_truncated"]


def test_five_megabytes_are_truncated_with_a_warning():
    # The cost of reading it is measured by bench/answers.py (large_document_times), not asserted here.
    chunk = "## mle-mse\nSome prose with $x$ inline.\nAnswer: $x^2$\n$$\na &= b \\\\\n&= c\n$$\n\n"
    text = chunk * (5_000_000 // len(chunk))
    doc = read_answers_document(text)
    assert doc.section("mle-mse").answer().math == "x^2"
    assert "answers.truncated" in [w.key for w in doc.warnings]


def test_a_five_megabyte_document_with_an_embedded_image_is_read_whole():
    image = "![plot](data:image/png;base64," + "iVBORw0KGgo" * 400_000 + ")\n"
    prose = "Some words about the derivation, with $x$ inline and **bold** text.\n" * 20_000
    text = "## mle-mse\n" + image + prose + "Answer: $x^2$\n$$a = b$$\n"
    assert len(text) > 5_000_000  # its reading cost: bench/answers.py (large_document_times)
    doc = read_answers_document(text)
    assert doc.section("mle-mse").answer().math == "x^2"
    assert [l.text for l in doc.section("mle-mse").derivation] == ["a = b"]
    assert doc.warnings == ()


def test_a_block_of_too_many_pieces_is_cut_with_a_warning():
    doc = read_answers_document("## p\n$$" + "x \\\\ " * (MAX_BLOCK_LINES + 5) + "$$\n$$y$$\n")
    assert len(doc.section("p").derivation) == MAX_BLOCK_LINES
    assert [w.key for w in doc.warnings] == ["answers.block_truncated", "answers.too_many_lines"]


def test_a_flood_of_lines_costs_only_its_own_section(monkeypatch):
    import grader.reading.answers_md

    monkeypatch.setattr(grader.reading.answers_md, "MAX_DERIVATION_LINES", 100)
    flood = "$$" + "x = x \\\\ " * 150 + "$$\n"
    doc = read_answers_document("## p\n" + flood + "$$a = b$$\n## q\n" + flood)
    assert [len(doc.section(id).derivation) for id in ("p", "q")] == [100, 100]
    assert [(w.key, w.params["problem"]) for w in doc.warnings] == [("answers.too_many_lines", "p"), ("answers.too_many_lines", "q")]


def test_floods_are_cut():
    doc = read_answers_document("## p\n" + "$$a$$" * 20_000 + "\n" + "## q\n$$\n" * 100)
    assert len(doc.section("p").derivation) == MAX_BLOCKS
    keys = [w.key for w in doc.warnings]
    assert keys.count("answers.too_many_blocks") == 1
    assert keys.count("answers.duplicate_section") <= 10


@pytest.mark.parametrize(
    "line",
    [
        "a" * 1_000_000,
        "$" * 1_000_000,
        "Answer: $" + "x" * 1_000_000,
        "#" * 1_000_000,
        "## " + " " * 1_000_000 + "x",
        "$$" + "{" * 1_000_000,
        "`" * 999_999 + "$$",
        "- " * 500_000,
        "<!--" * 250_000,
        "Answer" + " " * 1_000_000 + "x",
        "## **Answer" + " " * 1_000_000 + "x",
        "> " * 500_000 + "x",
        "- " * 500_000 + "x",
        "$$\\\\[" + "1" * 1_000_000,
        "$$ a \\label{" + "x" * 1_000_000,
    ],
    ids=[
        "letters", "dollars", "answer", "hashes", "spaces", "braces", "backticks", "dashes", "comments",
        "answer-spaces", "heading-spaces", "quotes", "list-marks", "spacing-digits", "label",
    ],
)
def test_a_line_of_a_megabyte(line):
    started = time.process_time()
    doc = read_answers_document("## p\n" + line + "\nAnswer: $ok$\n")
    assert time.process_time() - started < 15  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/
    assert isinstance(doc, AnswersDocument)


def test_many_lines_and_many_unclosed_fences_stay_linear():
    for text in ("\n" * 2_000_000, "```x\n## a\n" * 100_000, "$$\n## a\n" * 100_000):
        started = time.process_time()
        read_answers_document(text)
        assert time.process_time() - started < 15  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


def test_every_warning_is_defined_in_both_languages():
    texts = ["## p\n## p\n", "## p\nAnswer: 1\nAnswer: 2\n", "## p\n$$\n", "## p\n```\n", "## p\n<!--\n"]
    for text in texts:
        for warning in read_answers_document(text).warnings:
            assert i18n.known(warning.key)
            assert i18n.render(warning, "zh") != i18n.render(warning, "en")
            assert "{" not in i18n.render(warning, "en")


_MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("#$\\`~<!->*_&{}[]()%:：（）答案 \n\r\t\x00aAnswerbegin1.|=\u3000")) | st.characters(),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWNISH)
def test_never_raises_and_positions_are_sane(text):
    doc = read_answers_document(text)
    assert not any(w.key == "answers.unreadable" for w in doc.warnings)
    line_count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for section in doc.sections:
        assert 1 <= section.line <= line_count
        assert [l.number for l in section.derivation] == list(range(1, len(section.derivation) + 1))
        for source in section.derivation:
            assert source.text and source.text == source.text.strip()
            assert section.line <= source.file_line <= line_count
        for answer in section.answers:
            assert answer.math == answer.math.strip()
            assert section.line < answer.line <= line_count


@pytest.mark.parametrize(
    "prose",
    [
        "We write \\[ for a bracket here.",
        "See \\[1\\] and \\[2\\] for the proofs.",
        "A bracket \\[ then a display:",
    ],
)
def test_an_escaped_bracket_in_prose_opens_no_display_block(prose):
    text = f"## softmax-ce-grad\n{prose}\n$$\nE = y\n$$\nAnswer: $y_i$\n\n\\[\nc = d\n\\]\n"
    section = read_answers_document(text).section("softmax-ce-grad")
    assert [line.text for line in section.derivation] == ["E = y", "c = d"]
    assert section.answer("").math == "y_i"


@pytest.mark.parametrize(
    "prose, condition",
    [
        ("If $k = i$:", "k = i"),
        ("for $k \\neq i$ we get", "k \\neq i"),
        ("当 $k=i$ 时", "k=i"),
        ("The case $k = i$. Next, the other one is simpler", ""),
        ("We know $a = b$ here", ""),
    ],
)
def test_a_condition_in_the_sentence_before_a_block_is_kept_with_its_lines(prose, condition):
    text = f"## softmax-ce-grad\n{prose}\n$$\nA = B \\\\\nC = D\n$$\n$$\nE = F\n$$\n"
    lines = read_answers_document(text).section("softmax-ce-grad").derivation
    assert [line.condition for line in lines] == [condition, condition, ""]


def test_an_array_standing_alone_lays_out_lines_and_a_matrix_stays_one_term():
    text = ("## mle-mse\n$$\n\\begin{array}{rll}\nA &= B & \\text{note} \\\\\n&= C & \\text{more} \\\\\n\\end{array}\n$$\n"
            "$$\nv = \\left(\\begin{array}{c} a \\\\ b \\end{array}\\right) \\\\\nc = d\n$$\n")
    lines = read_answers_document(text).section("mle-mse").derivation
    assert [line.text for line in lines] == ["A = B \\text{note}", "= C \\text{more}",
                                             "v = \\left(\\begin{array}{c} a \\\\ b \\end{array}\\right)", "c = d"]


def _reading(text: str) -> list[tuple[str, list[tuple[str, str, int]], list[tuple[str, int]]]]:
    """What the reader takes from a text: per section, its answers and its derivation lines."""
    return [
        (s.id, [(a.label, a.math, a.line) for a in s.answers], [(l.text, l.file_line) for l in s.derivation])
        for s in read_answers_document(text).sections
    ]


#: Readings the contract keeps where CommonMark, and markdown-it-py with its math plugins
#: (dollarmath, amsmath, texmath), reads otherwise: why answers.md has its own reader (README,
#: "Dependencies"). Each comment says what the CommonMark reading would be.
COMMONMARK_DIFFERS = [
    # a tab is four columns to CommonMark: an indented code block
    ("\t## mle-mse\nAnswer: $x$\n", [("mle-mse", [("", "x", 2)], [])]),
    # no space after `##`: a paragraph to CommonMark
    ("##mle-mse\nAnswer: $x$\n", [("mle-mse", [("", "x", 2)], [])]),
    # a setext heading `Answer: $x$` to CommonMark, which would end the section
    ("## p\nAnswer: $x$\n---\n$$a = b$$\n", [("p", [("", "x", 2)], [("a = b", 4)])]),
    # an HTML block to CommonMark, up to the next blank line: the answer line would be raw HTML
    ("## p\n<div>\n</div>\nAnswer: $x$\n", [("p", [("", "x", 4)], [])]),
    # a comment opened mid-line is inline HTML to CommonMark (found only by the inline pass)
    ("## p\nA note <!-- draft\nAnswer: $fake$\n-->\nAnswer: $real$\n", [("p", [("", "real", 5)], [])]),
    # the quote ends at the unquoted line: CommonMark closes the fence there and opens another at ```
    ("## p\n> ```\nAnswer: $fake$\n```\nAnswer: $real$\n", [("p", [("", "real", 5)], [])]),
    # an unclosed fence runs to the end of the file in CommonMark, costing every later problem
    ("## p\n```\nAnswer: $fake$\n## q\nAnswer: $x$\n", [("p", [], []), ("q", [("", "x", 5)], [])]),
    # dollarmath: `$$` inside a sentence is inline math, and no inline math spans a blank line
    ("## p\ntext $$a = b\n\n= c$$\n", [("p", [], [("a = b = c", 2)])]),
    # amsmath: an environment is display math only where it starts a line
    ("## p\nso \\begin{align}a &= b\\end{align}\n", [("p", [], [("a = b", 2)])]),
    # dollarmath: an unclosed `$$` is no block at all (its lines would be prose, without a warning)
    ("## p\n$$\na = b\n## q\nAnswer: $x$\n", [("p", [], [("a = b", 3)]), ("q", [("", "x", 5)], [])]),
    # texmath: `\[` ... `\]` as display math needs `\[` at a line's start, and its block has no source map
    ("## p\nSee \\[1\\] and \\[2\\].\n\\[\nc = d\n\\]\n", [("p", [], [("c = d", 4)])]),
]


@pytest.mark.parametrize("text, expected", COMMONMARK_DIFFERS)
def test_a_reading_the_contract_keeps_where_commonmark_differs(text, expected):
    assert _reading(text) == expected
