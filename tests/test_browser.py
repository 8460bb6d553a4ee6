"""Views in headless Chromium from disk with the network blocked: they draw, explain and stay inert;
and the same views served by ``edukg serve`` over http, under the policy it sends as a header.

Needs Debian's ``chromium`` and the ``playwright`` driver (its own browser download is
not used). Skipped with a message when Chromium is absent, except in CI, which installs it.
The views of the meiyu corpus are checked when ``../shared`` is present; set
``EDUKG_SCREENSHOTS=docs`` to save the README's screenshots of them, and
``EDUKG_LAWS_VIEWS=DIR`` (views rendered from the law corpus) to check its biggest page.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from liveserve import serve
from test_views import (
    CITY_TITLE,
    COUNTY_TITLE,
    EVIL_DEPARTMENT,
    PAYLOAD,
    TARGET_TEXT,
    many_documents,
    sample_store,
    view_data,
)

from graph.views import render_views

CHROMIUM = os.environ.get("EDUKG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None:
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the browser tests, but no chromium binary was found", pytrace=False)
    pytest.skip("no chromium binary (apt-get install chromium): skipped", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


class Tab:
    """A page opened from disk, with every console error and every request that is not a local file."""

    def __init__(self, browser, path: Path | str, *, wait: bool = True, origin: str | None = None) -> None:
        self.local = ("file:", "data:") + ((origin,) if origin else ())
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800},
                                           user_agent="edukg-test", java_script_enabled=True)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.goto(path if isinstance(path, str) else path.as_uri())
        if wait:
            self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)

    def _request(self, request) -> None:
        if not request.url.startswith(self.local):
            self.outside.append(request.url)

    def _route(self, route) -> None:
        if route.request.url.startswith(self.local):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def node_id(self, label: str) -> str:
        return self.page.evaluate("(l) => window.edukgView.data.nodes.find(n => n.label === l).id", label)

    def hover(self, node_id: str) -> str:
        """Centre a node, move the mouse onto it, and return the info panel's text."""
        x, y = self.page.evaluate(
            """(id) => {
                const net = window.edukgView.network;
                net.moveTo({position: net.getPosition(id), scale: 1.5, animation: false});
                const p = net.canvasToDOM(net.getPosition(id));
                const r = document.getElementById('network').getBoundingClientRect();
                return [r.left + p.x, r.top + p.y];
            }""", node_id)
        self.page.mouse.move(x - 30, y - 30)
        self.page.mouse.move(x, y, steps=3)
        label = self.page.evaluate("(i) => window.edukgView.data.nodes.find(n => n.id === i).label", node_id)
        self.page.wait_for_function("(t) => document.querySelector('#info h2')?.textContent === t", arg=label)
        return self.page.text_content("#info") or ""

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        # a fresh profile (Playwright makes an empty user-data-dir) and no network helpers
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("browser-views")
    return {p.name: p for p in render_views(sample_store(), out) if p.suffix == ".html"}


def _first(views: dict[str, Path], prefix: str, title: str | None = None) -> Path:
    for name in sorted(views):
        if name.startswith(prefix) and (title is None or view_data(views[name]).get("title") == title):
            return views[name]
    raise AssertionError(f"no view {prefix}… {title or ''}")


@pytest.mark.parametrize("prefix", ["index", "dependencies", "doc-", "department-", "school-", "indicator-"])
def test_view_loads_offline_and_draws_its_data(browser, views: dict[str, Path], prefix: str) -> None:
    path = _first(views, prefix, "中小学美育课程开课率" if prefix == "indicator-" else None)
    tab = Tab(browser, path)
    try:
        assert tab.errors == []
        assert tab.outside == []
        if prefix == "index":
            links = tab.page.eval_on_selector_all("#lists a", "as => as.length")
            assert links == sum(len(g["items"]) for g in view_data(path)["groups"]) > 0
        elif prefix == "indicator-":
            rows = tab.page.eval_on_selector_all("table.comparison tbody tr", "rs => rs.length")
            assert rows == len(view_data(path)["rows"]) > 0
        else:
            drawn = tab.page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
            assert drawn == len(view_data(path)["nodes"]) > 0
    finally:
        tab.close()


def test_a_target_shows_its_source_sentence_on_click(browser, views: dict[str, Path]) -> None:
    tab = Tab(browser, _first(views, "doc-", CITY_TITLE))
    try:
        row = tab.page.locator("table.targets tr", has_text="中小学美育课程开课率")
        assert row.locator("td").all_text_contents()[:5] == ["中小学美育课程开课率", "达到", "100", "%", "2025年"]
        quote = row.locator("blockquote")
        assert not quote.is_visible()
        row.locator("button", has_text="原文").click()
        assert quote.is_visible() and quote.text_content() == TARGET_TEXT
        tab.page.locator("summary", has_text="一 主要目标").click()
        assert not tab.page.locator("summary", has_text="（一） 课程开齐开足").is_visible(), "sections fold"
    finally:
        tab.close()


