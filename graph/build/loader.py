"""The one writer of a build: file results spooled, then bulk-loaded in large batches.

A batch replaces the graphs of its files: their old graphs are dropped (one transaction), then
the spooled N-Quads go through Oxigraph's bulk loader, which writes index files and ingests them
at once (about three times faster than a transactional load, and all or nothing). Every load into
a store that already holds data also merges indexes, so the writer loads seldom and much: a batch
holds up to ``BATCH_QUADS`` quads. On the national-law corpus (2.1 million quads) one load instead
of seventeen took 8 s off a 139 s one-worker build and 10 s off a 92 s two-worker one, where the
loader no longer competes with the extraction workers for the cores.

One bulk load keeps only about one and a half cores busy (one thread parses, the others index),
so a batch is spread over up to ``LOAD_PARTS`` spools, whole files each, loaded side by side. On
the law corpus (1.7 million quads, two cores) two parts load in 17–18 s where one takes 22–24 s.
A build gets as many parts as it has workers (``graph.build.run``). Each part is all or nothing,
so a build killed mid-batch still leaves whole files only. Waiting results are spooled in memory
up to ``SPOOL_IN_MEMORY`` bytes in all and in temporary files beyond.

Each file graph carries its source and content hash (see ``graph.build.parallel``) and is loaded whole,
so a build killed at any point leaves whole files only; a file dropped but not yet reloaded has
lost its hash too, and the next build extracts it again.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import IO

import pyoxigraph as ox

from extractors.errors import EdukgError
from graph.build.parallel import FileResult
from graph.store.local import drop_graphs

BATCH_QUADS = 4_000_000  # quads per bulk load: about 0.9 GB of N-Quads spooled
LOAD_PARTS = min(4, os.cpu_count() or 1)  # bulk loads side by side; more only contend
SPOOL_IN_MEMORY = 512 * 2**20  # bytes of spool kept in memory, all parts together; beyond, files


class _Part:
    """One spool of whole files, loaded by one bulk load."""

    def __init__(self, in_memory: int) -> None:
        # closed by Loader.close, which every way out of a build goes through
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=in_memory, prefix="edukg-spool-")
        self.quads = 0

    def load(self, store: ox.Store) -> None:
        self.spool.seek(0)
        store.bulk_load(self.spool, format=ox.RdfFormat.N_QUADS)


class Loader:
    """Collects file results and loads them into ``store`` a batch at a time.

    Use it as a context manager: leaving the block normally loads what is still spooled;
    leaving it on an exception discards the spool and writes nothing more.
    """

    def __init__(self, store: ox.Store, batch_quads: int = BATCH_QUADS, parts: int = LOAD_PARTS) -> None:
        if batch_quads < 1 or parts < 1:
            raise EdukgError(f"batch_quads ({batch_quads}) and parts ({parts}) must be at least 1")
        self.store, self.batch_quads, self.parts = store, batch_quads, parts
        self._spools: list[_Part] = []
        self._graphs: list[str] = []
        self._quads = 0
        self.loads = 0  # batches loaded so far

    def add(self, result: FileResult) -> None:
        """Spool one file's graph; the batch is loaded first if the file would overfill it."""
        if self._graphs and self._quads + result.quads > self.batch_quads:
            self.flush()
        if len(self._spools) < self.parts:
            self._spools.append(_Part(SPOOL_IN_MEMORY // self.parts))
        part = min(self._spools, key=lambda p: p.quads)  # the emptiest: parts load in about equal time
        part.spool.write(result.nquads)
        part.quads += result.quads
        self._graphs.append(result.graph)
        self._quads += result.quads

    def flush(self) -> None:
        """Replace the graphs of the spooled files with their new quads."""
        if not self._graphs:
            return
        old = [g for g in self._graphs if self.store.contains_named_graph(ox.NamedNode(g))]
        drop_graphs(self.store, old)
        try:
            with ThreadPoolExecutor(len(self._spools)) as pool:
                list(pool.map(lambda part: part.load(self.store), self._spools))
        finally:
            self.close()
        self.loads += 1

    def close(self) -> None:
        """Discard what is spooled and not loaded."""
        for part in self._spools:
            part.spool.close()
        self._spools, self._graphs, self._quads = [], [], 0

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self.flush()
        finally:
            self.close()
