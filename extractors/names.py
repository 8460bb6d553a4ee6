"""Canonical names, the one name normaliser of the project (see the extraction contract).

traditional → simplified; pinyin glosses removed; quotes and title marks removed;
full-width to half-width; spaces removed; placeholders unified (``_``, ``XX``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from extractors.keys import QUOTES
from extractors.normalise import PINYIN_GLOSS, _t2s
from extractors.patterns import PLACEHOLDER_NAME, X_RUN
from extractors.records import Entity, Span

_QUOTE_TABLE = str.maketrans("", "", QUOTES)
_UNDERSCORES = re.compile(r"[_＿]+")
_XX = re.compile(X_RUN)


@lru_cache(maxsize=65536)
def canonical(surface: str) -> str:
    """The canonical form of an entity's surface text: the name a record shows, not a matching
    key (those are ``extractors.keys``) (cached: names recur through a corpus).

    >>> canonical("“三名”培训工程"), canonical("ＸＸ学校")
    ('三名培训工程', 'XX学校')
    """
    s = _t2s()(surface)
    s = PINYIN_GLOSS.sub("", s)
    s = s.translate(_QUOTE_TABLE)
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in s if not ch.isspace())
    s = _UNDERSCORES.sub("_", s)
    return _XX.sub("XX", s)


def is_placeholder(name: str) -> bool:
    """A name that is nothing but a redaction (``XX``, ``_``, ``*``) names nothing."""
    return not name or bool(PLACEHOLDER_NAME.fullmatch(name))


# Prefixes that say which level a body belongs to; 区教育局 and 教育局 in one plan are one body.
_LEVEL_PREFIX = re.compile(r"^(?:[省市县区州旗镇乡]|自治区|全[省市县区])")
_LEVELS = "省市县区州旗镇乡"
_PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}")


def _same_body(short: str, long_: str) -> bool:
    """区教育局 in a plan of 兴宁区 is the 兴宁区教育局 it also names; 教育局 is 区教育局;
    省政府 is 省人民政府."""
    spelled_shorter = len(short) < len(long_)
    short, long_ = short.replace("人民政府", "政府"), long_.replace("人民政府", "政府")
    if short == long_:
        return spelled_shorter
    if len(short) >= len(long_) or not long_.endswith(short):
        return False
    rest = long_[: len(long_) - len(short)]
    return bool(_LEVEL_PREFIX.fullmatch(rest)) or (short[0] in _LEVELS and bool(_PLACE_NAME.fullmatch(rest)))


def merge_entities(mentions: Iterable[tuple[str, str, Span] | tuple[str, str, Span, str | None]]) -> list[Entity]:
    """One entity per (type, name) in a document, in order of first mention.

    A Department whose name differs from another's only by a level prefix
    (区教育局 / 教育局) is folded into the longer, more specific name.
    """
    by_key: dict[tuple[str, str], Entity] = {}
    spans: dict[tuple[str, str], set[Span]] = {}  # each entity's spans as a set: a name said 10,000 times
    for etype, name, span, *number in mentions:
        if is_placeholder(name):
            continue
        entity = by_key.setdefault((etype, name), Entity(etype, name, []))
        spans.setdefault((etype, name), set()).add(span)
        entity.doc_number = entity.doc_number or (number[0] if number else None)
    departments = [e for (t, _), e in by_key.items() if t == "Department"]
    for short in departments:
        for long_ in departments:
            if long_ is not short and _same_body(short.name, long_.name):
                spans[("Department", long_.name)] |= spans[("Department", short.name)]
                by_key.pop(("Department", short.name), None)
                break
    entities = list(by_key.values())
    for e in entities:
        e.spans = sorted(spans[(e.type, e.name)])
    entities.sort(key=lambda e: (e.spans[0] if e.spans else (0, 0), e.type, e.name))
    return entities
