"""The endpoint under attack: normal clients beside hostile ones, on loopback, for a fixed time.

    python bench/bench_hostile.py [--store DIR | --corpus DIR] [--normal 45] [--hostile 5] [--seconds 30]
                                  [--shared-address] [--out FILE]

``edukg serve`` runs in its own process on a store (built from ``--corpus``, the meiyu plans by
default, when no ``--store`` is given). Normal clients send the small lookups a page or a
notebook makes (``NORMAL``), each answer checked to be a 200; hostile clients send, in turn,
a cross product sorted on two columns (gigabytes if let run), a nesting past the endpoint's
limit and the nestings that once killed a worker. Hostile clients connect from their own loopback
addresses (127.0.0.2 …) unless ``--shared-address``, as attackers elsewhere would; the server's
memory is the resident size of its whole process tree, sampled every 0.2 s. Writes JSON
(default ``bench/results/hostile.json``) and prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psutil
from reporting import write_report

ROOT = Path(__file__).resolve().parents[1]
MEIYU = ROOT.parent / "shared" / "corpus" / "meiyu"
CLI = "import sys; from graph.cli import app; sys.argv[0] = 'edukg'; app()"
# what a page or a notebook asks over and over: lists, one document's facts, counts
NORMAL = [
    "SELECT ?d ?t WHERE { ?d a eli:LegalResource ; dcterms:title ?t } LIMIT 50",
    "SELECT ?p ?o WHERE { ?d a eli:LegalResource ; dcterms:title ?t ; ?p ?o } LIMIT 100",
    "SELECT (COUNT(*) AS ?n) WHERE { ?d a eli:LegalResource }",
    "ASK { ?d a eli:LegalResource }",
    "SELECT ?o ?l WHERE { ?o a org:Organization ; skos:prefLabel ?l } LIMIT 50",
]
HOSTILE = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "SELECT * WHERE { FILTER(" + "(" * 25 + "1" + ")" * 25 + ") }",
    "SELECT * WHERE " + "{" * 40 + "}" * 40,
    "ASK " + "{" * 5000 + "}" * 5000,
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 4) if ordered else 0.0


class Client(threading.Thread):
    """One client sending its queries in turn until ``stop``, from ``source`` (a loopback address)."""

    def __init__(self, port: int, queries: list[str], source: str, stop: float, offset: int) -> None:
        super().__init__(daemon=True)
        self.port, self.queries, self.source, self.stop, self.n = port, queries, source, stop, offset
        self.latencies: list[float] = []
        self.starts: list[float] = []  # monotonic time each request was sent
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []

    def run(self) -> None:
        while time.monotonic() < self.stop:
            query = self.queries[self.n % len(self.queries)]
            self.n += 1
            path = "/sparql?" + urllib.parse.urlencode({"query": query})
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120,
                                                  source_address=(self.source, 0))
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except OSError as exc:
                status = 0
                self.errors.append(str(exc))
            self.latencies.append(time.perf_counter() - start)
            self.starts.append(time.monotonic())
            self.statuses[status] = self.statuses.get(status, 0) + 1


def _build(corpus: Path, store: Path) -> None:
    subprocess.run([sys.executable, "-c", CLI, "build", str(corpus), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def _hostile(port: int, sources: list[str], stop: float, out: multiprocessing.Queue) -> None:
    """The hostile clients, in a process of their own (as attackers elsewhere would be)."""
    clients = [Client(port, HOSTILE, source, stop, i) for i, source in enumerate(sources)]
    for c in clients:
        c.start()
    statuses: dict[int, int] = {}
    for c in clients:
        c.join()
        for status, count in c.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    out.put(statuses)


def run(store: Path, normal: int, hostile: int, seconds: float, shared: bool, tmp: Path) -> dict:
    views = tmp / "views"
    views.mkdir(exist_ok=True)
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--store", str(store), "--port", "0",
                               "--views", str(views)], stdout=subprocess.PIPE, text=True)
    try:
        m = re.search(r":(\d+)/", server.stdout.readline())  # type: ignore[union-attr]
        if m is None:
            raise SystemExit("edukg serve did not start")
        port = int(m.group(1))
        tree = psutil.Process(server.pid)
        idle_rss = _tree_rss(tree)
        stop = time.monotonic() + seconds
        sources = ["127.0.0.1" if shared else f"127.0.0.{2 + i}" for i in range(hostile)]
        results: multiprocessing.Queue = multiprocessing.Queue()
        attacker = multiprocessing.Process(target=_hostile, args=(port, sources, stop, results))
        attacker.start()
        good = [Client(port, NORMAL, "127.0.0.1", stop, i) for i in range(normal)]
        for c in good:
            c.start()
        peak = idle_rss
        while any(c.is_alive() for c in good):
            peak = max(peak, _tree_rss(tree))
            time.sleep(0.2)
        statuses = results.get()
        attacker.join()
    finally:
        server.terminate()
        server.wait()
    latencies = [x for c in good for x in c.latencies]
    begin = stop - seconds
    slow_by_second: dict[int, int] = {}  # when the slow answers (over 0.5 s) came: episodes or spread
    for c in good:
        for at, latency in zip(c.starts, c.latencies, strict=True):
            if latency > 0.5:
                slow_by_second[int(at - begin)] = slow_by_second.get(int(at - begin), 0) + 1
    normal_statuses: dict[int, int] = {}
    for c in good:
        for status, count in c.statuses.items():
            normal_statuses[status] = normal_statuses.get(status, 0) + count
    return {
        "seconds": seconds, "hostile_from": "the same address" if shared else "their own addresses",
        "normal": {"clients": normal, "requests": len(latencies), "statuses": normal_statuses,
                   "errors": sum(n for s, n in normal_statuses.items() if s != 200),
                   "requests_per_s": round(len(latencies) / seconds, 1),
                   "p50_s": _percentile(latencies, 0.5), "p95_s": _percentile(latencies, 0.95),
                   "max_s": round(max(latencies, default=0), 3),
                   "over_half_second_by_second": dict(sorted(slow_by_second.items()))},
        "hostile": {"clients": hostile, "requests": sum(statuses.values()), "statuses": statuses},
        "server_rss_mb": {"idle": round(idle_rss / 2**20), "peak": round(peak / 2**20)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--corpus", type=Path, default=MEIYU)
    parser.add_argument("--normal", type=int, default=45)
    parser.add_argument("--hostile", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--shared-address", action="store_true", help="hostile clients on 127.0.0.1 too")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hostile.json")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="edukg-bench-"))
    try:
        store = args.store
        if store is None:
            if not args.corpus.is_dir():
                raise SystemExit(f"{args.corpus}: no corpus here; pass --store DIR or --corpus DIR")
            store = tmp / "store"
            _build(args.corpus, store)
        report = {"machine": {"cpus": psutil.cpu_count(), "python": platform.python_version()},
                  "store": (args.store or args.corpus).name,
                  **run(store, args.normal, args.hostile, args.seconds, args.shared_address, tmp)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_report(args.out, report)


if __name__ == "__main__":
    main()
