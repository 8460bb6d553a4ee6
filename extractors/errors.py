"""The error types a user sees: each names the file or thing and the problem in one line.

Every failure a user can cause or fix derives from ``EdukgError``, so the command line (and a
notebook) catches one class and prints ``str(exc)``; anything else is a bug and keeps its traceback.
"""

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


class EdukgError(Exception):
    """A failure the user can act on; ``str()`` is the one line shown."""


class ReadError(EdukgError):
    """A source file that cannot be read; ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{shown(path)}: {problem}")
        self.path = path
        self.problem = problem
