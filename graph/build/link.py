"""Cross-document links: a policy cited by title or 发文字号 resolves to the ingested document.

The links graph also holds what the file graphs say about shared nodes (a cited document's
title and number, a body's label and types): each file states those only as its own
``rdf:Statement`` (``graph.build.rdf``), and every triple they state that no graph holds plainly is
asserted here once, so a query over the union gives one row per answer while each statement
still says which file (and, where known, which span) it came from.

A cited policy is its own node in the citing file's graph (keyed by its title),
because a file's graph must not depend on what else was built. After every build
the shared links graph is recomputed from the whole store: ``owl:sameAs`` from the
cited node to the document, and the citing edges (``eli:based_on``, ``eli:cites``,
``eli:applies``) repeated onto the document, so ``eli:based_on+`` walks the chain
without a reasoner. A policy cited by 发文字号 needs no link: it is minted as the
document with that number. Last, the facts every query would otherwise walk for (a section's
document, the upstream chain, what a document cites by name, a target's indicator labels) are
derived into a graph of their own (``graph.build.derive``), written once per linking.

Resolution prefers precision: each rule must find exactly one document, and a rule
that finds several stops the search rather than trying looser ones. In order:

1. the 发文字号;
2. the full title (ignoring 的, and 人民政府 written 政府);
3. a title without its own issuer (《关于…》) or with a relative one (省政府办公厅关于…):
   the documents of the citing document's region and the divisions enclosing it, then
   (for 《关于…》) any document whose title ends so;
4. rules 2–3 again with 意见, 实施意见 and 若干意见 taken as one (citations mix them);
5. a notice that issues or forwards a document (…关于印发Y的通知) that is not built itself:
   the document Y, linked with ``edukg:carries`` (the notice carries it), not ``owl:sameAs``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass

import pyoxigraph as ox

from extractors.doctext import NOTICE_TITLE
from extractors.keys import normalise_key, title_key
from graph.build.derive import derived_facts
from graph.build.places import enclosing, relative_form
from graph.build.vocab import is_relative_title
from graph.query.sparql import solutions, values
from graph.store.local import replace_graph
from ontology.namespaces import DERIVED_GRAPH, EDUKG, FILE_GRAPH_PREFIX, LINK_EDGES, LINKS_GRAPH, OWL

# the statements of the file graphs that no graph states plainly: facts about shared nodes
_SHARED = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH ?g {{ ?statement rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
  FILTER(STRSTARTS(STR(?g), "{FILE_GRAPH_PREFIX}"))
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{LINKS_GRAPH}>) }}
}}"""

_INGESTED = """
SELECT DISTINCT ?doc ?title ?number ?region ?date WHERE {
  ?doc dcterms:source ?source .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc eli:id_local ?number }
  OPTIONAL { ?doc dcterms:spatial/schema:name ?region }
  OPTIONAL { ?doc eli:date_document ?date }
}"""

# the cited-only nodes first (each once), then their titles: five times faster than filtering
# every typed node of every graph row by row
_CITED = """
SELECT DISTINCT ?cited ?title ?number WHERE {
  { SELECT DISTINCT ?cited WHERE { ?cited a eli:LegalResource MINUS { ?cited dcterms:source ?source } } }
  OPTIONAL { ?cited dcterms:title ?title }
  OPTIONAL { ?cited eli:id_local ?number }
}"""

_CITED_BUILT = """
SELECT (COUNT(DISTINCT ?cited) AS ?n) WHERE {
  ?citing eli:cites ?cited ; dcterms:source ?a .
  ?cited dcterms:source ?b .
  FILTER(?citing != ?cited)
}"""

_CITERS = """
SELECT DISTINCT ?cited ?citing ?region ?date WHERE {
  ?citing eli:cites ?cited ; dcterms:source ?source .
  FILTER NOT EXISTS { ?cited dcterms:source ?s }
  OPTIONAL { ?citing dcterms:spatial/schema:name ?region }
  OPTIONAL { ?citing eli:date_document ?date }
}"""

_CITING_EDGES = """
SELECT DISTINCT ?citing ?p ?cited WHERE {
  VALUES ?p { eli:based_on eli:cites eli:applies }
  ?citing ?p ?cited .
  FILTER NOT EXISTS { ?cited dcterms:source ?source }
}"""

