"""Cross-document linking: citations by title or 发文字号 resolve to the built document."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import plan
from test_graph_rdf import select, store_of

from graph.build.iris import file_graph
from graph.build.link import link

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


# Resolution rules, each on records written for it. Real division names, because the rules
# ask the division table which province or city encloses the citing document's region.
SICHUAN = plan("sc.txt", title="四川省人民政府办公厅关于加强学校美育工作的实施意见", region="四川省",
               issuer="四川省人民政府办公厅", number="川办发〔2016〕9号")
JIANGSU = plan("js.txt", title="江苏省人民政府办公厅关于加强学校美育工作的实施意见", region="江苏省",
               issuer="江苏省人民政府办公厅", number="苏政办发〔2016〕7号")
STATE = plan("gb.txt", title="国务院办公厅关于加强学校美育工作的意见", region="全国", issuer="国务院办公厅",
             number="国办发〔2015〕9号")


def resolved(store: ox.Store, source: str) -> list[tuple[str, str]]:
    """(cited title or number, source of the built document it resolved to) for one citing file."""
    return select(store, f"""SELECT ?cited ?to WHERE {{
        GRAPH <{file_graph(source)}> {{
          ?basis rdf:predicate eli:based_on ; rdf:object ?x .
          ?statement rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?cited
          FILTER(?p IN (dcterms:title, eli:id_local)) }}
        {{ ?x owl:sameAs ?d }} UNION {{ ?x dcterms:source ?s BIND(?x AS ?d) }}
        ?d dcterms:source ?to }}""")


def test_relative_issuer_resolves_within_the_citers_province():
    suining = plan("sn.txt", title="遂宁市美育工作方案", region="遂宁市", issuer="遂宁市人民政府",
                   based_on=("省政府办公厅关于加强学校美育工作的实施意见",))
    nanjing = plan("nj.txt", title="南京市美育工作方案", region="南京市", issuer="南京市人民政府",
                   based_on=("省政府办公厅关于加强学校美育工作的实施意见",))
    store = store_of(SICHUAN, JIANGSU, suining, nanjing)
    assert resolved(store, "sn.txt") == [("省政府办公厅关于加强学校美育工作的实施意见", "sc.txt")]
    assert resolved(store, "nj.txt") == [("省政府办公厅关于加强学校美育工作的实施意见", "js.txt")]


def test_title_without_issuer_prefers_the_citers_province_then_a_unique_ending():
    chengdu = plan("cd.txt", title="成都市美育工作方案", region="成都市", issuer="成都市人民政府",
                   based_on=("关于加强学校美育工作的实施意见", "关于加强学校美育工作的意见"))
    store = store_of(SICHUAN, JIANGSU, STATE, chengdu)
    assert resolved(store, "cd.txt") == [("关于加强学校美育工作的实施意见", "sc.txt"),
                                         ("关于加强学校美育工作的意见", "gb.txt")]


def test_title_without_issuer_and_without_context_is_left_when_several_fit():
    nowhere = plan("x.txt", title="某地美育工作方案", region="某地", issuer="某地人民政府",
                   based_on=("关于加强学校美育工作的实施意见",))
    store = store_of(SICHUAN, JIANGSU, nowhere)
    assert resolved(store, "x.txt") == []


def test_opinion_and_implementing_opinion_are_one_title_when_nothing_closer_fits():
    huainan = plan("hn.txt", title="泸州市美育工作方案", region="泸州市", issuer="泸州市人民政府",
                   based_on=("四川省政府办公厅关于加强学校美育工作的意见",))
    store = store_of(SICHUAN, huainan)
    assert resolved(store, "hn.txt") == [("四川省政府办公厅关于加强学校美育工作的意见", "sc.txt")]
    store = store_of(SICHUAN, huainan, plan("o.txt", title="四川省人民政府办公厅关于加强学校美育工作的意见",
                                            region="四川省", issuer="四川省人民政府办公厅"))
    assert resolved(store, "hn.txt") == [("四川省政府办公厅关于加强学校美育工作的意见", "o.txt")]


def test_citation_by_number_with_document_word_is_the_document():
    county = plan("k.txt", title="某县美育方案", region="某县", issuer="某县人民政府",
                  based_on=("国办发〔2015〕9号文件",))
    store = store_of(STATE, county)
    assert resolved(store, "k.txt") == [("国办发〔2015〕9号", "gb.txt")]


def test_cited_notice_reaches_the_built_document_it_carries():
    carried = plan("p.txt", title="云溪市学前教育实施方案", region="云溪市", issuer="云溪市人民政府")
    county = plan("k.txt", title="明水县学前教育方案", region="明水县", issuer="明水县人民政府",
                  based_on=("云溪市人民政府关于印发云溪市学前教育实施方案的通知",))
    store = store_of(carried, county)
    assert select(store, """SELECT ?to WHERE { ?k dcterms:source "k.txt" ; eli:based_on ?n .
        ?n edukg:carries/dcterms:source ?to FILTER NOT EXISTS { ?n owl:sameAs ?x } }""") == [("p.txt",)]
    assert select(store, """SELECT ?to WHERE { ?k dcterms:source "k.txt" ; eli:based_on+ ?d .
        ?d dcterms:source ?to }""") == [("p.txt",)]


def test_a_title_cited_with_its_number_is_the_document_with_that_number():
    title = "关于全面加强和改进学校美育工作的意见"
    county = plan("k.txt", title="某县美育方案", region="某县", issuer="某县人民政府", based_on=(title,))
    for doc in county.documents:
        for e in doc.entities:
            if e.type == "Policy" and e.name == title:
                e.doc_number = "国办发〔2015〕71号"
    store = store_of(NATIONAL, county)
    rows = select(store, """SELECT ?s WHERE { ?k dcterms:source "k.txt" ; eli:based_on ?d .
        ?d dcterms:source ?s }""")
    assert rows == [("n.txt",)]


def test_the_link_report_counts_built_documents_cited_as_themselves():
    store = store_of(NATIONAL, CITY)  # the city cites 国办发〔2015〕71号, the national document itself
    assert link(store).direct == 1


def _law(year: str) -> object:
    return plan(f"law-{year}.txt", title="中华人民共和国民办教育促进法", region="全国",
                issuer="全国人民代表大会常务委员会", date=f"{year}-12-29")


def _citer(date: str) -> object:
    return plan("k.txt", title="云溪市人民政府关于鼓励社会力量兴办教育的实施意见", region="云溪市",
                issuer="云溪市人民政府", date=date, based_on=("民办教育促进法",))  # cited without 中华人民共和国


def _linked_law(store: ox.Store) -> list[tuple[str, ...]]:
    return select(store, """SELECT ?source WHERE { ?k dcterms:source "k.txt" ; eli:based_on ?law .
        ?law dcterms:source ?source }""")


def test_a_law_cited_by_its_short_title_is_the_version_in_force_when_cited():
    store = store_of(_law("2013"), _law("2018"), _citer("2016-05-01"))
    assert _linked_law(store) == [("law-2013.txt",)]
    store = store_of(_law("2013"), _law("2018"), _citer("2021-03-01"))
    assert _linked_law(store) == [("law-2018.txt",)]


def test_documents_of_one_title_in_different_regions_are_not_versions():
    a = plan("a.txt", title="关于加强学校美育工作的实施意见", region="江川省", issuer="江川省教育厅", date="2016-01-01")
    b = plan("b.txt", title="关于加强学校美育工作的实施意见", region="云溪市", issuer="云溪市教育局", date="2017-01-01")
    citer = plan("k.txt", title="关于美育的通知", region="全国", issuer="某部", date="2020-01-01",
                 based_on=("关于加强学校美育工作的实施意见",))
    assert _linked_law(store_of(a, b, citer)) == []
