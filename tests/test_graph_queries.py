"""Each named query on a small hand-built corpus, with asserted results."""

from __future__ import annotations

import json

import pytest
from conftest import plan
from test_graph_rdf import store_of

from graph.query.sparql import QueryError, named_queries, named_query, run, serialize, to_dataframe

PROVINCE = plan("p.txt", title="江川省学前教育行动计划", region="江川省", issuer="江川省人民政府",
                number="川政发〔2020〕3号", targets=(("学前三年毛入园率", ">=", 95, "%", 2025),
                                                 ("义务教育巩固率", ">=", 97, "%", 2025)),
                departments=("江川省教育厅",))
CITY = plan("c.txt", title="云溪市学前教育实施方案", region="云溪市", issuer="云溪市人民政府",
            based_on=("江川省学前教育行动计划",), cites=("川政发〔2020〕3号",),
            targets=(("学前教育毛入园率", ">=", 90, "%", 2025), ("义务教育巩固率", ">=", 98, "%", 2025),
                     ("普惠性幼儿园覆盖率", ">=", None, "%", None)),
            departments=("市教育局", "市财政局"), schools=("云溪实验小学",), merged=("东坝小学", "云溪一中"))
COUNTY = plan("k.txt", title="明水县教育实施方案", region="明水县", issuer="明水县人民政府",
              based_on=("云溪市学前教育实施方案",), departments=("市教育局",),
              targets=(("学前三年毛入园率", ">=", None, "%", 2025),))


@pytest.fixture(scope="module")
def store():
    return store_of(PROVINCE, CITY, COUNTY)


def table(store, name: str, **params: str) -> list[dict]:
    frame = to_dataframe(run(store, named_query(name).bind(params)))
    return [{k: ("" if v is None or v != v else v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_every_named_query_is_documented():
    queries = named_queries()
    assert {"indicator-targets", "department-ranking", "upstream-chain", "schools-affected",
            "redacted-values", "most-cited", "less-ambitious"} <= set(queries)
    assert all(q.description for q in queries.values())


def test_indicator_targets_finds_every_label_across_regions(store):
    rows = table(store, "indicator-targets", indicator="学前教育毛入园率")
    assert [(r["region"], r["value"], r["deadline"], r["redacted"]) for r in rows] == [
        ("云溪市", 90.0, "2025", False), ("明水县", "", "2025", True), ("江川省", 95.0, "2025", False)]


def test_department_ranking(store):
    rows = table(store, "department-ranking")
    # the city's 市教育局 is 云溪市's; 明水县 lies in 绥化市 (the division table), so its 市教育局 is 绥化市's
    assert [(r["department"], r["region"], r["namedItems"], r["items"], r["documents"]) for r in rows] == [
        ("云溪市教育局", "云溪市", 1, 1, 1), ("云溪市财政局", "云溪市", 1, 1, 1), ("江川省教育厅", "江川省", 1, 1, 1),
        ("绥化市教育局", "绥化市", 1, 1, 1),
        # issuers lead their plans' items that name no lead (一 and 二; 三 names its departments)
        ("云溪市人民政府", "云溪市", 0, 2, 1), ("明水县人民政府", "明水县", 0, 2, 1),
        ("江川省人民政府", "江川省", 0, 2, 1)]


def test_upstream_chain_walks_through_resolved_citations(store):
    rows = table(store, "upstream-chain", plan="明水县")
    assert sorted((r["upstreamTitle"], r["built"]) for r in rows) == [
        ("云溪市学前教育实施方案", True), ("江川省学前教育行动计划", True)]


def test_schools_affected_by_merger_or_construction(store):
    rows = table(store, "schools-affected")
    assert sorted((r["school"], r["how"]) for r in rows) == [
        ("东坝小学", "将东坝小学并入云溪一中"), ("东坝小学", "并入云溪一中"), ("东坝小学", "新建学校"),
        ("云溪一中", "将东坝小学并入云溪一中"), ("云溪一中", "新建学校"),
        ("云溪实验小学", "改扩建云溪实验小学"), ("云溪实验小学", "新建学校")]  # relation, clause, heading


def test_redacted_values_per_document(store):
    rows = table(store, "redacted-values")
    assert [(r["source"], r["redacted"]) for r in rows] == [("c.txt", 1), ("k.txt", 1)]


def test_most_cited_counts_a_document_once_by_title_or_number(store):
    rows = {r["title"]: (r["number"], r["citedBy"]) for r in table(store, "most-cited")}
    assert rows == {"江川省学前教育行动计划": ("川政发〔2020〕3号", 1), "云溪市学前教育实施方案": ("", 1)}
    assert table(store, "most-cited", min="2") == []


def test_less_ambitious_compares_with_the_upstream_plan(store):
    rows = table(store, "less-ambitious")
    assert [(r["indicator"], r["localValue"], r["upstreamValue"]) for r in rows] == [("学前三年毛入园率", 90.0, 95.0)]


def test_results_formats_follow_sparql_json(store):
    data = json.loads(serialize(run(store, "SELECT ?t WHERE { ?d dcterms:source 'p.txt' ; dcterms:title ?t }"),
                                "json"))
    assert data["results"]["bindings"] == [{"t": {"type": "literal", "value": "江川省学前教育行动计划"}}]
    csv = serialize(run(store, "SELECT ?t WHERE { ?d dcterms:source 'p.txt' ; dcterms:title ?t }"), "csv")
    assert csv.decode().splitlines() == ["t", "江川省学前教育行动计划"]


def test_bad_queries_and_parameters_are_clear_errors(store):
    with pytest.raises(QueryError, match="syntax"):
        run(store, "SELEC ?x")
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        named_query("most-cited").bind({"nope": "1"})
    with pytest.raises(QueryError, match="no named query"):
        named_query("nothing-like-this")
