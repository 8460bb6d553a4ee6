"""China's administrative divisions, from the ``cpca`` package's bundled table (adcodes).

One place that knows place names: entity recognition, regions and the level of a
jurisdiction (national › provincial › city › county) all ask here.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from extractors.lexicons import load_table

LEVELS = ("province", "city", "county")
_SUFFIX = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|盟|省|市|区|县|旗)$")
# Table rows that group divisions rather than name one.
_GROUPS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@lru_cache(maxsize=1)
def division_table() -> tuple[tuple[str, str], ...]:
    """Every (name, 12-digit statistical code) row: two digits of province, two of city,
    two of county, then zeros."""
    table = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    rows = ((row["name"].strip(), row["adcode"].strip()) for row in csv.DictReader(table.splitlines()))
    return tuple((name, code.ljust(12, "0")) for name, code in rows
                 if name and code.isdigit() and name not in _GROUPS)


def code_level(code: str) -> str:
    """province, city or county, from a statistical code."""
    return "province" if code[2:].strip("0") == "" else "city" if code[4:].strip("0") == "" else "county"


@lru_cache(maxsize=1)
def admin_divisions() -> dict[str, str]:
    """Full name (株洲市, 开州区) → level (province, city, county); a name several divisions
    share keeps its highest level.

    >>> admin_divisions()["株洲市"], admin_divisions()["开州区"]
    ('city', 'county')
    """
    out: dict[str, str] = {}
    for name, code in division_table():
        level = code_level(code)
        if name not in out or LEVELS.index(level) < LEVELS.index(out[name]):
            out[name] = level
    return out


@lru_cache(maxsize=1)
def unique_codes() -> dict[str, str]:
    """Division name → code, for the names only one division has (朝阳区 names several).

    >>> "朝阳区" in unique_codes(), "株洲市" in unique_codes()
    (False, True)
    """
    found: dict[str, set[str]] = {}
    for name, code in division_table():
        found.setdefault(name, set()).add(code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


def level_of(name: str) -> str | None:
    """The level of a division by its full name (or the everyday form of an autonomous one)."""
    return admin_divisions().get(name) or admin_divisions().get(ethnic_short_forms().get(name, ""))


@lru_cache(maxsize=1)
def _ethnic() -> re.Pattern[str]:
    """The names of China's 56 nationalities (the table ``cpca`` bundles), as autonomous
    divisions are named after them."""
    nations = resources.files("cpca.resources").joinpath("56_nations.csv").read_text(encoding="utf-8")
    names = sorted({n.strip() for n in nations.splitlines() if n.strip()}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")+自治(州|县)$")


@lru_cache(maxsize=1)
def ethnic_short_forms() -> dict[str, str]:
    """The everyday forms of autonomous prefectures and counties: 黔东南苗族侗族自治州 is
    written 黔东南州, 长阳土家族自治县 长阳县."""
    out = {}
    for name in admin_divisions():
        m = _ethnic().search(name)
        if m and m.start() >= 2:
            out.setdefault(name[:m.start()] + m.group(1), name)
    return out


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], re.Pattern[str], int]:
    """Every name to look for, the characters they end with, and the longest one's length."""
    extras = load_table("place_extras.tsv")
    excluded = {name for name, kind in extras if kind == "not"}
    names = {n for n in admin_divisions() if n not in excluded and len(n) >= 2}
    names |= {name for name, kind in extras if kind == "region"}
    names |= set(ethnic_short_forms())
    ends = re.compile("[" + re.escape("".join(sorted({n[-1] for n in names}))) + "]")
    return frozenset(names), ends, max(map(len, names))


def division_spans(text: str) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping occurrences of division (and named region) names.

    Names end with one of a dozen characters (省, 市, 县, 区 …): only where one stands is
    the text looked back at, longest name first, so a corpus is scanned in one quick pass.
    """
    names, ends, longest = _names()
    found = []
    for m in ends.finditer(text):
        end = m.end()
        for length in range(min(longest, end), 1, -1):
            if text[end - length:end] in names:
                found.append((end - length, end))
                break
    found.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for start, end in found:
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def first_division(text: str) -> str | None:
    """The first division ``text`` names, narrowed by the divisions written right after it
    (重庆市开州区教育局 → 开州区)."""
    spans = [(s, e) for s, e in division_spans(text) if level_of(text[s:e])]
    if not spans:
        return None
    start, end = spans[0]
    for s, e in spans[1:]:
        if s != end or LEVELS.index(level_of(text[s:e])) <= LEVELS.index(level_of(text[start:end])):
            break
        start, end = s, e
    return text[start:end]


@lru_cache(maxsize=1)
def short_names() -> dict[str, str]:
    """Names without their suffix (株洲 → 株洲市), for names long enough not to be words.

    >>> short_names()["株洲"]
    '株洲市'
    """
    out: dict[str, str] = {}
    for name in admin_divisions():
        short = _SUFFIX.sub("", name)
        if len(short) >= 2 and short != name:
            out.setdefault(short, name)
    return out
