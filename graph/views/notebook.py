"""Views inline in Jupyter: a sandboxed iframe whose ``srcdoc`` is a self-contained page.

The page inlines vis-network (a notebook has no folder of assets to link) and runs
in an iframe sandboxed without same-origin, so document text can never reach the notebook.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pyoxigraph as ox
from IPython.display import HTML

from graph.views import pages
from graph.views.html import ViewError, graph_page
from graph.views.kinds import ENTITY_PAGE_KINDS
from graph.views.model import Node, ViewGraph, load_view_graph

_DATA = re.compile(r'<script type="application/json" id="view-data">(.*?)</script>', re.S)


def _frame(page: str, height: int) -> HTML:
    return HTML(f'<div><iframe sandbox="allow-scripts" style="width:100%;height:{int(height)}px;'
                f'border:1px solid #ddd" srcdoc="{html.escape(page, quote=True)}"></iframe></div>')


def find(graph: ViewGraph, name: str) -> Node:
    """The document or entity with this IRI or label (or the only one whose label contains it)."""
    candidates = graph.of_kind("document", *ENTITY_PAGE_KINDS)
    exact = [n for n in candidates if name in (n.iri, n.label)]
    hits = exact or [n for n in candidates if name in n.label]
    if len(hits) != 1:
        listed = "; ".join(sorted(n.label for n in hits)[:8]) or "none"
        raise ViewError(f"{len(hits)} documents or entities match {name!r}: {listed}")
    return hits[0]


def view_page(store: ox.Store | str | Path, name: str | None = None) -> str:
    """A self-contained page: the dependency view, or the page of the document or entity named."""
    graph = load_view_graph(store)
    if name is None:
        return graph_page(pages.dependency_overview(graph)[0])
    node = find(graph, name)
    build = pages.document if node.kind == "document" else pages.entity
    return graph_page(build(graph, pages.Adjacency(graph), node))


def show(store: ox.Store | str | Path, name: str | None = None, *, height: int = 620) -> HTML:
    """Show a view inline: ``show(kg.store)`` for dependencies, ``show(kg.store, "教育局")`` for one entity."""
    return _frame(view_page(store, name), height)


def show_file(path: str | Path, *, height: int = 620) -> HTML:
    """Show a page written by ``render_views`` inline (its vis-network link is replaced by the library)."""
    try:
        match = _DATA.search(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ViewError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from exc
    if match is None:
        raise ViewError(f"{path}: not a graph view written by edukg render")
    return _frame(graph_page(json.loads(match.group(1))), height)


# Families known to cover Chinese, tried first; any other installed font that has the test
# characters is found by its character map.
_CJK_HINTS = ("notosanscjk", "notoserifcjk", "sourcehan", "wqy", "wenquanyi", "droidsansfallback", "uming",
              "ukai", "simhei", "simsun", "msyh", "yahei", "pingfang", "heiti", "hiragino", "arphic")
_CJK_PROBE = "教育局规划"


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: register an installed CJK font and put it first in sans-serif.

    Fonts are looked up on the system each time rather than taken from matplotlib's font cache,
    which misses fonts installed after it was built. Returns the family used, or ``None`` (with a
    warning saying what to install) when the machine has no font that covers Chinese.
    """
    import warnings

    import matplotlib as mpl
    from matplotlib import font_manager, ft2font

    def key(path: str) -> tuple[bool, str]:
        squashed = Path(path).name.lower().replace("-", "").replace("_", "").replace(" ", "")
        return (not any(h in squashed for h in _CJK_HINTS), path)

    for path in sorted(font_manager.findSystemFonts(), key=key):
        try:
            charmap = ft2font.FT2Font(path).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if all(ord(ch) in charmap for ch in _CJK_PROBE):
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["font.sans-serif"] = [family, *[f for f in mpl.rcParams["font.sans-serif"] if f != family]]
            mpl.rcParams["axes.unicode_minus"] = False
            return family
    warnings.warn("no installed font covers Chinese, so plots show boxes for it: install one "
                  "(Debian/Ubuntu: apt-get install fonts-noto-cjk; macOS and Windows have one)", stacklevel=2)
    return None
