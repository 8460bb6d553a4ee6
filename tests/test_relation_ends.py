"""Typed relation ends: each relation type links the kinds it declares, the JSON export writes the
ends as the extraction contract does, and RDF maps each kind of end to its node."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import plan
from test_graph_rdf import select, store_of

from extractors.export import document_to_dict
from extractors.records import DOCUMENT, RELATION_ENDS, End, Relation

CITY = plan("plans/ends.txt", title="云溪市学前教育三年行动计划", region="云溪市", issuer="云溪市人民政府",
            based_on=("四川省学前教育行动计划",), departments=("云溪市教育局",), schools=("云溪一中",),
            merged=("云溪二中", "云溪一中"))


@pytest.mark.parametrize(("rtype", "head", "tail"), [
    ("responsibleFor", End("Department", "市教育局"), End("Policy", "某某意见")),
    ("basedOn", End("Policy", "某某意见"), DOCUMENT),
    ("partOf", End("School", "云溪一中"), End("Programme", "强师行动")),
    ("cites", DOCUMENT, End("Policy", "某某意见")),
])
def test_a_relation_refuses_ends_its_type_does_not_link(rtype, head, tail):
    with pytest.raises(ValueError):
        Relation(rtype, head, tail)


def test_every_relation_type_names_the_kinds_of_its_ends():
    kinds = {k for pair in RELATION_ENDS.values() for k in pair}
    assert kinds == {"Document", "Section", "Policy", "Programme", "School", "Department"}


def test_the_json_export_writes_ends_as_names_paths_and_document():
    got = [(r["type"], r["head"], r["tail"]) for r in document_to_dict(CITY.documents[0])["relations"]]
    assert got == [("basedOn", "DOCUMENT", "四川省学前教育行动计划"), ("responsibleFor", "云溪市教育局", "三"),
                   ("mergedInto", "云溪二中", "云溪一中")]


def _rows(record, query: str) -> list[tuple[str, ...]]:
    return select(store_of(record), query)


def test_each_kind_of_end_is_its_own_node():
    assert _rows(CITY, "SELECT ?label ?path WHERE { ?body edukg:responsibleFor ?item ; skos:prefLabel ?label . "
                       "?item a eli:LegalResourceSubdivision ; edukg:sectionPath ?path }") == [("云溪市教育局", "三")]
    assert _rows(CITY, "SELECT ?a ?b WHERE { ?x edukg:mergedInto ?y . ?x a schema:School ; schema:name ?a . "
                       "?y a schema:School ; schema:name ?b }") == [("云溪二中", "云溪一中")]
    assert _rows(CITY, "SELECT ?title WHERE { ?doc eli:based_on ?cited ; dcterms:title ?own . "
                       "?cited dcterms:title ?title }") == [("四川省学前教育行动计划",)]


def test_a_section_path_the_document_lacks_is_the_document():
    doc = CITY.documents[0]
    lost = replace(doc, relations=[Relation("responsibleFor", End("Department", "云溪市教育局"), End("Section", "九"))])
    record = replace(CITY, documents=[lost])
    assert _rows(record, "SELECT ?title WHERE { ?body edukg:responsibleFor ?doc . ?doc dcterms:title ?title }") == [
        ("云溪市学前教育三年行动计划",)]
