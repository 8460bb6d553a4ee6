"""Lexicons and patterns are data files in this folder, each with a header saying where its
facts come from. Lines starting with ``#`` are comments; blank lines are ignored.

This is the one loader of data-line files in the project: the graph side reads its own data
files (``graph/build/data``) through it too, naming its package.

>>> load_words("state_name.txt")
('中华人民共和国',)
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _lines(name: str, package: str) -> list[str]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def load_words(name: str, package: str = __package__) -> tuple[str, ...]:
    """One entry per line (the first tab-separated field) of the data file ``name`` in ``package``
    (a path inside it, such as ``data/level_names.txt``)."""
    return tuple(line.split("\t")[0].strip() for line in _lines(name, package))


@cache
def load_table(name: str, package: str = __package__) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows."""
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in _lines(name, package))


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins; a long
    list is guarded by its first characters, so that a position where none of the words
    starts is rejected at once instead of word by word."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w) for w in ordered)
    if len(ordered) <= _GUARD_FROM:
        return body
    firsts = "".join(sorted({re.escape(w[0]) for w in ordered}))
    return f"(?=[{firsts}])(?:{body})"


_GUARD_FROM = 8
