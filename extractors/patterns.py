"""The text patterns extraction shares, one home for each: numerals, years, redactions, section labels.

A regular expression that more than one module needs is built here once, from named parts, so
that a fix to what a year or a heading label looks like has one place to go. Word lists stay data
files in ``lexicons/``; a pattern file there may use the parts below by name (``{CN}``, ``{YEAR}``,
see :func:`expand`), and the numbering-styles table ``section_styles.tsv`` is the one description
of a section label, from which the label regexes here are derived.

Patterns match normalised text (half-width brackets and punctuation, simplified characters)
unless they say otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractors.lexicons import load_table, load_words

# Each pattern's description and examples, kept under its name here so that the test command runs
# them as doctests (doctest sees no docstring on a plain name).
__test__: dict[str, str] = {}

# --- numerals ----------------------------------------------------------------------
# The Chinese numerals of labels and small counts (一 to 十, up to 九十九 written with them);
# chapters and articles count on past 九十九 with 百, 零 and 〇 (第一百零一条).

CN_UNITS = "一二三四五六七八九"
CN_DIGITS = CN_UNITS + "十"
CN = f"[{CN_DIGITS}]"
__test__["CN"] = """One Chinese numeral of a label or a small count.

>>> bool(re.fullmatch(CN, "七")), bool(re.fullmatch(CN, "百"))
(True, False)
"""

CN_SMALL = f"{CN}{{1,3}}"
__test__["CN_SMALL"] = """A number from 一 to 九十九 as labels write it.

>>> [bool(re.fullmatch(CN_SMALL, s)) for s in ("三", "二十一", "一百零一")]
[True, True, False]
"""

CN_ORDINAL = f"[{CN_DIGITS}百零〇]"
__test__["CN_ORDINAL"] = """One numeral of a chapter or article number (第一百零一条).

>>> bool(re.fullmatch(f"{CN_ORDINAL}+", "一百零一")), bool(re.fullmatch(f"{CN_ORDINAL}+", "两"))
(True, False)
"""

CN_COUNT = CN_DIGITS + "两百千"
__test__["CN_COUNT"] = """The characters of a written count (两所, 三百人), for character classes.

>>> bool(re.fullmatch(f"[{CN_COUNT}]+", "两百")), bool(re.fullmatch(f"[{CN_COUNT}]+", "万"))
(True, False)
"""

GROUP_COUNT = f"[{CN_DIGITS[1:]}两]{{1,2}}(?:大|项)"
__test__["GROUP_COUNT"] = """The count that names a group of programmes or tasks (三大工程, 五项行动, 十二项任务).

>>> [bool(re.match(GROUP_COUNT, s)) for s in ("三大工程", "两项制度", "十二项任务", "一大批", "三个")]
[True, True, True, False, False]
"""

SMALL_NUMBER = rf"[{CN_DIGITS}\d]{{1,3}}"
__test__["SMALL_NUMBER"] = """A short number in either script (第3届, 第十三届, 篇二).

>>> [bool(re.fullmatch(SMALL_NUMBER, s)) for s in ("3", "十三", "2024")]
[True, True, False]
"""

LABEL_NUMBER = rf"(?:\d{{1,2}}|{CN_SMALL})"
__test__["LABEL_NUMBER"] = """The number of a label or a date: one or two digits, or 一 to 九十九.

>>> [bool(re.fullmatch(LABEL_NUMBER, s)) for s in ("12", "十二", "123")]
[True, True, False]
"""

CIRCLED = "[①-⑳]"
__test__["CIRCLED"] = """A circled number ① to ⑳, an item label.

>>> bool(re.fullmatch(CIRCLED, "⑫")), bool(re.fullmatch(CIRCLED, "㉑"))
(True, False)
"""

# --- years -------------------------------------------------------------------------
# Policy documents speak of the twentieth and twenty-first centuries only: a four-digit number
# that starts otherwise (1000人, 3000所) is no year.

YEAR = r"(?:19|20)\d{2}"
__test__["YEAR"] = """A year in digits.

