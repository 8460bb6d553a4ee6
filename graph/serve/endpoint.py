"""Read-only SPARQL for the endpoint: every query screened, confined, time-, memory- and size-limited.

Queries run in worker processes that open the store read-only. Each worker is confined before
its first query (``graph.serve.sandbox``): the kernel refuses it every network socket, so no query,
however spelt, makes an outbound request (Oxigraph, which runs them, would otherwise answer
``SERVICE`` itself), and its address space is capped. Oxigraph cannot cancel a running query, so
a query over its time limit is stopped by killing its worker, and one over its memory limit
stops its worker itself; either way the worker is replaced and the server never blocks on a
query. Before a query reaches a worker it is screened by its tokens (``graph.query.scan``): too
long or nested too deep is refused with 413 or 400, an update or a ``SERVICE`` clause with 403,
which is the answer's explanation, not the guarantee.

Answers are kept per store version (``graph.serve.cache``): a query asked again before the store
changes costs no worker, and one asked while it is already running waits for that run. A query
seen to run long goes to the lane for expensive queries, which never takes the last worker, so
cheap lookups do not queue behind it; the named queries are run in that lane when the pool
starts, so that their answers are ready before anyone asks.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from extractors.errors import EdukgError
from graph.query.scan import expand_escapes, names_dataset, readings
from graph.query.sparql import named_queries
from graph.serve.cache import ResultCache, store_version
from graph.serve.sandbox import confine_network, limit_memory
from graph.store.local import StoreError
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
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# ``format=`` names a family, not a media type: "xml" is results XML for SELECT and ASK but RDF/XML
# for a graph, as clients such as SPARQLWrapper send it for every query form
SHORT_NAMES = {"json": "application/sparql-results+json, application/ld+json",
               "xml": "application/sparql-results+xml, application/rdf+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
               "nt": "application/n-triples", "rdf": "application/rdf+xml", "jsonld": "application/ld+json"}
# the keywords that begin a SPARQL Update operation
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_SERVICE_WORD = re.compile("service", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds of run time, rows (or triples) of result, MiB of memory
    for its worker, characters of text and depth of nesting; how long a request may wait for a
    free worker; after how many seconds a query counts as long; how long a client whose query was
    stopped waits before its next, and how long its queries may then run (see ``QueryPool``).

    The wait is its own limit: a cheap query queued behind others under load is not one that ran
    too long, yet a queue that does not move sheds load. The named queries, the project's own, may
    run ``warm_timeout`` seconds when the pool runs them ahead of any request."""

    timeout: float = 10.0
    max_rows: int = 10_000
    queue_timeout: float = 30.0
    max_memory: int = 1024
    max_query: int = 100_000
    max_depth: int = 100
    long_after: float = 1.0
    probation: float = 0.25
    penalty: float = 10.0
    max_penalty: float = 300.0
    warm_timeout: float = 900.0  # seconds each named query may run when the pool warms its cache


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
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class Refused(EdukgError):
    """A query this endpoint will not run; carries its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# seconds a penalised client's request is held before its 429: one that loops without heeding
# Retry-After slows itself down instead of taking the server's time with its requests
PENALTY_PAUSE = 1.0
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
NO_SERVICE = "SERVICE is refused: queries here may not call other endpoints"


def screen(sparql: str, limits: Limits, *, confined: bool = True) -> None:
    """Refuse, before it runs, a query that is too long (413), nested too deep (400), an update
    or a SERVICE call (403), reading it both with and without its escapes expanded.

    Unconfined workers (no seccomp on this platform) get the blunt rule: the word ``service``
    anywhere, strings and comments included, is refused.
    """
    if len(sparql) > limits.max_query:
        raise Refused(413, f"the query is over {limits.max_query} characters, this endpoint's limit")
    scans = readings(sparql, limits.max_depth)
    if max(s.depth for s in scans) > limits.max_depth:
        raise Refused(400, f"the query nests brackets more than {limits.max_depth} deep, this endpoint's limit")
    if any(s.first in UPDATE_WORDS for s in scans):
        raise Refused(403, READ_ONLY)
    if any("SERVICE" in s.keywords for s in scans):
        raise Refused(403, NO_SERVICE)
    if not confined and _SERVICE_WORD.search(sparql + expand_escapes(sparql)):
        raise Refused(403, NO_SERVICE + " (and this platform cannot confine query workers, so the word itself is)")


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


def dataset(request: Request) -> dict[str, Any]:
    """Oxigraph's dataset options for a request: the protocol's graphs when it names any, else the
    query's own ``FROM`` / ``FROM NAMED``, else the union of all graphs as the default graph."""
    if request.default_graphs or request.named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in request.default_graphs] or [ox.DefaultGraph()],
                "named_graphs": [ox.NamedNode(g) for g in request.named_graphs]}
    return {} if names_dataset(request.query) else {"use_default_graph_as_union": True}


