"""Views rendered from a small graph built through the records contract (graph.build.run.add_record).

The fixture is three plans in a dependency chain (national ← city ← county); the
county plan's title, a department and a school carry an HTML payload, because
document text is untrusted. ``test_browser`` reuses the fixture.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from extractors.records import DOCUMENT, DocumentRecord, End, Entity, FileRecord, Relation, Section, Target
from graph.build.link import link
from graph.build.run import add_record
from graph.store.local import StoreError, load_vocabulary
from graph.views import render_views
from graph.views.html import json_script
from graph.views.model import load_view_graph, open_store
from graph.views.pages import LIST_DOCUMENTS, OVERVIEW_BUDGET, PAGE_CAP, SIDE_CAP
from ontology.namespaces import DCTERMS, ELI, ID, ORG, RDF, SCHEMA, SKOS

PAYLOAD = '<img src=x onerror="window.__pwned=1">'
NATIONAL_TITLE = "国务院办公厅关于全面加强和改进学校美育工作的意见"
CITY_TITLE = "杭州市学校美育提升三年行动计划"
COUNTY_TITLE = f"淳安县学校美育实施方案{PAYLOAD}"
EVIL_DEPARTMENT = f"淳安县{PAYLOAD}教育局"
EVIL_SCHOOL = f"{PAYLOAD}淳安县第一中学"
TARGET_TEXT = "到2025年，中小学美育课程开课率达到100%"


class _Text:
    """Builds a text and remembers where each piece went, so spans are exact."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return (start, self.length)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _national() -> FileRecord:
    t = _Text()
    title = t.add(NATIONAL_TITLE)
    t.add("\n")
    number = t.add("国办发〔2015〕71号")
    t.add("\n")
    issuer = t.add("国务院办公厅")
    t.add("\n")
    heading = t.add("一、总体要求")
    t.add("\n到2020年，学校美育取得突破性进展。\n")
    doc = DocumentRecord(
        span=(0, t.length), title=NATIONAL_TITLE, doc_number="国办发〔2015〕71号", issuer=["国务院办公厅"],
        date="2015-09-15", evidence={"title": title, "doc_number": number, "issuer": issuer},
        sections=[Section("一", "一", "总体要求", 1, heading)],
        entities=[Entity("Department", "国务院办公厅", [issuer])],
    )
    return FileRecord("national.txt", t.text, "utf-8", "txt", "0" * 64, [doc])


def _plan(source: str, title: str, issuer: str, cites: str, school: str | None) -> FileRecord:
    t = _Text()
    title_span = t.add(title)
    t.add("\n")
    issuer_span = t.add(issuer)
    t.add("\n")
    basis = t.add(f"根据《{cites}》精神，制定本方案。")
    t.add("\n")
    h1 = t.add("一、主要目标")
    t.add("\n")
    h2 = t.add("（一）课程开齐开足。")
    target = t.add(TARGET_TEXT)
    t.add("。")
    agent = t.add(f"由{issuer}负责。")
    t.add("\n")
    entities = [Entity("Department", issuer, [issuer_span, (agent[0] + 1, agent[0] + 1 + len(issuer))]),
                Entity("Indicator", "中小学美育课程开课率", [(target[0] + 6, target[0] + 16)])]
    if school:
        entities.append(Entity("School", school, [t.add(f"{school}建设艺术教室。")]))
    doc = DocumentRecord(
        span=(0, t.length), title=title, issuer=[issuer], date="2022-03-01",
        evidence={"title": title_span, "issuer": issuer_span},
        sections=[Section("一", "一", "主要目标", 1, h1),
                  Section("一/(一)", "（一）", "课程开齐开足", 2, h2)],
        entities=entities,
        targets=[Target("中小学美育课程开课率", "=", 100.0, False, "%", 2025, "一/(一)", target)],
        relations=[Relation("basedOn", DOCUMENT, End("Policy", cites), basis),
                   Relation("responsibleFor", End("Department", issuer), End("Section", "一/(一)"), agent)],
    )
    return FileRecord(source, t.text, "utf-8", "txt", "0" * 64, [doc])


def sample_store() -> ox.Store:
    """An in-memory store holding the three fixture plans, linked across documents."""
    store = ox.Store()
    load_vocabulary(store)
    for record in (
        _national(),
        _plan("city.txt", CITY_TITLE, "杭州市教育局", "国办发〔2015〕71号", None),
        _plan("county.txt", COUNTY_TITLE, EVIL_DEPARTMENT, CITY_TITLE, EVIL_SCHOOL),
    ):
        add_record(store, record)
    link(store)
    return store


def view_data(path: Path) -> dict:
    """The JSON a page embeds, read back the way the browser reads it."""
    pattern = r'<script type="application/json" id="view-data">(.*?)</script>'
    match = re.search(pattern, path.read_text("utf-8"))
    assert match, f"{path.name}: no embedded data"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("views")
    return {p.name: p for p in render_views(sample_store(), out)}


def _pages(rendered: dict[str, Path], prefix: str) -> list[Path]:
    return sorted(p for name, p in rendered.items() if name.startswith(prefix))


