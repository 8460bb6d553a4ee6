"""Schools: named educational institutions, kindergarten to university.

A school name is a school suffix (小学, 中心校, 一中, *中 …) with a proper name before
it. The name is read leftwards word by word (jieba's part-of-speech tags) while the
words look like a name: place and person names, rare words, placeholders, a level
prefix (市二中, 县中职校). A common word (加强学校, 公办幼儿园) ends the name, so
category words never make a school. A common-word name is still a school when it
stands in a list with named schools (市二中、南方中学). Coordinated short names that
share one suffix (明月、大丘、文峰等5所学校) are one school each.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba
import jieba.posseg as posseg

from extractors.components.mentions import Mention
from extractors.lexicons import load_words
from extractors.names import canonical
from extractors.patterns import CN, CN_COUNT, CN_DIGITS, REDACTION, SMALL_NUMBER, expand
from extractors.places import admin_divisions, short_names
from extractors.recognisers.common import TextContext, read_back, starting_words

_COUNTED = re.compile(rf"等[\d{CN_DIGITS}]+所(?:学校|小学|中学|幼儿园)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(f"^{REDACTION}$")
_NUMERAL = re.compile(rf"^[{CN_DIGITS}\d]+$")
_LEVEL = re.compile(r"^(?:[省市县区镇乡]|自治区)$")
_NAME_TAGS = {"ns", "nr", "nz", "nrt", "nt", "nrfg", "x", "eng"}
_RARE = 500  # a noun rarer than this (jieba corpus count) may be part of a name
_PLAIN_SUFFIX = "学校"  # the suffix that is also the everyday word for a school
# jieba's tags of words that never name a school: pronouns (本辖区小学), prepositions and
# localisers (基础上以学校), adverbs (须修满学校); verbs (修满) only where the word is unknown to the
# dictionary, whose tags for rare words are unreliable.
_FUNCTION_TAGS = frozenset({"r", "p", "f", "d", "c", "u"})
_ORDINAL = re.compile(rf"^第{SMALL_NUMBER}$")
_CAMPUS = re.compile(r"[\u4e00-\u9fff]{2,4}?校区")
_PLENUM = re.compile(rf"届(?:{CN}+中、?)+全会")
_WINDOW = 12
_MAX_WINDOW = 48
_EDGE = 3  # a name read to within this many characters of its window's edge may go on beyond it
# Schools a place has one of, named by the place alone (县中职校, 县职教中心, 窑店镇中心小学).
_ONE_PER_PLACE = ("中职校", "职校", "职业中学", "职业学校", "职业技术学校", "特殊教育学校", "进修学校", "职教中心",
                  "职业教育中心", "中心小学", "中心校", "中心学校", "中心幼儿园", "九年制学校")


@lru_cache(maxsize=1)
def _suffixes() -> re.Pattern[str]:
    patterns = sorted(map(expand, load_words("school_suffixes.txt")), key=len, reverse=True)  # the longest suffix wins
    firsts = {re.sub(r"^\(\?<=\[[^\]]*\]\)", "", p)[:1] for p in patterns}  # the literal each starts with
    return re.compile(f"(?=[{re.escape(''.join(sorted(firsts)))}])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


_WORD = re.compile(r"^[\u3400-\u9fff_*X\d]+$")


def _name_like(word: str, flag: str, suffix: str = "") -> bool:
    """Whether a word before a school suffix reads as (part of) a proper name.

    A rare common noun is weak evidence: jieba's dictionary tags phrases such as 充分发挥,
    面向基层 and 核定 as rare nouns, so before the bare suffix 学校 (a word used everywhere as
    a plain noun: 核定学校编制) only real name evidence counts."""
    if not _WORD.match(word) or word in _generic() or word in _boundaries() or flag in _FUNCTION_TAGS:
        return False
    if _PLACEHOLDER.match(word) or word in short_names() or word in _school_words():
        return True  # 大英中学, 遵义四中: a place named without its level names the school
    if flag in _NAME_TAGS or (len(word) >= 2 and jieba.dt.FREQ.get(word, 0) == 0 and flag != "v"):
        return True  # tagged as a name, or unknown to the dictionary: most often a proper name
    return suffix != _PLAIN_SUFFIX and flag in ("n", "nr", "ng") and jieba.dt.FREQ.get(word, 0) < _RARE


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(load_words("school_generic.txt"))


@lru_cache(maxsize=1)
def _school_words() -> frozenset[str]:
    return frozenset(load_words("school_name_words.txt"))


@lru_cache(maxsize=1)
def _boundaries() -> frozenset[str]:
    return frozenset(load_words("boundary_words.txt"))


def _place_like(word: str) -> bool:
    """A level (市, 镇), a division (兴宁区) or a town the table does not hold (五塘镇)."""
    return bool(_LEVEL.match(word)) or word in admin_divisions() or (
        len(word) >= 2 and word[-1] in "省市县区镇乡" and _WORD.match(word) is not None and word not in _generic())


def name_start(text: str, suffix_start: int, suffix: str) -> tuple[int, bool]:
    """Where the proper name before a suffix starts, and whether it is one (not a category).

    The text before the suffix is segmented in a window; a name that runs to the window's
    edge (云南省怒江傈僳族自治州泸水市新城完小: province, prefecture, county, school) is read
    again in a window twice as wide, so a school keeps its whole name, province included."""
    window = _WINDOW
    while True:
        lo = max(0, suffix_start - window)
        start, proper = _read_name(text, lo, suffix_start, suffix)
        if lo == 0 or start - lo > _EDGE or window >= _MAX_WINDOW:
            return start, proper
        window *= 2


def _read_name(text: str, lo: int, suffix_start: int, suffix: str) -> tuple[int, bool]:
    """The name before a suffix read in ``text[lo:suffix_start]``.

    Read leftwards word by word: ordinals, placeholders and name-like words make a name;
    places and levels may stand before it (县, 五塘镇); a word the segmenter split off a
    place (窑/店/镇) is taken back; one ordinary word between a place and the suffix is
    the school's own name (五塘镇新兴小学)."""
    words = [(p.word, p.flag) for p in posseg.cut(text[lo:suffix_start])]
    start, proper, place_chars = suffix_start, False, None
    for i in range(len(words) - 1, -1, -1):
        word, flag = words[i]
        before = words[i - 1][0] if i else ""
        if word.startswith(starting_words()) and _LEVEL.match(word[-1]):
            return start - 1, proper or suffix in _ONE_PER_PLACE  # 和县 read as 和 + 县
        if _ORDINAL.match(word):
            start, proper = start - len(word), True  # 第二幼儿园
            continue
        if _place_like(word):
            start -= len(word)
            # a town names its own schools (玉井镇初级中学); a city before 中学 is a category
            proper = proper or suffix[0] in CN_DIGITS + "*_X" or suffix in _ONE_PER_PLACE or \
                word[-1] in "镇乡村"
            place_chars = 0 if len(word) <= 2 else None  # 窑/店/镇, 八里/铺镇: a place the segmenter split
            continue
        if _PLACEHOLDER.match(word) or (_NUMERAL.match(word) and start == suffix_start and suffix in "中小"):
            proper = proper or start == suffix_start  # _中学 names one school; _区幼儿园 does not
            start -= len(word)
            continue
        split_place = place_chars is not None and place_chars + len(word) <= 2 and \
            _WORD.match(word) and word not in _boundaries() and word not in _generic()
        split_name = len(word) == 1 and 0 < suffix_start - start <= 2 and _WORD.match(word) and \
            word not in _boundaries() and flag not in _FUNCTION_TAGS
        own_name = start == suffix_start and len(word) <= 3 and _place_like(before) and \
            _WORD.match(word) and word not in _generic() and word not in _boundaries()
        if split_place:
            start, place_chars = start - len(word), place_chars + len(word)
            continue
        if not (_name_like(word, flag, suffix) or split_name or own_name):
            break
        start, proper, place_chars = start - len(word), True, None
    return start, proper


