"""Views in headless Chromium from disk with the network blocked: they draw, explain and stay inert;
and the same views served by ``edukg serve`` over http, under the policy it sends as a header.

Needs Debian's ``chromium`` and the ``playwright`` driver (its own browser download is
not used). Skipped with a message when Chromium is absent, except in CI, which installs it.
Set ``EDUKG_SCREENSHOT=path.png`` to save the README screenshot.
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
    path = _first(views, prefix)
    tab = Tab(browser, path)
    try:
        assert tab.errors == []
        assert tab.outside == []
        if prefix != "index":
            drawn = tab.page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
            assert drawn == len(view_data(path)["nodes"]) > 0
        else:
            links = tab.page.eval_on_selector_all("#lists a", "as => as.length")
            assert links == sum(len(g["items"]) for g in view_data(path)["groups"]) > 0
    finally:
        tab.close()


def test_hovering_a_target_shows_its_source_sentence(browser, views: dict[str, Path]) -> None:
    tab = Tab(browser, _first(views, "doc-", CITY_TITLE))
    try:
        info = tab.hover(tab.node_id(TARGET_TEXT))
        assert TARGET_TEXT in info and CITY_TITLE in info
        assert "2025" in info and "%" in info
        if os.environ.get("EDUKG_SCREENSHOT"):
            tab.page.evaluate("window.edukgView.network.fit({animation: false})")
            tab.page.screenshot(path=os.environ["EDUKG_SCREENSHOT"])
    finally:
        tab.close()


def test_search_finds_and_filter_hides_by_type(browser, views: dict[str, Path]) -> None:
    path = _first(views, "doc-", CITY_TITLE)
    expected = sum("开课率" in n["label"] for n in view_data(path)["nodes"])  # the indicator and its target
    tab = Tab(browser, path)
    try:
        tab.page.fill("#search", "开课率")
        assert tab.page.text_content("#found") == f"{expected} found"
        assert tab.page.evaluate("window.edukgView.network.getSelectedNodes().length") == expected == 2
        tab.page.uncheck("#legend input[data-kind='target']")
        hidden = tab.page.evaluate("window.edukgView.nodes.get({filter: n => n.hidden}).length")
        assert hidden == sum(n["kind"] == "target" for n in tab.page.evaluate("window.edukgView.data.nodes"))
    finally:
        tab.close()


@pytest.mark.parametrize("prefix,title,labels", [
    ("doc-", COUNTY_TITLE, [COUNTY_TITLE, EVIL_DEPARTMENT]),
    ("dependencies", None, [COUNTY_TITLE]),
    ("department-", EVIL_DEPARTMENT, [EVIL_DEPARTMENT]),
])
def test_html_in_document_text_stays_text(browser, views, prefix: str, title: str | None, labels: list) -> None:
    tab = Tab(browser, _first(views, prefix, title))
    try:
        for label in labels:
            info = tab.hover(tab.node_id(label))
            assert PAYLOAD in info, "the payload is shown as the characters it is"
        tab.page.fill("#search", "img src")
        tab.page.wait_for_timeout(200)
        assert tab.page.evaluate("window.__pwned") is None
        assert tab.page.evaluate("document.querySelectorAll('img').length") == 0
        assert tab.errors == [] and tab.outside == []
    finally:
        tab.close()


def test_index_search_filters_the_list(browser, views: dict[str, Path]) -> None:
    tab = Tab(browser, views["index.html"])
    try:
        tab.page.fill("#search", "杭州市")
        visible = tab.page.eval_on_selector_all("#lists li", "ls => ls.filter(l => !l.hidden).length")
        assert tab.page.text_content("#found") == f"{visible} found" and visible >= 2
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
