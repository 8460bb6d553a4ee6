"""The ``--json`` export: extraction records serialised as the extraction contract says."""

from __future__ import annotations

import json
from typing import Any

from extractors.records import DocumentRecord, FileRecord


def document_to_dict(doc: DocumentRecord) -> dict[str, Any]:
    return {
        "title": doc.title,
        "doc_number": doc.doc_number,
        "issuer": list(doc.issuer),
        "date": doc.date,
        "region": doc.region,
        "period": list(doc.period) if doc.period else None,
        "doc_type": doc.doc_type,
        "truncated": doc.truncated,
        "carried_by": doc.carried_by,
        "span": list(doc.span),
        "sections": [{"path": s.path, "label": s.label, "title": s.title, "span": list(s.span)}
                     for s in doc.sections],
        "entities": [{"type": e.type, "name": e.name, "spans": [list(sp) for sp in e.spans],
                      **({"doc_number": e.doc_number} if e.doc_number else {})} for e in doc.entities],
        "targets": [{"indicator": t.indicator, "comparator": t.comparator, "value": t.value,
                     "placeholder": t.placeholder, "unit": t.unit, "deadline": t.deadline,
                     "section": t.section, "span": list(t.span)} for t in doc.targets],
        "relations": [{"type": r.type, "head": str(r.head), "tail": str(r.tail),
                       **({"span": list(r.span)} if r.span else {})} for r in doc.relations],
    }


def file_to_dict(record: FileRecord) -> dict[str, Any]:
    return {"source": record.source, "encoding": record.encoding, "format": record.format,
            "sha256": record.sha256, "documents": [document_to_dict(d) for d in record.documents]}


def to_json(record: FileRecord) -> str:
    """Deterministic JSON (stable key order, no ASCII escaping)."""
    return json.dumps(file_to_dict(record), ensure_ascii=False, indent=2) + "\n"
