"""Serve and scale: a corpus built end to end with 1 and N workers, named-query latency, peak
memory, and a load test of ``edukg serve`` (concurrent clients on loopback, every answer checked).

    python bench/bench_scale.py [--corpus DIR] [--workers N] [--clients C] [--seconds S] [--out FILE]

Each build is a fresh ``edukg build`` process into an empty store; its peak memory is the
largest resident size of the process and its workers together, sampled every 0.2 s. Writes a
JSON report (default ``bench/results/scale.json``) and prints it. Extraction speed against
jieba alone is ``bench/bench_extraction.py``.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
from reporting import write_report

from graph.query.sparql import named_queries
from graph.serve.endpoint import Limits, QueryPool, Request
from graph.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
LAWS = ROOT.parent / "shared" / "corpus" / "laws"
TITLES = "SELECT ?d ?t WHERE { ?d a eli:LegalResource ; dcterms:title ?t } LIMIT 50"
CLI = "import sys; from graph.cli import app; sys.argv[0] = 'edukg'; app()"


def _timed_process(args: list[str]) -> dict[str, float]:
    """Wall time and peak resident memory (process tree) of one CLI run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CLI, *args], stdout=subprocess.DEVNULL)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    if process.returncode:
        raise SystemExit(f"edukg {' '.join(args)} failed with status {process.returncode}")
    return {"seconds": round(time.perf_counter() - start, 2), "peak_rss_mb": round(peak / 2**20)}


def build_runs(corpus: Path, workers: int, tmp: Path) -> dict[str, dict[str, float]]:
    runs = {}
    for n in sorted({1, workers}):
        store = tmp / f"store-{n}"
        runs[f"{n}_workers"] = run_ = _timed_process(["build", str(corpus), "--store", str(store), "--workers", str(n)])
        print(f"build with {n} worker(s)", run_, file=sys.stderr, flush=True)
    base = runs["1_workers"]["seconds"]
    for run_ in runs.values():
        run_["speedup"] = round(base / run_["seconds"], 2)
    return runs


def query_latency(store_dir: Path, cap: float, repeat: int = 3) -> dict[str, dict[str, float | str]]:
    """Median and worst seconds of each named query (default parameters) through the endpoint's
    query workers, so a query that runs past ``cap`` seconds is stopped and reported as such."""
    pool = QueryPool(store_dir, 1, Limits(timeout=cap, max_rows=10**9))
    out: dict[str, dict[str, float | str]] = {}
    try:
        for query in named_queries().values():
            times, status = [], 200
            for _ in range(repeat):
                start = time.perf_counter()
                status = pool.run(Request(query.bind({}), accept="application/sparql-results+json")).status
                times.append(time.perf_counter() - start)
                if status != 200:
                    break
            out[query.name] = ({"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}
                               if status == 200 else {"result": f"stopped after {cap:g} s (HTTP {status})"})
            print(query.name, out[query.name], file=sys.stderr, flush=True)
    finally:
        pool.close()
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_test(store_dir: Path, queries: list[str], clients: int, seconds: float, tmp: Path) -> dict[str, float]:
    """``clients`` threads sending ``queries`` in turn to ``edukg serve`` for ``seconds``; each
    answer must be a 200."""
    views = tmp / "views"
    views.mkdir(exist_ok=True)
    (views / "index.html").write_text("<!doctype html><title>views</title>", encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--store", str(store_dir), "--port", str(port),
                               "--views", str(views)], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/sparql"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        stop = time.monotonic() + seconds

        def client(i: int) -> None:
            n = i
            while time.monotonic() < stop:
                url = f"{base}?{urllib.parse.urlencode({'query': queries[n % len(queries)]})}"
                n += 1
                start = time.perf_counter()
                error = ""
                try:
                    with urllib.request.urlopen(url, timeout=60) as response:
                        response.read()
                        error = "" if response.status == 200 else f"HTTP {response.status}"
                except OSError as exc:  # HTTP errors included
                    error = str(exc)
                with lock:
                    latencies.append(time.perf_counter() - start)
                    if error:
                        errors.append(error)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    return {"clients": clients, "seconds": seconds, "requests": len(latencies), "errors": len(errors),
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_s": round(latencies[len(latencies) // 2], 4), "p95_s": round(latencies[int(len(latencies) * .95)], 4),
            "first_errors": errors[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LAWS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a named query is stopped")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no corpus here (the default is ../shared/corpus/laws)")
    tmp = Path(tempfile.mkdtemp(prefix="edukg-bench-"))
    try:
        files = [p for p in args.corpus.rglob("*") if p.is_file()]
        report = {
            "machine": {"cpus": psutil.cpu_count(), "python": platform.python_version()},
            "corpus": {"path": str(args.corpus), "files": len(files),
                       "megabytes": round(sum(p.stat().st_size for p in files) / 2**20, 1)},
            "build": build_runs(args.corpus, args.workers, tmp),
        }
        store = tmp / f"store-{args.workers}"
        report["quads"] = len(open_store(store, read_only=True))
        report["query_latency"] = latency = query_latency(store, args.cap)
        # the load mix: the named queries that answer within a second, and a page of titles
        light = [q.bind({}) for q in named_queries().values() if float(latency[q.name].get("max_s", 99)) < 1]
        report["load"] = load_test(store, [*light, TITLES], args.clients, args.seconds, tmp)
        report["load"]["queries"] = len(light) + 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_report(args.out, report)


if __name__ == "__main__":
    main()
