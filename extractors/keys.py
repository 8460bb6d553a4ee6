"""Matching keys, one function per purpose, and the one table of quote and bracket characters.

Both sides compare names through these: the extraction (is this line the carried title?) and
the graph (IRIs, a citation linked to the document it names). A key is for comparing and
hashing only; what a record or a node shows is the text as written (``names.canonical``) or
a 发文字号's one written form (``canonical_number``).

>>> normalise_key("《国办发 [2015] 71号》") == normalise_key("国办发〔2015〕71号")
True
>>> title_key("《中华人民共和国教育法》") == title_key("教育法")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from extractors.lexicons import load_words

# quotes and title marks, which no name, title or number is told apart by
QUOTES = "“”‘’\"'「」『』《》〈〉"
# the brackets a 发文字号's year is written in (after NFKC: （ is (, ［ is [, ﹝ is 〔), and the one
# pair its written form uses
OPENING_BRACKETS, CLOSING_BRACKETS = "[(【〔", "])】〕"
_DROP = re.compile(rf"[\s{re.escape(QUOTES)}]")
_BRACKETS = str.maketrans(OPENING_BRACKETS + CLOSING_BRACKETS,
                          "〔" * len(OPENING_BRACKETS) + "〕" * len(CLOSING_BRACKETS))


def canonical_number(number: str) -> str:
    """The one written form of a 发文字号 (``eli:id_local``): NFKC, no spaces or quote marks, its
    brackets 〔〕, its letters as written. Every spelling that keys alike is written alike, so a
    document has one number however its files and citations bracket it.

    >>> canonical_number("教体艺[2014]1号") == canonical_number("教体艺 〔２０１４〕1号") == "教体艺〔2014〕1号"
    True
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", number)).translate(_BRACKETS)


def normalise_key(text: str) -> str:
    """The identity key of a name, title or number (what an IRI is minted from): its
    ``canonical_number`` form, ASCII lower-cased, so width, spacing, quotes and brackets never
    split one thing in two."""
    return canonical_number(text).lower()


def title_key(title: str) -> str:
    """The key titles are matched by, across documents and within one: ``normalise_key``
    ignoring 的 (…工作实施意见), the 人民 of 人民政府 (江苏省政府办公厅) and the name of the state
    that national laws are cited with or without (《中华人民共和国教育法》)."""
    key = normalise_key(title).replace("的", "").replace("人民政府", "政府")
    return key.removeprefix(_state_name())


@cache
def _state_name() -> str:
    (name,) = load_words("state_name.txt")
    return normalise_key(name)
