"""Targets in indicator tables (专栏: 指标 | 2020年 | 2025年 | 属性).

Plans list their main indicators as a table whose columns are a base year and a target
year. Rows come as lines of cells split by tabs, ``|`` or runs of spaces. The target is
the value in the latest year's column (or a column headed 目标); the unit is written with
the indicator (学前三年毛入园率(%)) or in a 单位 column; a ≥ or ≤ before the value is its
comparator, and the column's year its deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.names import canonical
from extractors.numerals import parse_value
from extractors.patterns import YEAR
from extractors.records import Target

_MAYBE_CELLS = re.compile(r"\t|[|｜]| {2}|\u3000")
_CELL_SPLIT = re.compile(r"\t+|\s*[|｜]\s*| {2,}|\u3000+")
_YEAR_HEAD = re.compile(rf"^({YEAR})\s*年?\s*(?:目标值?|预期值?)?$")
_TARGET_HEAD = re.compile(r"目标|规划值|预期值")
_INDICATOR_HEAD = re.compile(r"指标|项目|名称|内容")
_UNIT_HEAD = re.compile(r"^(?:单位|计量单位)$")
_UNIT_IN_NAME = re.compile(r"\(([^()]{1,6})\)\s*$")
_VALUE = re.compile(r"^(≥|≤|>|<|不低于|不少于|不高于|不超过|约)?\s*(\d+(?:\.\d+)?)(?::\d+(?:\.\d+)?)?"
                    r"\s*(以上|以下|左右)?\s*(%|‰)?$")
_COMPARATORS = {"≥": ">=", "不低于": ">=", "不少于": ">=", "以上": ">=", "≤": "<=", "不高于": "<=", "不超过": "<=",
                "以下": "<=", ">": ">", "<": "<", "约": "~", "左右": "~"}
_MIN_COLUMNS = 3


@dataclass(frozen=True)
class _Line:
    start: int
    cells: tuple[tuple[str, int], ...]  # (text, offset)


def _split(text: str, start: int, end: int) -> _Line:
    if not _MAYBE_CELLS.search(text, start, end):
        return _Line(start, ((text[start:end].strip(), start),))  # one cell: no row of a table
    cells, pos = [], start
    for part in _CELL_SPLIT.split(text[start:end]):
        offset = text.find(part, pos, end) if part else pos
        if part.strip():
            cells.append((part.strip(), offset + len(part) - len(part.lstrip())))
        pos = max(pos, offset + len(part))
    return _Line(start, tuple(cells))


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        out.append(_split(text, pos, pos + len(raw.rstrip("\n"))))
        pos += len(raw)
    return out


@dataclass(frozen=True)
class _Header:
    indicator: int
    target: int
    unit: int | None
    year: int | None


def _header(line: _Line) -> _Header | None:
    heads = [c for c, _ in line.cells]
    if len(heads) < _MIN_COLUMNS:
        return None
    years = [(i, int(m.group(1))) for i, h in enumerate(heads) if (m := _YEAR_HEAD.match(h))]
    named = [i for i, h in enumerate(heads) if _TARGET_HEAD.search(h)]
    if not years and not named:
        return None
    target, year = max(years, key=lambda iy: iy[1]) if years else (named[-1], None)
    indicator = next((i for i, h in enumerate(heads) if _INDICATOR_HEAD.search(h) and i != target), None)
    if indicator is None:
        return None
    unit = next((i for i, h in enumerate(heads) if _UNIT_HEAD.match(h)), None)
    return _Header(indicator, target, unit, year)


def find_table_targets(text: str) -> tuple[list[tuple[Target, tuple[int, int]]], list[tuple[int, int]]]:
    """Targets read from indicator tables, with their indicator spans, and the spans of the
    tables (so that the sentence reader does not read their numbers again)."""
    found: list[tuple[Target, tuple[int, int]]] = []
    tables: list[tuple[int, int]] = []
    if not _MAYBE_CELLS.search(text):
        return found, tables
    lines = _lines(text)
    i = 0
    while i < len(lines):
        header = _header(lines[i])
        if header is None:
            i += 1
            continue
        width, start = len(lines[i].cells), lines[i].start
        i += 1
        end = start
        while i < len(lines) and abs(len(lines[i].cells) - width) <= 1 and len(lines[i].cells) > header.target:
            target = _row_target(lines[i], header)
            if target:
                found.append(target)
            end = lines[i].cells[-1][1] + len(lines[i].cells[-1][0])
            i += 1
        tables.append((start, end))
    return found, tables


def _row_target(line: _Line, header: _Header) -> tuple[Target, tuple[int, int]] | None:
    if header.indicator >= len(line.cells):
        return None
    name_cell, name_at = line.cells[header.indicator]
    value_cell, value_at = line.cells[header.target]
    value = _VALUE.match(value_cell.replace(" ", ""))
    if not value:
        return None
    unit_in_name = _UNIT_IN_NAME.search(name_cell)
    unit = value.group(4) or (unit_in_name.group(1) if unit_in_name else None)
    if header.unit is not None and header.unit < len(line.cells) and unit is None:
        unit = line.cells[header.unit][0]
    name = canonical(_UNIT_IN_NAME.sub("", name_cell))
    if len(name) < 2:
        return None
    comparator = _COMPARATORS.get(value.group(1) or value.group(3) or "", "=")
    span = (name_at, name_at + len(name_cell))
    target = Target(indicator=name, comparator=comparator, value=parse_value(value.group(2)), placeholder=False,
                    unit=unit, deadline=header.year, section=None, span=(name_at, value_at + len(value_cell)),
                    indicator_span=span)
    return target, span
