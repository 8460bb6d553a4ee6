"""The reference seeds built end to end: documents, exact quotes, shapes (skips without ../shared)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from extractors.readers import read
from graph.build.run import build
from graph.store.validate import validate
from ontology.namespaces import sparql_prologue


@pytest.fixture(scope="module")
def seeds_store(shared):
    store = ox.Store()
    summary = build(store, [shared / "corpus" / "seeds"])
    assert not summary.failures
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else t.value for t in sol)
            for sol in store.query(sparql_prologue() + query, use_default_graph_as_union=True)]


def test_every_built_document_is_a_legal_resource_with_its_source(seeds_store):
    rows = select(seeds_store, "SELECT ?d WHERE { ?d dcterms:source ?s FILTER NOT EXISTS { ?d a eli:LegalResource } }")
    assert rows == []
    assert len(select(seeds_store, "SELECT DISTINCT ?s WHERE { ?d a eli:LegalResource ; dcterms:source ?s }")) == 5


def test_selectors_quote_the_file_text_at_their_offsets(seeds_store):
    rows = select(seeds_store, """SELECT ?source ?start ?end ?exact WHERE {
        ?r oa:hasSource/dcterms:source ?source ; oa:hasSelector ?p, ?q .
        ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    texts = {source: read(source).text for source in {r[0] for r in rows}}
    exact = sum(texts[src][int(s):int(e)] == quote for src, s, e, quote in rows)
    assert rows and exact / len(rows) >= 0.98


def test_seeds_conform_to_the_shapes(seeds_store):
    report = validate(seeds_store)
    assert report.conforms, "\n".join(report.lines())
