"""``edukg serve``: the HTML views and a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

The standard library's threading HTTP server does the HTTP; queries are answered by the worker
processes of ``graph.serve.endpoint`` (checked, time- and size-limited, answers kept per store
version). The views come from ``graph.serve.rendered``: pages are answered 503 while they are
rendered on a first start, never holding up the endpoint. ``GET /sparql`` without a
query is a landing page with the named queries as editable examples. Updates are refused
whichever way the protocol carries them (``update=`` or ``application/sparql-update``).
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import re
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from extractors.errors import EdukgError
from graph.query.sparql import named_queries
from graph.serve.endpoint import READ_ONLY, SHORT_NAMES, Answer, Limits, QueryPool, Request
from graph.serve.rendered import RETRY_AFTER, Views, rendered_views
from graph.store.local import open_store
from graph.views.html import page_policy
from ontology.namespaces import PREFIXES

MAX_BODY = 1024 * 1024  # bytes of a POSTed query
IDLE_TIMEOUT = 30.0  # seconds a connection may sit without sending
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(r"([0-9A-Fa-f]{1,8})(?:;[^\r\n]*)?")
LANDING_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
          "textarea{width:100%;font-family:monospace}section{border-top:1px solid #ccc;margin-top:1.5rem}")
_FORMATS = ("json", "csv", "tsv", "xml", "ttl", "nt", "rdf", "jsonld")


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
             "Turtle, N-Triples, RDF/XML or JSON-LD, by <code>Accept</code> header or <code>format=</code>. "
             "Read-only: updates and <code>SERVICE</code> are refused; each query may run "
             f"{limits.timeout:g} s, use {limits.max_memory} MiB and return {limits.max_rows} rows. "
             "The default graph is the union of all graphs, unless the query says <code>FROM</code> or the "
             "request <code>default-graph-uri</code>. Predeclared prefixes: "
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


class ServeError(EdukgError):
    """A server that cannot start: views without an index, the port taken or refused, or the store
    unreadable by its workers; ``str()`` is the one line shown to the user."""


class BadRequest(EdukgError):
    """A request this server answers with an error before reading further; carries the status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The ``Host`` header values this server answers: its bound address, ``localhost`` and the
    loopback addresses when it is bound there, and ``extra`` (``--allow-host``), each with and
    without the port.

    >>> sorted(allowed_hosts("127.0.0.1", 8000))[:3]
    ['127.0.0.1', '127.0.0.1:8000', '[::1]']
    """
    names = {host.lower(), *(h.lower() for h in extra)}
    if _loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host.lower()}]")
    return frozenset(names | {f"{n}:{port}" for n in names})


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _ip_literal(authority: str) -> bool:
    host = authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority
    if host.startswith("[") and "]" in host:
        host = host[1:host.index("]")]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server that owns the query pool, the landing page and the allowed hosts."""

    daemon_threads = True
    request_queue_size = 128  # many clients connecting at once must not be turned away

    def __init__(self, address: tuple[str, int], views: Views, pool: QueryPool, limits: Limits, *,
                 allow_hosts: tuple[str, ...] = (), idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.pool = pool
        self.views = views
        self.landing = landing_page(limits)
        self.idle_timeout = idle_timeout
        super().__init__(address, EndpointHandler)
        self.any_ip = _wildcard(address[0])  # bound to every interface: any address literal is ours
        self.hosts = allowed_hosts(address[0], self.server_address[1], allow_hosts)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is no error; anything else is one line on stderr,
        not a traceback per request for whoever floods us."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        print(f"edukg serve: a request from {client_address[0]} failed: {type(exc).__name__}: {exc}",
              file=sys.stderr, flush=True)


