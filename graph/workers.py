"""One file at a time per worker process, each with a deadline and a memory ceiling.

A file shaped to explode (a pattern that backtracks, a small archive that expands to
gigabytes) must cost one line in the report, not the build. Python cannot stop a regular
expression or a C parser from inside, so every file runs in a worker process that the parent
watches: past ``Limits.seconds`` or above ``Limits.memory_mb`` of its own memory the worker is
killed, the file is reported in one line, and a fresh worker (forked ready from the forkserver,
see ``graph.warm_worker``) takes the next file. Results come back in the order of the files.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from extractors.errors import ReadError, shown
from extractors.readers import MAX_TEXT_CHARS

_POLL = 0.1  # seconds between two looks at the workers' clocks and memory
_PRELOAD = ["__main__", "graph.warm_worker"]


@dataclass(frozen=True)
class Limits:
    """What one file may cost: wall-clock seconds, the worker's own memory, characters of text."""

    seconds: float = 300.0
    memory_mb: int = 2048
    text_chars: int = MAX_TEXT_CHARS


DEFAULT_LIMITS = Limits()


def failure_line(path: object, exc: BaseException) -> str:
    """The one line for a file whose extraction raised (a ``ReadError`` is its own line)."""
    if isinstance(exc, ReadError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return f"{shown(path)}: extraction ran out of memory; skipped"
    return f"{shown(path)}: extraction failed ({type(exc).__name__}: {exc})"


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """A worker: run ``fn`` on each item received until told to stop (``None``)."""
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item, cwd = task
        try:
            os.chdir(cwd)  # relative paths mean what they mean to the parent
            reply = (index, True, fn(item))
        except BaseException as exc:  # noqa: BLE001  (reported as the file's one line)
            reply = (index, False, failure_line(item, exc))
        conn.send(reply)


def _private_mb(pid: int) -> float:
    """Memory the process holds for itself (not the pages it shares with the forkserver), in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            kb = sum(int(line.split()[1]) for line in fh if line.startswith(("Private_", "Swap:")))
        return kb / 1024
    except (OSError, ValueError, IndexError):
        return 0.0


class _Worker:
    def __init__(self, context: Any, fn: Callable[[Any], Any]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = context.Process(target=_serve, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Any, float] | None = None  # index, item, when it was sent

    def give(self, index: int, item: Any) -> None:
        self.conn.send((index, item, os.getcwd()))
        self.task = (index, item, time.monotonic())

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_bounded(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[bool, Any]]:
    """``(True, fn(item))`` or ``(False, one line)`` for each item, in order, from ``workers`` processes.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one).
    """
    if not items:
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    todo = deque(enumerate(items))
    pool = [_Worker(context, fn) for _ in range(max(1, min(workers, len(items))))]
    done: dict[int, tuple[bool, Any]] = {}
    next_out = 0
    try:
        while next_out < len(items):
            for worker in pool:
                if worker.task is None and todo:
                    worker.give(*todo.popleft())
            busy = [w for w in pool if w.task is not None]
            for conn in wait([w.conn for w in busy], timeout=_POLL):
                worker = next(w for w in busy if w.conn is conn)
                try:
                    index, ok, value = conn.recv()
                except (EOFError, OSError):  # the worker died (killed by the system, a crash in C)
                    index, item, _ = worker.task  # type: ignore[misc]
                    worker.process.join(timeout=5)  # for its exit code
                    ok, value = False, f"{shown(item)}: extraction stopped (the worker process ended, " \
                                       f"exit code {worker.process.exitcode}); skipped"
                    pool[pool.index(worker)] = _replace(worker, context, fn)
                else:
                    worker.task = None
                done[index] = (ok, value)
            now = time.monotonic()
            for i, worker in enumerate(pool):
                if worker.task is None:
                    continue
                index, item, started = worker.task
                if now - started > limits.seconds:
                    problem = f"extraction took longer than {limits.seconds:g} s; skipped"
                elif _private_mb(worker.process.pid) > limits.memory_mb:
                    problem = f"extraction needed more than {limits.memory_mb} MB of memory; skipped"
                else:
                    continue
                done[index] = (False, f"{shown(item)}: {problem}")
                pool[i] = _replace(worker, context, fn)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in pool:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()


def _replace(worker: _Worker, context: Any, fn: Callable[[Any], Any]) -> _Worker:
    worker.kill()
    return _Worker(context, fn)
