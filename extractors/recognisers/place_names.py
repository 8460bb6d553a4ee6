"""Places: administrative divisions named on their own (株洲市, 开州区, XX省, _区).

Names come from the administrative-divisions table of the ``cpca`` package, plus named
regions (``place_extras.tsv``); a redacted name keeps its level (_市, XX省). Places
inside another entity's name are dropped later by the entities component. The three
thousand names are found in one pass (``extractors.places.division_spans``).
"""

from __future__ import annotations

import re

from extractors.components.mentions import Mention
from extractors.names import canonical
from extractors.places import division_spans
from extractors.recognisers.common import TextContext

_REDACTED = re.compile(r"(?:_+|XX|\*+)(?:高新区|开发区|新区|自治区|自治州|省|市|区|县|州|旗|镇|乡)"
                       r"(?![\u4e00-\u9fff]{0,1}级)")
_HAN = re.compile(r"[\u3400-\u9fff]")


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
    return found
