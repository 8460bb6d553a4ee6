"""The extraction API: one file (or text) in, a ``FileRecord`` out."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from extractors.boundaries import Segment, split_documents
from extractors.components.context import DocumentContext
from extractors.metadata import Metadata, read_metadata
from extractors.names import merge_entities
from extractors.normalise import MappedText, normalise
from extractors.pipeline import get_nlp
from extractors.readers import MAX_TEXT_CHARS, RawText, read
from extractors.recognisers.common import TextContext
from extractors.records import DocumentRecord, FileRecord, Span


def extract_file(path: str | Path, max_chars: int = MAX_TEXT_CHARS) -> FileRecord:
    """Read and extract one file; raises ``ReadError`` for input that cannot be read or whose
    text is longer than ``max_chars``."""
    return extract_raw(read(path, max_chars=max_chars))


def extract_text(text: str, source: str = "<text>") -> FileRecord:
    """Extract from text already decoded (tests, notebooks)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return extract_raw(RawText(source=source, text=text, encoding="utf-8", format="txt", sha256=digest))


# a plan in miniature: a heading, an item, a target, a lead department and a citation, so that
# every recogniser loads its lexicons
_WARM_UP_TEXT = "一、主要目标\n（一）根据《国务院关于加快发展现代职业教育的决定》，到2025年，" \
                "全市学前三年毛入园率达到95%以上，新建XX学校3所。（市教育局牵头）\n"


def warm_up() -> None:
    """Build the pipeline and load every lexicon now rather than on the first file.

    A process that forks workers calls this once, so that the workers start ready.
    """
    extract_text(_WARM_UP_TEXT, source="<warm-up>")


def extract_raw(raw: RawText) -> FileRecord:
    mt = normalise(raw.text, raw.format)
    segments = split_documents(mt)
    metas = [read_metadata(mt.text[s.start:s.end]) for s in segments]
    titles = tuple(m.title for m in metas if m.title)
    documents: list[DocumentRecord] = []
    for seg, meta in zip(segments, metas, strict=True):
        carrier = documents[seg.carried_by] if seg.carried_by is not None else None
        documents.append(_extract_document(mt, seg, meta, carrier, titles))
    return FileRecord(source=raw.source, text=raw.text, encoding=raw.encoding, format=raw.format,
                      sha256=raw.sha256, documents=documents)


def _extract_document(mt: MappedText, seg: Segment, meta: Metadata, carrier: DocumentRecord | None,
                      own_titles: tuple[str, ...] = ()) -> DocumentRecord:
    text = mt.text[seg.start:seg.end]

    def orig(span: Span) -> Span:
        return mt.to_original(seg.start + span[0], seg.start + span[1])

    region = meta.region or (carrier.region if carrier else None)
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    TextContext.from_doc(doc, text)
    doc._.context = DocumentContext(meta.title, tuple(t for t in (meta.title, *own_titles) if t))
    doc = nlp(doc)
    return DocumentRecord(
        span=orig((0, len(text))),
        title=meta.title, doc_number=meta.doc_number, issuer=meta.issuer, date=meta.date, region=region,
        period=meta.period, doc_type=meta.doc_type, truncated=seg.truncated, carried_by=seg.carried_by,
        evidence={k: orig(v) for k, v in meta.evidence.items()},
        sections=[replace(s, span=orig(s.span)) for s in doc._.sections],
        entities=merge_entities((m.type, m.name, orig((m.start, m.end)), m.doc_number) for m in doc._.mentions),
        targets=[replace(t, span=orig(t.span), indicator_span=orig(t.indicator_span) if t.indicator_span else None)
                 for t in doc._.targets],
        relations=[replace(r, span=orig(r.span) if r.span else None) for r in doc._.relations],
    )
