"""Cross-document links: a policy cited by title or 发文字号 resolves to the ingested document.

A cited policy is its own node in the citing file's graph (keyed by its title),
because a file's graph must not depend on what else was built. After every build
the shared links graph is recomputed from the whole store: ``owl:sameAs`` from the
cited node to the document, and the citing edges (``eli:based_on``, ``eli:cites``,
``eli:applies``) repeated onto the document, so ``eli:based_on+`` walks the chain
without a reasoner. A policy cited by 发文字号 needs no link: it is minted as the
document with that number.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from graph.iris import normalise_key
from graph.store import replace_graph
from ontology.namespaces import LINKS_GRAPH, OWL, sparql_prologue

_INGESTED = """
SELECT DISTINCT ?doc ?title ?number WHERE {
  ?doc dcterms:source ?source .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc eli:id_local ?number }
}"""

_CITED = """
SELECT DISTINCT ?cited ?title ?number WHERE {
  ?cited a eli:LegalResource .
  FILTER NOT EXISTS { ?cited dcterms:source ?source }
  OPTIONAL { ?cited dcterms:title ?title }
  OPTIONAL { ?cited eli:id_local ?number }
}"""

_CITING_EDGES = """
SELECT DISTINCT ?citing ?p ?cited WHERE {
  VALUES ?p { eli:based_on eli:cites eli:applies }
  ?citing ?p ?cited .
  FILTER NOT EXISTS { ?cited dcterms:source ?source }
}"""


@dataclass
class LinkReport:
    """How many cited-only documents there are and how many resolved to an ingested one."""

    cited: int
    resolved: int


def title_key(title: str) -> str:
    """Titles match ignoring 的 as well, which citations often drop (…工作实施意见)."""
    return normalise_key(title).replace("的", "")


class _Index:
    """Ingested documents by 发文字号 and by title."""

    def __init__(self, rows: list[tuple[str, str | None, str | None]]) -> None:
        self.by_number: dict[str, set[str]] = defaultdict(set)
        self.by_title: dict[str, set[str]] = defaultdict(set)
        for doc, title, number in rows:
            if number:
                self.by_number[normalise_key(number)].add(doc)
            if title:
                self.by_title[title_key(title)].add(doc)

    def resolve(self, title: str | None, number: str | None) -> str | None:
        """The one ingested document a citation names, or None when none or several fit."""
        if number and len(found := self.by_number.get(normalise_key(number), set())) == 1:
            return next(iter(found))
        if not title:
            return None
        key = title_key(title)
        found = self.by_title.get(key, set())
        if not found and key.startswith("关于"):  # cited without its issuer: 《关于…的意见》
            found = {d for t, docs in self.by_title.items() if t.endswith(key) for d in docs}
        return next(iter(found)) if len(found) == 1 else None


def _rows(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    solutions = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    return [tuple(term.value if term is not None else None for term in sol) for sol in solutions]


def link(store: ox.Store) -> LinkReport:
    """Recompute the shared links graph from everything in the store."""
    index = _Index(_rows(store, _INGESTED))  # type: ignore[arg-type]
    resolved: dict[str, str] = {}
    cited_rows = sorted(_rows(store, _CITED), key=lambda r: tuple(x or "" for x in r))
    for node, title, number in cited_rows:
        if node in resolved:
            continue
        target = index.resolve(title, number)
        if target is not None and target != node:
            resolved[node] = target  # type: ignore[index]
    quads = [ox.Quad(ox.NamedNode(c), ox.NamedNode(OWL.sameAs), ox.NamedNode(d)) for c, d in resolved.items()]
    for citing, pred, node in _rows(store, _CITING_EDGES):
        target = resolved.get(node)  # type: ignore[arg-type]
        if target is not None and target != citing:
            quads.append(ox.Quad(ox.NamedNode(citing), ox.NamedNode(pred), ox.NamedNode(target)))
    replace_graph(store, LINKS_GRAPH, sorted(set(quads), key=str))
    return LinkReport(cited=len({row[0] for row in cited_rows}), resolved=len(resolved))

