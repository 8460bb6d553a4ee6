"""Write every view of a graph to a folder: dependencies, one page per document and per entity, an index."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from graph.views import html, pages
from graph.views.kinds import ENTITY_PAGE_KINDS, KIND_BY_KEY
from graph.views.model import ViewGraph, load_view_graph, local_name
from graph.views.terms import term
from ontology.namespaces import ELI

PAGE_NAME = re.compile(r"[a-z]+-[0-9a-f]{16}\.html")  # see pages.page_file and pages.Group.file
COUNTED = ("document", "policy", "section", "target", "department", "school", "programme", "indicator",
           "place")


def render_views(store: ox.Store | str | Path, out_dir: Path, *, inline: bool = False) -> list[Path]:
    """Render all views of the graph in ``store`` into ``out_dir`` and return the views' files.

    Pages link one shared copy of vis-network in ``out_dir/assets`` (inlining its 470 kB
    into each of hundreds of pages would take tens of megabytes even for the sample);
    with ``inline`` every page carries it and works as a single file. Both work offline.
    A file whose content is already what it would be is left alone, so rendering again after a
    small change rewrites only the pages whose data changed (and a server's caches stay valid);
    a page this folder holds from an earlier render, of a document or group now gone, is removed.
    A folder that cannot be made or written (a file of that name, no permission) raises ``ViewError``.
    """
    graph = load_view_graph(store)
    out_dir = Path(out_dir)
    written: list[Path] = []
    prefix = None if inline else ""

    def write(name: str, text: str) -> None:
        path = out_dir / name
        data = text.encode("utf-8")
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        written.append(path)

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if not inline:
            write(f"{html.ASSET_DIR}/{html.VIS_JS}", html.vis_network_js())
        overview, groups = pages.dependency_overview(graph)
        write(pages.OVERVIEW_FILE, html.graph_page(overview, prefix))
        for name, payload in sorted(groups.items()):
            write(name, html.graph_page(payload, prefix))
        adj = pages.Adjacency(graph)
        for node in graph.of_kind("document", *ENTITY_PAGE_KINDS):
            build = pages.document if node.kind == "document" else pages.entity
            write(pages.page_file(node), html.graph_page(build(graph, adj, node), prefix))
        write(pages.INDEX_FILE, html.index_page(index(graph)))
        keep = {p.name for p in written}
        for stale in out_dir.glob("*-*.html"):  # pages of documents or groups no longer in the graph
            if PAGE_NAME.fullmatch(stale.name) and stale.name not in keep:
                stale.unlink()
    except OSError as exc:
        raise html.ViewError(f"{out_dir}: cannot write the views ({exc.strerror or exc})") from exc
    return written


def index(graph: ViewGraph) -> dict:
    """Counts and the list of pages, documents first, each group sorted by name."""
    date, number = local_name(ELI.date_document), local_name(ELI.id_local)
    counts = [[KIND_BY_KEY[k].name, len(graph.of_kind(k))] for k in COUNTED]
    counts.append(["关系", len(graph.edges)])
    lists = []
    for kind in ("document", *ENTITY_PAGE_KINDS):
        items = []
        for node in graph.of_kind(kind):
            detail = dict(node.details)
            level = term("level", node.level) if node.level else None
            meta = " · ".join(v for v in (detail.get(number), detail.get(date), level) if v)
            items.append({"label": node.label, "href": pages.page_file(node), "meta": meta})
        items.sort(key=lambda i: i["label"])
        lists.append({"name": KIND_BY_KEY[kind].name, "items": items})
    return {"counts": counts, "groups": lists}
