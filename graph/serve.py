"""``edukg serve``: the HTML views and a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

The standard library's threading HTTP server does the HTTP; queries are answered by the worker
processes of ``graph.endpoint`` (checked, time- and size-limited). ``GET /sparql`` without a
query is a landing page with the named queries as editable examples. Updates are refused
whichever way the protocol carries them (``update=`` or ``application/sparql-update``).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graph.endpoint import SHORT_NAMES, Answer, Limits, QueryPool, Request
from graph.query import named_queries
from graph.store import open_store
from ontology.namespaces import PREFIXES

MAX_BODY = 1024 * 1024  # bytes of a POSTed query
LANDING_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
          "textarea{width:100%;font-family:monospace}section{border-top:1px solid #ccc;margin-top:1.5rem}")
_FORMATS = ("json", "csv", "tsv", "xml", "ttl", "nt")


def _form(text: str, rows: int) -> str:
    options = "".join(f'<option value="{f}">{f}</option>' for f in _FORMATS)
    return (f'<form method="get" action="/sparql"><textarea name="query" rows="{rows}">{html.escape(text)}'
            f'</textarea><br><label>results as <select name="format">{options}</select></label> '
            f'<button type="submit">Run</button></form>')


def landing_page(limits: Limits) -> bytes:
    """The endpoint's page: how to call it, its limits, and every named query ready to run."""
    prefixes = " ".join(f"{html.escape(p)}:" for p in PREFIXES)
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>edukg SPARQL endpoint"
             f"</title><style>{_STYLE}</style></head><body><h1>edukg SPARQL endpoint</h1>",
             "<p>SPARQL 1.1 Protocol at <code>/sparql</code>: GET or POST (<code>query=</code> form or "
             "<code>application/sparql-query</code> body). Results as JSON, XML, CSV or TSV and graphs as "
             "Turtle or N-Triples, by <code>Accept</code> header or <code>format=</code>. Read-only: updates "
             f"and <code>SERVICE</code> are refused; each query may run {limits.timeout:g} s and return "
             f"{limits.max_rows} rows. The default graph is the union of all graphs. Predeclared prefixes: "
             f"{prefixes}. <a href=\"/\">The views</a>.</p>",
             "<h2>Your query</h2>", _form("SELECT ?document ?title WHERE {\n  ?document a eli:LegalResource ;"
                                          " dcterms:title ?title .\n} LIMIT 20", 5),
             "<h2>Named queries</h2>"]
    for query in named_queries().values():
        text = query.bind({})
        parts.append(f"<section><h3>{html.escape(query.name)}</h3><p>{html.escape(query.description)}</p>"
                     f"{_form(text, min(24, text.count(chr(10)) + 2))}</section>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server that owns the query pool and the landing page."""

    daemon_threads = True
    request_queue_size = 128  # many clients connecting at once must not be turned away

    def __init__(self, address: tuple[str, int], views: Path, pool: QueryPool, limits: Limits) -> None:
        self.pool = pool
        self.landing = landing_page(limits)
        super().__init__(address, partial(EndpointHandler, directory=str(views)))


class EndpointHandler(SimpleHTTPRequestHandler):
    """Static views from the views folder, and the SPARQL protocol at ``/sparql``."""

    server: EndpointServer
    server_version = "edukg"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: a load test must not be slowed by a line per request."""

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "no listing here")
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _send(self, answer: Answer, *, csp: str | None = None) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _query(self, params: dict[str, list[str]], body_query: str | None = None) -> None:
        if "update" in params:
            self._send(Answer.error(403, "this endpoint is read-only: SPARQL Update is refused"))
            return
        queries = [body_query] if body_query is not None else params.get("query", [])
        if len(queries) != 1:
            self._send(Answer.error(400, "give exactly one query (the query= parameter)"))
            return
        fmt = params.get("format", [""])[0]
        accept = SHORT_NAMES.get(fmt, fmt) or self.headers.get("Accept", "*/*")
        request = Request(query=queries[0], accept=accept,
                          default_graphs=tuple(params.get("default-graph-uri", [])),
                          named_graphs=tuple(params.get("named-graph-uri", [])))
        self._send(self.server.pool.run(request))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            super().do_GET()
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if not params:
            self._send(Answer(200, "text/html; charset=utf-8", self.server.landing), csp=LANDING_CSP)
            return
        self._query(params)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(Answer.error(405, "POST goes to /sparql"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(Answer.error(413, f"the request body is over {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        params = parse_qs(url.query, keep_blank_values=True)
        kind = self.headers.get_content_type()
        if kind == "application/sparql-update":
            self._send(Answer.error(403, "this endpoint is read-only: SPARQL Update is refused"))
        elif kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._query(params)
        elif kind == "application/sparql-query":
            self._query(params, body)
        else:
            self._send(Answer.error(415, "POST a query as application/sparql-query or as a "
                                         "application/x-www-form-urlencoded form"))


@contextmanager
def views_folder(store_path: Path, views: Path | None) -> Iterator[Path]:
    """``views`` when given, else the views rendered from the store into a temporary folder."""
    if views is not None:
        yield views
        return
    from graph.views import render_views

    with tempfile.TemporaryDirectory(prefix="edukg-views-") as tmp:
        render_views(open_store(store_path, read_only=True), Path(tmp))
        yield Path(tmp)


@contextmanager
def endpoint(store_path: Path, views: Path, *, host: str = "127.0.0.1", port: int = 8000,
             limits: Limits | None = None, workers: int = 2) -> Iterator[EndpointServer]:
    """A bound server (not yet serving) with its query workers; both stop on exit."""
    limits = limits or Limits()
    pool = QueryPool(store_path, workers, limits)
    try:
        server = EndpointServer((host, port), views, pool, limits)
    except BaseException:
        pool.close()
        raise
    try:
        yield server
    finally:
        server.server_close()
        pool.close()
