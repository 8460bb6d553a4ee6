"""The views ``edukg serve`` shows: rendered in the background once per store version, then kept.

Rendering every view of a large store takes minutes, and a server that renders before it binds
answers nobody meanwhile. So the server binds at once and answers SPARQL; the views are rendered
by a separate, lower-priority process into a folder of the views cache (by default
``$XDG_CACHE_HOME/edukg/views``, else ``~/.cache/edukg/views``), named by the store version and by
a digest of the views code, and pages are answered 503 with ``Retry-After`` until that folder is
whole. The next start on the same store (and the same views code) finds the folder and serves it
at once. A render under way writes into a hidden folder beside it and renames it when done, so a
server killed mid-render leaves no half-written views to be served later: a watcher process
removes the hidden folder whenever the server ends, SIGKILL included.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEEP = 4  # rendered versions kept in the cache folder, the most recently served ones
RETRY_AFTER = 5  # seconds a client is told to wait while the views are rendered

# A process that outlives no one: it waits for the server to close its end of a pipe, as the
# kernel does when the server dies by any means (SIGKILL included), then removes the folder.
_REAPER = "import shutil, sys; sys.stdin.buffer.read(); shutil.rmtree(sys.argv[1], ignore_errors=True)"


def default_cache() -> Path:
    """Where rendered views are kept between starts, after the XDG base directory convention."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edukg" / "views"


def views_code() -> str:
    """A digest of the views package's files: new views code renders anew, whatever the store."""
    import graph.views

    root = Path(graph.views.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


class Views:
    """The views a server shows: ready (a folder), being rendered, or failed (one line why)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.failure: str | None = None
        self.ready = threading.Event()
        if folder is not None:
            self.ready.set()

    def finish(self, folder: Path | None, failure: str | None = None) -> None:
        self.folder, self.failure = folder, failure
        self.ready.set()


def _render(store_path: str, out: str) -> None:
    """The render process: at low priority, so that queries keep the processor; one line on failure."""
    os.nice(10)
    from graph.store.local import open_store
    from graph.views import render_views

    try:
        render_views(open_store(store_path, read_only=True), Path(out))
    except Exception as exc:  # noqa: BLE001 - reported in one line, the server goes on without views
        print(f"edukg serve: rendering the views failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)


def _prune(cache: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently served renders (hidden folders are renders under way)."""
    done = sorted((p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in done[keep:]:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def rendered_views(store_path: str | Path, version: str, cache: Path | None = None) -> Iterator[Views]:
    """The views of the store at ``store_path`` (whose version is ``version``): at once when the
    cache holds them, else rendering in the background; the render stops when the block ends."""
    cache = Path(cache) if cache is not None else default_cache()
    folder = cache / f"{version}-{views_code()}"
    if (folder / "index.html").is_file():
        os.utime(folder)  # recently served: kept by the pruning of others' renders
        yield Views(folder)
        return
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=cache))
    reaper = subprocess.Popen([sys.executable, "-c", _REAPER, str(partial)], stdin=subprocess.PIPE,
                              start_new_session=True)  # a Ctrl-C to the server's group must not end it first
    process = multiprocessing.get_context("forkserver").Process(target=_render, args=(str(store_path), str(partial)),
                                                                daemon=True)
    process.start()
    views = Views()

    def finish() -> None:
        process.join()
        if process.exitcode != 0:
            views.finish(None, "the views could not be rendered (see the server's output); "
                               "the SPARQL endpoint at /sparql still answers")
            return
        try:
            partial.rename(folder)
        except OSError:  # another server on the same store finished first: its render is the same
            shutil.rmtree(partial, ignore_errors=True)
        views.finish(folder)
        _prune(cache, KEEP)

    watcher = threading.Thread(target=finish, name="views render", daemon=True)
    watcher.start()
    try:
        yield views
    finally:
        if process.is_alive():
            process.kill()
        watcher.join()
        reaper.stdin.close()  # type: ignore[union-attr]
        reaper.wait()
