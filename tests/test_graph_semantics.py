"""One node per real thing, one row per answer: set semantics over the union of the graphs, bodies
resolved in their document's region, one 发文字号 per document, dependencies that are right, and
named queries that mean what they say. Each corpus is written here and its answers worked out by
hand in the comments."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import entity, plan, record, span, spans_of
from test_graph_queries import table
from test_graph_rdf import select, store_of

from extractors.records import DOCUMENT, DocumentRecord, End, Relation, Section, Target
from graph.build.iris import file_graph
from graph.build.link import link
from graph.query.networks import organisation_graph
from graph.query.sparql import named_queries, run
from graph.serve.endpoint import Limits
from graph.serve.server import landing_page
from graph.store.local import replace_graph
from graph.store.validate import validate

STATE = plan("state.txt", title="国务院办公厅关于全面加强和改进学校美育工作的意见", region="全国",
             issuer="国务院办公厅", number="国办发〔2015〕71号", date="2015-09-15",
             departments=("教育部",))
NOT_BUILT = "教育部关于推进学校艺术教育发展的若干意见"


def citing(source: str, region: str, *, cites: tuple[str, ...] = (NOT_BUILT, "国办发〔2015〕71号"),
           departments: tuple[str, ...] = ("教育部",), number: str | None = None, title: str | None = None):
    return plan(source, title=title or f"{region}美育工作实施方案", region=region, issuer=f"{region}人民政府",
                number=number, based_on=cites, departments=departments)


def test_a_document_described_in_many_files_is_one_row():
    # four files state the 71号 document (its own and three citing it by number): one row, as
    # asked in the README; the unbuilt title cited by three is one title; 教育部 one label
    store = store_of(STATE, citing("a.txt", "东营市"), citing("b.txt", "资阳市"), citing("c.txt", "重庆市"))
    assert select(store, """SELECT ?d WHERE { ?d a eli:LegalResource ; dcterms:title ?t ;
        eli:id_local "国办发〔2015〕71号" }""") == [(STATE_IRI(store),)]
    [(n, distinct)] = select(store, """SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?d) AS ?m) WHERE {
        ?d a eli:LegalResource ; dcterms:title ?t }""")
    assert n == distinct == "5"  # four built documents and the one unbuilt title
    assert select(store, f'SELECT ?c WHERE {{ ?c dcterms:title "{NOT_BUILT}" ; a eli:LegalResource }}') != []
    assert len(select(store, f'SELECT ?c WHERE {{ ?c dcterms:title "{NOT_BUILT}" ; a eli:LegalResource }}')) == 1
    assert len(select(store, 'SELECT ?o WHERE { ?o a org:Organization ; skos:prefLabel "教育部" }')) == 1


def STATE_IRI(store) -> str:  # noqa: N802 - reads as the constant it stands for
    return select(store, 'SELECT ?d WHERE { ?d dcterms:source "state.txt" }')[0][0]


def test_each_file_keeps_its_statement_of_a_shared_fact_and_the_fact_goes_with_the_last():
    a, b = citing("a.txt", "东营市"), citing("b.txt", "资阳市")
    store = store_of(STATE, a, b)
    said = f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?s rdf:subject ?c ; rdf:predicate dcterms:title ;
        rdf:object "{NOT_BUILT}" }} }}"""
    assert select(store, said) == sorted([(file_graph("a.txt"),), (file_graph("b.txt"),)])
    title = f'SELECT ?c WHERE {{ ?c dcterms:title "{NOT_BUILT}" }}'
    replace_graph(store, file_graph("a.txt"), [])
    link(store)
    assert len(select(store, title)) == 1
    replace_graph(store, file_graph("b.txt"), [])
    link(store)
    assert select(store, title) == []


