"""The administrative level of a document: national, provincial, city or county.

The dependency view stacks documents by level, so that a county plan sits under
the city, provincial and national documents it rests on.
"""

from __future__ import annotations

from functools import cache

from extractors.lexicons import load_words
from extractors.places import first_division, level_of

LEVELS = ("national", "provincial", "city", "county")


@cache
def _national_prefixes() -> tuple[str, ...]:
    """Every name of the national bodies' list, the bodies and the prefixes only."""
    return load_words("national_bodies.tsv")


_VIEW_LEVEL = {"province": "provincial", "city": "city", "county": "county"}


@cache
def _place_level(name: str) -> str | None:
    """The level of the first place a name holds, narrowed by those written after it."""
    place = first_division(name)
    return _VIEW_LEVEL[level_of(place)] if place else None


def document_level(issuers: list[str], title: str) -> str | None:
    """A document's level from its issuers' names, else its title; ``None`` when neither says."""
    for name in [*issuers, title]:
        if name.startswith(_national_prefixes()):
            return "national"
        level = _place_level(name[:40])
        if level:
            return level
    return None


def document_region(level: str | None, issuers: list[str], title: str) -> str | None:
    """Where a document applies, to group and compare by: the first place its issuers or title
    name, or for a national document its issuer (国务院办公厅, 教育部).

    >>> document_region("city", ["杭州市教育局"], "杭州市学校美育提升三年行动计划")
    '杭州市'
    >>> document_region("national", ["教育部"], "教育部关于切实加强新时代高等学校美育工作的意见")
    '教育部'
    """
    if level == "national":
        return next((name for name in issuers if name.startswith(_national_prefixes())), None)
    for name in [*issuers, title]:
        place = first_division(name[:40])
        if place:
            return place
    return None

