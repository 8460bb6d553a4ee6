"""Document metadata: title, 发文字号, issuers, 成文日期, region, period, document type."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Metadata:
    """Metadata of one document; spans index the segment's normalised text."""

    title: str | None = None
    doc_number: str | None = None
    issuer: list[str] = field(default_factory=list)
    date: str | None = None
    region: str | None = None
    period: tuple[int, int] | None = None
    doc_type: str | None = None
    evidence: dict[str, Span] = field(default_factory=dict)


def read_metadata(text: str) -> Metadata:
    """Metadata of one document from its normalised text."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    start = text.find(first)
    return Metadata(title=first[:120] or None, evidence={"title": (start, start + len(first[:120]))})