_OPINION = re.compile(r"(实施|若干)?意见$")
LATEST = "9999-12-31"  # as of no particular date: the latest version
_ABOUT = "关于"


@dataclass
class LinkReport:
    """How many cited-only documents there are and how many resolved to an ingested one, and
    how many ingested documents are cited as themselves (by 发文字号, or a title and number)."""

    cited: int
    resolved: int
    direct: int = 0


def loose_key(title: str) -> str:
    """A title key that takes 意见, 实施意见 and 若干意见 as one."""
    return _OPINION.sub("意见", title_key(title))


KEYS: tuple[Callable[[str], str], ...] = (title_key, loose_key)


def carried_title(title: str) -> str | None:
    """The title of the document a notice issues or forwards (…关于印发Y的通知 → Y), else None: the
    boundary finder's own pattern (``extractors.doctext.NOTICE_TITLE``) over the title's key.

    >>> carried_title("教育部关于印发《义务教育课程方案》的通知"), carried_title("关于做好招生工作的通知")
    ('义务教育课程方案', None)
    """
    m = NOTICE_TITLE.search(normalise_key(title))
    return m.group("carried") if m else None


@dataclass(frozen=True)
class Built:
    """An ingested document as the index sees it."""

    iri: str
    title: str | None
    number: str | None
    region: str | None
    date: str | None = None


def _tail(key: str) -> str | None:
    """A title key without its issuer: from its first 关于 on (a later 关于 is a carried title's)."""
    at = key.find(_ABOUT)
    return key[at:] if at >= 0 else None


class _Index:
    """Ingested documents by 发文字号, by full title, by title without issuer, by relative title."""

    def __init__(self, docs: Iterable[Built]) -> None:
        self.by_number: dict[str, set[str]] = defaultdict(set)
        self.by_title: list[dict[str, set[str]]] = [defaultdict(set) for _ in KEYS]
        self.by_tail: list[dict[str, set[str]]] = [defaultdict(set) for _ in KEYS]
        self.by_relative: list[dict[tuple[str, str], set[str]]] = [defaultdict(set) for _ in KEYS]
        self.regions: dict[str, str] = {}
        self.dates: dict[str, str] = {}
        for doc in docs:
            if doc.date:
                self.dates[doc.iri] = doc.date
            if doc.number:
                self.by_number[normalise_key(doc.number)].add(doc.iri)
            if doc.region:
                self.regions[doc.iri] = doc.region
            if not doc.title:
                continue
            relative = relative_form(doc.title, doc.region) if doc.region else None
            for i, key_of in enumerate(KEYS):
                self.by_title[i][key_of(doc.title)].add(doc.iri)
                if relative:
                    self.by_relative[i][(doc.region, key_of(relative))].add(doc.iri)  # type: ignore[index]
                if tail := _tail(key_of(doc.title)):
                    self.by_tail[i][tail].add(doc.iri)

    def _versions(self, found: set[str], until: str) -> set[str]:
        """Documents of one full title and one region are versions of one document (a law as
        amended, a plan reissued): of those, the latest dated no later than ``until``. Candidates
        from different regions are left as they are, for the caller to find ambiguous."""
        if len(found) < 2 or len({self.regions.get(d) for d in found}) > 1:
            return found
        dated = sorted((self.dates[d], d) for d in found if d in self.dates and self.dates[d] <= until)
        return {dated[-1][1]} if dated else found

    def _by_key(self, i: int, title: str, places: tuple[str, ...], exclude: Set[str], until: str) -> set[str]:
        """Candidates for one key; an empty set lets a looser rule try."""
        key = KEYS[i](title)
        found = self._versions(self.by_title[i].get(key, set()) - exclude, until)
        if found or not is_relative_title(title):
            return found
        found = {d for place in places for d in self.by_relative[i].get((place, key), ())}
        found |= {d for d in self.by_tail[i].get(key, ()) if self.regions.get(d) in places}
        found -= exclude
        if found or not key.startswith(_ABOUT):
            return found
        return self.by_tail[i].get(key, set()) - exclude

    def resolve_title(self, title: str, places: tuple[str, ...], exclude: Set[str],
                      until: str = LATEST) -> str | None:
        for i in range(len(KEYS)):
            found = self._by_key(i, title, places, exclude, until)
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def resolve(self, title: str | None, number: str | None, places: tuple[str, ...],
                exclude: Set[str], until: str = LATEST) -> str | None:
        """The one ingested document a citation names, or None when none or several fit; of the
        versions of a national document, the one in force at ``until`` (an ISO date)."""
        if number:
            found = self.by_number.get(normalise_key(number), set()) - exclude
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return self.resolve_title(title, places, exclude, until) if title else None


