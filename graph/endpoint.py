"""Read-only SPARQL for the endpoint: every query checked, time-limited and size-limited.

Queries run in worker processes that open the store read-only. Oxigraph cannot cancel a
running query, so a query over its time limit is stopped by killing its worker, which is then
replaced; the server itself never blocks on a query. Before anything runs, the query is parsed
with rdflib's SPARQL grammar: an update, or a ``SERVICE`` clause anywhere in the parse tree
(however it is spelt or nested), is refused, so no query makes an outbound request.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ontology.namespaces import PREFIXES

RESULT_TYPES = {  # media type → format, for SELECT and ASK; the first is the default
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {  # for CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
               "nt": "application/n-triples"}


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds of run time and rows (or triples) of result, and how long
    a request may wait for a free worker. The wait is its own limit: a cheap query queued behind
    others under load is not one that ran too long, yet a queue that does not move sheds load."""

    timeout: float = 10.0
    max_rows: int = 10_000
    queue_timeout: float = 30.0


@dataclass(frozen=True)
class Request:
    """A query as the protocol delivers it: text, Accept header and the dataset it names."""

    query: str
    accept: str = "*/*"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class Refused(Exception):
    """A query this endpoint will not run; carries its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _names(node: Any) -> set[str]:
    """The names of every rule in an rdflib parse tree."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)
    return found


def check(sparql: str) -> str:
    """The query form (SelectQuery, AskQuery, ConstructQuery, DescribeQuery) of a query we run.

    Raises ``Refused``: 403 for an update or a SERVICE clause, 400 for anything unparsable.
    """
    try:
        tree = parseQuery(sparql)
    except ParseException as exc:
        try:
            parseUpdate(sparql)
        except ParseException:
            raise Refused(400, f"SPARQL syntax error: {exc}") from None
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused") from None
    if "ServiceGraphPattern" in _names(tree):
        raise Refused(403, "SERVICE is refused: queries here may not call other endpoints")
    return tree[1].name


def _ranked(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    entries = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            entries.append((-q, position, media.lower()))
    return [media for _, _, media in sorted(entries)] or ["*/*"]


def negotiate(accept: str, offered: dict[str, Any]) -> str | None:
    """The first offered media type the Accept header takes, or None (406)."""
    for media in _ranked(accept):
        if media in offered:
            return media
        major, _, minor = media.partition("/")
        if minor == "*":
            match = next((o for o in offered if major == "*" or o.startswith(major + "/")), None)
            if match:
                return match
    return None


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _too_many(limits: Limits) -> Refused:
    return Refused(400, f"the result has more than {limits.max_rows} rows, this endpoint's limit; "
                        "add a LIMIT or narrow the query")


def _solutions(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, limits: Limits) -> bytes:
    """SELECT results, refused past the row limit; serialised as JSON here, else by Oxigraph."""
    names = [v.value for v in result.variables]
    bindings = []
    for row in result:
        if len(bindings) == limits.max_rows:
            raise _too_many(limits)
        bindings.append({n: _term_json(row[n]) for n in names if row[n] is not None})
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")
    if fmt == ox.QueryResultsFormat.JSON:
        return body
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)


def _triples(result: ox.QueryTriples, fmt: ox.RdfFormat, limits: Limits) -> bytes:
    triples = []
    for triple in result:
        if len(triples) == limits.max_rows:
            raise _too_many(limits)
        triples.append(triple)
    prefixes = dict(PREFIXES) if fmt == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes)


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8"


def execute(store: ox.Store, request: Request, limits: Limits) -> Answer:
    """Check, run and serialise one query (the time limit is the caller's: see ``QueryPool``)."""
    try:
        form = check(request.query)
        offered = GRAPH_TYPES if form in ("ConstructQuery", "DescribeQuery") else RESULT_TYPES
        media = negotiate(request.accept, offered)
        if media is None:
            raise Refused(406, f"cannot answer this query as {request.accept}; "
                               f"available: {', '.join(offered)}")
        dataset: dict[str, Any] = {"use_default_graph_as_union": not request.default_graphs}
        if request.default_graphs:
            dataset["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        if request.named_graphs:
            dataset["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        result = store.query(request.query, prefixes=dict(PREFIXES), **dataset)
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=offered[media])
        elif isinstance(result, ox.QueryTriples):
            body = _triples(result, offered[media], limits)
        else:
            body = _solutions(result, offered[media], limits)
        return Answer(200, _content_type(media), body)
    except Refused as exc:
        return Answer.error(exc.status, str(exc))
    except (SyntaxError, ValueError) as exc:
        return Answer.error(400, f"query error: {exc}")
    except OSError as exc:
        return Answer.error(500, f"query failed: {exc}")


def _serve_queries(store_path: str, conn: Connection, limits: Limits) -> None:
    """A worker: open the store read-only and answer requests until the pipe closes."""
    store = ox.Store.read_only(store_path)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, request, limits))


class _Worker:
    def __init__(self, context: Any, store_path: str, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_queries, args=(store_path, child, limits), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryPool:
    """Worker processes answering queries, each within ``limits.timeout`` or killed."""

    def __init__(self, store_path: str | Path, size: int, limits: Limits) -> None:
        self.store_path = str(store_path)
        self.limits = limits
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers = [self._start() for _ in range(max(1, size))]
        for worker in self._workers:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        return _Worker(self._context, self.store_path, self.limits)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        fresh = self._start()
        with self._lock:
            self._workers[self._workers.index(worker)] = fresh
        self._idle.put(fresh)

    def run(self, request: Request) -> Answer:
        """Answer one request; 503 when no worker is free within the queue limit or the query runs
        past the time limit."""
        try:
            worker = self._idle.get(timeout=self.limits.queue_timeout)
        except queue.Empty:
            return Answer.error(503, "all query workers are busy; try again shortly")
        try:
            worker.conn.send(request)
            if not worker.conn.poll(self.limits.timeout):
                self._replace(worker)
                return Answer.error(503, f"the query ran past this endpoint's time limit of "
                                         f"{self.limits.timeout:g} s and was stopped")
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return Answer.error(500, "the query worker failed; the store may be unreadable")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                worker.stop()