def test_a_document_number_in_any_brackets_is_one_value():
    # 教体艺[2014]1号 built, cited as 教体艺〔2014〕1号 and 教体艺（２０１４）1号: one value, valid
    built = citing("own.txt", "全国", cites=(), number="教体艺[2014]1号", title=NOT_BUILT)
    store = store_of(built, citing("x.txt", "东营市", cites=("教体艺〔2014〕1号",)),
                     citing("y.txt", "资阳市", cites=("教体艺（２０１４）1号",)))
    assert select(store, "SELECT DISTINCT ?n WHERE { ?d eli:id_local ?n }") == [("教体艺〔2014〕1号",)]
    assert validate(store).conforms


def test_a_level_only_name_is_its_regions_body_one_node_across_documents():
    # 东营市's 市教育局 and 东营市教育局 written in full are one body; 资阳市's 省教育厅 is 四川省's;
    # the 县教育局 of two counties are two bodies
    store = store_of(citing("a.txt", "东营市", departments=("市教育局",)),
                     citing("b.txt", "东营市", departments=("东营市教育局",)),
                     citing("c.txt", "资阳市", departments=("省教育厅",)),
                     citing("d.txt", "利津县", departments=("县教育局",)),
                     citing("e.txt", "广饶县", departments=("县教育局",)))
    rows = select(store, """SELECT ?label (GROUP_CONCAT(?short) AS ?alt) (COUNT(DISTINCT ?src) AS ?docs) WHERE {
        ?o a org:Organization ; skos:prefLabel ?label ; edukg:responsibleFor/eli:is_part_of ?d .
        ?d dcterms:source ?src . OPTIONAL { ?o skos:altLabel ?short } } GROUP BY ?o ?label""")
    assert [(label, docs) for label, _, docs in rows] == [
        ("东营市教育局", "2"), ("利津县教育局", "1"), ("四川省教育厅", "1"), ("广饶县教育局", "1")]
    assert {label: set(alt.split()) for label, alt, _ in rows}["东营市教育局"] == {"市教育局"}


def test_collectives_are_generic_bodies_left_out_of_the_ranking():
    store = store_of(citing("a.txt", "东营市", departments=("教育部门", "各县(市、区)", "市教育局", "区教育局")))
    assert select(store, "SELECT ?l WHERE { ?b a edukg:GenericBody ; skos:prefLabel ?l }") == [
        ("区教育局",), ("各县(市、区)",), ("教育部门",)]  # 区: one of the city's districts, which one unsaid
    assert [(r["department"], r["region"]) for r in table(store, "department-ranking")] == [
        ("东营市教育局", "东营市"), ("东营市人民政府", "东营市")]


def test_a_document_never_cites_itself():
    # the notice quotes its own number and its own title
    own = "资府办发〔2017〕34号"
    notice = citing("n.txt", "资阳市", number=own, cites=(own, "资阳市美育工作实施方案", NOT_BUILT))
    store = store_of(notice)
    assert select(store, "SELECT ?d WHERE { ?d eli:cites|eli:based_on|schema:mentions ?d }") == []
    assert [r["title"] for r in table(store, "most-cited")] == [NOT_BUILT]


def _one(source: str, text: str, **fields) -> object:
    return record(source, text, DocumentRecord(span=(0, len(text)), **fields))


def test_a_sentence_that_rests_on_its_citations_gives_based_on():
    text = ("资阳市美育方案\n三、加强领导\n各县（区）人民政府要以《国务院办公厅关于全面加强和改进学校美育工作的意见》"
            "（国办发〔2015〕71号）、《四川省美育实施意见》为依据，制定方案。另见《艺术教育规程》。")
    policies = [entity(text, "Policy", "国务院办公厅关于全面加强和改进学校美育工作的意见"),
                entity(text, "Policy", "四川省美育实施意见"), entity(text, "Policy", "艺术教育规程")]
    policies[0].doc_number = "国办发〔2015〕71号"
    rec = _one("z.txt", text, title="资阳市美育方案", region="资阳市", entities=policies,
               evidence={"title": span(text, "资阳市美育方案")})
    store = store_of(STATE, rec)
    rows = select(store, """SELECT ?t WHERE { ?d dcterms:source "z.txt" ; eli:based_on ?p .
        ?p dcterms:title|eli:title_alternative ?t }""")
    assert rows == [("四川省美育实施意见",), ("国务院办公厅关于全面加强和改进学校美育工作的意见",)]
    assert select(store, """SELECT ?up WHERE { ?d dcterms:source "z.txt" ; eli:based_on+ ?up .
        ?up dcterms:source "state.txt" }""") != []


