"""What each node of a view is: one kind per node, decided from its RDF types.

The kinds are the legend of every view; the classes are the standard ones the
graph uses (issue vocabulary), so the views need no reasoner and no edukg-only term.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.views.terms import term
from ontology.namespaces import EDUKG, ELI, INDICATORS, ORG, PROGRAMMES, SCHEMA, SKOS


@dataclass(frozen=True)
class Kind:
    """A node kind with the way it is drawn; its name is the reader's word for it (``terms.tsv``)."""

    key: str
    color: str
    shape: str
    font: str = "#222222"

    @property
    def name(self) -> str:
        return term("kind", self.key)


KINDS: tuple[Kind, ...] = (
    Kind("document", "#1f5fa8", "box", "#ffffff"),
    # cited but not built: pale, with dark text, so built documents stand out
    Kind("policy", "#eef2f7", "box", "#44546a"),
    Kind("group", "#fff4d6", "box", "#5a4300"),
    Kind("section", "#9aa0a6", "ellipse"),
    Kind("target", "#e05aa8", "star"),
    Kind("department", "#d33a2c", "dot"),
    Kind("school", "#2e9a46", "triangle"),
    Kind("programme", "#8a5cc7", "diamond"),
    Kind("indicator", "#f08a24", "square"),
    Kind("place", "#8c6239", "triangleDown"),
)
KIND_BY_KEY = {k.key: k for k in KINDS}


@dataclass(frozen=True)
class LinkKind:
    """A kind of link between documents, drawn in its own colour so the legend can name and filter it."""

    key: str
    color: str

    @property
    def name(self) -> str:
        return term("link", self.key)


# Links between documents, strongest first: a pair linked in several ways is drawn as the first.
DOCUMENT_LINKS: tuple[LinkKind, ...] = (
    LinkKind("based_on", "#1f5fa8"),
    LinkKind("applies", "#2e9a46"),
    LinkKind("carries", "#8a5cc7"),
    LinkKind("cites", "#b8bec6"),
)

# Entity kinds that get a page of their own.
ENTITY_PAGE_KINDS = ("department", "school", "programme", "indicator")

SCHOOL_CLASSES = frozenset(
    SCHEMA + c
    for c in (
        "School", "ElementarySchool", "MiddleSchool", "HighSchool", "Preschool",
        "CollegeOrUniversity", "EducationalOrganization",
    )
)
ORG_CLASSES = frozenset({ORG.Organization, SCHEMA.GovernmentOrganization})
PLACE_CLASSES = frozenset({SCHEMA.AdministrativeArea})


def classify(types: set[str], schemes: set[str], ingested: bool) -> str | None:
    """The kind of a node, or ``None`` for nodes views leave out (provenance, schemes, other concepts).

    Order matters: a school is also an organisation, so the most specific test comes first.
    """
    if ELI.LegalResource in types:
        return "document" if ingested else "policy"
    if ELI.LegalResourceSubdivision in types:
        return "section"
    if EDUKG.Target in types:
        return "target"
    if types & SCHOOL_CLASSES:
        return "school"
    if types & ORG_CLASSES:
        return "department"
    if types & PLACE_CLASSES:
        return "place"
    if EDUKG.Indicator in types or (SKOS.Concept in types and INDICATORS in schemes):
        return "indicator"
    if EDUKG.Programme in types or (SKOS.Concept in types and PROGRAMMES in schemes):
        return "programme"
    return None
