"""Views rendered from a small graph built through the records contract (graph.build.run.add_record).

The fixture is three plans in a dependency chain (national ← city ← county); the
county plan's title, a department and a school carry an HTML payload, because
document text is untrusted. ``test_browser`` reuses the fixture.
"""

from __future__ import annotations

import html
import json
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
    assert (national["level"], city["level"], county["level"]) == ("national", "city", "county")
    assert national["y"] < city["y"] < county["y"]
    edges = {(e["from"], e["to"]): e["label"].split(", ") for e in data["edges"]}
    assert "based_on" in edges[(city["id"], national["id"])]
    assert "based_on" in edges[(county["id"], city["id"])], "a title citation should fold into the document"


def test_document_view_shows_items_targets_and_who_is_responsible(rendered: dict[str, Path]) -> None:
    data = next(d for d in map(view_data, _pages(rendered, "doc-")) if d["title"] == CITY_TITLE)
    by_label = {n["label"]: n for n in data["nodes"]}
    item, target = by_label["（一） 课程开齐开足"], by_label[TARGET_TEXT]
    details = dict(map(tuple, target["details"]))
    assert details["value"] == "100" and details["unitText"] == "%" and details["deadline"] == "2025"
    assert target["sources"][0] == {"text": TARGET_TEXT, "doc": CITY_TITLE}
    edges = {(e["from"], e["to"]): e["label"].split(", ") for e in data["edges"]}
    assert "responsibleFor" in edges[(by_label["杭州市教育局"]["id"], item["id"])]
    assert "item" in edges[(target["id"], item["id"])]
    assert item["y"] > by_label["一 主要目标"]["y"], "the outline keeps reading order"


def test_entity_view_gathers_an_indicator_across_documents(rendered: dict[str, Path]) -> None:
    pages = map(view_data, _pages(rendered, "indicator-"))
    data = next(d for d in pages if d["title"] == "中小学美育课程开课率")
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("target") == 2 and kinds.count("document") == 2


def test_index_lists_every_page_with_counts(rendered: dict[str, Path]) -> None:
    data = view_data(rendered["index.html"])
    hrefs = {item["href"] for group in data["groups"] for item in group["items"]}
    assert hrefs == {name for name in rendered if re.fullmatch(r"[a-z]+-[0-9a-f]{16}\.html", name)}
    assert dict(data["counts"])["Document"] == 3


def test_view_graph_reads_sources_from_provenance() -> None:
    graph = load_view_graph(sample_store())
    school = next(n for n in graph.nodes.values() if n.kind == "school")
    assert school.label == EVIL_SCHOOL
    assert school.sources[0].text == f"{EVIL_SCHOOL}建设艺术教室。"


def test_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no graph store here"):
        open_store(tmp_path / "absent")