def test_every_kind_of_view_is_written(rendered: dict[str, Path]) -> None:
    assert {"index.html", "dependencies.html", "vis-network.min.js"} <= set(rendered)
    assert len(_pages(rendered, "doc-")) == 3
    for kind in ("department", "indicator", "school"):
        assert _pages(rendered, f"{kind}-"), f"no {kind} page"
    for name in rendered:
        assert re.fullmatch(r"(index|dependencies|[a-z]+-[0-9a-f]{16})\.html|vis-network\.min\.js", name)


def test_rendering_is_deterministic(tmp_path: Path, rendered: dict[str, Path]) -> None:
    again = {p.name: p for p in render_views(sample_store(), tmp_path)}
    assert set(again) == set(rendered)
    for name, path in again.items():
        assert path.read_bytes() == rendered[name].read_bytes(), name


def test_pages_fetch_nothing_and_pin_their_scripts(rendered: dict[str, Path]) -> None:
    for path in rendered.values():
        if path.suffix != ".html":
            continue
        head = html.unescape(path.read_text("utf-8").split("</head>")[0])
        assert "default-src 'none'" in head and "'unsafe-inline'" not in head.split("style-src")[0]
        page = path.read_text("utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', page), path.name
        assert not re.search(r'<script src="(?!assets/vis-network\.min\.js")', page), path.name


def test_untrusted_text_never_appears_as_markup(rendered: dict[str, Path]) -> None:
    seen = False
    for path in rendered.values():
        text = path.read_text("utf-8")
        assert PAYLOAD not in text and "<img" not in text, path.name
        if path.suffix == ".html" and path.name != "index.html":
            labels = [n["label"] for n in view_data(path)["nodes"]]
            seen |= any(PAYLOAD in label for label in labels)
    assert seen, "the payload should survive as plain text in some view's data"


def test_json_script_round_trips_and_cannot_close_its_tag() -> None:
    data = {"a": "</script><script>alert(1)</script>", "b": "x\u2028y & <!--"}
    text = json_script(data)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_dependencies_stack_levels_and_resolve_the_chain(rendered: dict[str, Path]) -> None:
    data = view_data(rendered["dependencies.html"])
    by_label = {n["label"]: n for n in data["nodes"]}
    national, city, county = by_label[NATIONAL_TITLE], by_label[CITY_TITLE], by_label[COUNTY_TITLE]
    assert (national["level"], city["level"], county["level"]) == ("国家级", "市级", "县级")
    assert national["y"] < city["y"] < county["y"]
    assert [b["name"] for b in data["bands"]] == ["国家级", "市级", "县级"], "each band is named"
    assert national["short"] == "国办发〔2015〕71号", "a box says the 发文字号, the full title shows on hover"
    edges = {(e["from"], e["to"]): e["kinds"] for e in data["edges"]}
    assert "based_on" in edges[(city["id"], national["id"])]
    assert "based_on" in edges[(county["id"], city["id"])], "a title citation should fold into the document"
    assert {k["key"]: k["name"] for k in data["links"]}["based_on"] == "依据", "link kinds are in the legend"


def _outline_items(items: list[dict]) -> list[dict]:
    return [x for item in items for x in (item, *_outline_items(item["children"]))]


def test_document_view_is_an_outline_with_targets_in_chinese(rendered: dict[str, Path]) -> None:
    data = next(d for d in map(view_data, _pages(rendered, "doc-")) if d["title"] == CITY_TITLE)
    items = {i["label"]: i for i in _outline_items(data["outline"])}
    assert list(items) == ["一 主要目标", "（一） 课程开齐开足"], "sections in reading order, nested"
    assert items["一 主要目标"]["children"][0] is not None
    item = items["（一） 课程开齐开足"]
    [target] = item["targets"]
    assert (target["comparator"], target["value"], target["unit"], target["deadline"]) == ("达到", "100", "%", "2025")
    assert target["indicator"]["label"] == "中小学美育课程开课率" and target["text"] == [TARGET_TEXT]
    assert [r["label"] for r in item["responsible"]] == ["杭州市教育局"]
    assert item["responsible"][0]["text"] == ["杭州市教育局"], "who is responsible, with the words read"
    national = next(d for d in map(view_data, _pages(rendered, "doc-")) if d["title"] == NATIONAL_TITLE)
    assert ["发文字号", "国办发〔2015〕71号"] in national["fields"] and ["成文日期", "2015-09-15"] in national["fields"]
    beside = {n["label"] for n in data["nodes"]}
    assert beside == {CITY_TITLE, NATIONAL_TITLE, COUNTY_TITLE}, "the graph beside: upstream and downstream"


def test_indicator_view_is_a_table_of_every_target(rendered: dict[str, Path]) -> None:
    data = next(d for d in map(view_data, _pages(rendered, "indicator-")) if d["title"] == "中小学美育课程开课率")
    rows = [(r["region"], r["level"], r["doc"]["label"], r["comparator"], r["value"], r["unit"], r["deadline"])
            for r in data["rows"]]
    assert rows == [("杭州市", "市级", CITY_TITLE, "达到", "100", "%", "2025"),
                    ("淳安县", "县级", COUNTY_TITLE, "达到", "100", "%", "2025")]
    assert all(r["text"] == [TARGET_TEXT] for r in data["rows"])
    assert data["nodes"] == [] and "<script src=" not in _pages(rendered, "indicator-")[0].read_text("utf-8")


def test_index_lists_every_page_with_counts(rendered: dict[str, Path]) -> None:
    data = view_data(rendered["index.html"])
    hrefs = {item["href"] for group in data["groups"] for item in group["items"]}
    assert hrefs == {name for name in rendered if re.fullmatch(r"[a-z]+-[0-9a-f]{16}\.html", name)}
    assert dict(data["counts"])["文件"] == 3


def many_documents(count: int) -> ox.Store:
    """``count`` county plans of six counties, each based on one of ten national documents and
    passed by one 教育局."""
    store = ox.Store()
    bureau = ox.NamedNode(f"{ID}org/many-bureau")
    quads = [ox.Quad(bureau, ox.NamedNode(RDF.type), ox.NamedNode(ORG.Organization)),
             ox.Quad(bureau, ox.NamedNode(SKOS.prefLabel), ox.Literal("教育局"))]
    counties = ("淳安县", "建德市", "桐庐县", "临安区", "富阳区", "余杭区")
    for i in range(count + 10):
        doc = ox.NamedNode(f"{ID}doc/many-{i:04d}")
        title = f"国务院关于第{i}项工作的意见" if i < 10 else f"{counties[i % 6]}关于第{i}项工作的实施方案"
        quads += [ox.Quad(doc, ox.NamedNode(RDF.type), ox.NamedNode(ELI.LegalResource)),
                  ox.Quad(doc, ox.NamedNode(DCTERMS.title), ox.Literal(title)),
                  ox.Quad(doc, ox.NamedNode(DCTERMS.source), ox.Literal(f"many/{i}.txt"))]
        if i >= 10:
            quads += [ox.Quad(doc, ox.NamedNode(ELI.based_on), ox.NamedNode(f"{ID}doc/many-{i % 10:04d}")),
                      ox.Quad(doc, ox.NamedNode(ELI.passed_by), bureau)]
    store.extend(quads)
    return store


def test_a_large_corpus_is_summarised_by_group(tmp_path: Path) -> None:
    files = {p.name: p for p in render_views(many_documents(600), tmp_path)}
    overview = view_data(files["dependencies.html"])
    assert len(overview["nodes"]) <= OVERVIEW_BUDGET
    groups = [n for n in overview["nodes"] if n["kind"] == "group"]
    assert groups and all(re.fullmatch(r"group-[0-9a-f]{16}\.html", g["href"]) for g in groups)
    drawn = {n["label"] for n in overview["nodes"] if n["kind"] != "group"}
    members: set[str] = set()
    for g in groups:
        page = view_data(files[g["href"]])
        assert len(page["nodes"]) <= PAGE_CAP and len(page["members"]) == g["count"]
        members |= {m["label"] for m in page["members"]}
    assert len(drawn) + len(members) == 610 and not drawn & members, "every document is drawn or in one group"
    assert all(any(g["label"].startswith(f"县级 · {c}") for g in groups) for c in ("淳安县", "桐庐县")), "by region"


def test_a_department_of_many_documents_stays_a_readable_page(tmp_path: Path) -> None:
    files = render_views(many_documents(600), tmp_path)
    [page] = [view_data(p) for p in files if p.name.startswith("department-")]
    assert page["title"] == "教育局" and "涉及 600 件文件" in page["summary"]
    assert len(page["groups"]) == LIST_DOCUMENTS and len(page["nodes"]) == SIDE_CAP + 1


def test_rendering_again_rewrites_only_what_changed(tmp_path: Path) -> None:
    store = sample_store()
    files = render_views(store, tmp_path)
    for path in files:
        os.utime(path, ns=(1, 1))
    render_views(store, tmp_path)
    assert [p.name for p in files if p.stat().st_mtime_ns != 1] == []
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?t <{SCHEMA.unitText}> ?u }} }}")
    again = render_views(store, tmp_path)
    changed = {p.name.split("-")[0] for p in again if p.stat().st_mtime_ns != 1}
    assert changed == {"doc", "indicator"}, "only the pages that show a target's unit"


def test_rendering_a_smaller_graph_removes_the_pages_now_gone(tmp_path: Path) -> None:
    before = {p.name for p in render_views(many_documents(300), tmp_path)}
    after = {p.name for p in render_views(sample_store(), tmp_path)}
    assert any(name.startswith("group-") for name in before)
    assert {p.name for p in tmp_path.glob("*.html")} == {name for name in after if name.endswith(".html")}


def test_view_graph_reads_sources_from_provenance() -> None:
    graph = load_view_graph(sample_store())
    school = next(n for n in graph.nodes.values() if n.kind == "school")
    assert school.label == EVIL_SCHOOL
    assert school.sources[0].text == f"{EVIL_SCHOOL}建设艺术教室。"


def test_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no graph store here"):
        open_store(tmp_path / "absent")
