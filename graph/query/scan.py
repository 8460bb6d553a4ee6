"""A SPARQL lexer for screening queries before they run: keywords, nesting depth, dataset clauses.

Not a parser: it only splits a query into SPARQL's tokens (strings, IRIs, comments, variables,
prefixed names, words, brackets) so that a word inside a string or an IRI is not taken for a
keyword. Parsers disagree on where ``\\uXXXX`` escapes apply (the SPARQL grammar expands them over
the whole text before parsing; Oxigraph, which runs the queries, expands them inside strings and
IRIs only), so ``readings`` gives the text both ways and callers look at each: a keyword that
either parser could see counts.

>>> scan("SELECT * WHERE { BIND('SERVICE' AS ?x) } # SERVICE").keywords >= {"SERVICE"}
False
>>> scan("ask { { ?s ?p ?o } }").depth
2
>>> "FROM" in scan("SELECT * FROM <g> WHERE { ?s ?p ?o }").keywords
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PROLOGUE = frozenset({"BASE", "PREFIX"})
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# one token per match, in SPARQL's precedence: long strings before short ones, an IRI only where
# the grammar's IRIREF matches (else "<" is the less-than operator)
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              |'(?:[^'\\\n\r]|\\.)*(?:'|$)|"(?:[^"\\\n\r]|\\.)*(?:"|$))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<name>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+|[\w.-]*:[\w.:%\\-]*|_:[\w.-]+|@[A-Za-z0-9-]+)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<other>[\w.-]+)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Scan:
    """What a query's tokens say: its bare words (upper-cased keywords), the first of them after
    the prologue (the query form, or an update's operation), and its deepest bracket nesting."""

    keywords: frozenset[str]
    depth: int
    first: str | None = None


def expand_escapes(text: str) -> str:
    """The text with every ``\\uXXXX`` / ``\\UXXXXXXXX`` replaced by its character, as SPARQL's
    grammar reads it (an escape for a surrogate or past U+10FFFF is left as written)."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(char, text)


def scan(text: str, max_depth: int | None = None) -> Scan:
    """The keywords and nesting depth of one reading of a query; past ``max_depth`` the scan
    stops there (the query is refused anyway, and a hostile one is long)."""
    words: set[str] = set()
    first: str | None = None
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            words.add(word)
            if first is None and word not in _PROLOGUE:
                first = word
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if max_depth is not None and depth > max_depth:
                break
        elif kind == "close":
            depth = max(0, depth - 1)
    return Scan(frozenset(words), deepest, first)


def readings(text: str, max_depth: int | None = None) -> list[Scan]:
    """The scans of a query as written and with its escapes expanded (one if they are the same)."""
    expanded = expand_escapes(text)
    first = scan(text, max_depth)
    return [first] if expanded == text else [first, scan(expanded, max_depth)]


def names_dataset(text: str) -> bool:
    """Whether a query names its own dataset (``FROM`` / ``FROM NAMED``) in any reading.

    >>> names_dataset("SELECT * FROM NAMED <g> { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> names_dataset("SELECT ?from WHERE { ?s <http://e/from> ?from }")
    False
    """
    return any("FROM" in s.keywords for s in readings(text))