@dataclass(frozen=True)
class Context:
    """Where a cited node is cited from: its citing documents, the places a relative title of it
    may refer to, and the date of its latest dated citing document (``LATEST`` if none is dated)."""

    citers: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    until: str = LATEST


def _contexts(store: ox.Store) -> dict[str, Context]:
    citers: dict[str, set[str]] = defaultdict(set)
    regions: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, set[str]] = defaultdict(set)
    for cited, citing, region, date in values(store, _CITERS):
        citers[cited].add(citing)  # type: ignore[index,arg-type]
        regions[cited].add(region or "")  # type: ignore[index]
        if date:
            dates[cited].add(date)  # type: ignore[index]
    out = {}
    for cited, docs in citers.items():
        region = next(iter(regions[cited])) if len(regions[cited]) == 1 else ""
        out[cited] = Context(frozenset(docs), (region, *enclosing(region)) if region else (),
                             max(dates[cited], default=LATEST))
    return out


def shared_facts(store: ox.Store) -> set[ox.Quad]:
    """Each fact the file graphs state about shared nodes, once."""
    return {ox.Quad(sol["s"], sol["p"], sol["o"]) for sol in solutions(store, _SHARED, union=False)}  # type: ignore[arg-type]


def link(store: ox.Store) -> LinkReport:
    """Recompute the shared links graph from everything in the store: the shared facts first,
    which the resolution reads (a cited document's title), then the links, then the derived graph
    from them (``graph.build.derive``). The old links stay until the new ones replace them, so a
    reader never sees the store without them."""
    shared = shared_facts(store)
    old = store.quads_for_pattern(None, None, None, ox.NamedNode(LINKS_GRAPH))
    replace_graph(store, LINKS_GRAPH, [*shared, *(q for q in old if q.predicate.value in LINK_EDGES)])
    index = _Index(Built(*row) for row in values(store, _INGESTED))  # type: ignore[arg-type]
    contexts = _contexts(store)
    same: dict[str, str] = {}
    carries: dict[str, str] = {}
    cited_rows = sorted(values(store, _CITED), key=lambda r: tuple(x or "" for x in r))
    for node, title, number in cited_rows:
        if node in same or node in carries:
            continue
        where = contexts.get(node, Context())  # type: ignore[arg-type]
        target = index.resolve(title, number, where.places, where.citers, where.until)
        if target is not None:
            same[node] = target  # type: ignore[index]
        elif title and (inner := carried_title(title)) and \
                (doc := index.resolve_title(inner, where.places, where.citers, where.until)):
            carries[node] = doc  # type: ignore[index]
    quads = [ox.Quad(ox.NamedNode(c), ox.NamedNode(OWL.sameAs), ox.NamedNode(d)) for c, d in same.items()]
    quads += [ox.Quad(ox.NamedNode(c), ox.NamedNode(EDUKG.carries), ox.NamedNode(d)) for c, d in carries.items()]
    reached = same | carries
    for citing, pred, node in values(store, _CITING_EDGES):
        target = reached.get(node)  # type: ignore[arg-type]
        if target is not None and target != citing:
            quads.append(ox.Quad(ox.NamedNode(citing), ox.NamedNode(pred), ox.NamedNode(target)))
    replace_graph(store, LINKS_GRAPH, [*shared, *quads])
    replace_graph(store, DERIVED_GRAPH, derived_facts(store))
    direct = values(store, _CITED_BUILT)
    return LinkReport(cited=len({row[0] for row in cited_rows}), resolved=len(reached),
                      direct=int(direct[0][0]) if direct and direct[0][0] else 0)