>>> [bool(re.fullmatch(YEAR, s)) for s in ("2025", "1998", "3000")]
[True, True, False]
"""

YEAR_OR_REDACTED = r"(?:19|20)(?:\d\d|\d?_+)"
__test__["YEAR_OR_REDACTED"] = """A year, or one whose last digits a redacted text hides (到20_年, 20__年, 202_年).

>>> [bool(re.fullmatch(YEAR_OR_REDACTED, s)) for s in ("2025", "20_", "20__", "202_", "20")]
[True, True, True, True, False]
"""

YEAR_IN_WORDS = f"[〇○零Oo一二][〇○零Oo0{CN_UNITS}]{{3}}"
__test__["YEAR_IN_WORDS"] = """A year written digit by digit in Chinese numerals (二〇一七), as signed dates are;
O and o stand in for 〇 in typed texts.

>>> [bool(re.fullmatch(YEAR_IN_WORDS, s)) for s in ("二〇一七", "二O二四", "二千")]
[True, True, False]
"""

FIVE_YEAR_PLAN = rf"(?P<plan>十?[{CN_UNITS}])五"
__test__["FIVE_YEAR_PLAN"] = """A five-year plan by its number (十四五 is the 14th, 2021–2025); group ``plan``
holds the number.

>>> [m and m.group("plan") for m in (re.fullmatch(FIVE_YEAR_PLAN, s) for s in ("十四五", "九五", "二十五"))]
['十四', '九', None]
"""

# --- redaction ---------------------------------------------------------------------
# Published copies of plans hide names with runs of marks: XX市, ××学校, _区, **县, 20_年.

X_RUN = r"(?:[Xx]{2}|××)+"
__test__["X_RUN"] = """A run of X pairs standing in for a name (XX, xx, ××, XXXX); names write it as ``XX``.

>>> re.sub(X_RUN, "XX", "xx市××学校XXXX")
'XX市XX学校XX'
"""

REDACTION = rf"(?:[_*]|{X_RUN})+"
__test__["REDACTION"] = """A run of redaction marks: underscores, asterisks, X pairs.

>>> [m.group() for m in re.finditer(REDACTION, "_区**县XXXX省X光")]
['_', '**', 'XXXX']
"""

PLACEHOLDER_NAME = re.compile(rf"(?:{REDACTION}|×|某)+")
__test__["PLACEHOLDER_NAME"] = """A name that is a redaction through and through (某某 is the written "so-and-so");
fullmatch it.

