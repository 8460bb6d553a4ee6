"""Benchmark: the views of a 2,000-document corpus, rendered, rendered again, and loaded in headless Chromium.

Builds a synthetic corpus straight into an in-memory store (national → provincial →
city → county plans, each based on one or two documents a level up), renders the
views, renders them again unchanged (which rewrites nothing), then opens from disk the
dependency overview and the page that draws the most nodes (a group of the overview),
waiting for each to draw and the page to go idle. Prints one JSON line. Needs Debian's
``chromium`` and playwright.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from graph.views import render_views
from ontology.namespaces import DCTERMS, ELI, ID, ORG, RDF, SKOS

LEVELS = (("国务院办公厅", 20), ("浙江省教育厅", 180), ("杭州市教育局", 600), ("淳安县教育局", 1200))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic_store(seed: int = 7) -> ox.Store:
    """2,000 documents in four levels, each based on one or two documents of the level above."""
    rng = random.Random(seed)
    store = ox.Store()
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o))

    above: list[str] = []
    for level, (issuer, count) in enumerate(LEVELS):
        org = f"{ID}org/bench-{level}"
        add(org, RDF.type, ox.NamedNode(ORG.Organization))
        add(org, SKOS.prefLabel, ox.Literal(issuer))
        current = []
        for i in range(count):
            doc = f"{ID}doc/bench-{level}-{i}"
            add(doc, RDF.type, ox.NamedNode(ELI.LegalResource))
            add(doc, DCTERMS.title, ox.Literal(f"{issuer}关于第{i}项工作的实施意见"))
            add(doc, DCTERMS.source, ox.Literal(f"bench/{level}/{i}.txt"))
            add(doc, ELI.passed_by, ox.NamedNode(org))
            for up in rng.sample(above, min(len(above), rng.choice((1, 2)))):
                add(doc, ELI.based_on, ox.NamedNode(up))
            current.append(doc)
        above = current
    store.extend(quads)
    return store


def load_and_idle(page_path: Path, chromium: str) -> dict[str, float | int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
        page.evaluate("new Promise(r => requestIdleCallback(() => r(), {timeout: 10000}))")
        loaded = time.perf_counter() - start
        drawn = page.evaluate("Object.keys(window.edukgView.network.getPositions()).length")
        redraw = page.evaluate("""() => { const n = window.edukgView.network; const t = performance.now();
            for (let i = 0; i < 5; i++) { n.moveTo({scale: 0.2 + i * 0.2}); n.redraw(); }
            return (performance.now() - t) / 5; }""")
        browser.close()
    return {"load_idle_s": round(loaded, 3), "drawn": drawn, "redraw_ms": round(redraw, 1)}


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium binary (apt-get install chromium)", file=sys.stderr)
        return 1
    store = synthetic_store()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        written = render_views(store, Path(tmp))
        rendered = time.perf_counter() - start
        before = {p: p.stat().st_mtime_ns for p in written}
        start = time.perf_counter()
        render_views(store, Path(tmp))
        again = time.perf_counter() - start
        pages = [p for p in written if p.suffix == ".html" and p.name != "index.html"]
        drawn = {p: p.read_text(encoding="utf-8").count('"id":"n') for p in pages}
        overview = Path(tmp) / "dependencies.html"
        biggest = max(pages, key=lambda p: (drawn[p], p.name))
        result = {"bench": "views", "documents": 2000, "files": len(written), "render_all_s": round(rendered, 2),
                  "render_again_s": round(again, 2),
                  "rewritten_again": sum(p.stat().st_mtime_ns != t for p, t in before.items()),
                  "largest_page_bytes": max(p.stat().st_size for p in pages),
                  "overview": load_and_idle(overview, chromium),
                  "biggest_page": {"name": biggest.name, **load_and_idle(biggest, chromium)}}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
