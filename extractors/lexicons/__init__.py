"""Lexicons and patterns are data files in this folder, each with a header saying where its
facts come from. Lines starting with ``#`` are comments; blank lines are ignored. Pattern files
are compiled by ``extractors.patterns.load_patterns``, which expands the named parts they use."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def load_words(name: str) -> tuple[str, ...]:
    """One entry per line (the first tab-separated field)."""
    return tuple(line.split("\t")[0].strip() for line in _lines(name))


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows."""
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in _lines(name))


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
