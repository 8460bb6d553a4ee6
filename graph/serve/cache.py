"""What the server keeps between requests: the store's version and answers already computed.

A store only changes when a build writes it, and a build changes a file graph only when the
file's content hash changes, so the sorted (file graph, content hash) pairs name the file graphs'
content; the shared graphs (links, ontology, concepts) are rebuilt by every build from those, and
their sizes are added so that a relinking that changed them changes the version too. Answers are
kept per version: a request asked again under the same version is answered from memory, and one
asked while the same request is already running waits for that answer instead of taking a
second worker (the project's named queries cost seconds on a large store; fifty clients asking
one of them at once must cost one run, not fifty).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import pyoxigraph as ox

from graph.store.local import stored_files
from ontology.namespaces import SHARED_GRAPHS

MAX_CACHED_BYTES = 64 * 1024 * 1024  # answers kept in memory, least recently asked dropped first

V = TypeVar("V")


def store_version(store: ox.Store) -> str:
    """A short hex digest that changes whenever a build changed what ``store`` holds.

    Tens of milliseconds on a store of a thousand files (one lookup of the file graphs' hashes and
    a count of each shared graph, counted by the store: walking the law corpus's 126,000 shared
    quads from Python took 0.57 s, its ``COUNT`` 0.08 s), so a server can ask it whenever the
    store's folder changed.
    """
    digest = hashlib.sha256()
    for graph, (source, content) in sorted(stored_files(store).items()):
        digest.update(f"{graph}\t{source}\t{content}\n".encode())
    for graph in SHARED_GRAPHS:
        size = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))[0]
        digest.update(f"{graph}\t{size.value}\n".encode())
    return digest.hexdigest()[:16]


@dataclass
class _Flight(Generic[V]):
    """One computation under way, which later askers of the same key wait for."""

    done: threading.Event = field(default_factory=threading.Event)
    value: V | None = None
    led: bool = False  # someone is computing it (a reserved flight is not, until its turn)


class ResultCache(Generic[V]):
    """Values by key, computed once however many threads ask at once, bounded by total size.

    ``keep`` says whether a computed value is kept (errors are not: the next asker tries again);
    ``size`` how many bytes it counts for. Values over a quarter of the bound are never kept.

    >>> cache = ResultCache(size=len, max_bytes=100)
    >>> cache.get_or_compute("a", lambda: "xyz"), cache.get_or_compute("a", lambda: "other")
    ('xyz', 'xyz')
    >>> cache.hits, cache.misses
    (1, 1)
    """

    def __init__(self, *, size: Callable[[V], int], keep: Callable[[V], bool] = lambda v: True,
                 max_bytes: int = MAX_CACHED_BYTES) -> None:
        self._size = size
        self._keep = keep
        self.max_bytes = max_bytes
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._bytes = 0
        self._flights: dict[Hashable, _Flight[V]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._values)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V], *, wait: float | None = None) -> V:
        """The value for ``key``: kept, or being computed by another thread (waited for up to
        ``wait`` seconds, then computed here too), or computed now by ``compute``."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight(led=True)
                self.misses += 1
        if not leader:
            if flight.done.wait(wait) and flight.value is not None and self._keep(flight.value):
                with self._lock:
                    self.hits += 1
                return flight.value
            return compute()  # the first asker's answer is not one to share, or is late: ours is our own
        return self._lead(key, flight, compute)

    def reserve(self, keys: list[Hashable]) -> None:
        """Say that ``keys`` will be computed (by ``compute_reserved``, in turn): until then,
        whoever asks for one waits for that computation rather than starting its own."""
        with self._lock:
            for key in keys:
                if key not in self._values and key not in self._flights:
                    self._flights[key] = _Flight()
                    self.misses += 1

    def compute_reserved(self, key: Hashable, compute: Callable[[], V]) -> V:
        """Compute a reserved key (or, when it was not reserved, as ``get_or_compute`` would)."""
        with self._lock:
            flight = self._flights.get(key)
        if flight is None:
            return self.get_or_compute(key, compute)
        return self._lead(key, flight, compute)

    def abandon(self, keys: list[Hashable]) -> None:
        """Give up reserved keys not yet computed: who waits for one computes it itself."""
        with self._lock:
            flights = [self._flights.pop(k) for k in keys if k in self._flights and not self._flights[k].led]
        for flight in flights:
            flight.done.set()

    def _lead(self, key: Hashable, flight: _Flight[V], compute: Callable[[], V]) -> V:
        flight.led = True
        try:
            flight.value = value = compute()
        finally:
            with self._lock:
                if self._flights.get(key) is flight:
                    del self._flights[key]
            flight.done.set()
        self._store(key, value)
        return value

    def _store(self, key: Hashable, value: V) -> None:
        size = self._size(value)
        if not self._keep(value) or size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._values.popitem(last=False)
                self._bytes -= self._size(dropped)

    def clear(self) -> None:
        """Forget every kept value (the store changed); computations under way still finish."""
        with self._lock:
            self._values.clear()
            self._bytes = 0