>>> [bool(PLACEHOLDER_NAME.fullmatch(s)) for s in ("XX", "某某", "_*", "市XX中", "_一中")]
[True, True, True, False, False]
"""

# --- named parts in pattern files ----------------------------------------------------

NAMED = {"CN": CN, "CN_DIGITS": CN_DIGITS, "CN_SMALL": CN_SMALL, "CN_ORDINAL": CN_ORDINAL,
         "LABEL_NUMBER": LABEL_NUMBER, "SMALL_NUMBER": SMALL_NUMBER, "CIRCLED": CIRCLED, "YEAR": YEAR,
         "REDACTION": REDACTION}
_NAME = re.compile(r"\{([A-Z][A-Z_]*)\}")  # a quantifier {1,3} has no letters: the two never meet


def expand(rx: str) -> str:
    """A pattern as a data file writes it, with each ``{NAME}`` replaced by the part above.

    >>> expand("^第{CN_ORDINAL}{1,4}[章节条]")
    '^第[一二三四五六七八九十百零〇]{1,4}[章节条]'
    >>> expand("{NOPE}")
    Traceback (most recent call last):
    ...
    ValueError: pattern '{NOPE}' names an unknown part NOPE (known: CN, CN_DIGITS, CN_SMALL, ...)
    """
    def part(m: re.Match[str]) -> str:
        if m.group(1) not in NAMED:
            known = ", ".join(list(NAMED)[:3])
            raise ValueError(f"pattern {rx!r} names an unknown part {m.group(1)} (known: {known}, ...)")
        return NAMED[m.group(1)]

    return _NAME.sub(part, rx)


@cache
def load_patterns(name: str, package: str = "extractors.lexicons") -> tuple[re.Pattern[str], ...]:
    """The regular expressions of a pattern file (in ``lexicons/`` unless ``package`` says where),
    one a line, named parts expanded."""
    return tuple(re.compile(expand(line)) for line in load_words(name, package))


def load_pattern(name: str, package: str = "extractors.lexicons") -> re.Pattern[str]:
    """The one regular expression of a pattern file that holds a single pattern."""
    (pattern,) = load_patterns(name, package)
    return pattern


# --- section labels ------------------------------------------------------------------
# The numbering styles of headings and items (一、 (一) 1. (1) 第一章 一是 …) are the rows of
# ``section_styles.tsv``, in their conventional nesting; every label regex is built from them.


@dataclass(frozen=True)
class Style:
    """A numbering style: its regex (group ``n`` holds the number), its label template, and
    whether it is a run-in enumeration inside a paragraph (一是…) rather than a heading."""

    name: str
    pattern: re.Pattern[str]
    label: str
    runin: bool


@cache
def section_styles() -> tuple[Style, ...]:
    """The styles table, outermost first."""
    return tuple(Style(name, re.compile(expand(rx)), label, kind == "runin")
                 for name, rx, label, kind in load_table("section_styles.tsv"))


_GROUP = re.compile(r"\(\?P<\w+>")


def labels(*names: str) -> str:
    """A regex alternation of the labels of the named styles, their groups made plain so that the
    alternation may stand inside another pattern.

    >>> rx = re.compile(f"^(?:{labels('cn', 'paren_cn')})")
    >>> [bool(rx.match(s)) for s in ("三、目标", "(十二)措施", "3.目标")]
    [True, True, False]
    """
    rows = {s.name: s.pattern.pattern for s in section_styles()}
    return "|".join(_GROUP.sub("(?:", rows[n]) for n in names)


COMPILATION_PART = rf"(?:篇(?P<a>{SMALL_NUMBER})|第(?P<b>{SMALL_NUMBER})篇|范文(?P<c>{SMALL_NUMBER}))"
__test__["COMPILATION_PART"] = """The label that opens one document of a compilation: 篇一, 第二篇, 范文三 (the number
in group a, b or c).

>>> [re.match(COMPILATION_PART, s).group("a", "b", "c") for s in ("篇一", "第2篇", "范文三")]
[('一', None, None), (None, '2', None), (None, None, '三')]
>>> re.match(COMPILATION_PART, "篇章") is None
True
"""


@cache
def level_label() -> str:
    """The labels GB/T 9704 numbers a document's heading levels with (一、 › (一) › 1.), the
    ones a line that heads something opens with.

    >>> rx = re.compile(f"^(?:{level_label()})")
    >>> [bool(rx.match(s)) for s in ("一、总体要求", "(二)主要任务", "3.保障", "1.5亿元", "第一章")]
    [True, True, True, False, False]
    """
    return labels("cn", "paren_cn", "arabic")


@cache
def heading_label() -> str:
    """A label of any heading style of the table, not the run-in enumerations (一是, 第一,).

    >>> rx = re.compile(f"^(?:{heading_label()})")
    >>> [bool(rx.match(s)) for s in ("第三章", "【任务2】", "⑫", "(3)", "二是", "第一,")]
    [True, True, True, True, False, False]
    """
    return labels(*(s.name for s in section_styles() if not s.runin))


@cache
def any_label() -> str:
    """A label of any numbering style of the table, heading or run-in.

    >>> rx = re.compile(f"(?:{any_label()})")
    >>> [rx.match(s).group() for s in ("第十一条 学校", "【重点任务2】", "③保障", "二是加强")]
    ['第十一条', '【重点任务2】', '③', '二是']
    """
    return labels(*(s.name for s in section_styles()))