def test_a_period_read_inside_a_cited_title_is_not_the_documents():
    text = "关于全面加强学校美育工作的意见\n按照《国家中长期教育改革和发展规划纲要（2010－2020年）》要求，制定本意见。"
    cited = entity(text, "Policy", "国家中长期教育改革和发展规划纲要（2010－2020年）")
    own = _one("o.txt", text, title="关于全面加强学校美育工作的意见", period=(2010, 2020), entities=[cited],
               evidence={"title": span(text, "关于全面加强学校美育工作的意见"), "period": span(text, "2010－2020年")})
    titled = _one("t.txt", "某市美育三年行动计划（2021－2023年）", title="某市美育三年行动计划（2021－2023年）",
                  period=(2021, 2023), evidence={"period": (8, 18)})
    store = store_of(own, titled)
    assert select(store, "SELECT ?s ?y WHERE { ?d dcterms:source ?s ; edukg:periodStart ?y }") == [("t.txt", "2021")]


def test_most_cited_counts_titles_and_documents_not_phrases():
    # 《国办发…意见》 is built (cited by three), 《…若干意见》 is a marked title (three); the phrase
    # 不同学段美育课程设置方案 is never in 《》 and is not counted however often it is "cited"
    phrase = "不同学段美育课程设置方案"
    records = [STATE]
    for source, region in (("a.txt", "东营市"), ("b.txt", "资阳市"), ("c.txt", "重庆市")):
        rec = citing(source, region)
        text = rec.text + f"\n制定{phrase}。"
        rec.text = text
        rec.documents[0].entities.append(entity(text, "Policy", phrase))
        records.append(rec)
    rows = [(r["title"], r["citedBy"]) for r in table(store_of(*records), "most-cited")]
    assert rows == [("国务院办公厅关于全面加强和改进学校美育工作的意见", 3), (NOT_BUILT, 3)]


def _targets_plan(source: str, region: str, title: str, goals: list[tuple[str, float, str, str]],
                  based_on: str | None = None):
    """A plan setting ``goals`` (indicator, value, unit, text), based on the plan titled ``based_on``."""
    text = "\n".join([title, f"根据《{based_on}》，制定本方案。" if based_on else "", *[g[3] for g in goals]])
    ents = [entity(text, "Indicator", g[0]) for g in goals]
    rels = []
    if based_on:
        ents.append(entity(text, "Policy", based_on))
        rels.append(Relation("basedOn", DOCUMENT, End("Policy", based_on), span(text, f"《{based_on}》")))
    targets = [Target(indicator=ind, comparator=">=", value=value, placeholder=False, unit=unit, deadline=2025,
                      section=None, span=spans_of(text, raw)[0]) for ind, value, unit, raw in goals]
    return _one(source, text, title=title, region=region, entities=ents, targets=targets, relations=rels,
                evidence={"title": span(text, title)})


def test_less_ambitious_compares_rates_across_levels_and_counts_within_one_region():
    # the city's rate (85% < 90%) is weaker; its count (10 of the province's 100 schools) is a
    # share, not a weaker target; against the city's own earlier plan (12 → 10) the count is weaker
    province = _targets_plan("p.txt", "四川省", "四川省美育行动计划", [
        ("艺术课程开课率", 90, "%", "艺术课程开课率达到90%"),
        ("艺术特色学校数", 100, "所", "全省艺术特色学校数达到100所")])
    earlier = _targets_plan("e.txt", "资阳市", "资阳市美育三年计划", [
        ("艺术特色学校数", 12, "所", "全市艺术特色学校数达到12所")])
    city = _targets_plan("c.txt", "资阳市", "资阳市美育实施方案", [
        ("艺术课程开课率", 85, "%", "艺术课程开课率达到85%"),
        ("艺术特色学校数", 10, "所", "全市艺术特色学校数达到10所")],
        based_on="四川省美育行动计划")
    city.documents[0].relations.append(Relation("basedOn", DOCUMENT, End("Policy", "资阳市美育三年计划")))
    rows = table(store_of(province, earlier, city), "less-ambitious")
    assert [(r["indicator"], r["localValue"], r["upstreamValue"], r["upstreamRegion"]) for r in rows] == [
        ("艺术特色学校数", 10.0, 12.0, "资阳市"), ("艺术课程开课率", 85.0, 90.0, "四川省")]


