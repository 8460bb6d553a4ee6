"""HTML pages from payloads: no template engine, data as JSON, every script allowed by hash.

The Content-Security-Policy allows exactly the scripts written here (by SHA-256), and a page
that links the shared vis-network file allows scripts from its own origin (``'self'``, for a page
served over http) or from disk (``file:``, for one opened offline); it forbids every fetch, so a
page works offline and an injected handler cannot run even if some text escaped escaping.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib.resources import files

from extractors.errors import EdukgError

VIS_JS = "vis-network.min.js"
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
NO_SCRIPT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
ASSET_DIR = "assets"


class ViewError(EdukgError):
    """A view that cannot be made or shown: a name that matches no one thing, a file that is no
    view, an install without vis-network."""


@cache
def static(name: str) -> str:
    """One of the package's own scripts or stylesheets."""
    return (files("graph.views") / "static" / name).read_text(encoding="utf-8")


@cache
def vis_network_js() -> str:
    """vis-network's standalone build as bundled in the pyvis package (no CDN, no npm at run time)."""
    lib = files("pyvis") / "lib"
    versions = sorted((p for p in lib.iterdir() if p.name.startswith("vis-")), key=lambda p: _version(p.name))
    if not versions:
        raise ViewError("pyvis ships no vis-network build; reinstall pyvis")
    return (versions[-1] / VIS_JS).read_text(encoding="utf-8")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.removeprefix("vis-").split(".") if part.isdigit())


def json_script(data: object) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def page_policy(page: str) -> str:
    """The Content-Security-Policy a page declares in its ``<meta>`` (a server sends it as a
    header too), or one that allows no script for a page that declares none.

    >>> page_policy('<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;">')
    "default-src 'none'"
    """
    m = _POLICY_META.search(page)
    return html.unescape(m.group(1)) if m else NO_SCRIPT_POLICY


def _page(title: str, body: str, css: str, data: object, scripts: list[str], external: list[str]) -> str:
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join([_hash(s) for s in scripts] + (["'self'", "file:"] if external else [])),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    parts = [
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(title)} · edukg</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n",
        f'<script type="application/json" id="view-data">{json_script(data)}</script>\n',
    ]
    parts += [f'<script src="{html.escape(src)}"></script>\n' for src in external]
    parts += [f"<script>{s}</script>\n" for s in scripts]
    parts.append("</body>\n</html>\n")
    return "".join(parts)


HEADER = """<header>
<a id="home" href="index.html">索引</a>
<a id="overview" href="dependencies.html">依据关系</a>
<h1 id="title"></h1>
<span id="count"></span>
<input id="search" type="search" placeholder="按名称查找" aria-label="按名称查找">
<span id="found"></span>
</header>"""
GRAPH_BODY = HEADER + """
<p id="summary"></p>
<div id="legend"></div>
<div id="network"></div>
<aside id="info" hidden></aside>"""
# A document, an indicator and an entity are read as text first; their small graph sits beside it.
TEXT_BODY = HEADER + """
<div id="columns">
<main id="page">
<p id="summary"></p>
<dl id="fields"></dl>
<div id="text"></div>
</main>
<div id="side"><div id="legend"></div><div id="network"></div><aside id="info" hidden></aside></div>
</div>"""

INDEX_BODY = """<h1>edukg 视图</h1>
<ul id="counts"></ul>
<p><a href="dependencies.html">全部文件的依据关系</a></p>
<p><input id="search" type="search" placeholder="查找文件与实体" aria-label="查找">
<span id="found"></span></p>
<div id="lists"></div>"""


def graph_page(payload: dict, asset_prefix: str | None = None) -> str:
    """A view; ``asset_prefix`` links vis-network from a shared file there instead of inlining it.

    A page whose payload draws no graph (an indicator's table) carries no vis-network at all.
    """
    own = static("view.js")
    body = GRAPH_BODY if payload["view"] in ("dependencies", "group") else TEXT_BODY
    if not payload["nodes"]:
        return _page(payload["title"], body, static("view.css"), payload, [own], [])
    if asset_prefix is None:
        return _page(payload["title"], body, static("view.css"), payload, [vis_network_js(), own], [])
    return _page(payload["title"], body, static("view.css"), payload, [own], [f"{asset_prefix}{ASSET_DIR}/{VIS_JS}"])


def index_page(payload: dict) -> str:
    """The index: counts, a search box, and a link to every view."""
    return _page("edukg 视图", INDEX_BODY, static("index.css"), payload, [static("index.js")], [])
