"""Places: administrative divisions named on their own (株洲市, 开州区, XX省, _区).

Names come from the administrative-divisions table of the ``cpca`` package, plus named
regions (``place_extras.tsv``); a redacted name keeps its level (_市, XX省). Places
inside another entity's name are dropped later by the entities component. The three
thousand names are found in one quick pass (``extractors.places.division_spans``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.lexicons import load_table
from extractors.names import canonical
from extractors.patterns import REDACTION
from extractors.places import division_spans
from extractors.recognisers.common import TextContext, starting_words

_REDACTED = re.compile(rf"{REDACTION}(?:高新区|开发区|新区|自治区|自治州|省|市|区|县|州|旗|镇|乡)"
                       r"(?![\u4e00-\u9fff]{0,1}级)")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LOCAL = re.compile(r"(?:镇|乡|街道|高新区|经开区|新区|开发区|经济技术开发区|高新技术产业开发区)(?![\u4e00-\u9fff]?级)")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]+$")
_NOT_PLACES = frozenset({"城乡", "城镇", "乡镇", "村镇", "下乡", "集镇", "镇乡", "新区"})
_MAX_LOCAL = 4


@lru_cache(maxsize=1)
def _generic_places() -> frozenset[str]:
    return frozenset(name for name, kind in load_table("place_extras.tsv") if kind == "not-a-name")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A two-character name (代县, 范县) is most often the tail of a word (现代县域, 示范县):
    it counts only where no Han character stands right before it. 市级, 区级 are levels."""
    if text[end:end + 1] == "级":
        return False
    return end - start > 2 or start == 0 or not _HAN.match(text[start - 1])


def find(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    found = [Mention("Place", canonical(text[s:e]), s, e) for s, e in division_spans(text)
             if _stands_alone(text, s, e)]
    found += [Mention("Place", canonical(m.group()), m.start(), m.end()) for m in _REDACTED.finditer(text)]
    for m in _LOCAL.finditer(text):
        start = _local_name_start(ctx, m)
        if start is not None:
            found.append(Mention("Place", canonical(text[start:m.end()]), start, m.end()))
    return found


def _local_name_start(ctx: TextContext, m: re.Match[str]) -> int | None:
    """Where a town or zone the divisions table does not hold begins (窑店镇, 天府新区): the
    one word the segmenter ends with the level, or the word right before a level standing
    alone; never a verb (促进城乡) or a category (各乡镇, 城镇)."""
    text, end = ctx.text, m.end()
    if end not in ctx.ends:
        return None
    start = m.start()
    if start in ctx.starts:  # the level is a word of its own: the name is the word before it
        start -= 1
    while start > 0 and start not in ctx.starts:
        start -= 1
    name = text[start:m.start()]
    if not 2 <= len(name) <= _MAX_LOCAL or not _HAN_NAME.match(name) or name in _generic_places() \
            or name.startswith(starting_words()) or text[m.start() - 1:end] in _NOT_PLACES:
        return None
    return start
