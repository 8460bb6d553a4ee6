"""One file at a time per worker process, each with a deadline and a memory ceiling.

A file shaped to explode (a pattern that backtracks, a small archive that expands to
gigabytes) must cost one line in the report, not the build. Python cannot stop a regular
expression or a C parser from inside, so every file runs in a worker process that the parent
watches: past ``FileLimits.seconds`` or above ``FileLimits.memory_mb`` of its own memory the worker is
killed, the file is reported in one line, and a fresh worker (forked ready from the forkserver,
see ``graph.build.warm_worker``) takes the next file. Results come back in the order of the files.
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
_QUEUED = 2  # files sent to a worker at once: one extracting, one waiting in its pipe
_PRELOAD = ["__main__", "graph.build.warm_worker"]


@dataclass(frozen=True)
class FileLimits:
    """What one file may cost: wall-clock seconds, the worker's own memory, characters of text."""

    seconds: float = 300.0
    memory_mb: int = 2048
    text_chars: int = MAX_TEXT_CHARS


DEFAULT_LIMITS = FileLimits()


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
    """One worker process and the files sent to it: the first is being extracted (since
    ``started``), the next waits in its pipe, so the worker never idles while the parent loads."""

    def __init__(self, context: Any, fn: Callable[[Any], Any]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = context.Process(target=_serve, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[tuple[int, Any]] = deque()  # (index, item), in the order sent
        self.started = 0.0

    def give(self, index: int, item: Any) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.conn.send((index, item, os.getcwd()))
        self.tasks.append((index, item))

    def finished(self) -> None:
        """The first task's result has arrived: the next one starts now."""
        self.tasks.popleft()
        self.started = time.monotonic()

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
                limits: FileLimits = DEFAULT_LIMITS) -> Iterator[tuple[bool, Any]]:
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

    def replace(i: int, line: str) -> None:
        """Fail worker ``i``'s current file with ``line``; its waiting files go back first in line."""
        worker = pool[i]
        index, _ = worker.tasks.popleft()
        done[index] = (False, line)
        todo.extendleft(reversed(worker.tasks))
        worker.kill()
        pool[i] = _Worker(context, fn)

    try:
        while next_out < len(items):
            for worker in pool:
                while len(worker.tasks) < _QUEUED and todo:
                    worker.give(*todo.popleft())
            busy = [w for w in pool if w.tasks]
            for conn in wait([w.conn for w in busy], timeout=_POLL):
                i = next(i for i, w in enumerate(pool) if w.conn is conn)
                worker = pool[i]
                try:
                    index, ok, value = conn.recv()
                except (EOFError, OSError):  # the worker died (killed by the system, a crash in C)
                    worker.process.join(timeout=5)  # for its exit code
                    replace(i, f"{shown(worker.tasks[0][1])}: extraction stopped (the worker process ended, "
                               f"exit code {worker.process.exitcode}); skipped")
                else:
                    worker.finished()
                    done[index] = (ok, value)
            now = time.monotonic()
            for i, worker in enumerate(pool):
                if not worker.tasks:
                    continue
                if now - worker.started > limits.seconds:
                    problem = f"extraction took longer than {limits.seconds:g} s; skipped"
                elif _private_mb(worker.process.pid) > limits.memory_mb:
                    problem = f"extraction needed more than {limits.memory_mb} MB of memory; skipped"
                else:
                    continue
                replace(i, f"{shown(worker.tasks[0][1])}: {problem}")
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in pool:
            if worker.tasks:
                worker.kill()
            else:
                worker.stop()