def execute(store: ox.Store, request: Request, limits: Limits, *, confined: bool = True) -> Answer:
    """Screen, run and serialise one query (the time limit is the caller's: see ``QueryPool``)."""
    try:
        screen(request.query, limits, confined=confined)
        result = store.query(request.query, prefixes=dict(PREFIXES), **dataset(request))
        offered = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
        media = negotiate(request.accept, offered)
        if media is None:
            raise Refused(406, f"cannot answer this query as {request.accept}; "
                               f"available: {', '.join(offered)}")
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
        return Answer.error(400, f"query error: {_one_line(exc)}")
    except PermissionError:  # the sandbox refused a socket: the query tried to call out
        return Answer.error(403, NO_SERVICE)
    except OSError as exc:
        return Answer.error(500, f"query failed: {_one_line(exc)}")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _serve_queries(store_path: str, conn: Connection, limits: Limits) -> None:
    """A worker: confine itself, open the store read-only, say whether it is confined and which
    version of the store it sees (its read-only view stays that version), then answer requests
    until the pipe closes.

    Its stderr is closed: an allocation that fails past the memory limit makes Oxigraph print a
    backtrace, and the pool reports every failure itself, in one line.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    confined = confine_network()
    store = ox.Store.read_only(store_path)
    version = store_version(store)
    limit_memory(limits.max_memory)
    conn.send((confined, version))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            answer = execute(store, request, limits, confined=confined)
        except MemoryError:
            answer = _over_memory(limits)
        conn.send(answer)


def _over_memory(limits: Limits) -> Answer:
    return Answer.error(503, f"the query needed more than this endpoint's memory limit of "
                             f"{limits.max_memory} MiB and was stopped")


class _Worker:
    """A worker process; ``ready`` waits until it has opened the store (workers start side by side,
    and the pool answers as soon as the first is ready)."""

    def __init__(self, context: Any, store_path: str, limits: Limits, generation: int = 0) -> None:
        self.store_path = store_path
        self.generation = generation  # of the store's folder when started: see QueryPool._follow
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve_queries, args=(store_path, child, limits), daemon=True)
        self.process.start()
        child.close()
        self.confined = False
        self.version = ""
        self._stopped = False
        self._stopping = threading.Lock()

    def ready(self) -> _Worker:
        try:
            self.confined, self.version = self.conn.recv()
        except EOFError:
            self.process.join()
            raise OSError(f"a query worker could not open the store {self.store_path} "
                          f"(exit code {self.process.exitcode})") from None
        return self

    def stop(self) -> None:
        """Kill the worker and close its pipe, once: the pool closing and a thread replacing the
        same worker (a warming query cut off by the close) may both ask."""
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
        self.process.kill()
        self.process.join()
        self.conn.close()


CHECK_EVERY = 1.0  # seconds between looks at the store's folder for a build's writes
JSON_RESULTS = "application/sparql-results+json"
VERSION_HEADER = "Edukg-Store-Version"  # on every answer a worker computed: the store version it saw


def _fingerprint(folder: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the files in the store's folder: a build's write
    changes them, reading does not."""
    try:
        with os.scandir(folder) as entries:
            return tuple(sorted((e.name, (st := e.stat()).st_size, st.st_mtime_ns) for e in entries))
    except OSError:
        return ()


def _shape(request: Request) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """What decides a query's cost: its text and dataset, not the format asked for."""
    return request.query, request.default_graphs, request.named_graphs


