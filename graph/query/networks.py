"""networkx projections of the graph for analytics, and their GraphML/GEXF export for Gephi.

A cited policy that resolved to a built document is folded into that document, so
the dependency graph has one node per real document.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from graph.query.sparql import values

NETWORKS = ("dependencies", "organisations")

_DOCUMENTS = """
SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?n) AS ?number) (SAMPLE(?s) AS ?source) WHERE {
  ?doc a eli:LegalResource .
  OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc eli:id_local ?n } OPTIONAL { ?doc dcterms:source ?s }
} GROUP BY ?doc"""
_SAME = "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }"
_DEPENDS = """
SELECT DISTINCT ?doc ?p ?target WHERE {
  VALUES ?p { eli:based_on eli:cites eli:applies edukg:carries }
  ?doc ?p ?target .
}"""
_LEADS = """
SELECT DISTINCT ?org ?name ?item ?path ?heading ?docTitle WHERE {
  ?org edukg:responsibleFor ?item ; a org:Organization ; skos:prefLabel ?name .
  OPTIONAL { ?item edukg:sectionPath ?path }
  OPTIONAL { ?item dcterms:title ?heading }
  OPTIONAL { ?item eli:is_part_of* ?doc . ?doc dcterms:source ?src ; dcterms:title ?docTitle }
}"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def dependency_graph(store: ox.Store) -> nx.DiGraph:
    """Documents and the documents they are based on, cite, apply or carry (edge ``relation``)."""
    same = dict(values(store, _SAME, missing=""))
    graph = nx.DiGraph()
    for doc, title, number, source in sorted(values(store, _DOCUMENTS, missing="")):
        if doc not in same:
            graph.add_node(doc, label=title or number or _local(doc), number=number, source=source,
                           built=bool(source))
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, pred, target in values(store, _DEPENDS, missing=""):
        a, b = same.get(doc, doc), same.get(target, target)
        if a != b and a in graph and b in graph:
            relations[(a, b)].add(_local(pred))
    for (a, b), names in sorted(relations.items()):
        graph.add_edge(a, b, relation=",".join(sorted(names)))
    return graph


def organisation_graph(store: ox.Store) -> nx.Graph:
    """Bipartite: organisations and the plan items they are responsible for (collectives such as
    教育部门, ``edukg:GenericBody``, are no organisation and left out)."""
    graph = nx.Graph()
    for org, name, item, path, heading, doc_title in sorted(values(store, _LEADS, missing="")):
        graph.add_node(org, label=name, kind="organisation")
        graph.add_node(item, label=" ".join(x for x in (path, heading) if x) or _local(item), kind="item",
                       document=doc_title)
        graph.add_edge(org, item, relation="responsibleFor")
    return graph


def network(store: ox.Store, name: str) -> nx.Graph:
    """One of ``NETWORKS`` by name."""
    return dependency_graph(store) if name == "dependencies" else organisation_graph(store)


def write_network(graph: nx.Graph, path: Path, fmt: str) -> None:
    """GraphML or GEXF; attributes that are absent are left out rather than written empty."""
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)
