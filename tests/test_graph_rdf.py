"""Records → RDF: standard classes, span provenance, stable IRIs, one node per real-world thing."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
from conftest import plan

from extractors.keys import normalise_key
from extractors.records import Entity
from graph.build.iris import mint
from graph.build.link import link
from graph.build.rdf import CONTEXT_CHARS, HEAD_CHARS, record_to_quads
from graph.build.run import add_record
from graph.store.local import load_vocabulary
from graph.store.validate import validate
from ontology.namespaces import OA, XSD, sparql_prologue

CITY = plan("plans/city.txt", title="云溪市学前教育三年行动计划", region="云溪市", issuer="云溪市人民政府",
            number="云政发〔2021〕8号", date="2021-03-01", cites=("国家学生体质健康标准",),
            targets=(("学前教育毛入园率", ">=", 95, "%", 2023), ("普惠性幼儿园覆盖率", ">=", None, "%", None)),
            departments=("教育部", "区教育局"), schools=("云溪一中",))
COUNTY = plan("plans/county.txt", title="明水县学前教育实施方案", region="明水县", issuer="明水县人民政府",
              targets=(("学前三年毛入园率", ">=", 90, "%", 2023),), departments=("教育部", "区教育局"),
              schools=("云溪一中",))


def store_of(*records) -> ox.Store:
    store = ox.Store()
    load_vocabulary(store)
    for r in records:
        add_record(store, r)
    link(store)
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    return sorted(tuple("" if t is None else t.value for t in sol) for sol in result)


def test_documents_are_legal_resources_with_their_source_and_metadata():
    store = store_of(CITY)
    rows = select(store, """SELECT ?source ?title ?number ?date ?issuer WHERE {
        ?d a eli:LegalResource ; dcterms:source ?source ; dcterms:title ?title ; eli:id_local ?number ;
           eli:date_document ?date ; eli:passed_by/skos:prefLabel ?issuer }""")
    assert rows == [("plans/city.txt", "云溪市学前教育三年行动计划", "云政发〔2021〕8号", "2021-03-01",
                     "云溪市人民政府")]


def test_every_selector_quotes_the_characters_at_its_offsets():
    store = store_of(CITY)
    rows = select(store, """SELECT ?start ?end ?exact WHERE {
        ?r a oa:SpecificResource ; oa:hasSelector ?p, ?q .
        ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    assert len(rows) > 10
    assert all(CITY.text[int(s):int(e)] == exact for s, e, exact in rows)


def test_a_heading_is_traced_by_position_and_a_mention_by_quote_within_its_section():
    store = store_of(CITY)
    headings = select(store, """SELECT ?number ?start ?quoted ?within WHERE {
        ?s a eli:LegalResourceSubdivision ; eli:number ?number ; prov:wasDerivedFrom ?r .
        ?r oa:hasSelector/oa:start ?start .
        BIND(EXISTS { ?r oa:hasSelector/oa:exact ?e } AS ?quoted)
        BIND(EXISTS { ?r edukg:inSection ?x } AS ?within) }""")
    assert headings and all(CITY.text[int(start):].startswith(number) for number, start, _, _ in headings)
    assert {(quoted, within) for _, _, quoted, within in headings} == {("false", "false")}
    schools = select(store, """SELECT ?exact ?number WHERE {
        ?school a schema:School ; prov:wasDerivedFrom ?r .
        ?r oa:hasSelector/oa:exact ?exact ; edukg:inSection/eli:number ?number }""")
    assert schools and all(exact == "云溪一中" for exact, _ in schools)


def test_a_heading_span_also_mentioned_gets_its_quote_and_clause():
    doc = CITY.documents[0]
    heading = doc.sections[-1]
    named = Entity("Programme", heading.title or heading.label, [heading.span])
    store = store_of(replace(CITY, documents=[replace(doc, entities=[*doc.entities, named])]))
    rows = select(store, """SELECT ?exact ?before WHERE {
        ?s a eli:LegalResourceSubdivision ; edukg:sectionPath \"""" + heading.path + """\" ; prov:wasDerivedFrom ?r .
        ?r oa:hasSelector ?q ; edukg:inSection ?x . ?q oa:exact ?exact ; oa:prefix ?before }""")
    start, end = heading.span
    assert rows == [(CITY.text[start:end], CITY.text[max(0, start - CONTEXT_CHARS):start])]


def test_a_quote_without_its_position_is_invalid():
    store = store_of(CITY)
    assert validate(store).conforms
    store.update(sparql_prologue() + """DELETE { GRAPH ?g { ?r oa:hasSelector ?p } } WHERE {
        { SELECT ?g ?r ?p WHERE { GRAPH ?g {
            ?r oa:hasSelector ?p, ?q . ?p a oa:TextPositionSelector . ?q a oa:TextQuoteSelector } } LIMIT 1 } }""")
    assert any("hasSelector" in problem for _, problem, _ in validate(store).violations)


def test_every_extracted_thing_points_back_to_its_document():
    store = store_of(CITY)
    missing = select(store, """SELECT ?x WHERE {
        { ?x a edukg:Target } UNION { ?x a eli:LegalResourceSubdivision } UNION { ?x a schema:School }
        UNION { ?x a org:Organization . FILTER NOT EXISTS { ?d eli:passed_by ?x } }
        FILTER NOT EXISTS { ?x prov:wasDerivedFrom/oa:hasSource ?doc } }""")
    assert missing == []


def test_relations_are_reified_with_their_span():
    store = store_of(CITY)
    rows = select(store, """SELECT ?org ?exact WHERE {
        ?st rdf:subject/skos:prefLabel ?org ; rdf:predicate edukg:responsibleFor ;
            prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }""")
    assert rows == [("区教育局", "区教育局负责"), ("教育部", "教育部负责")]


def test_same_input_gives_same_quads():
    assert [str(q) for q in record_to_quads(CITY)] == [str(q) for q in record_to_quads(CITY)]


def test_keys_normalise_brackets_and_width():
    keys = {normalise_key(n) for n in ("国办发[2015]71号", "国办发〔2015〕71号", "国办发（2015）71号")}
    assert len(keys) == 1
    assert mint("doc", "《国办发〔2015〕71号》") == mint("doc", "国办发 [2015] 71号")


def test_alt_labels_and_national_bodies_meet_in_one_node_local_bodies_do_not():
    store = store_of(CITY, COUNTY)
    indicators = select(store, """SELECT DISTINCT ?c WHERE {
        ?t edukg:indicator ?c ; edukg:indicator/skos:prefLabel "学前三年毛入园率" }""")
    assert len(indicators) == 1
    orgs = select(store, """SELECT ?name (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?o edukg:responsibleFor ?item ; skos:prefLabel ?name } GROUP BY ?name""")
    assert orgs == [("区教育局", "2"), ("教育部", "1")]


def test_redacted_target_has_no_value_and_keeps_its_text():
    store = store_of(CITY)
    rows = select(store, """SELECT ?raw ?redacted ?value WHERE {
        ?t a edukg:Target ; edukg:rawText ?raw ; edukg:redacted ?redacted .
        OPTIONAL { ?t edukg:value ?value } }""")
    assert rows == [("到2023年，学前教育毛入园率达到95%以上", "false", "95"),
                    ("普惠性幼儿园覆盖率达到*%以上", "true", "")]


def test_hand_built_graph_conforms_to_the_shapes():
    assert validate(store_of(CITY, COUNTY)).conforms


def test_shapes_catch_a_target_without_indicator():
    store = store_of(CITY)
    store.update(sparql_prologue() + "DELETE WHERE { GRAPH ?g { ?t edukg:indicator ?i } }")
    report = validate(store)
    assert not report.conforms
    assert any("edukg:indicator" in problem for _, problem, _ in report.violations)


def test_document_is_traced_to_its_title_not_its_whole_text():
    store = store_of(CITY)
    rows = select(store, """SELECT ?exact WHERE { ?d dcterms:source ?s ; prov:wasDerivedFrom/oa:hasSelector/oa:exact
        ?exact }""")
    assert rows == [(CITY.documents[0].title,)]


def test_document_without_title_evidence_is_traced_to_a_bounded_first_line():
    text = "  " + "甲" * 200 + "\n乙"
    doc = replace(CITY.documents[0], title=None, evidence={}, span=(0, len(text)), sections=[], entities=[],
                  targets=[], relations=[])
    store = store_of(replace(CITY, text=text, documents=[doc]))
    rows = select(store, """SELECT ?start ?end WHERE { ?d dcterms:source ?s ; prov:wasDerivedFrom/oa:hasSelector ?p .
        ?p oa:start ?start ; oa:end ?end }""")
    assert rows == [("2", str(2 + HEAD_CHARS))]


def test_offsets_are_written_as_non_negative_integers_and_read_back_as_integers():
    offsets = [q.object for q in record_to_quads(CITY) if q.predicate.value in (OA.start, OA.end)]
    assert offsets and {o.datatype.value for o in offsets} == {XSD.nonNegativeInteger}
    stored = {q.object.datatype.value for q in store_of(CITY).quads_for_pattern(None, ox.NamedNode(OA.start), None)}
    assert stored == {XSD.integer}  # Oxigraph keeps integer subtypes as xsd:integer


def test_shapes_reject_a_negative_offset():
    store = store_of(CITY)
    store.update(sparql_prologue() + """DELETE { GRAPH ?g { ?p oa:start ?s } } INSERT { GRAPH ?g { ?p oa:start -1 } }
        WHERE { { SELECT ?g ?p ?s WHERE { GRAPH ?g { ?p oa:start ?s } } LIMIT 1 } }""")
    report = validate(store)
    assert not report.conforms
    assert any("oa:start" in problem for _, problem, _ in report.violations)


def test_body_named_with_its_place_is_one_node_across_regions_bare_names_are_not():
    province = plan("sc.txt", title="四川省学前教育行动计划", region="四川省", issuer="四川省人民政府",
                    departments=("四川省教育厅", "教育局"))
    city = plan("cd.txt", title="成都市学前教育实施方案", region="成都市", issuer="成都市人民政府",
                departments=("四川省教育厅", "教育局"))
    orgs = select(store_of(province, city), """SELECT ?name (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?o edukg:responsibleFor ?item ; skos:prefLabel ?name } GROUP BY ?name""")
    assert orgs == [("四川省教育厅", "1"), ("教育局", "2")]
