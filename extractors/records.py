"""Extraction records: the one contract between ``extractors`` and ``graph``.

Plain dataclasses, no RDF. Every span is a ``(start, end)`` pair of code-point
offsets into the decoded text of the source file (``FileRecord.text``), so that
any fact can be traced back to the characters it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

Span = tuple[int, int]

ENTITY_TYPES = ("Department", "School", "Programme", "Policy", "Indicator", "Place")
# what each relation links: an entity type, the document it is read in, or one of its sections
RELATION_ENDS = {"basedOn": ("Document", "Policy"), "partOf": ("Programme", "Programme"),
                 "mergedInto": ("School", "School"), "responsibleFor": ("Department", "Section")}
RELATION_TYPES = tuple(RELATION_ENDS)
COMPARATORS = (">=", "<=", "=", ">", "<", "~")


@dataclass
class Section:
    """A heading or numbered item; ``path`` joins labels from the top (``三/(一)/1``)."""

    path: str
    label: str
    title: str
    level: int
    span: Span  # the heading (or run-in clause) in the source text


class SectionIndex:
    """Which section a text position lies in: the innermost one whose heading starts at or before
    it. Built once per document and asked per span, so a lookup is a bisection.

    >>> goals = Section("一", "一", "目标", 1, (0, 4))
    >>> overall = Section("一/(一)", "(一)", "总体目标", 2, (10, 16))
    >>> index = SectionIndex([overall, goals])
    >>> [s and s.path for s in (index.at(0), index.at(9), index.at(30))]
    ['一', '一', '一/(一)']
    >>> index.at(-1) is None
    True
    """

    def __init__(self, sections: Iterable[Section]) -> None:
        self.sections = sorted(sections, key=lambda s: s.span[0])
        self._starts = [s.span[0] for s in self.sections]

    def at(self, pos: int) -> Section | None:
        i = bisect_right(self._starts, pos) - 1
        return self.sections[i] if i >= 0 else None


@dataclass
class Entity:
    """A named thing, once per document, with every place it is mentioned."""

    type: str
    name: str
    spans: list[Span] = field(default_factory=list)
    doc_number: str | None = None  # a Policy's 发文字号, where the text gives it with the title


@dataclass
class Target:
    """A quantitative goal the plan sets."""

    indicator: str
    comparator: str
    value: float | None
    placeholder: bool
    unit: str | None
    deadline: int | None
    section: str | None
    span: Span
    indicator_span: Span | None = None


@dataclass(frozen=True)
class End:
    """One end of a relation: the kind of thing it is (an entity type, ``Document`` or ``Section``)
    and the key that names it in its document (the entity's name, the section's path; the
    document itself needs none).

    >>> str(End("Section", "三/(一)")), str(End("Policy", "国家中长期教育改革和发展规划纲要")), str(DOCUMENT)
    ('三/(一)', '国家中长期教育改革和发展规划纲要', 'DOCUMENT')
    """

    kind: str
    key: str = ""

    def __str__(self) -> str:
        """The end as the extraction contract writes it: the key, or ``DOCUMENT``."""
        return "DOCUMENT" if self.kind == "Document" else self.key


DOCUMENT = End("Document")  # the document the relation is read in


@dataclass
class Relation:
    """A typed link between two ends, whose kinds are those ``RELATION_ENDS`` gives its type.

    >>> Relation("responsibleFor", End("Department", "市教育局"), End("Policy", "某某意见"))
    Traceback (most recent call last):
    ...
    ValueError: a responsibleFor relation links Department to Section, not Department to Policy
    """

    type: str
    head: End
    tail: End
    span: Span | None = None

    def __post_init__(self) -> None:
        kinds = RELATION_ENDS.get(self.type)
        if kinds is None:
            raise ValueError(f"unknown relation type {self.type!r}")
        if (self.head.kind, self.tail.kind) != kinds:
            raise ValueError(f"a {self.type} relation links {kinds[0]} to {kinds[1]}, "
                             f"not {self.head.kind} to {self.tail.kind}")


@dataclass
class Metadata:
    """What a document says about itself, each field with the span it was read from
    (``evidence``). The metadata reader fills it with spans into the document's normalised text;
    a ``DocumentRecord`` holds the same fields with spans into the file's text."""

    title: str | None = None
    doc_number: str | None = None
    issuer: list[str] = field(default_factory=list)
    date: str | None = None  # ISO yyyy-mm-dd, the 成文日期
    region: str | None = None
    period: tuple[int, int] | None = None
    doc_type: str | None = None
    evidence: dict[str, Span] = field(default_factory=dict)  # metadata field -> where it was read


@dataclass(kw_only=True)
class DocumentRecord(Metadata):
    """One policy document found in a file, with its metadata and extractions (fields by name)."""

    span: Span
    truncated: bool = False
    carried_by: int | None = None  # index of the notice that issues or forwards this document
    sections: list[Section] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class FileRecord:
    """Everything read from one source file."""

    source: str  # the path exactly as the user gave it
    text: str  # decoded text; all spans index into it
    encoding: str
    format: str  # txt, html, docx, pdf
    sha256: str
    documents: list[DocumentRecord] = field(default_factory=list)