@lru_cache(maxsize=1)
def _generic_name_rx() -> re.Pattern[str]:
    words = sorted(_generic(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + rf"|[\d{CN_COUNT}所个])+")


def _generic_head(head: str, suffix: str) -> bool:
    """A name part made only of category words (我区, 示范性, 百所), or a kind (艺术类), names no
    school; nor does a place alone before 学校 (上海学校: the schools of a place)."""
    if head and _generic_name_rx().fullmatch(head):
        return True
    if head.endswith("类"):
        return True
    return suffix == "学校" and (head in admin_divisions() or head in short_names())


def find(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    accepted: list[Mention] = []
    rescued: list[tuple[int, int]] = []
    for m in _suffixes().finditer(text):
        end = m.end() + 2 if text[m.end():m.end() + 2] == "学校" else m.end()  # 职业教育中心学校
        campus = _CAMPUS.match(text, end)  # 第四十七中学兴东校区: the campus is part of the name
        end = campus.end() if campus else end
        if accepted and accepted[-1].end > m.start() or text[m.start() - 1:m.start()] == "中" and \
                m.group().startswith("小") or text[m.end():m.end() + 1] == "生":
            continue  # 中小学 is no school, nor are 小学生 and 广大学生
        start, proper = name_start(text, m.start(), m.group())
        if _PLENUM.search(text, max(0, m.start() - 12), m.end() + 12):
            continue  # 十八届三中、四中全会 are party plenums
        if proper and not _generic_head(text[start:m.start()], m.group()):
            accepted.append(Mention("School", canonical(text[start:end]), start, end))
        else:
            rescued.append((read_back(ctx, m.start(), 4), end))
    ends = {m.end for m in accepted}
    starts = {m.start for m in accepted}
    for start, end in rescued:
        listed = text[start - 1:start] == "、" and start - 1 in ends or text[end:end + 1] == "、" and end + 1 in starts
        name = text[start:end]
        head = re.sub(_suffixes().pattern + "$", "", name)
        if listed and len(head) >= 2 and head not in _generic():
            accepted.append(Mention("School", canonical(name), start, end))
    done = 0
    for m in _COUNTED.finditer(text):
        first = _listed_names(text, done, m.start())
        if first is None:
            continue
        done = m.end()
        pos = read_back(ctx, first, 4)
        for part in text[pos:m.start()].split("、"):
            accepted.append(Mention("School", canonical(part), pos, pos + len(part)))
            pos += len(part) + 1
    return accepted


def _listed_names(text: str, lo: int, end: int) -> int | None:
    """Where the first 、 of a list of short names (2–4 characters each) ending at ``end`` stands, or
    None if no such list ends there (明月、大丘、文峰等5所学校; nothing before ``lo`` counts).

    Read backwards name by name, so a run of ten thousand 、 costs its length once; a pattern
    matched forwards from every start position backtracked over the whole run each time."""
    def name_start(pos: int) -> int:  # up to four Han characters back from pos
        at = pos
        while at > lo and pos - at < 4 and _HAN.match(text, at - 1):
            at -= 1
        return at

    at = name_start(end)
    if end - at < 2 or at - 1 < lo or text[at - 1] != "、":
        return None  # the last name is a whole item after a 、
    first, comma = None, at - 1
    while True:
        at = name_start(comma)
        if comma - at < 2:
            return first
        first = comma
        if at - 1 < lo or text[at - 1] != "、":
            return first  # the first name may be the end of a longer run (加强明月、大丘 → 明月)
        comma = at - 1