class QueryPool:
    """Worker processes answering queries, each within ``limits.timeout`` and ``limits.max_memory``,
    kept from being taken over by a few expensive clients, with answers kept per store version.

    At most one worker fewer than the pool has (at least one) may run a query past
    ``limits.long_after`` seconds at once: one that reaches it when they all are is stopped, so a
    worker stays free for short queries. A query once seen to run that long waits for a place in
    that lane before it takes a worker, rather than being stopped, so a known expensive query
    never holds the last worker. A client (an address) whose query was stopped, for time,
    memory or that rule, is answered 429 for ``limits.penalty`` seconds, twice as long each time it
    is stopped again soon after (up to ``limits.max_penalty``), and until it has gone that long
    without, its queries may run only ``limits.probation`` seconds, one such client's at a time
    (on probation): one mistaken query costs its author a few seconds; a client that keeps sending
    them gets almost no worker time. Each 429 is held back ``PENALTY_PAUSE`` seconds, so a client
    that loops on it slows itself down.

    Successful answers are kept (``cache``) under the store version the worker saw; the pool looks
    at the store's folder at most every ``CHECK_EVERY`` seconds, and when a build has written
    there, the answers kept go and each worker is replaced, before its next query, by one that
    opens the store afresh. With ``warm`` the named queries (their default
    parameters, JSON results) run in the expensive lane as soon as the pool has started.
    """

    def __init__(self, store_path: str | Path, size: int, limits: Limits, *, warm: bool = False) -> None:
        self.store_path = str(store_path)
        self.limits = limits
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._closed = False  # set by close(): workers stopped then are not replaced
        self._generation = 0  # bumped each time the store's folder is seen changed
        self._seen = _fingerprint(self.store_path)
        self._checked = time.monotonic()
        try:
            self._workers.extend(self._start() for _ in range(max(1, size)))
            first = self._workers[0].ready()
        except OSError as exc:
            self.close()
            raise StoreError(f"{self.store_path}: cannot open the graph store ({exc})") from exc
        except BaseException:
            self.close()
            raise
        self._idle.put(first)
        self.confined = first.confined  # every worker runs the same code on the same platform
        self.version = first.version
        self.cache: ResultCache[Answer] = ResultCache(size=lambda a: len(a.body), keep=self._current)
        self._expensive: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()  # seen past long_after
        self._penalties: dict[str, tuple[float, float]] = {}  # client → (until, length of its last penalty)
        self._long = threading.BoundedSemaphore(max(1, len(self._workers) - 1))  # queries past long_after
        self._probation = threading.BoundedSemaphore(1)  # queries of clients stopped not long ago
        self.warmed = threading.Event()
        threading.Thread(target=self._join, args=(self._workers[1:],), name="ready workers", daemon=True).start()
        if warm:
            threading.Thread(target=self._warm, name="warm named queries", daemon=True).start()
        else:
            self.warmed.set()

    def _join(self, workers: list[_Worker]) -> None:
        """Ready the other workers while the first already answers: opening a store whose log must
        be replayed takes seconds each, and the first answer need not wait for all of them."""
        for worker in workers:
            try:
                worker.ready()
            except OSError:  # it could not open the store, or the pool closed meanwhile
                worker.stop()
                with self._lock:
                    if worker in self._workers:
                        self._workers.remove(worker)
                continue
            if not self._closed:
                self._idle.put(worker)

    def _start(self) -> _Worker:
        return _Worker(self._context, self.store_path, self.limits, self._generation)

    def _current(self, answer: Answer) -> bool:
        """Whether ``answer`` may be kept: a success computed on the store version now served."""
        return answer.status == 200 and (VERSION_HEADER, self.version) in answer.headers

    def _replace(self, worker: _Worker) -> None:
        """Stop ``worker`` and put a fresh one in its place; none once the pool is closed, and none
        when no worker can start (the store gone or unreadable): the pool is then one smaller and
        its requests wait for the others, rather than the error escaping a request thread."""
        worker.stop()
        try:
            fresh = None if self._closed else self._start().ready()
        except OSError:
            fresh = None
        with self._lock:
            if fresh is None or self._closed:
                self._workers.remove(worker)
            else:
                self._workers[self._workers.index(worker)] = fresh
            if fresh is not None and fresh.generation == self._generation:
                self.version = fresh.version
        if fresh is not None:
            if self._closed:
                fresh.stop()
            else:
                self._idle.put(fresh)

    def _follow(self) -> None:
        """Notice, at most every ``CHECK_EVERY`` seconds, that a build wrote the store's folder."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked < CHECK_EVERY:
                return
            self._checked = now
            seen = _fingerprint(self.store_path)
            if seen == self._seen:
                return
            self._seen = seen
            self._generation += 1
            self.version = f"changed-{self._generation}"  # no worker's: nothing is kept until a fresh one reports
        self.cache.clear()

    def penalty(self, client: str) -> float:
        """Seconds ``client`` must still wait before its next query runs (0: none)."""
        with self._lock:
            until, _ = self._penalties.get(client, (0.0, 0.0))
        return max(0.0, until - time.monotonic())

    def _penalise(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            until, length = self._penalties.get(client, (0.0, 0.0))
            again = now < until + length  # stopped again within one penalty's length of the last ending
            length = min(self.limits.max_penalty, 2 * length) if again else self.limits.penalty
            self._penalties = {c: p for c, p in self._penalties.items() if now < p[0] + p[1]}  # forget the old
            self._penalties[client] = (now + length, length)

    def run(self, request: Request, client: str = "") -> Answer:
        """Answer one request from ``client``; 503 when no worker is free within the queue limit or
        the query runs past the time or memory limit, or past ``limits.long_after`` seconds while
        as many long queries as the pool allows are already running; 429 while the client waits
        out a penalty. A request answered before under this store version is answered from the
        cache; one already running for another client waits for that run."""
        wait = self.penalty(client)  # first: the cheapest answer for a client that keeps at it
        if wait > 0:
            time.sleep(min(wait, PENALTY_PAUSE))
            return Answer(429, "text/plain; charset=utf-8",
                          f"a query from {client} was stopped a moment ago; wait {math.ceil(wait)} s\n".encode(),
                          headers=(("Retry-After", str(math.ceil(wait))),))
        try:
            screen(request.query, self.limits, confined=self.confined)  # refusals need no worker
        except Refused as exc:
            return Answer.error(exc.status, str(exc))
        self._follow()
        # keyed by the request alone: only answers of the version served are kept, and a change clears them
        return self.cache.get_or_compute(request, lambda: self._answer(request, client),
                                         wait=self.limits.queue_timeout + self.limits.warm_timeout)

    def _answer(self, request: Request, client: str) -> Answer:
        with self._lock:
            until, length = self._penalties.get(client, (0.0, 0.0))
        if time.monotonic() >= until + length:
            answer, stopped = self._in_lane(request, self.limits.timeout)
        elif not self._probation.acquire(timeout=self.limits.queue_timeout):
            return _busy()
        else:  # on probation: one such query at a time, and a short one
            try:
                answer, stopped = self._run(request, min(self.limits.probation, self.limits.timeout))
            finally:
                self._probation.release()
        if stopped:
            self._penalise(client)
        return answer

    def _in_lane(self, request: Request, timeout: float) -> tuple[Answer, bool]:
        """Run a query known to be expensive only once it has a place in the long lane."""
        if _shape(request) not in self._expensive:
            return self._run(request, timeout)
        if not self._long.acquire(timeout=self.limits.queue_timeout):
            return _busy(), False
        try:
            return self._run(request, timeout, lane_held=True)
        finally:
            self._long.release()

    def _warm(self) -> None:
        """Run each named query once, in the long lane, so that its answer is kept before it is asked."""
        requests = [Request(query.bind({}), accept=JSON_RESULTS) for query in named_queries().values()]
        self._expensive.update(_shape(r) for r in requests)
        self.cache.reserve(list(requests))  # who asks one before its turn waits for this run, not runs it too
        try:
            for request in requests:
                while not self._long.acquire(timeout=1.0):
                    if self._closed:
                        return
                try:
                    self.cache.compute_reserved(request, lambda r=request: self._warm_one(r))
                finally:
                    self._long.release()
        finally:
            self.cache.abandon(list(requests))  # a pool closed half-way: nobody is kept waiting for it
            self.warmed.set()

    def _warm_one(self, request: Request) -> Answer:
        return _closing() if self._closed else self._run(request, self.limits.warm_timeout, lane_held=True)[0]

    def _run(self, request: Request, timeout: float, *, lane_held: bool = False) -> tuple[Answer, bool]:
        """The answer, and whether the query was stopped (for time, memory or a full long lane).
        With ``lane_held`` the caller holds a place in the long lane already."""
        deadline = time.monotonic() + self.limits.queue_timeout
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return _busy(), False
            if worker.generation == self._generation:
                break
            self._replace(worker)  # it sees the store as it was before a build wrote it
        long_after = self.limits.long_after
        over_time = f"the query ran past this endpoint's time limit of {timeout:g} s and was stopped"
        try:
            worker.conn.send(request)
            if not worker.conn.poll(min(long_after, timeout)):
                self._expensive.add(_shape(request))
                if long_after >= timeout:
                    return self._stop(worker, over_time)
                if lane_held:
                    if not worker.conn.poll(timeout - long_after):
                        return self._stop(worker, over_time)
                elif not self._long.acquire(blocking=False):
                    return self._stop(worker, f"the query ran past {long_after:g} s while this endpoint was "
                                              "already running as many long queries as it may; try again later")
                else:
                    try:
                        if not worker.conn.poll(timeout - long_after):
                            return self._stop(worker, over_time)
                    finally:
                        self._long.release()
            answer = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join()
            aborted = worker.process.exitcode == -signal.SIGABRT  # how Oxigraph ends on a failed allocation
            self._replace(worker)
            if aborted:
                return _over_memory(self.limits), True
            return Answer.error(500, "the query worker failed; the store may be unreadable"), True
        self._idle.put(worker)
        if answer.status == 200:
            answer = Answer(answer.status, answer.content_type, answer.body,
                            (*answer.headers, (VERSION_HEADER, worker.version)))
        return answer, False

    def _stop(self, worker: _Worker, message: str) -> tuple[Answer, bool]:
        self._replace(worker)
        return Answer.error(503, message), True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for worker in self._workers:
                worker.stop()


def _closing() -> Answer:
    return Answer.error(503, "this endpoint is shutting down")


def _busy() -> Answer:
    return Answer.error(503, "all query workers are busy; try again shortly")
