"""Administrative divisions for the graph side: which body names carry their own place, and
which divisions enclose a document's region.

Facts come from the division table bundled with the ``cpca`` package (statistical codes:
two digits of province, two of city, two of county). A name that several divisions share
(朝阳区, 鼓楼区) identifies none of them, so it is left out.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from importlib import resources

# Table rows that group divisions rather than name one.
_GROUPS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_SUFFIX = re.compile(r"(省|自治区|市|自治州|州|地区|盟|区|县|旗)$")


@cache
def _codes() -> dict[str, str]:
    """Unique division name → its 12-digit code."""
    table = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    found: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(table.splitlines()):
        name, code = row["name"].strip(), row["adcode"].strip()
        if name and code.isdigit() and name not in _GROUPS:
            found[name].add(code.ljust(12, "0"))
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


@cache
def _names() -> dict[str, str]:
    return {code: name for name, code in _codes().items()}


@cache
def _prefix_pattern() -> re.Pattern[str]:
    names = sorted(_codes(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def place_prefix(name: str) -> str | None:
    """The division a body's name starts with (四川省教育厅 → 四川省), if its name is unique."""
    m = _prefix_pattern().match(name)
    return m.group(0) if m else None


def enclosing(region: str | None) -> tuple[str, ...]:
    """The divisions enclosing ``region``, nearest first (成都市 → 四川省; 开州区 → 重庆市)."""
    code = _codes().get(region or "")
    if code is None:
        return ()
    out = []
    for parent in (code[:4].ljust(12, "0"), code[:2].ljust(12, "0")):
        name = _names().get(parent)
        if parent != code and name is not None and name not in out:
            out.append(name)
    return tuple(out)


def relative_form(name: str, region: str) -> str | None:
    """``name`` as written inside ``region`` without the place (江苏省政府办公厅 → 省政府办公厅)."""
    if not name.startswith(region):
        return None
    suffix = _SUFFIX.search(region)
    return (suffix.group(1) if suffix else "") + name[len(region):]
