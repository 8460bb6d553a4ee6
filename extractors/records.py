"""Extraction records: the one contract between ``extractors`` and ``graph``.

Plain dataclasses, no RDF. Every span is a ``(start, end)`` pair of code-point
offsets into the decoded text of the source file (``FileRecord.text``), so that
any fact can be traced back to the characters it came from.
"""

from __future__ import annotations

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
class DocumentRecord:
    """One policy document found in a file, with its metadata and extractions."""

    span: Span
    title: str | None = None
    doc_number: str | None = None
    issuer: list[str] = field(default_factory=list)
    date: str | None = None  # ISO yyyy-mm-dd, the 成文日期
    region: str | None = None
    period: tuple[int, int] | None = None
    doc_type: str | None = None
    truncated: bool = False
    carried_by: int | None = None  # index of the notice that issues or forwards this document
    evidence: dict[str, Span] = field(default_factory=dict)  # metadata field -> where it was read
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
