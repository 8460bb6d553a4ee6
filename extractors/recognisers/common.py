"""What several recognisers share: the text with its token boundaries, and reading a
name back from its head word to its left boundary."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicons import alternation, load_words
from extractors.patterns import labels

NAME_CHARS = re.compile(r"[\u3400-\u9fff_X*A-Za-z0-9·()+.]")
_MAX_BRACKET = 12
_PREPOSITIONS = frozenset("以对向从把将被给让使于自")
_MIN_AFTER_PREPOSITION = 3
_LABEL = re.compile(labels("paren_cn", "paren_ar", "arabic", "cn"))


@dataclass(frozen=True)
class TextContext:
    """A document's text with jieba's token boundaries (word starts and ends)."""

    text: str
    starts: frozenset[int]
    ends: frozenset[int]

    @classmethod
    def from_doc(cls, doc, text: str | None = None) -> TextContext:
        """Built once per Doc (components share it): token offsets read as arrays, not Token
        objects; pass the ``text`` the Doc was made from to spare rebuilding it from tokens."""
        if doc._.text_context is None:
            from spacy.attrs import IDX, LENGTH

            arr = doc.to_array([IDX, LENGTH])
            starts = arr[:, 0].tolist() if len(arr) else []
            ends = (arr[:, 0] + arr[:, 1]).tolist() if len(arr) else []
            doc._.text_context = cls(doc.text if text is None else text, frozenset(starts), frozenset(ends))
        return doc._.text_context


@lru_cache(maxsize=1)
def starting_words() -> tuple[str, ...]:
    """Boundary words of two or more characters: a place name that starts with one (会同县,
    in 会同县卫健局) is most often that word followed by a level (会同 + 县卫健局)."""
    return tuple(w for w in load_words("boundary_words.txt") if len(w) >= 2) + ("和", "与", "及", "由", "在")


@lru_cache(maxsize=1)
def _boundary_rx() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(load_words('boundary_words.txt'))})")


def read_back(ctx: TextContext, end: int, max_len: int, verb_ends_name: bool = False) -> int:
    """The start of the name that ends at ``end``: back over name characters (at most
    ``max_len``), to a word start, then forward past the last boundary word (a verb,
    a function word) that stands as a whole word inside. With ``verb_ends_name`` a verb
    right before ``end`` belongs to the name (质量提升 + 行动)."""
    text = ctx.text
    start = end
    while start > max(0, end - max_len):
        if text[start - 1] == ")":  # 校长(书记、园长): a bracketed part may hold any characters
            opening = text.rfind("(", max(0, start - _MAX_BRACKET), start - 1)
            if opening < 0:
                break
            start = opening
        elif NAME_CHARS.match(text[start - 1]):
            start -= 1
        else:
            break
    while start < end and start not in ctx.starts and NAME_CHARS.match(text[start - 1] if start else " "):
        start += 1
    tail = text[start:end]
    if tail.count("(") > tail.count(")"):
        start = text.rindex("(", start, end) + 1
    for label in _LABEL.finditer(text, start, end):
        start = label.end()  # a heading's number is no part of a name, nor what stands before it
    last = end - 1 if verb_ends_name else end
    for m in reversed(list(_boundary_rx().finditer(text, start, end))):
        if m.end() <= last and m.start() in ctx.starts and m.end() in ctx.ends:
            return m.end()
    if text[start:start + 1] in _PREPOSITIONS and end - start > _MIN_AFTER_PREPOSITION:
        start += 1  # 以县中…行动为抓手: the segmenter glued the preposition to the name
    return start


class Occupied:
    """Stretches of text already taken, kept sorted so that an overlap test is a bisection."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start)
        if i and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
