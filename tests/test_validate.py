"""SHACL validation as SPARQL over the store (``graph.store.validate``): the same violations as
pyshacl, the reference engine, finds on the same data; a check limited to the graphs a build
changed; what ``edukg validate`` reports."""

from __future__ import annotations

import pytest
from test_graph_queries import CITY, COUNTY, PROVINCE
from test_graph_rdf import store_of

from graph.build.iris import file_graph
from graph.store.validate import validate, validate_pyshacl, violation_keys
from ontology.namespaces import sparql_prologue

# each breaks one shape, in the city plan's graph unless it says otherwise
BREAKS = {
    "no indicator": "DELETE WHERE { GRAPH ?g { ?t edukg:indicator ?i } }",
    "negative offset": """DELETE { GRAPH ?g { ?p oa:start ?s } } INSERT { GRAPH ?g { ?p oa:start -1 } }
        WHERE { { SELECT ?g ?p ?s WHERE { GRAPH ?g { ?p oa:start ?s } } ORDER BY ?p LIMIT 1 } }""",
    "no position": """DELETE { GRAPH ?g { ?r oa:hasSelector ?p } } WHERE { { SELECT ?g ?r ?p WHERE { GRAPH ?g {
        ?r oa:hasSelector ?p, ?q . ?p a oa:TextPositionSelector . ?q a oa:TextQuoteSelector } }
        ORDER BY ?r LIMIT 1 } }""",
    "two titles": """INSERT { GRAPH ?g { ?d dcterms:title "另一个标题" } }
        WHERE { GRAPH ?g { ?d dcterms:source ?s } }""",
    "value as text": """DELETE { GRAPH ?g { ?t edukg:value ?v } } INSERT { GRAPH ?g { ?t edukg:value "九十" } }
        WHERE { GRAPH ?g { ?t edukg:value ?v } }""",
    "value and redacted": """INSERT { GRAPH ?g { ?t edukg:redacted true } } WHERE { GRAPH ?g { ?t edukg:value ?v } }""",
    "untyped body": "DELETE WHERE { GRAPH ?g { ?o a <https://schema.org/GovernmentOrganization> } }",
    "cites a body": """INSERT { GRAPH ?g { ?d eli:cites ?o } } WHERE { GRAPH ?g { ?d dcterms:source ?s }
        { SELECT ?o WHERE { GRAPH ?h { ?o a org:Organization } } ORDER BY ?o LIMIT 1 } }""",
    # typed by the subclass alone, an indicator is still a skos:Concept (the ontology says so) but
    # loses its scheme: both engines must read the class hierarchy from the store
    "subclass only": """DELETE { GRAPH ?g { ?c a skos:Concept ; skos:inScheme ?s } } WHERE {
        GRAPH ?g { ?c a skos:Concept , edukg:Indicator ; skos:inScheme ?s } }""",
    "no title": "DELETE WHERE { GRAPH ?g { ?d eli:id_local ?n } } ; DELETE WHERE { GRAPH ?g { ?d dcterms:title ?t } }",
}


def broken(*names: str):
    store = store_of(CITY)
    for name in names:
        store.update(sparql_prologue() + BREAKS[name])
    return store


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_sparql_checks_find_what_pyshacl_finds(name):
    store = broken(name)
    found = violation_keys(store)
    assert found, f"{name}: no violation found"
    assert found == validate_pyshacl(store)


def test_a_conforming_store_has_no_violation_in_either_engine():
    store = store_of(PROVINCE, CITY, COUNTY)
    assert validate(store).conforms
    assert not validate_pyshacl(store)


def test_a_check_limited_to_changed_graphs_sees_their_violations_only():
    store = store_of(PROVINCE, CITY, COUNTY)
    store.update(sparql_prologue() + f"""DELETE {{ GRAPH ?g {{ ?t edukg:indicator ?i }} }} WHERE {{
        VALUES ?g {{ <{file_graph("p.txt")}> }} GRAPH ?g {{ ?t edukg:indicator ?i }} }}""")
    assert not validate(store).conforms
    assert not validate(store, graphs=[file_graph("p.txt")]).conforms
    assert validate(store, graphs=[file_graph("c.txt")]).conforms
    assert validate(store, graphs=[]).conforms


def test_progress_is_reported_after_every_check():
    seen: list[tuple[int, int]] = []
    validate(store_of(CITY), progress=lambda done, total, _: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == len(seen)


def test_edukg_validate_checks_what_the_last_build_changed(tmp_path):
    from test_cli import PLAN, invoke

    from graph.store.local import LAST_BUILD

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PLAN.replace("甲县", "乙县") if name == "b.txt" else PLAN, encoding="utf-8")
    store = str(tmp_path / "store")
    assert invoke("build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--store", store).exit_code == 0
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0 and "2 changed graph(s) and the links checked" in result.output
    (tmp_path / "b.txt").write_text(PLAN.replace("甲县", "乙县") + "\n补充说明。", encoding="utf-8")
    assert invoke("build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--store", store).exit_code == 0
    assert (tmp_path / "store" / LAST_BUILD).read_text(encoding="utf-8").count("graph/file/") == 1
    assert "1 changed graph(s)" in invoke("validate", "--store", store).output
    assert "every graph checked" in invoke("validate", "--store", store, "--all").output
    (tmp_path / "store" / LAST_BUILD).unlink()
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0 and "no record of the last build" in result.output
    assert "every graph checked" in result.output


def test_a_limited_check_reads_what_other_graphs_say_about_its_nodes():
    store = store_of(PROVINCE, CITY, COUNTY)
    # p.txt's graph gives the city plan (built from c.txt) a second title: a violation that only
    # the two graphs together show
    store.update(sparql_prologue() + f"""INSERT {{ GRAPH <{file_graph("p.txt")}> {{ ?d dcterms:title "别名" }} }}
        WHERE {{ GRAPH <{file_graph("c.txt")}> {{ ?d dcterms:source ?s }} }}""")
    report = validate(store, graphs=[file_graph("p.txt")])
    assert [problem for _, problem, _ in report.violations] == ["dcterms:title: sh:maxCount 1"]
    assert [problem for _, problem, _ in validate(store).violations] == ["dcterms:title: sh:maxCount 1"]
