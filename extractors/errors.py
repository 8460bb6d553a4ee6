"""The one error type for input a user can fix: it names the file and the problem."""

from __future__ import annotations

import unicodedata


def shown(name: object) -> str:
    r"""A file name as one line shows it: line breaks, other control characters and invisible
    format characters (a U+202E that would reverse the rest of the line) written as escapes.

    >>> shown("a\nb\u202e.txt")
    'a\\nb\\u202e.txt'
    """
    out = []
    for ch in str(name):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


class ReadError(Exception):
    """A source file that cannot be read; ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{shown(path)}: {problem}")
        self.path = path
        self.problem = problem
