"""Departments: party and government bodies, committees, institutions that are not schools.

Known body names (``departments.tsv``) are found anywhere and take a place or level
prefix (区, 大英县, 中共_市, 市级); two body names written together with no prefix
between are one body (区委教育工作领导小组, 自治区人民政府教育督导委员会办公室).
Open-ended names end with a head word (领导小组, 专家委员会) and are read back to
their boundary. A bare generic word (政府, 有关部门) is no entity.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_words
from extractors.names import canonical
from extractors.patterns import REDACTION
from extractors.places import admin_divisions
from extractors.recognisers.common import Occupied, TextContext, read_back, starting_words

_LEVEL = "(?:自治区|自治州|自治县|省|市|县|区|州|旗|镇|乡|街道)"
_PLACEHOLDER_PLACE = re.compile(rf"{REDACTION}{_LEVEL}?$")
_LEVEL_TAIL = re.compile(rf"(?:{_LEVEL}(?:\({_LEVEL}\))?)+级?$")  # 市, 县级, 区(市)县
_MAX_PLACE = 9


@lru_cache(maxsize=1)
def _known() -> re.Pattern[str]:
    return re.compile(alternation(load_words("departments.tsv")))


@lru_cache(maxsize=1)
def _heads() -> re.Pattern[str]:
    return re.compile(alternation(load_words("department_heads.txt")))


def place_prefix(text: str, start: int) -> int:
    """Where a place or level prefix before ``start`` begins (``start`` if there is none)."""
    pos = start
    divisions = admin_divisions()
    for k in range(min(_MAX_PLACE, pos), 1, -1):  # longest full division name first
        if text[pos - k:pos] in divisions and not text[pos - k:pos].startswith(starting_words()):
            pos -= k
            break
    else:
        m = _PLACEHOLDER_PLACE.search(text, max(0, pos - 6), pos) or _LEVEL_TAIL.search(text, max(0, pos - 8), pos)
        if m and m.end() == pos:
            pos = m.start()
    if text[max(0, pos - 2):pos] == "中共":
        pos -= 2
    return pos


_UNIT_LIST = re.compile(r"(?:牵头|责任|主责|负责|配合|协办|参与|承办)(?:单位|部门)\s*[:：]\s*([^;;。)\n]{2,120})")
_UNIT_NAME = re.compile(r"^[\u4e00-\u9fff()]{2,14}$")


def _listed_units(text: str) -> list[tuple[int, int]]:
    """Items of 牵头单位:/配合单位: lists: every item is a body, even a bureau's own unit
    (基础教育股, 项目办, 办公室) that no lexicon holds."""
    out = []
    for m in _UNIT_LIST.finditer(text):
        pos = m.start(1)
        for item in re.split(r"[、,,和及]", m.group(1)):
            name = item.strip()
            if _UNIT_NAME.match(name) and not name.endswith(("等", "等部门", "等单位")):
                start = pos + item.index(name)
                out.append((start, start + len(name)))
            pos += len(item) + 1
    return out


_SHARED_HEAD = re.compile(r"等(部门|机构)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MAX_ITEM = 8


def _distributed(ctx: TextContext) -> list[Mention]:
    """机构编制、发展改革、财政等部门 names one body per item (机构编制部门, 发展改革部门, 财政部门): the
    items share the head after 等. Read backwards from each 等部门, item by item (linear in the list)."""
    text, out, lo = ctx.text, [], 0
    for m in _SHARED_HEAD.finditer(text):
        items, end = [], m.start()
        while True:
            start = end
            while start > lo and end - start < _MAX_ITEM and _HAN.match(text, start - 1):
                start -= 1
            if end - start < 2:
                break
            if start - 1 <= lo or text[start - 1] != "、":
                if items:  # the first item: back to the word boundary (会同机构编制 → 机构编制)
                    start = max(start, read_back(ctx, end, _MAX_ITEM))
                    items.append((start, end))
                break
            items.append((start, end))
            end = start - 1
        if len(items) >= 2:
            out += [Mention("Department", canonical(text[s:e] + m.group(1)), s, e) for s, e in items
                    if e - s >= 2]
        lo = m.end()  # a list never reaches back past the one before it
    return out


def find(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    generic = set(load_words("generic_departments.txt"))
    spans: list[list[int]] = []  # [start, end, core_start]
    for m in _known().finditer(text):
        start = place_prefix(text, m.start())
        if spans and spans[-1][1] == m.start() and start == m.start():
            spans[-1][1] = m.end()  # joined to the body written right before it
        else:
            spans.append([start, m.end(), m.start()])
    known = Occupied()
    for s, e, _ in spans:
        known.add(s, e)
    for m in _heads().finditer(text):
        if known.overlaps(m.start(), m.start() + 1):
            continue
        start = read_back(ctx, m.start(), 14)
        if start < m.start():
            spans.append([place_prefix(text, start), m.end(), start])
    taken = Occupied()
    for s, e, _ in spans:
        taken.add(s, e)
    for start, end in _listed_units(text):
        if not taken.overlaps(start, end):
            spans.append([start, end, -1])  # named as a unit in a responsibility list
    mentions = []
    for start, end, core in sorted(spans):
        name = canonical(text[start:end])
        if start == core and name in generic:
            continue
        mentions.append(Mention("Department", name, start, end))
    return mentions + [d for d in _distributed(ctx) if not taken.overlaps(d.start, d.end)]
