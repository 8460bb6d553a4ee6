"""The view model: the part of the graph that views draw, read from the store in a few SPARQL queries.

Reading everything once and slicing in Python keeps page generation linear in the
size of the graph; one query per page would be quadratic on a large corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from graph.query.sparql import values
from graph.store import local as store_module
from graph.views.kinds import classify
from graph.views.levels import document_level, document_region
from ontology.namespaces import DCTERMS, ELI, OWL, RDFS, SCHEMA, SKOS

LABEL_PREDICATES = (DCTERMS.title, SKOS.prefLabel, RDFS.label, SCHEMA.name)
MAX_SOURCES = 6
MAX_QUOTE = 240
FOREIGN = "foreign:"  # marks, in the label table, a label tagged with a language other than Chinese
MENTIONS = "mentions"  # a section whose text names an entity (read from provenance)


@dataclass(frozen=True)
class Source:
    """Where a resource was read: the quoted characters in a document."""

    text: str
    document: str
    start: int


@dataclass
class Node:
    """One drawable resource."""

    iri: str
    kind: str
    label: str
    details: list[tuple[str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    level: str | None = None  # documents only: national, provincial, city, county
    region: str | None = None  # documents only: the place it governs, or its issuer for a national one

    @property
    def order(self) -> tuple[int, str]:
        """Reading order: first source offset, then label."""
        starts = [s.start for s in self.sources if s.start >= 0]
        return (min(starts) if starts else 1 << 30, self.label)


@dataclass(frozen=True)
class Edge:
    """A statement between two drawable resources, named by the predicate's local name."""

    source: str
    label: str
    target: str


@dataclass
class ViewGraph:
    """Nodes by IRI and the edges between them."""

    nodes: dict[str, Node]
    edges: list[Edge]
    outgoing: dict[str, list[Edge]] = field(default_factory=dict, repr=False)  # filled on first use

    def edges_among(self, iris: set[str]) -> list[Edge]:
        """Edges with both ends in ``iris``, found from their sources (linear in the page, not the graph)."""
        if not self.outgoing:
            for e in self.edges:
                self.outgoing.setdefault(e.source, []).append(e)
        return [e for iri in sorted(iris) for e in self.outgoing.get(iri, ()) if e.target in iris]

    def of_kind(self, *kinds: str) -> list[Node]:
        """Nodes of the given kinds, sorted by IRI for determinism."""
        return sorted((n for n in self.nodes.values() if n.kind in kinds), key=lambda n: n.iri)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def open_store(store: ox.Store | str | Path) -> ox.Store:
    """A store object from a store or the directory of a persistent store (opened read-only)."""
    if isinstance(store, ox.Store):
        return store
    return store_module.open_store(store, read_only=True)


def _select(store: ox.Store, name: str) -> list[tuple]:
    text = (files("graph.views") / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return values(store, text)


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else -1
    except ValueError:
        return -1


def load_view_graph(store: ox.Store | str | Path) -> ViewGraph:
    """Read the drawable part of the graph: typed resources, their labels, literals, links and sources."""
    st = open_store(store)
    types: dict[str, set[str]] = defaultdict(set)
    for s, t in _select(st, "types"):
        types[s].add(t)
    schemes: dict[str, set[str]] = defaultdict(set)
    for s, scheme in _select(st, "schemes"):
        schemes[s].add(scheme)
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, label, lang in _select(st, "labels"):
        if not lang or lang.startswith("zh"):
            labels[s][p].append(label)
        else:
            labels[s][FOREIGN + p].append(label)
    literals: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, p, o in _select(st, "literals"):
        literals[s].add((p, o))

    nodes: dict[str, Node] = {}
    for iri in sorted(types):
        lits = literals.get(iri, set())
        kind = classify(types[iri], schemes.get(iri, set()), any(p == DCTERMS.source for p, _ in lits))
        if kind is not None:
            nodes[iri] = Node(iri, kind, _best_label(iri, labels.get(iri, {})), _details(lits))

    edges: set[Edge] = set()
    same: dict[str, str] = {}
    for s, p, o in _select(st, "links"):
        if p == OWL.sameAs and s in nodes and nodes.get(o) is not None and nodes[o].kind == "document":
            same[s] = o
        elif s in nodes and o in nodes:
            edges.add(Edge(s, local_name(p), o))
        elif s in nodes and o in labels:
            nodes[s].details.append((local_name(p), _best_label(o, labels[o])))

    for x, doc, exact, start, section in _select(st, "provenance"):
        if x not in nodes:
            continue
        # a heading is traced by position only: its words are the section's own label
        nodes[x].sources.append(Source(_clip(exact or nodes[x].label), doc, _int(start)))
        if section in nodes and nodes[x].kind not in ("document", "section", "target"):
            edges.add(Edge(section, MENTIONS, x))

    graph = ViewGraph(nodes, sorted(edges, key=_edge_key))
    _merge_same(graph, same)
    _finish(graph)
    return graph


def _edge_key(e: Edge) -> tuple[str, str, str]:
    return (e.source, e.label, e.target)


def _clip(text: str) -> str:
    """Source text short enough for a tooltip (a document's own span is the whole document)."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def _merge_same(graph: ViewGraph, same: dict[str, str]) -> None:
    """Fold a cited-only node into the ingested document it resolves to (``owl:sameAs``)."""
    if not same:
        return
    for iri, doc in same.items():
        graph.nodes[doc].sources.extend(graph.nodes.pop(iri).sources)
    merged = {Edge(same.get(e.source, e.source), e.label, same.get(e.target, e.target)) for e in graph.edges}
    graph.edges = sorted((e for e in merged if e.source != e.target), key=_edge_key)


def _best_label(iri: str, by_predicate: dict[str, list[str]]) -> str:
    """The first Chinese (or untagged) label by ``LABEL_PREDICATES``, else one in another language:
    a comparator reads 不低于, not "at least"."""
    for p in (*LABEL_PREDICATES, *(FOREIGN + p for p in LABEL_PREDICATES)):
        if by_predicate.get(p):
            return min(by_predicate[p])
    return local_name(iri)


def _details(lits: set[tuple[str, str]]) -> list[tuple[str, str]]:
    skip = set(LABEL_PREDICATES)
    return sorted((local_name(p), o) for p, o in lits if p not in skip and len(o) <= 300)


def _finish(graph: ViewGraph) -> None:
    """Sort details and sources, compose section and target labels, and place documents on a level.

    A document's issuers are drawn as nodes and also listed among its details (发文机关), which
    is where a reader looks for them."""
    places: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        if e.label in (local_name(ELI.passed_by), local_name(DCTERMS.spatial)):
            places[e.source].append(graph.nodes[e.target].label)
        if e.label == local_name(ELI.passed_by):
            graph.nodes[e.source].details.append((e.label, graph.nodes[e.target].label))
    for node in graph.nodes.values():
        node.details.sort()
        node.sources = sorted(set(node.sources), key=lambda s: (s.document, s.start, s.text))[:MAX_SOURCES]
        detail = dict(node.details)
        if node.label == local_name(node.iri) and node.kind in ("document", "policy"):
            node.label = detail.get("id_local") or Path(detail.get("source", node.label)).name
        if node.kind == "section" and detail.get("number") and not node.label.startswith(detail["number"]):
            node.label = f"{detail['number']} {node.label}".strip()
        elif node.kind == "target" and detail.get("rawText"):
            node.label = detail["rawText"]
        elif node.kind in ("document", "policy"):
            node.level = document_level(sorted(places.get(node.iri, [])), node.label)
            node.region = document_region(node.level, sorted(places.get(node.iri, [])), node.label)
