"""``edukg serve`` under load, on loopback: how soon it answers, and cheap lookups beside named queries.

    python bench/bench_serve.py --store DIR [--cheap 40] [--named 10] [--seconds 30] [--skip-start | --skip-load]
                                [--out FILE]

Two runs of the real command on the store. **Start**: with an empty views cache, the seconds from
launching ``edukg serve`` until it prints its address, answers its first SPARQL query and answers
its first page (503 while the views are rendered, in the background). **Load**: with stand-in
views (so that no render competes for the processor), each named query asked once (the first
answers show how long the start-up warming takes), then ``--cheap`` clients asking lookups of
documents picked at random (one document's facts, a page of titles at a random offset, a count)
beside ``--named`` clients asking the named queries in turn, for ``--seconds``; every client
has its own loopback address (127.0.0.2 …), as separate users would. Reports throughput and
p50/p95 for the cheap and the named requests separately. Writes JSON (default
``bench/results/serve.json``) and prints it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psutil
from bench_hostile import CLI, Client, _percentile, _tree_rss
from reporting import write_report

from graph.query.sparql import named_queries

ROOT = Path(__file__).resolve().parents[1]
JSON = "application/sparql-results+json"


def _ask(port: int, query: str, source: str = "127.0.0.1", timeout: float = 900) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": JSON})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _launch(store: Path, *args: str) -> tuple[subprocess.Popen, int, float]:
    """A running ``edukg serve``, its port, and the seconds until it printed its address."""
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--store", str(store), "--port", "0", *args],
                              stdout=subprocess.PIPE, text=True)
    m = re.search(r":(\d+)/", server.stdout.readline())  # type: ignore[union-attr]
    if m is None:
        server.wait()
        raise SystemExit("edukg serve did not start")
    return server, int(m.group(1)), time.perf_counter() - start


def start_up(store: Path, tmp: Path) -> dict:
    """Seconds to the address, the first SPARQL answer and the first page answer, views cache empty."""
    begin = time.perf_counter()
    server, port, bound = _launch(store, "--views-cache", str(tmp / "cold-cache"))
    try:
        status, _ = _ask(port, "ASK { ?s ?p ?o }")
        first_query = time.perf_counter() - begin
        page = _status(port, "/index.html")
        first_page = time.perf_counter() - begin
    finally:
        server.terminate()
        server.wait()
    return {"address_printed_s": round(bound, 2), "first_query_s": round(first_query, 2), "first_query_status": status,
            "first_page_s": round(first_page, 2), "first_page_status": page}


def _documents(port: int, n: int = 2000) -> list[str]:
    status, body = _ask(port, f"SELECT ?d WHERE {{ ?d a eli:LegalResource }} LIMIT {n}")
    if status != 200:
        raise SystemExit(f"listing documents failed: {status} {body[:200]!r}")
    return [b["d"]["value"] for b in json.loads(body)["results"]["bindings"]]


def _cheap_queries(documents: list[str], rng: random.Random, n: int = 5000) -> list[str]:
    """Lookups a page or a notebook makes, over documents picked at random: mostly not yet asked."""
    out = []
    for _ in range(n):
        doc = rng.choice(documents)
        out.append(rng.choice([f"SELECT ?p ?o WHERE {{ <{doc}> ?p ?o }} LIMIT 50",
                               f"SELECT ?d ?t WHERE {{ ?d a eli:LegalResource ; dcterms:title ?t }} "
                               f"LIMIT 20 OFFSET {rng.randrange(len(documents))}",
                               f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s eli:is_part_of <{doc}> }}"]))
    return out


def load(store: Path, cheap: int, named: int, seconds: float, tmp: Path) -> dict:
    views = tmp / "views"
    views.mkdir(exist_ok=True)
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    server, port, _ = _launch(store, "--views", str(views))
    try:
        tree = psutil.Process(server.pid)
        named_texts = [q.bind({}) for q in named_queries().values()]
        first_answers = {}
        begin = time.perf_counter()
        for query, text in zip(named_queries(), named_texts, strict=True):
            status, _ = _ask(port, text, "127.0.2.1")
            first_answers[query] = {"status": status, "after_start_s": round(time.perf_counter() - begin, 2)}
        queries = _cheap_queries(_documents(port), random.Random(18))
        stop = time.monotonic() + seconds
        cheap_clients = [Client(port, queries, f"127.0.0.{2 + i}", stop, 7 * i) for i in range(cheap)]
        named_clients = [Client(port, named_texts, f"127.0.1.{2 + i}", stop, i) for i in range(named)]
        clients = cheap_clients + named_clients
        for c in clients:
            c.start()
        peak = _tree_rss(tree)
        while any(c.is_alive() for c in clients):
            peak = max(peak, _tree_rss(tree))
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait()
    return {"named_first_answers": first_answers, "seconds": seconds,
            "cheap": _summary(cheap_clients, seconds), "named": _summary(named_clients, seconds),
            "all": {"requests_per_s": round(sum(len(c.latencies) for c in clients) / seconds, 1)},
            "server_peak_rss_mb": round(peak / 2**20)}


def _summary(clients: list[Client], seconds: float) -> dict:
    latencies = [x for c in clients for x in c.latencies]
    statuses: dict[int, int] = {}
    for c in clients:
        for status, count in c.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return {"clients": len(clients), "requests": len(latencies), "statuses": statuses,
            "errors": sum(n for s, n in statuses.items() if s != 200),
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_s": _percentile(latencies, 0.5), "p95_s": _percentile(latencies, 0.95),
            "max_s": round(max(latencies, default=0), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--cheap", type=int, default=40)
    parser.add_argument("--named", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--skip-start", action="store_true", help="only the load run")
    parser.add_argument("--skip-load", action="store_true", help="only the start run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serve.json")
    args = parser.parse_args()
    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store here; build one with `edukg build CORPUS --store DIR`")
    tmp = Path(tempfile.mkdtemp(prefix="edukg-bench-"))
    try:
        report = {"machine": {"cpus": psutil.cpu_count(), "python": platform.python_version(),
                              "load_average": [round(x, 1) for x in psutil.getloadavg()]},
                  "store": args.store.name,
                  "start": None if args.skip_start else start_up(args.store, tmp),
                  "load": None if args.skip_load else load(args.store, args.cheap, args.named, args.seconds, tmp)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_report(args.out, report)


if __name__ == "__main__":
    main()
