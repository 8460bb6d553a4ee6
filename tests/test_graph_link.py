"""Cross-document linking: citations by title or 发文字号 resolve to the built document."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import plan
from test_graph_rdf import select, store_of

from graph.iris import file_graph
from graph.link import link

NATIONAL = plan("n.txt", title="国务院办公厅关于全面加强和改进学校美育工作的意见", region="全国",
                issuer="国务院办公厅", number="国办发〔2015〕71号", date="2015-09-15")
PROVINCE = plan("p.txt", title="江川省人民政府办公厅关于全面加强和改进学校美育工作的实施意见", region="江川省",
                issuer="江川省人民政府办公厅", number="川办发〔2016〕41号",
                based_on=("关于全面加强和改进学校美育工作的意见",))  # cited without its issuer
CITY = plan("c.txt", title="云溪市人民政府办公室关于全面加强和改进学校美育工作的实施意见", region="云溪市",
            issuer="云溪市人民政府办公室", based_on=("江川省人民政府办公厅关于全面加强和改进学校美育工作实施意见",
                                                   "国办发〔2015〕71号"))  # 的 dropped; a bare number


def test_chain_from_city_to_state_council_is_walkable():
    store = store_of(NATIONAL, PROVINCE, CITY)
    rows = select(store, """SELECT DISTINCT ?number WHERE {
        ?city dcterms:source "c.txt" ; eli:based_on+ ?up . ?up eli:id_local ?number ; dcterms:source ?s }""")
    assert rows == [("国办发〔2015〕71号",), ("川办发〔2016〕41号",)]
    assert select(store, """SELECT ?x WHERE { ?city dcterms:source "c.txt" ; eli:cites+ ?x .
        ?x dcterms:source "n.txt" }""")


def test_citation_by_number_is_the_document_node_itself():
    store = store_of(NATIONAL, CITY)
    rows = select(store, """SELECT ?d WHERE { ?c dcterms:source "c.txt" ; eli:based_on ?d .
        ?d dcterms:source "n.txt" }""")
    assert len(rows) == 1


def test_unbuilt_citation_stays_a_cited_document():
    store = store_of(PROVINCE)
    rows = select(store, """SELECT ?title WHERE { ?p dcterms:source "p.txt" ; eli:based_on ?d .
        ?d dcterms:title ?title .
        FILTER NOT EXISTS { ?d dcterms:source ?s } FILTER NOT EXISTS { ?d owl:sameAs ?x } }""")
    assert rows == [("关于全面加强和改进学校美育工作的意见",)]


def test_ambiguous_suffix_is_not_resolved():
    other = plan("o.txt", title="某部关于全面加强和改进学校美育工作的意见", region="全国", issuer="某部")
    store = store_of(NATIONAL, other, PROVINCE)
    assert select(store, "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }") == []


def test_links_graph_is_recomputed_not_accumulated():
    store = store_of(NATIONAL, PROVINCE)
    assert len(select(store, "SELECT ?a WHERE { ?a owl:sameAs ?b }")) == 1
    store.remove_graph(ox.NamedNode(file_graph("n.txt")))
    report = link(store)
    assert report.resolved == 0
    assert select(store, "SELECT ?a WHERE { ?a owl:sameAs ?b }") == []