def test_search_finds_and_filter_hides_by_type(browser, views: dict[str, Path]) -> None:
    path = views["dependencies.html"]
    tab = Tab(browser, path)
    try:
        tab.page.fill("#search", "杭州市")
        assert tab.page.text_content("#found") == "找到 1 个"
        assert tab.page.evaluate("window.edukgView.network.getSelectedNodes().length") == 1
        tab.page.uncheck("#legend input[data-link='based_on']")
        hidden = tab.page.evaluate("window.edukgView.edges.get({filter: e => e.hidden}).length")
        assert hidden == sum(e["kind"] == "based_on" for e in view_data(path)["edges"]) > 0
        tab.page.uncheck("#legend input[data-kind='document']")
        hidden = tab.page.evaluate("window.edukgView.nodes.get({filter: n => n.hidden}).length")
        assert hidden == sum(n["kind"] == "document" for n in view_data(path)["nodes"]) == 3
    finally:
        tab.close()


@pytest.mark.parametrize("prefix,title,labels", [
    ("doc-", COUNTY_TITLE, [COUNTY_TITLE]),
    ("dependencies", None, [COUNTY_TITLE]),
    ("department-", EVIL_DEPARTMENT, [EVIL_DEPARTMENT]),
])
def test_html_in_document_text_stays_text(browser, views, prefix: str, title: str | None, labels: list) -> None:
    tab = Tab(browser, _first(views, prefix, title))
    try:
        for label in labels:
            info = tab.hover(tab.node_id(label))
            assert PAYLOAD in info, "the payload is shown as the characters it is"
        if prefix == "doc-":
            assert EVIL_DEPARTMENT in tab.page.text_content("#text"), "and in the outline too"
            tab.page.locator("button", has_text="原文").first.click()
        tab.page.fill("#search", "img src")
        tab.page.wait_for_timeout(200)
        assert tab.page.evaluate("window.__pwned") is None
        assert tab.page.evaluate("document.querySelectorAll('img').length") == 0
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_a_click_on_a_group_opens_its_page(browser, tmp_path: Path) -> None:
    files = {p.name: p for p in render_views(many_documents(300), tmp_path)}
    tab = Tab(browser, files["dependencies.html"])
    try:
        group = next(n for n in view_data(files["dependencies.html"])["nodes"] if n["kind"] == "group")
        x, y = tab.page.evaluate("""(id) => {
            const net = window.edukgView.network, p = net.canvasToDOM(net.getPosition(id));
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", group["id"])
        with tab.page.expect_navigation():
            tab.page.mouse.click(x, y)
        assert tab.page.url.endswith(group["href"])
        tab.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)
        drawn = tab.page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
        assert drawn == len(view_data(files[group["href"]])["nodes"]) > group["count"] >= 1
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_index_search_filters_the_list(browser, views: dict[str, Path]) -> None:
    tab = Tab(browser, views["index.html"])
    try:
        tab.page.fill("#search", "杭州市")
        visible = tab.page.eval_on_selector_all("#lists li", "ls => ls.filter(l => !l.hidden).length")
        assert tab.page.text_content("#found") == f"找到 {visible} 个" and visible >= 2
        tab.page.fill("#search", "onerror")
        assert tab.page.evaluate("window.__pwned") is None
    finally:
        tab.close()


def test_notebook_frame_draws_offline(browser, tmp_path: Path) -> None:
    from graph.views.notebook import show

    page = tmp_path / "notebook.html"
    page.write_text(f"<!DOCTYPE html><meta charset='utf-8'><body>{show(sample_store(), CITY_TITLE).data}</body>",
                    encoding="utf-8")
    tab = Tab(browser, page, wait=False)
    try:
        frame = tab.page.frames[1]
        frame.wait_for_selector("body[data-ready='1']", state="attached", timeout=20_000)
        drawn = frame.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
        assert drawn == frame.evaluate("window.edukgView.data.nodes.length") > 0
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_a_page_served_by_edukg_serve_draws_its_graph(browser, tmp_path: Path) -> None:
    disk = ox.Store(str(tmp_path / "store"))
    disk.extend(sample_store())
    disk.flush()
    del disk
    with serve(tmp_path / "store", tmp_path) as served:  # the views rendered by the command itself
        assert served.views_ready()[0] == 200
        status, _, page = served.fetch("/index.html")
        name = next(m for m in page.decode().split('"') if m.startswith("doc-") and m.endswith(".html"))
        url = f"{served.base}/{name}"
        tab = Tab(browser, url, origin=served.base + "/")
        try:
            assert tab.errors == [] and tab.outside == []
            drawn = tab.page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
            assert drawn == tab.page.evaluate("window.edukgView.data.nodes.length") > 0
            policy = tab.page.evaluate("document.querySelector('meta[http-equiv]').content")
        finally:
            tab.close()
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.headers["Content-Security-Policy"].startswith(policy)


# --- the meiyu corpus and the law corpus, as a researcher opens them --------------------------------

MEIYU = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "meiyu"
SCREENSHOTS = os.environ.get("EDUKG_SCREENSHOTS")  # a folder: the README's pictures of the meiyu views


@pytest.fixture(scope="module")
def meiyu(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not MEIYU.is_dir():
        pytest.skip("../shared/corpus/meiyu is absent: the corpus views are not checked")
    from graph.api import KnowledgeGraph

    kg = KnowledgeGraph.in_memory()
    kg.build([MEIYU], jobs=1)
    return {p.name: p for p in render_views(kg.store, tmp_path_factory.mktemp("meiyu-views"))}


def _shot(tab: Tab, name: str) -> None:
    if SCREENSHOTS:
        tab.page.screenshot(path=str(Path(SCREENSHOTS) / name))


def test_meiyu_dependencies_open_fitted_with_legible_labels(browser, meiyu: dict[str, Path]) -> None:
    tab = Tab(browser, meiyu["dependencies.html"])
    try:
        opened = tab.page.evaluate("""() => {
            const v = window.edukgView, net = v.network;
            const box = document.getElementById('network').getBoundingClientRect();
            return Object.entries(net.getPositions()).map(([id, p]) => {
                const b = net.getBoundingBox(id), a = net.canvasToDOM({x: b.left, y: b.top}),
                      z = net.canvasToDOM({x: b.right, y: b.bottom});
                return {inside: a.x >= 0 && a.y >= 0 && z.x <= box.width && z.y <= box.height,
                        px: v.nodes.get(id).font.size * net.getScale()};
            });
        }""")
        assert len(opened) == len(view_data(meiyu["dependencies.html"])["nodes"]) > 40
        assert all(n["inside"] for n in opened), "every box inside the window on open"
        assert min(n["px"] for n in opened) >= 11, "labels legible at the opening zoom"
        assert tab.errors == [] and tab.outside == []
        _shot(tab, "view-dependencies.png")
    finally:
        tab.close()


def test_meiyu_indicator_page_compares_every_target(browser, meiyu: dict[str, Path]) -> None:
    pages = [p for name, p in meiyu.items() if name.startswith("indicator-")]
    def spread(p: Path) -> tuple:  # the most targets among indicators whose values differ
        rows = view_data(p)["rows"]
        return (len({r["value"] for r in rows}) > 1, len(rows), p.name)

    path = max(pages, key=spread)
    rows = view_data(path)["rows"]
    tab = Tab(browser, path)
    try:
        table = tab.page.eval_on_selector_all("table.comparison tbody tr", "rs => rs.map(r => "
                                              "Array.from(r.cells, c => c.textContent))")
        assert len(table) == len(rows) >= 5, "one row per target"
        assert sorted(r[5] for r in table) == sorted(r["value"] for r in rows), "with its value"
        assert sorted(r[0] for r in table) == sorted(r["region"] for r in rows) and any(r[0] for r in table)
        _shot(tab, "view-indicator.png")
        tab.page.click("table.comparison th[data-key='value']")
        values = [float(r) for r in tab.page.eval_on_selector_all(
            "table.comparison tbody td.num", "ds => ds.map(d => d.textContent)") if r.replace(".", "").isdigit()]
        assert values == sorted(values), "sorted by value on a click"
        assert tab.page.locator("svg.chart rect.bar").count() > 0
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_meiyu_document_page_is_an_outline_in_chinese(browser, meiyu: dict[str, Path]) -> None:
    docs = [p for name, p in meiyu.items() if name.startswith("doc-")]

    def targets(items: list[dict]) -> int:
        return sum(len(i["targets"]) + targets(i["children"]) for i in items)

    numbered = [p for p in docs if "发文字号" in dict(view_data(p)["fields"])]
    path = max(numbered, key=lambda p: (targets(view_data(p)["outline"]), p.name))
    tab = Tab(browser, path)
    try:
        assert tab.page.locator(".outline details > summary").count() >= 3, "sections as a collapsible outline"
        comparators = set(tab.page.eval_on_selector_all("table.targets tr td:nth-child(2)",
                                                        "ds => ds.map(d => d.textContent)"))
        assert comparators and comparators <= {"不低于", "不超过", "达到", "超过", "低于", "约"}
        fields = tab.page.text_content("#fields")
        assert all(name in fields for name in ("发文字号", "成文日期", "发文机关")) and "id_local" not in fields
        assert tab.errors == [] and tab.outside == []
        _shot(tab, "view-document.png")
    finally:
        tab.close()


LAWS_VIEWS = os.environ.get("EDUKG_LAWS_VIEWS")  # views rendered from a build of the law corpus


def test_the_biggest_law_corpus_page_draws_at_most_600_nodes(browser) -> None:
    if not LAWS_VIEWS:
        pytest.skip("set EDUKG_LAWS_VIEWS to views rendered from the law corpus (edukg render) to check them")
    pages = sorted(Path(LAWS_VIEWS).glob("*.html"))
    sizes = {p: len(view_data(p)["nodes"]) for p in pages if p.name != "index.html"}
    biggest = max(sizes, key=lambda p: (sizes[p], p.name))
    tab = Tab(browser, biggest)
    try:
        drawn = tab.page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
        assert drawn == sizes[biggest] <= 600
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()
