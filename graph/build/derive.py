"""Facts every named query would otherwise recompute over the union of graphs, derived once at link time.

Walking ``eli:is_part_of*`` up to a document, ``((^edukg:carries)?/eli:based_on/(edukg:carries)?)+``
through notices, or pairing every citation with its ``owl:sameAs`` is cheap for one plan and slow
for a thousand: the query engine redoes it for every row of every query. Linking already reads the
whole store, so it derives these once, as plain triples in the derived graph (``DERIVED_GRAPH``):

- ``edukg:inDocument``: a section (at any depth) → the built document it is part of;
- ``edukg:upstream``: a document → every document it builds on, directly or not, a notice and the
  plan it carries counting as one step (the property path above, closed);
- ``edukg:citesPolicy``: a built document → each document it cites by name: the built document
  the citation resolved to, else the cited node when it is built or its title is marked 《》
  (a phrase that merely ends in 方案 names none); never itself;
- ``edukg:indicatorLabel``: a target → each label of its indicator (preferred or alternative, as a
  plain string), so a target is found by any name of its indicator with one index lookup.

They are recomputed with the links graph after every build, so they never outlive the facts they
come from; ``ontology/edukg.ttl`` declares them. The sections around a section are not stored: a
query reaches them from the few items it holds with ``eli:is_part_of+`` (a section is at most a few
levels deep), where storing them doubled the derived graph (98,000 triples for the law corpus).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ontology.namespaces import EDUKG, sparql_prologue

_PARTS = "SELECT ?part ?whole WHERE { ?part eli:is_part_of ?whole }"
_BUILT = "SELECT DISTINCT ?doc WHERE { ?doc dcterms:source ?source }"
_BASED_ON = "SELECT DISTINCT ?a ?b WHERE { ?a eli:based_on ?b }"
_CARRIES = "SELECT DISTINCT ?notice ?plan WHERE { ?notice edukg:carries ?plan }"
_INDICATOR_LABELS = """
SELECT DISTINCT ?target (STR(?label) AS ?name) WHERE {
  ?target edukg:indicator ?concept .
  { ?concept skos:prefLabel ?label } UNION { ?concept skos:altLabel ?label }
}"""
# a cited node the text names as a document: its title is marked 《》 where it is mentioned
_MARKED = """
SELECT DISTINCT ?cited WHERE {
  ?citing eli:cites ?cited .
  ?cited a eli:LegalResource ; prov:wasDerivedFrom/oa:hasSelector ?quote .
  ?quote oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?before }
  FILTER(STRSTARTS(?exact, "《") || STRENDS(COALESCE(?before, ""), "《"))
}"""
_CITATIONS = """
SELECT DISTINCT ?citing ?cited ?resolved WHERE {
  ?citing eli:cites ?cited ; dcterms:source ?source .
  OPTIONAL { ?cited owl:sameAs ?resolved }
}"""


def _pairs(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    return [tuple(term.value if term is not None else "" for term in sol) for sol in solutions]


def closure(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` in one step or more (``start`` itself only on a cycle).

    >>> sorted(closure({"a": {"b"}, "b": {"c"}, "c": {"a"}}, "a"))
    ['a', 'b', 'c']
    >>> sorted(closure({"a": {"b"}}, "b"))
    []
    """
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def documents_of(parts: Iterable[tuple[str, str]], built: set[str]) -> set[tuple[str, str]]:
    """(part, document) for every part that reaches a built document by ``eli:is_part_of`` steps.

    >>> sorted(documents_of([("s1", "d"), ("s2", "s1"), ("x", "y")], {"d"}))
    [('s1', 'd'), ('s2', 'd')]
    """
    wholes: dict[str, set[str]] = defaultdict(set)
    for part, whole in parts:
        wholes[part].add(whole)
    return {(part, whole) for part in wholes for whole in closure(wholes, part) if whole in built}


def upstream(based_on: Iterable[tuple[str, str]], carries: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs ``?a ((^edukg:carries)?/eli:based_on/(edukg:carries)?)+ ?b``: one step leaves a
    document or a notice carrying it, follows ``eli:based_on``, and may go on to what that carries.

    >>> sorted(upstream([("notice", "national")], [("notice", "city"), ("national", "plan")]))
    [('city', 'national'), ('city', 'plan'), ('notice', 'national'), ('notice', 'plan')]
    """
    carriers: dict[str, set[str]] = defaultdict(set)
    carried: dict[str, set[str]] = defaultdict(set)
    for notice, plan in carries:
        carriers[plan].add(notice)
        carried[notice].add(plan)
    bases: dict[str, set[str]] = defaultdict(set)
    for a, b in based_on:
        bases[a].add(b)
    starts = set(bases) | {plan for notice in bases for plan in carried[notice]}
    step: dict[str, set[str]] = {}
    for a in starts:
        ends = {b for origin in {a} | carriers.get(a, set()) for b in bases.get(origin, ())}
        step[a] = ends | {plan for b in ends for plan in carried.get(b, ())}
    return {(a, b) for a in step for b in closure(step, a)}


def cites_policy(rows: Iterable[tuple[str, str, str]], documents: set[str]) -> set[tuple[str, str]]:
    """(citing, policy) for each citation of a built document that names a document: the built
    document it resolved to, else the cited node if it is among ``documents`` (built, or cited by a
    title marked 《》); a document's mention of itself is no citation.

    >>> sorted(cites_policy([("d", "c1", "e"), ("d", "c2", ""), ("d", "c3", ""), ("e", "c4", "e")], {"c2"}))
    [('d', 'c2'), ('d', 'e')]
    """
    return {(citing, resolved or cited) for citing, cited, resolved in rows
            if (resolved or cited) != citing and (resolved or cited in documents)}


def derived_facts(store: ox.Store) -> list[ox.Quad]:
    """The derived triples of the whole store (graph names left to the caller)."""
    built = {r[0] for r in _pairs(store, _BUILT)}
    facts = {(EDUKG.inDocument, pair) for pair in documents_of(_pairs(store, _PARTS), built)}
    facts |= {(EDUKG.upstream, pair) for pair in upstream(_pairs(store, _BASED_ON), _pairs(store, _CARRIES))}
    named = built | {r[0] for r in _pairs(store, _MARKED)}
    facts |= {(EDUKG.citesPolicy, pair) for pair in cites_policy(_pairs(store, _CITATIONS), named)}  # type: ignore[arg-type]
    quads = [ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for p, (s, o) in facts]
    quads += [ox.Quad(ox.NamedNode(target), ox.NamedNode(EDUKG.indicatorLabel), ox.Literal(name))
              for target, name in _pairs(store, _INDICATOR_LABELS)]
    return quads
