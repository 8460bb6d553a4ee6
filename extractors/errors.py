"""The one error type for input a user can fix: it names the file and the problem."""

from __future__ import annotations


class ReadError(Exception):
    """A source file that cannot be read; ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
