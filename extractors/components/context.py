"""What a document's components are told about it before they read its text.

The metadata block (title, 发文字号, issuer …) is read from the text before the pipeline runs
(``extractors.metadata``); the little of it that components need travels on the Doc as one
``DocumentContext`` in ``doc._.context``, set by whoever calls the pipeline
(``extractors.api``). A Doc made without one reads as ``DocumentContext()``: no title known,
no title to skip.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass(frozen=True)
class DocumentContext:
    """The document's own titles, which its text alone does not tell apart from citations.

    >>> DocumentContext("某市学前教育三年行动计划").own_titles
    ()
    """

    title: str | None = None
    """The document's title as its metadata reads it: whether it is a plan, which sets goals
    throughout, or a report, which sets them only where it says so (``edukg_targets``)."""

    own_titles: tuple[str, ...] = ()
    """The titles of this document and of the others in its file: named in the text they are
    the document itself or its carrier, never a cited policy or a programme (``edukg_entities``)."""


def context_of(doc: Doc) -> DocumentContext:
    """``doc._.context``, or the empty context when the caller set none (a component run alone)."""
    return doc._.context or DocumentContext()
