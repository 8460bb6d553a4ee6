"""Places: administrative divisions named on their own (株洲市, 开州区, XX省, _区).

Names come from the administrative-divisions table of the ``cpca`` package, plus named
regions (``place_extras.tsv``); a redacted name keeps its level (_市, XX省). Places
inside another entity's name are dropped later by the entities component.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_table
from extractors.names import canonical
from extractors.places import admin_divisions
from extractors.recognisers.common import TextContext

_REDACTED = re.compile(r"(?:_+|XX|\*+)(?:高新区|开发区|新区|自治区|自治州|省|市|区|县|州|旗|镇|乡)"
                       r"(?![\u4e00-\u9fff]{0,1}级)")


_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _names() -> re.Pattern[str]:
    extras = load_table("place_extras.tsv")
    excluded = {name for name, kind in extras if kind == "not"}
    names = [n for n in admin_divisions() if n not in excluded and len(n) >= 2]
    names += [name for name, kind in extras if kind == "region"]
    return re.compile(rf"(?:{alternation(tuple(names))})(?!级)")


def _stands_alone(text: str, m: re.Match[str]) -> bool:
    """A two-character name (代县, 范县) is most often the tail of a word (现代县域, 示范县):
    it counts only where no Han character stands right before it."""
    return len(m.group()) > 2 or m.start() == 0 or not _HAN.match(text[m.start() - 1])


def find(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    found = [Mention("Place", canonical(m.group()), m.start(), m.end()) for m in _names().finditer(text)
             if _stands_alone(text, m)]
    found += [Mention("Place", canonical(m.group()), m.start(), m.end()) for m in _REDACTED.finditer(text)]
    return found
