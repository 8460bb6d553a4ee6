"""Administrative divisions for the graph side: which body names carry their own place, and
which divisions enclose a document's region.

Facts come from the one division table of the project (``extractors.places``). A name that
several divisions share (朝阳区, 鼓楼区) identifies none of them, so it is left out.
"""

from __future__ import annotations

import re
from functools import cache

from extractors.patterns import load_pattern
from extractors.places import unique_codes

_SUFFIX = re.compile(r"(省|自治区|市|自治州|州|地区|盟|区|县|旗)$")


def _codes() -> dict[str, str]:
    return unique_codes()


@cache
def _names() -> dict[str, str]:
    return {code: name for name, code in _codes().items()}


@cache
def _prefix_pattern() -> re.Pattern[str]:
    names = sorted(_codes(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def place_prefix(name: str) -> str | None:
    """The division a body's name starts with (四川省教育厅 → 四川省), if its name is unique.

    >>> place_prefix("四川省教育厅"), place_prefix("市教育局")
    ('四川省', None)
    """
    m = _prefix_pattern().match(name)
    return m.group(0) if m else None


def enclosing(region: str | None) -> tuple[str, ...]:
    """The divisions enclosing ``region``, nearest first (成都市 → 四川省; 开州区 → 重庆市).

    >>> enclosing("成都市"), enclosing("开州区")
    (('四川省',), ('重庆市',))
    """
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


@cache
def _level_pattern() -> re.Pattern[str]:
    return load_pattern("data/level_names.txt", "graph.build")


def level_of(name: str) -> str | None:
    """The level a body is named by when it is named by level only (市教育局 → 市), else None."""
    if place_prefix(name) is not None:
        return None
    m = _level_pattern().match(name)
    return m.group("level") if m else None


def level_body(name: str, region: str) -> str | None:
    """A body named by level only, in a document of ``region``: that division's body of the level,
    the nearest of the region and the divisions enclosing it (资阳市, 省教育厅 → 四川省教育厅).

    >>> level_body("市教委", "开州区"), level_body("区教育局", "东营市")
    ('重庆市教委', None)
    """
    level = level_of(name)
    if level is None:
        return None
    for place in (region, *enclosing(region)):
        suffix = _SUFFIX.search(place)
        if suffix is not None and suffix.group(1) == level:
            return place + name[len(level):]
    return None