class EndpointHandler(SimpleHTTPRequestHandler):
    """Static views from the views folder, and the SPARQL protocol at ``/sparql``."""

    server: EndpointServer
    server_version = "edukg"
    sys_version = ""
    default_request_version = "HTTP/1.0"  # so that an error for a garbled request line has a status line
    _csp: str | None = None

    def __init__(self, request: Any, client_address: Any, server: EndpointServer) -> None:
        folder = server.views.folder  # read once: the views may become ready during the request
        super().__init__(request, client_address, server, directory=str(folder) if folder else None)

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # read by StreamRequestHandler.setup
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: a load test must not be slowed by a line per request."""

    def list_directory(self, path: Any) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "no listing here")
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        if self._csp:
            self.send_header("Content-Security-Policy", self._csp)
        super().end_headers()

    def send_head(self) -> Any:
        """A static file, with the page's own Content-Security-Policy as a header for HTML."""
        path = Path(self.translate_path(self.path))
        try:
            page = path / "index.html" if path.is_dir() else path
            if page.suffix == ".html" and page.is_file():
                with page.open(encoding="utf-8", errors="replace") as fh:
                    self._csp = page_policy(fh.read(8192)) + "; frame-ancestors 'none'"
            return super().send_head()
        except OSError:  # a name too long for the file system, or one that vanished: not here
            self.send_error(HTTPStatus.NOT_FOUND, "no such page")
            return None

    def _send(self, answer: Answer, *, csp: str | None = None) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        for name, value in answer.headers:
            self.send_header(name, value)
        self._csp = csp
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _host_refused(self) -> bool:
        """Refuse (403) a request for another host name: a page elsewhere must not read us."""
        host = (self.headers.get("Host") or "").strip().lower()
        if not host or host in self.server.hosts or (self.server.any_ip and _ip_literal(host)):
            return False
        self.close_connection = True  # a body left unread must not be read as the next request
        self._send(Answer.error(403, f"this server does not answer for host {host!r}; "
                                     "start it with --allow-host NAME to allow that name"))
        self._linger()
        return True

    def _query(self, params: dict[str, list[str]], body_query: str | None = None) -> None:
        if "update" in params:
            self._send(Answer.error(403, READ_ONLY))
            return
        queries = [body_query] if body_query is not None else params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(Answer.error(400, "give exactly one query (the query= parameter or the body)"))
            return
        fmt = params.get("format", [""])[0]
        accept = SHORT_NAMES.get(fmt, fmt) or self.headers.get("Accept", "*/*")
        request = Request(query=queries[0], accept=accept,
                          default_graphs=tuple(params.get("default-graph-uri", [])),
                          named_graphs=tuple(params.get("named-graph-uri", [])))
        self._send(self.server.pool.run(request, client=self.client_address[0]))

    def do_GET(self) -> None:
        if self._host_refused():
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            if "\x00" in unquote(url.path):
                self._send(Answer.error(404, "no such file"))
                return
            self._csp = None
            if self._views_missing():
                return
            super().do_HEAD() if self.command == "HEAD" else super().do_GET()
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if not params:
            self._send(Answer(200, "text/html; charset=utf-8", self.server.landing), csp=LANDING_CSP)
            return
        self._query(params)

    def _views_missing(self) -> bool:
        """Answer for the views while they are being rendered (503, come back) or could not be (500)."""
        views = self.server.views
        if views.folder is not None and self.directory == str(views.folder):
            return False
        if views.failure is not None:
            self._send(Answer.error(500, views.failure))
        else:
            self._send(Answer(503, "text/plain; charset=utf-8",
                              b"the views are being rendered for this version of the store; the SPARQL "
                              b"endpoint at /sparql answers meanwhile\n",
                              headers=(("Retry-After", str(RETRY_AFTER)),)))
        return True

    do_HEAD = do_GET  # the same answer; ``_send`` and the base class leave the body out

    def _body(self) -> bytes:
        """The request body, never more than ``MAX_BODY`` bytes of it read."""
        chunked = self.headers.get("Transfer-Encoding")
        length = self.headers.get("Content-Length")
        if chunked is not None:
            if length is not None:
                raise BadRequest(400, "a request may not have both Content-Length and Transfer-Encoding")
            if chunked.strip().lower() != "chunked":
                raise BadRequest(501, f"Transfer-Encoding {chunked!r} is not supported; use chunked")
            return self._chunks()
        if length is None:
            return b""
        if not _DIGITS.fullmatch(length.strip()):
            raise BadRequest(400, f"Content-Length {length!r} is not a number of bytes")
        size = int(length)
        if size > MAX_BODY:
            raise BadRequest(413, f"the request body is over {MAX_BODY} bytes")
        body = self.rfile.read(size)
        if len(body) < size:
            raise BadRequest(400, "the request body is shorter than its Content-Length")
        return body

    def _linger(self) -> None:
        """Read and drop what the client is still sending (a bounded amount, for a second at most)
        before closing: closing on unread data resets the connection, and the client may then
        lose the answer that says why."""
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            for _ in range(2 * MAX_BODY // 65536):
                if not self.connection.recv(65536):
                    break

    def _chunks(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024).strip()
            m = _CHUNK_SIZE.fullmatch(line.decode("latin-1"))
            if m is None:
                raise BadRequest(400, "a malformed chunk in a chunked body")
            size = int(m.group(1), 16)
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                raise BadRequest(413, f"the request body is over {MAX_BODY} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise BadRequest(400, "a malformed chunk in a chunked body")
            parts.append(chunk)
        for _ in range(100):  # trailer fields, up to the blank line that ends the body
            if self.rfile.readline(8192).strip() == b"":
                break
        return b"".join(parts)

    def do_POST(self) -> None:
        if self._host_refused():
            return
        url = urlsplit(self.path)
        try:
            raw = self._body()
        except BadRequest as exc:
            self.close_connection = True  # the rest of the body is unread
            self._send(Answer.error(exc.status, str(exc)))
            self._linger()
            return
        if url.path != "/sparql":
            self._send(Answer.error(405, "POST goes to /sparql"))
            return
        body = raw.decode("utf-8", errors="replace")
        params = parse_qs(url.query, keep_blank_values=True)
        kind = self.headers.get_content_type() if self.headers.get("Content-Type") else ""
        if kind == "application/sparql-update":
            self._send(Answer.error(403, READ_ONLY))
        elif kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._query(params)
        elif kind == "application/sparql-query":
            self._query(params, body)
        elif not raw and "query" in params:  # a POST with the query in the URL and no body
            self._query(params)
        else:
            self._send(Answer.error(415, "POST a query as application/sparql-query or as a "
                                         "application/x-www-form-urlencoded form"))


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the server as Ctrl-C does, so every ``finally`` runs."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def endpoint(store_path: Path, views: Path | None = None, *, host: str = "127.0.0.1", port: int = 8000,
             limits: Limits | None = None, workers: int = 2, allow_hosts: tuple[str, ...] = (),
             idle_timeout: float = IDLE_TIMEOUT, views_cache: Path | None = None,
             warm: bool = True) -> Iterator[EndpointServer]:
    """A bound server (not yet serving) with its query workers, the named queries warming and,
    unless ``views`` names rendered views to show, the views from ``views_cache`` or rendering
    into it; all of it stops on exit. A port that cannot be bound, or workers that cannot open
    the store, raise ``ServeError``."""
    limits = limits or Limits()
    try:
        pool = QueryPool(store_path, workers, limits, warm=warm)
    except OSError as exc:
        raise ServeError(f"cannot serve on {host}:{port} ({exc.strerror or exc})") from exc
    try:
        with contextlib.ExitStack() as stack:
            shown = Views(views) if views is not None else \
                stack.enter_context(rendered_views(store_path, pool.version, views_cache))
            try:
                server = EndpointServer((host, port), shown, pool, limits, allow_hosts=allow_hosts,
                                        idle_timeout=idle_timeout)
            except OSError as exc:
                raise ServeError(f"cannot serve on {host}:{port} ({exc.strerror or exc})") from exc
            try:
                yield server
            finally:
                server.server_close()
    finally:
        pool.close()


@contextmanager
def serving(store_path: str | Path, views: Path | None = None, *, host: str = "127.0.0.1", port: int = 8000,
            limits: Limits | None = None, workers: int = 2, allow_hosts: tuple[str, ...] = (),
            idle_timeout: float = IDLE_TIMEOUT, views_cache: Path | None = None) -> Iterator[EndpointServer]:
    """The views and the endpoint of the store at ``store_path``, bound and ready: call
    ``serve_forever()`` on it, or run that in a thread and ``shutdown()`` it. ``port=0`` takes any
    free port (``server.server_address[1]``). The views are ``views`` when given, else those kept
    in ``views_cache`` for this store's version, rendered in the background when there are none.

    A missing store, a views folder without ``index.html`` or an address that cannot be bound is
    one line (``StoreError``, ``ServeError``) before anything is served.
    """
    store_path = Path(store_path)
    if not store_path.is_dir():
        open_store(store_path, read_only=True)  # its one line for a missing store; workers open a real one
    if views is not None and not (views / "index.html").is_file():
        raise ServeError(f"{views}: no index.html here; write views with `edukg render --out {views}`")
    with endpoint(store_path, views, host=host, port=port, limits=limits, workers=workers,
                  allow_hosts=allow_hosts, idle_timeout=idle_timeout, views_cache=views_cache) as server:
        yield server
