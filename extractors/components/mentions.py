"""The mention record components share before entities are merged per document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A typed, canonically named span of ``doc.text``."""

    type: str
    name: str
    start: int
    end: int
    doc_number: str | None = None  # a cited title's 发文字号, written right after it
