"""Programmes: named initiatives that are implemented, launched, built or joined.

Three shapes: a quoted name, with the words after the quote when they end in a head
word (“三名”培训工程, “1530”安全教育模式) or alone when it is launched or counted
(实施“两学一做”, “双减”); an unquoted name ending in a head word, read back to its
boundary (立德树人计划, 八桂教学通平台); and a counted group (五大工程, 十大行动).
Principles and slogans (坚持“五育融合”, “四为”工作方向) are not programmes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.components.mentions import Mention
from extractors.lexicons import alternation, load_table, load_words
from extractors.names import canonical
from extractors.recognisers.common import TextContext, read_back

_QUOTED = re.compile(r"“([^“”\n]{1,24})”")
_COUNTED_NAME = re.compile(r"[\d一二两三四五六七八九十百]|[+＋]")
_VERSION = re.compile(r"\d+(?:\.\d+)?")
_MAX_NAME = 14
_MAX_TAIL = 10


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, word in load_table("programme_words.tsv"):
        out.setdefault(kind, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _heads_rx() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_words()['head'])})(?:\d+\.\d+)?")


@lru_cache(maxsize=1)
def _generic_rx() -> re.Pattern[str]:
    words = load_words("programme_generic.txt")
    return re.compile(rf"^(?:{alternation(words)}|[、和及与的])+$")


def _quoted(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    words = _words()
    heads = _heads_rx()
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if inner.startswith("《") or len(inner) > 20:
            continue
        before = text[max(0, m.start() - 4):m.start()]
        if any(before.endswith(w) for w in words["not-before"]):
            continue
        rest = text[m.end():m.end() + _MAX_TAIL + 4]
        tail = re.match(rf"[^,。;;、“”:\n]{{0,{_MAX_TAIL}}}?(?:{heads.pattern})", rest)
        end = m.end()
        if tail and tail.group() not in words["generic-tail"]:
            end = m.end() + tail.end()
        elif any(rest.startswith(w) for w in words["not-after"]):
            continue
        elif not (_COUNTED_NAME.search(inner) or heads.search(inner)
                  or any(before.endswith(v) for v in words["verb"])):
            continue
        out.append(Mention("Programme", canonical(text[m.start():end]), m.start(), end))
    return out


def _unquoted(ctx: TextContext) -> list[Mention]:
    text = ctx.text
    out = []
    for m in _heads_rx().finditer(text):
        if text[m.start() - 1:m.start()] == "”":
            continue  # the quoted shape reads these
        start = read_back(ctx, m.start(), _MAX_NAME)
        name = text[start:m.start()]
        if len(name) < 2 or _generic_rx().match(name) or "“" in name or "”" in name:
            continue
        out.append(Mention("Programme", canonical(text[start:m.end()]), start, m.end()))
    return out


@lru_cache(maxsize=1)
def _group_rx() -> re.Pattern[str]:
    return re.compile(rf"[一二两三四五六七八九十]{{1,2}}(?:大|项|个)(?:{alternation(_words()['head'])})")


def _groups(ctx: TextContext) -> list[Mention]:
    return [Mention("Programme", canonical(m.group()), m.start(), m.end()) for m in _group_rx().finditer(ctx.text)]


def find(ctx: TextContext) -> list[Mention]:
    return _quoted(ctx) + _groups(ctx) + _unquoted(ctx)