def _examples() -> list[str]:
    """The SPARQL the README and the endpoint's page show a reader, as they show it."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sparql\n(.*?)```", readme, flags=re.S)
    queries += re.findall(r"query=(SELECT[^']*)'", readme)
    queries += re.findall(r'kg\.query\("(SELECT[^"]*)"\)', readme)
    page = landing_page(Limits()).decode("utf-8")
    queries += [html.unescape(q) for q in re.findall(r"<textarea[^>]*>(.*?)</textarea>", page, flags=re.S)]
    return queries


def test_the_readme_and_endpoint_examples_repeat_no_row():
    # the 71号 document is described by its own file and by three citing it; bodies and titles
    # recur across files: every example answers each solution once
    store = store_of(STATE, citing("a.txt", "东营市"), citing("b.txt", "资阳市"), citing("c.txt", "重庆市"))
    examples = _examples()
    assert len(examples) >= 4 + len(named_queries())
    for query in examples:
        rows = [tuple(map(str, sol)) for sol in run(store, query)]
        assert len(rows) == len(set(rows)), query


def test_a_preamble_citation_after_a_basis_cue_gives_based_on_a_later_one_does_not():
    # 为贯彻落实《甲》 in the preamble: based on 甲; 《乙》 cited in item 一 after 按照: only cited
    text = ("某市美育方案\n为贯彻落实《国家美育意见》精神，结合实际，特制定本方案。\n"
            "一、任务\n按照《艺术课程标准》开课。")
    rec = _one("m.txt", text, title="某市美育方案", region="东营市",
               entities=[entity(text, "Policy", "国家美育意见"), entity(text, "Policy", "艺术课程标准")],
               sections=[Section(path="一", label="一", title="任务", level=1, span=span(text, "一、任务"))],
               evidence={"title": span(text, "某市美育方案")})
    store = store_of(rec)
    assert select(store, "SELECT ?t WHERE { ?d eli:based_on/dcterms:title ?t }") == [("国家美育意见",)]
    assert len(select(store, "SELECT ?t WHERE { ?d eli:cites/dcterms:title ?t }")) == 2


def test_the_organisation_network_has_bodies_not_collectives():
    # two plans of 东营市: 市教育局 and 东营市教育局 are one node; 教育部门 is none
    store = store_of(citing("a.txt", "东营市", departments=("市教育局", "教育部门")),
                     citing("b.txt", "东营市", departments=("东营市教育局",)))
    orgs = organisation_graph(store)
    labels = sorted(data["label"] for _, data in orgs.nodes(data=True) if data["kind"] == "organisation")
    assert labels == ["东营市教育局"]


def test_a_document_read_from_two_files_is_one_row_with_both_sources():
    # the same regulation in two collections: one document, one title, two sources
    copy = plan("copy.txt", title=STATE.documents[0].title, region="全国", issuer="国务院办公厅",
                number="国办发〔2015〕71号", date="2015-09-15", departments=("教育部",))
    store = store_of(STATE, copy)
    assert len(select(store, "SELECT ?d ?t WHERE { ?d a eli:LegalResource ; dcterms:title ?t }")) == 1
    assert select(store, "SELECT ?s WHERE { ?d eli:id_local ?n ; dcterms:source ?s }") == [
        ("copy.txt",), ("state.txt",)]
    assert validate(store).conforms
