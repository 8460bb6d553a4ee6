"""Quantities as plans write them: comparator cue, number (or a redacted one), unit.

``find_quantities`` returns every number with a unit that can be a goal's value;
whether it is a goal, and of what, is the targets component's business. Units,
cues and the characters that show a "unit" is really the start of another word
are data files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicons import alternation, load_table, load_words
from extractors.numerals import parse_value
from extractors.patterns import CN_COUNT, CN_UNITS, YEAR, YEAR_OR_REDACTED

DEADLINE = re.compile(rf"(?:(?:到|至|于|在|力争|争取|确保)\s*(?P<a>{YEAR_OR_REDACTED})年"
                      rf"|(?P<b>{YEAR_OR_REDACTED})年(?:年?底|末|前|以前|秋季|春季))")
# a term with both ends (自2020年8月起至2024年8月止): a period in force, not a goal's deadline or a future cue
TERM = re.compile(rf"(?:自|从)\s*{YEAR}年[^,;。]{{0,10}}?至\s*{YEAR}年[^,;。]{{0,8}}?止")
YEAR_PHRASE = rf"{YEAR_OR_REDACTED}(?:[-—~至到]?{YEAR_OR_REDACTED})?年(?:间|内|起|度)?"
_DATE = re.compile(rf"{YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*[-—–~～─]\s*\d")
# a range's lower bound before the number (一至两项, 2至3门) and its upper bound after the unit (1项-2项)
_RANGE_LOW = re.compile(rf"(?P<cue>至少|不少于|不低于)?(?P<low>\d+(?:\.\d+)?|[{CN_COUNT}]{{1,3}})[至到~～—–─-]$")
_RANGE_LOOK_BACK = 6
_FRACTION = re.compile(r"\d+/\d+|\d+:\d+(?:\.\d+)?")
# Measure words after a Chinese numeral that are no count (一批, 两类, 每一位), and those that
# count only with a cue (各一个以上, but not 打造一个品牌).
_CN_NEVER = {"年", "级", "类", "种", "批", "位", "条", "本", "部", "张"}
_CN_CUED = {"个", "支"}
# A frequency (每学年, 每3年, 每周) names a period; a number soon after it counts what happens in it
# (学校每学年进行一次美育工作自评), even with a verb that alone would make 一 an article.
FREQUENCY = r"每[两三四五六七八九十\d]?(?:周|天|日|月|年|学年|学期)"
_FREQUENCY_BEFORE = re.compile(rf"{FREQUENCY}[^,,。;;\d{CN_COUNT}]{{0,4}}$")
_FREQUENCY_LOOK_BACK = 10
# Cues too weak to make 一 a count (作为一项…, 达一流).
_WEAK_CUES = {"为", "达"}


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float | None
    placeholder: bool
    unit: str | None
    comparator: str | None  # from a cue around the number, if any
    cue_start: int  # where the comparator cue before the number starts (== number start if none)


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, str], dict[str, str]]:
    rows = load_table("target_cues.tsv")
    return ({c: cmp for pos, c, cmp in rows if pos == "before"}, {c: cmp for pos, c, cmp in rows if pos == "after"})


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    units = alternation(load_words("units.tsv"))
    before, after = _cues()
    number = (r"(?:\d+(?:\.\d+)?\s*[-—–~～─]\s*\d+(?:\.\d+)?(?=\s*[^\d\s.])|\d+/\d+|\d+:\d+(?:\.\d+)?"
              r"|(?:\d|\*|XX)[\d*X]*(?:\.[\d*]+)?|\*)")
    # a position that starts neither a cue nor a number is rejected at its first character
    first = re.escape("".join(sorted({c[0] for c in before} | set(CN_COUNT) | set("0123456789*X一半"))))
    return re.compile(
        rf"(?=[{first}])(?P<before>{alternation(tuple(before))})?\s*"
        rf"(?:(?P<num>{number})|(?P<cn>[{CN_COUNT}]+|一半|半数))"
        rf"(?:个(?=(?:学时|课时|学分|小时|百分点|工作日|月)))?"
        rf"(?P<unit>(?:[万亿千百](?=(?:{units})))?(?:{units}))?"
        rf"(?P<after>{alternation(tuple(after))})?"
    )


@lru_cache(maxsize=1)
def _range_high() -> re.Pattern[str]:
    after = alternation(tuple(_cues()[1]))
    units = alternation(load_words("units.tsv"))
    return re.compile(rf"\s*[-—–~～─至到]\s*(?:\d+(?:\.\d+)?|[{CN_COUNT}]{{1,3}})(?P<unit>{units})(?P<after>{after})?")


@lru_cache(maxsize=1)
def _unit_blockers() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("unit_blockers.tsv")}


def before_cues() -> dict[str, str]:
    return _cues()[0]


def _countable(m: re.Match[str], text: str) -> bool:
    unit, num, cn = m.group("unit"), m.group("num"), m.group("cn")
    if unit and text[m.end("unit"):m.end("unit") + 1] in _unit_blockers().get(unit.lstrip("万亿千百"), "\0"):
        return False  # 20万人口: the "unit" 人 is the start of 人口
    before = text[max(0, m.start() - 1):m.start()]
    if before in ("第", "届") or text[m.end():m.end() + 1] in ("级", "年", "月", "日", "号"):
        return False  # 第三届, 十一届四次全会: ordinals, not counts
    if before == "每" and m.group("cn") == "一":
        return False  # 面向每一名学生: "each", not one
    if num:
        if _DATE.match(text, max(0, m.start() - 5)) or _DATE.match(text, m.start("num")):
            return False  # 2023-04-12
        if _FRACTION.fullmatch(num):
            return True
        if not unit and "." in num and (m.group("before") and m.group("before") not in _WEAK_CUES
                                        or re.search(r"\d、$", text[max(0, m.start() - 2):m.start()])):
            return True  # 差异系数不高于0.50、0.45: a ratio has no unit
        if _RANGE.match(num) and re.fullmatch(rf"{YEAR}\s*[-—–~～─]\s*{YEAR}", num):
            return False  # 2024—2026年: a period
        if not unit or (unit == "年" and re.fullmatch(YEAR_OR_REDACTED, num)):
            return False
        return not (num.isdigit() and len(num) > 9)
    if cn in ("一半", "半数"):
        return True
    if re.fullmatch(f"[{CN_UNITS}两]{{2}}", cn) and cn[0] != cn[1]:
        return False  # 一两项, 三五个: "one or two", "a few"
    cued = bool(m.group("after")) or text[max(0, m.start() - 1):m.start()] in ("各", "每")
    if not unit or unit in _CN_NEVER or (unit in _CN_CUED and not cued) or len(cn) > 4:
        return False
    if cn != "一" or (m.group("before") and m.group("before") not in _WEAK_CUES):
        return True
    head = text[max(0, m.start() - 4):m.start()]
    after_frequency = _FREQUENCY_BEFORE.search(text, max(0, m.start() - _FREQUENCY_LOOK_BACK), m.start())
    attributive = text[m.end():m.end() + 1] == "的"  # 每月一次的活动 describes the activity, it counts nothing
    return cued or head.endswith(load_words("count_verbs.txt")) or bool(after_frequency) and not attributive


def find_quantities(text: str) -> list[Quantity]:
    """Numbers with units in ``text`` (quoted names should be blanked by the caller).

    A range is one quantity, its lower bound at least: 1-2项, 1项-2项, 0.15%-0.2%, 一至两项, 2至3门.
    """
    before, after = _cues()
    out: list[Quantity] = []
    skip_to = 0
    for m in _pattern().finditer(text):
        if m.start() < skip_to or not _countable(m, text):
            continue
        raw = m.group("num") or m.group("cn")
        placeholder = "*" in raw or "X" in raw
        low = _RANGE.match(raw)
        value = None if placeholder else parse_value(low.group(1) if low else raw)
        if value is None and not placeholder:
            continue
        comparator = after[m.group("after")] if m.group("after") else before.get(m.group("before") or "")
        number_start = m.start("num") if m.group("num") else m.start("cn")
        cue_start, end = m.start(), m.end()
        back = max(0, number_start - _RANGE_LOOK_BACK)
        lead = _RANGE_LOW.search(text[back:number_start]) if not m.group("before") else None
        if lead and not placeholder and parse_value(lead.group("low")) is not None:
            low, value, number_start = lead, parse_value(lead.group("low")), back + lead.start("low")  # 一至两项
            cue_start = back + lead.start()
            comparator = comparator or before.get(lead.group("cue") or "")
        rest = _range_high().match(text, end) if m.group("unit") and not m.group("after") and \
            text[cue_start - 1:cue_start] not in ("由", "从") else None  # 由96%至98%: a change, not a range
        if rest and rest.group("unit") == m.group("unit"):
            low, end = rest, rest.end()  # 1项-2项, 0.15%-0.2%: the upper bound repeats the unit
            skip_to = end
            if rest.group("after"):
                comparator = after[rest.group("after")]
        if low and comparator is None:
            comparator = ">="  # 掌握1-2项: at least the lower bound
        out.append(Quantity(number_start, end, value, placeholder, m.group("unit"), comparator, cue_start))
    return out


def deadline(sentence: str) -> int | None:
    """The year a goal is due, from a year cue (到2025年, 2024年底前); None if redacted."""
    m = DEADLINE.search(sentence)
    if not m:
        return None
    year = m.group("a") or m.group("b")
    return None if "_" in year else int(year)
