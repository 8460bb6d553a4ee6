"""The lines an official document is made of: title, 发文字号, signature, date.

Both the boundary finder and the metadata reader need to recognise these lines;
they live here so the two agree. Everything works on normalised text (simplified,
half-width) and reports offsets into it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from extractors.keys import normalise_key, title_key
from extractors.lexicons import alternation, load_words
from extractors.numerals import small_chinese
from extractors.patterns import CN_SMALL, LABEL_NUMBER, YEAR, YEAR_IN_WORDS, labels, load_pattern, load_patterns

_LINE = re.compile(r"[^\n]+")


class Line(NamedTuple):
    """A non-blank line, stripped, with its offsets in the text it came from (a named tuple:
    documents have tens of thousands of lines, and these are made for each)."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=64)
def lines_of(text: str, start: int = 0, end: int | None = None) -> tuple[Line, ...]:
    """Non-blank lines of ``text[start:end]``, stripped, offsets into ``text`` (cached: the
    boundary finder and the metadata reader ask for the same lines several times)."""
    end = len(text) if end is None else end
    out: list[Line] = []
    for m in _LINE.finditer(text, start, end):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            s = m.start() + len(raw) - len(raw.lstrip())
            out.append(Line(s, s + len(stripped), stripped))
    return tuple(out)


# --- document types and titles -------------------------------------------------

_VARIANT = rf"(?:\((?:试行|暂行|草案|征求意见稿|修订稿?|送审稿|{YEAR}\s*[-—–~至]+\s*{YEAR}\s*年?)\))"
PART_LABEL = rf"(?:{labels('paren_cn', 'paren_ar')}|之{CN_SMALL})"


@lru_cache(maxsize=1)
def doc_type_pattern() -> str:
    return alternation(load_words("doc_types.txt"))


@lru_cache(maxsize=1)
def title_end() -> re.Pattern[str]:
    """A title ends with a document type, perhaps (试行), perhaps a compilation part label."""
    return re.compile(rf"(?P<type>{doc_type_pattern()}){_VARIANT}?{PART_LABEL}?$")


def doc_type(title: str) -> str | None:
    m = title_end().search(title)
    return m.group("type") if m else None


NOTICE_TITLE = load_pattern("notice_titles.txt")


def carried_titles(title: str) -> list[str]:
    """The documents a 印发/转发 notice title issues: each 《X》, else the words between verb and 通知."""
    m = NOTICE_TITLE.search(title)
    if not m:
        return []
    quoted = re.findall(r"《([^《》]+)》", m.group("carried"))
    return quoted or [m.group("carried").strip("《》")]


def same_title(a: str, b: str) -> bool:
    """Titles whose ``title_key`` is equal, or one holding at least 70% of the other (a carried
    title found again in the text, perhaps shortened)."""
    a, b = title_key(a), title_key(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.7 * len(long_)


# --- 发文字号 --------------------------------------------------------------------

DOC_NUMBER = load_pattern("doc_number.txt")


def is_doc_number(name: str) -> bool:
    """Whether a name is a 发文字号 and nothing else (a citation by number, not by title).

    >>> is_doc_number("《国办发[2015]71号》"), is_doc_number("国办发〔2015〕71号文件")
    (True, False)
    """
    return DOC_NUMBER.fullmatch(normalise_key(name)) is not None


# --- dates ---------------------------------------------------------------------

_CN_YEAR_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DATE = re.compile(rf"(?P<y>{YEAR}|{YEAR_IN_WORDS})\s*年\s*"
                  rf"(?P<m>{LABEL_NUMBER})\s*月\s*(?P<d>{LABEL_NUMBER})\s*[日号]")


# the date a web page prints in its article header: 2024-12-26, 2024/10/10, 2024.3.1 or 2024年3月1日
POSTED_DATE = re.compile(rf"(?P<y>{YEAR})(?:\s*年\s*(?P<m>{LABEL_NUMBER})\s*月\s*(?P<d>{LABEL_NUMBER})\s*[日号]"
                         rf"|(?P<sep>[-/.])(?P<m2>\d{{1,2}})(?P=sep)(?P<d2>\d{{1,2}})(?!\d))")


def iso_date(m: re.Match[str]) -> str | None:
    """``2017年3月9日`` / ``二〇一七年三月九日`` → ``2017-03-09``; None for an impossible date.

    >>> [iso_date(DATE.search(d)) for d in ("2017年3月9日", "二〇一七年三月九日", "2017年13月9日")]
    ['2017-03-09', '2017-03-09', None]
    """
    y = m.group("y")
    if "m2" in m.re.groupindex and m.group("m2"):
        month, day = int(m.group("m2")), int(m.group("d2"))
        return f"{int(y):04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    year = int(y) if y.isdigit() else int("".join(str(_CN_YEAR_DIGITS[ch]) for ch in y))
    month, day = (int(v) if v.isdigit() else small_chinese(v) for v in (m.group("m"), m.group("d")))
    if not (1900 <= year <= 2100 and month and day and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- issuers -------------------------------------------------------------------

@lru_cache(maxsize=1)
def _org() -> re.Pattern[str]:
    return re.compile(rf"[\u4e00-\u9fff_X*]{{1,30}}?(?:{alternation(load_words('issuer_suffixes.txt'))})")


_ORG_SEPARATORS = re.compile(r"[\s、,]+|(?<=[厅局部委办室府])(?:和|与|及)")


def split_orgs(text: str) -> list[tuple[int, int]]:
    """Spans of the bodies a signature line names, or [] unless every part is a body."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in [*_ORG_SEPARATORS.finditer(text), None]:
        stop = sep.start() if sep else len(text)
        part = text[pos:stop]
        if part:
            if not _org().fullmatch(part):
                return []
            spans.append((pos, stop))
        pos = sep.end() if sep else stop
    return spans


@lru_cache(maxsize=1)
def truncation_cue() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in load_patterns("truncation_cues.txt")))


@lru_cache(maxsize=1)
def body_opener() -> re.Pattern[str]:
    return re.compile("|".join(p.pattern for p in load_patterns("body_openers.txt")))
