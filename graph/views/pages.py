"""Page payloads: which nodes and edges each view shows, where they sit, and what a hover tells.

A payload is plain JSON-ready data; ``html`` turns it into a page. Node ids are
short and assigned in IRI order, so the same graph gives byte-identical pages.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

from graph.views import layout
from graph.views.kinds import ENTITY_PAGE_KINDS, KINDS
from graph.views.levels import LEVELS
from graph.views.model import Node, ViewGraph, local_name
from ontology.namespaces import ELI

PART_OF = local_name(ELI.is_part_of)
OVERVIEW_FILE = "dependencies.html"
INDEX_FILE = "index.html"
# Columns beside a document's outline: its targets, then everything else it involves.
ENTITY_COLUMNS = (
    ("target",),
    ("department", "school", "programme", "indicator", "place", "policy", "document"),
)


def page_file(node: Node) -> str | None:
    """The file name of a node's own page, from a hash of its IRI (stable, safe on every filesystem)."""
    digest = hashlib.sha256(node.iri.encode("utf-8")).hexdigest()[:16]
    if node.kind == "document":
        return f"doc-{digest}.html"
    if node.kind in ENTITY_PAGE_KINDS:
        return f"{node.kind}-{digest}.html"
    return None


class Adjacency:
    """Undirected neighbours and part-of parents, built once per graph."""

    def __init__(self, graph: ViewGraph) -> None:
        self.graph = graph
        self.near: dict[str, set[str]] = defaultdict(set)
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        for e in graph.edges:
            self.near[e.source].add(e.target)
            self.near[e.target].add(e.source)
            if e.label == PART_OF and e.source not in self.parent:
                self.parent[e.source] = e.target
                self.children[e.target].append(e.source)

    def document_of(self, iri: str) -> str | None:
        """The document a section, target or item belongs to, climbing part-of links."""
        nodes = self.graph.nodes
        candidates = [iri, *sorted(n for n in self.near[iri] if nodes[n].kind == "section")]
        for start in candidates:
            seen, cur = set(), start
            while cur not in seen:
                seen.add(cur)
                if nodes[cur].kind in ("document", "policy") and cur != iri:
                    return cur
                if cur not in self.parent:
                    break
                cur = self.parent[cur]
        sources = nodes[iri].sources
        return sources[0].document if sources and sources[0].document in nodes else None


def _payload(
    graph: ViewGraph, title: str, kind: str, positions: Mapping[str, layout.Position],
    extra_edges: Iterable[tuple[str, str, str]] = (), hidden: frozenset[tuple[str, str]] = frozenset(),
) -> dict:
    """Nodes with their positions, the edges among them, and legends for what is present."""
    iris = sorted(positions)
    ids = {iri: f"n{i}" for i, iri in enumerate(iris)}
    nodes = []
    for iri in iris:
        n = graph.nodes[iri]
        entry = {
            "id": ids[iri], "label": n.label, "kind": n.kind, "iri": iri,
            "x": round(positions[iri][0], 1), "y": round(positions[iri][1], 1),
            "details": [list(d) for d in n.details],
            "sources": [{"text": s.text, "doc": _doc_title(graph, s.document)} for s in n.sources],
        }
        if n.level:
            entry["level"] = n.level
        href = page_file(n)
        if href:
            entry["href"] = href
        nodes.append(entry)
    triples = [(e.source, e.label, e.target) for e in graph.edges_among(set(iris))] + list(extra_edges)
    parallel: dict[tuple[str, str], set[str]] = defaultdict(set)  # one line per pair, labels joined
    for s, label, t in triples:
        if s in ids and t in ids and (s, t) not in hidden and (t, s) not in hidden:
            parallel[(ids[s], ids[t])].add(label)
    present = {graph.nodes[iri].kind for iri in iris}
    return {
        "title": title, "view": kind,
        "nodes": nodes,
        "edges": [{"from": s, "label": ", ".join(sorted(labels)), "to": t}
                  for (s, t), labels in sorted(parallel.items())],
        "legend": [{"key": k.key, "name": k.name, "color": k.color, "shape": k.shape} for k in KINDS
                   if k.key in present],
        "index": INDEX_FILE,
    }


def _doc_title(graph: ViewGraph, iri: str) -> str:
    node = graph.nodes.get(iri)
    return node.label if node else local_name(iri)


def _date(node: Node) -> str:
    return dict(node.details).get(local_name(ELI.date_document), "")


def dependencies(graph: ViewGraph) -> dict:
    """Documents and cited policies, stacked national → provincial → city → county, unknown last."""
    docs = graph.of_kind("document", "policy")
    iris = {d.iri for d in docs}
    upstream: dict[str, list[str]] = defaultdict(list)
    for e in graph.edges:
        if e.source in iris and e.target in iris and e.source != e.target:
            upstream[e.source].append(e.target)
    rank = {level: i for i, level in enumerate(LEVELS)}
    rows: list[list[str]] = [[] for _ in range(len(LEVELS) + 1)]
    for d in sorted(docs, key=lambda d: (_date(d), d.label, d.iri)):
        rows[rank.get(d.level or "", len(LEVELS))].append(d.iri)
    return _payload(graph, "Policy dependencies", "dependencies", layout.bands(rows, upstream))


def document(graph: ViewGraph, adj: Adjacency, doc: Node) -> dict:
    """A document's outline of sections and items, with everything they involve beside them."""
    items: list[tuple[str, int]] = []

    def walk(iri: str, depth: int) -> None:
        for child in sorted(adj.children.get(iri, ()), key=lambda c: graph.nodes[c].order):
            if graph.nodes[child].kind == "section":
                items.append((child, depth))
                walk(child, depth + 1)

    walk(doc.iri, 1)
    core = {doc.iri, *(i for i, _ in items)}
    involved = {n for c in core for n in adj.near[c]} - core
    involved |= {n for t in involved if graph.nodes[t].kind == "target" for n in adj.near[t]} - core
    involved = {n for n in involved if graph.nodes[n].kind != "section"}
    columns = [[n for n in sorted(involved) if graph.nodes[n].kind in kinds] for kinds in ENTITY_COLUMNS]
    positions = layout.outline(doc.iri, items, columns, lambda n: sorted(adj.near[n]))
    # Whatever an item already ties to the document needs no second line to the title.
    tied = {n for n in involved if any(graph.nodes[m].kind == "section" for m in adj.near[n] & core)}
    return _payload(graph, doc.label, "document", positions, hidden=frozenset((doc.iri, n) for n in tied))


def entity(graph: ViewGraph, adj: Adjacency, node: Node) -> dict:
    """An entity's neighbourhood across documents: the items that involve it, grouped by document."""
    groups: dict[str | None, set[str]] = defaultdict(set)
    for n in adj.near[node.iri]:
        if graph.nodes[n].kind in ("document", "policy"):
            groups.setdefault(n, set())
        else:
            groups[adj.document_of(n)].add(n)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    spec = [(doc, sorted(items, key=lambda i: graph.nodes[i].order)) for doc, items in ordered]
    positions = layout.radial(node.iri, spec)
    extra = [(item, "in", doc) for doc, items in spec if doc for item in items if doc not in adj.near[item]]
    return _payload(graph, node.label, "entity", positions, extra)
