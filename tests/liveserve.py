"""A live ``edukg serve`` for tests: the real command in its own process, on loopback, and a
listener that records every connection made to it (a query that reaches out is caught there)."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ontology.namespaces import DCTERMS, ELI, RDF

DOC = "https://example.org/doc/"
GRAPH = ox.NamedNode("https://example.org/graph/plans")
OTHER = ox.NamedNode("https://example.org/graph/other")
EDUKG = [sys.executable, "-c", "from graph.cli import app; app()"]


def build_store(path: Path, filler: int = 300) -> None:
    """Three titled documents in one graph, one in another, and ``filler`` triples to join."""
    store = ox.Store(str(path))
    for i in range(3):
        doc = ox.NamedNode(f"{DOC}{i}")
        store.add(ox.Quad(doc, ox.NamedNode(RDF.type), ox.NamedNode(ELI.LegalResource), GRAPH))
        store.add(ox.Quad(doc, ox.NamedNode(DCTERMS.title), ox.Literal(f"第{i}号 <行动> 计划"), GRAPH))
    store.add(ox.Quad(ox.NamedNode(f"{DOC}other"), ox.NamedNode(DCTERMS.title), ox.Literal("另一个"), OTHER))
    for i in range(filler):
        store.add(ox.Quad(ox.NamedNode(f"{DOC}filler/{i}"), ox.NamedNode(f"{DOC}p"), ox.Literal(str(i)), GRAPH))
    store.flush()


class Listener:
    """A TCP listener on loopback that accepts and records every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            self.connections.append(peer)
            conn.close()

    def close(self) -> None:
        self.sock.close()


class Server:
    """A server answering on loopback at ``base``: requests to it, and waiting for its views."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.port = int(base.rsplit(":", 1)[1])

    def fetch(self, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
              method: str | None = None, source: str = "127.0.0.1") -> tuple[int, str, bytes]:
        """(status, content type, body) of one request from the loopback address ``source``."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(source, 0))
        try:
            conn.request(method or ("POST" if data is not None else "GET"), path, body=data,
                         headers={"Host": f"127.0.0.1:{self.port}", **(headers or {})})
            response = conn.getresponse()
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
            return response.status, kind, response.read()
        finally:
            conn.close()

    def views_ready(self, tries: int = 600) -> tuple[int, int]:
        """Wait while the views are being rendered (503); the status of ``/index.html`` then, and
        how many 503s came before it."""
        waits = 0
        while (status := self.fetch("/index.html")[0]) == 503 and waits < tries:
            waits += 1
            time.sleep(0.1)
        return status, waits

    def raw(self, data: bytes, *, timeout: float = 60) -> bytes:
        """Send bytes as they are and read the whole answer (b"" if the server closed silently)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
            except OSError:  # the server answered and stopped reading before we were done
                pass
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


class Served(Server):
    """A running ``edukg serve``: its base URL, its process and what it wrote to stderr."""

    def __init__(self, process: subprocess.Popen, base: str, stderr: Path) -> None:
        super().__init__(base)
        self.process = process
        self.stderr_path = stderr

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serve(store: Path, tmp: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``edukg serve --store STORE --port 0 ARGS…`` until the block ends (then SIGTERM)."""
    stderr = tmp / f"serve-stderr-{os.getpid()}-{len(list(tmp.iterdir()))}.txt"
    with stderr.open("wb") as err:
        process = subprocess.Popen([*EDUKG, "serve", "--store", str(store), "--port", "0", *args],
                                   stdout=subprocess.PIPE, stderr=err, text=True,  # views cached in tmp
                                   env={**os.environ, "XDG_CACHE_HOME": str(tmp / "cache"), **(env or {})})
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        m = re.search(r"http://([\d.]+):(\d+)/", line)
        if m is None:
            process.wait(30)
            raise AssertionError(f"edukg serve did not start: {line!r} {stderr.read_text()!r}")
        yield Served(process, f"http://{m.group(1)}:{m.group(2)}", stderr)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.stdout.close()  # type: ignore[union-attr]
