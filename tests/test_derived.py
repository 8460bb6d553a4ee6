"""Facts derived when linking (``graph.build.derive``): what they hold, that they follow the store
as it changes, and that each named query, rewritten as joins over them, answers exactly as its
reference form (``tests/data/reference_queries``: the same question as property paths over the
file graphs) does."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_graph_queries import CITY, COUNTY, PROVINCE
from test_graph_rdf import select, store_of

from graph.build.iris import file_graph
from graph.build.link import link
from graph.build.run import build
from graph.query.sparql import NamedQuery, named_queries, run
from graph.store.local import replace_graph
from ontology.namespaces import DERIVED_GRAPH, EDUKG, LINKS_GRAPH

REFERENCE = Path(__file__).parent / "data" / "reference_queries"
# parameters that give rows on the hand-built plans, besides each query's defaults
PARAMS = {"upstream-chain": {"plan": "明水县"}, "indicator-targets": {"indicator": "学前教育毛入园率"}}


def answers(store: ox.Store, query: NamedQuery, params: dict[str, str]) -> list[tuple[str, ...]]:
    result = run(store, query.bind(params))
    names = [v.value for v in result.variables]
    return sorted(tuple("" if sol[v] is None else str(sol[v]) for v in names) for sol in result)


def same_answers(store: ox.Store) -> dict[str, int]:
    """Rows of each named query, asserted equal to its reference form's; returns the row counts."""
    counts = {}
    for name, query in named_queries().items():
        reference = NamedQuery(name, "", (REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), query.params)
        for params in ({}, PARAMS.get(name, {})):
            rows = answers(store, query, params)
            assert rows == answers(store, reference, params), name
            counts[name] = max(counts.get(name, 0), len(rows))
    return counts


@pytest.fixture(scope="module")
def plans() -> ox.Store:
    return store_of(PROVINCE, CITY, COUNTY)


def test_every_named_query_has_a_reference_form():
    assert {p.stem for p in REFERENCE.glob("*.rq")} == set(named_queries())


def test_named_queries_answer_as_their_reference_forms(plans):
    counts = same_answers(plans)
    # the comparison means something only where there are rows to compare
    assert all(counts[name] for name in ("department-ranking", "upstream-chain", "most-cited", "less-ambitious",
                                         "indicator-targets", "schools-affected", "redacted-values"))


def test_named_queries_answer_as_their_reference_forms_on_the_seeds(shared):
    store = ox.Store()
    assert not build(store, [shared / "corpus" / "seeds"]).failures
    counts = same_answers(store)
    assert counts["department-ranking"] and counts["most-cited"]


def test_derived_facts_are_in_their_own_graph(plans):
    derived = {EDUKG.inDocument, EDUKG.upstream, EDUKG.citesPolicy, EDUKG.indicatorLabel}
    def predicates(graph: str) -> set[str]:
        return {q.predicate.value for q in plans.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    assert predicates(DERIVED_GRAPH) == derived and not predicates(LINKS_GRAPH) & derived
    upstream = select(plans, f"""SELECT ?a ?b WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?x edukg:upstream ?y }}
                                 ?x dcterms:title ?a . ?y dcterms:title ?b ; dcterms:source ?f }}""")
    assert sorted(upstream) == [("云溪市学前教育实施方案", "江川省学前教育行动计划"),
                                ("明水县教育实施方案", "云溪市学前教育实施方案"),
                                ("明水县教育实施方案", "江川省学前教育行动计划")]
    sections = select(plans, f"""SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a eli:LegalResourceSubdivision
                                 MINUS {{ GRAPH <{DERIVED_GRAPH}> {{ ?s edukg:inDocument ?d }}
                                         ?d dcterms:source ?f }} }}""")
    assert sections == [("0",)]  # every section knows its document
    cited = select(plans, """SELECT ?a ?b WHERE { ?x edukg:citesPolicy ?y . ?x dcterms:title ?a . ?y dcterms:title ?b
                             FILTER NOT EXISTS { ?y owl:sameAs ?z } }""")
    assert ("云溪市学前教育实施方案", "江川省学前教育行动计划") in cited


def test_derived_facts_go_with_the_facts_they_come_from():
    store = store_of(PROVINCE, CITY, COUNTY)
    replace_graph(store, file_graph("c.txt"), [])  # the city plan is gone: the chain is cut there
    link(store)
    upstream = select(store, """SELECT ?a ?b WHERE { ?x edukg:upstream ?y . ?x dcterms:title ?a .
                                ?y dcterms:title ?b ; dcterms:source ?f }""")
    assert ("明水县教育实施方案", "江川省学前教育行动计划") not in upstream
    documents = select(store, "SELECT DISTINCT ?d WHERE { ?s edukg:inDocument ?d }")
    assert len(documents) == 2
    same_answers(store)
