"""Serve and scale: a corpus built end to end with 1 and N workers, named-query latency, peak
memory, and a load test of ``edukg serve`` (concurrent clients on loopback, every answer checked);
or, with ``--curve``, how each cost grows with the number of documents.

    python bench/bench_scale.py [--corpus DIR] [--workers N] [--clients C] [--seconds S] [--out FILE]
    python bench/bench_scale.py --curve 100,1000,10000 [--workers N] [--out FILE]

The curve's corpora are drawn from the law and meiyu corpora (``../shared/corpus``): the files in
a fixed shuffled order, then copies of them, each copy given a region in its title (a city of the
division table; every fifth copy keeps its title, so many documents share one), its 发文字号
numbers moved on and its first year moved back, so that linking sees many distinct documents
and some shared titles. At each size: a build with N workers, linking again over the whole store,
a full validation, a validation after one changed file is rebuilt, rendering, and each named query.

Each build is a fresh ``edukg build`` process into an empty store; its peak memory is the
largest resident size of the process and its workers together, sampled every 0.2 s. Writes a
JSON report (default ``bench/results/scale.json``) and prints it. Extraction speed against
jieba alone is ``bench/bench_extraction.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import re
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
from graph.store.local import open_store, stored_documents

ROOT = Path(__file__).resolve().parents[1]
LAWS = ROOT.parent / "shared" / "corpus" / "laws"
MEIYU = ROOT.parent / "shared" / "corpus" / "meiyu"
TITLES = "SELECT ?d ?t WHERE { ?d a eli:LegalResource ; dcterms:title ?t } LIMIT 50"
DEFAULT_OUT = ROOT / "bench" / "results" / "scale.json"
CLI = "import sys; from graph.cli import app; sys.argv[0] = 'edukg'; app()"


def _timed_process(args: list[str], code: str = CLI, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Wall time and peak resident memory (process tree) of one CLI run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    if process.returncode not in ok:
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


_NUMBER = re.compile(r"([〔\[［(（]\d{4}[〕\]］)）])(\d+)(号)")
_YEAR = re.compile(r"(\d{4})年")
RELINK = ("import sys; from graph.store.local import open_store, stored_documents; from graph.build.link import link; "
          "link(open_store(sys.argv[1]))")


def _title_line(lines: list[str]) -> int:
    """The index of a file's title: its first line of text after any front matter or comment."""
    front = bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        text = line.strip().lstrip("#").strip()
        if front:
            front = not (i > 0 and line.strip() == "---")
            continue
        if text and not text.startswith("<!--"):
            return i
    return 0


def copy_text(text: str, k: int, region: str) -> str:
    r"""Copy ``k`` of a plan: ``region`` before its title (unless every fifth copy, which keeps it),
    its 发文字号 numbers moved on by ``k`` thousand and its first year moved back by ``k % 20``.

    >>> copy_text("# 甲法\n（教发〔2020〕3号）2020年", 2, "乙市")
    '# 乙市甲法\n（教发〔2020〕2003号）2018年'
    """
    lines = text.split("\n")
    i = _title_line(lines)
    if k % 5:
        head = len(lines[i]) - len(lines[i].lstrip("# \t"))
        lines[i] = lines[i][:head] + region + lines[i][head:]
    out = _NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1000 * k}{m.group(3)}", "\n".join(lines))
    return _YEAR.sub(lambda m: f"{int(m.group(1)) - k % 20}年", out, count=1)


def make_corpus(size: int, out: Path, sources: list[Path]) -> Path:
    """``size`` files in ``out``: the source files in a fixed shuffled order, then copies."""
    from extractors.places import unique_codes

    cities = sorted(n for n in unique_codes() if n.endswith("市"))
    files = sorted((p for root in sources for p in root.rglob("*") if p.is_file()),
                   key=lambda p: hashlib.sha1(str(p.relative_to(p.parents[1])).encode()).hexdigest())
    out.mkdir(parents=True, exist_ok=True)
    for n in range(size):
        source = files[n % len(files)]
        k = n // len(files)
        text = source.read_text(encoding="utf-8", errors="replace")
        if k:
            text = copy_text(text, k, cities[(n * 7 + k) % len(cities)])
        (out / f"{n:05d}{source.suffix}").write_text(text, encoding="utf-8")
    return out


def curve_point(size: int, workers: int, tmp: Path, cap: float) -> dict:
    """Every cost at one corpus size, each a fresh process (wall seconds, peak memory)."""
    from bench_queries import measure

    corpus = make_corpus(size, tmp / f"corpus-{size}", [LAWS, MEIYU])
    store = tmp / f"store-{size}"
    point: dict = {"files": size}
    point["build"] = _timed_process(["build", str(corpus), "--store", str(store), "--workers", str(workers)])
    print(size, "build", point["build"], file=sys.stderr, flush=True)
    opened = open_store(store, read_only=True)
    point["quads"], point["documents"] = len(opened), stored_documents(opened)
    del opened
    point["link"] = _timed_process([str(store)], RELINK)
    # a violation found (status 1) is a result: the copies repeat what the law corpus holds
    point["validate_all"] = _timed_process(["validate", "--store", str(store), "--all"], ok=(0, 1))
    print(size, "link", point["link"], "validate", point["validate_all"], file=sys.stderr, flush=True)
    changed = sorted(corpus.iterdir())[size // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n附件：说明。\n", encoding="utf-8")
    point["rebuild_one"] = _timed_process(["build", str(corpus), "--store", str(store), "--workers", str(workers)])
    point["validate_changed"] = _timed_process(["validate", "--store", str(store)], ok=(0, 1))
    print(size, "one changed", point["rebuild_one"], point["validate_changed"], file=sys.stderr, flush=True)
    views = tmp / f"views-{size}"
    point["render"] = _timed_process(["render", "--store", str(store), "--out", str(views)])
    pages = [p for p in views.rglob("*.html")]
    point["render"].update(pages=len(pages), megabytes=round(sum(p.stat().st_size for p in pages) / 2**20, 1),
                           largest_page_mb=round(max((p.stat().st_size for p in pages), default=0) / 2**20, 2))
    print(size, "render", point["render"], file=sys.stderr, flush=True)
    point["queries"] = measure(store, 3, cap, reference=None)
    shutil.rmtree(views, ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    return point


def curve(sizes: list[int], workers: int, cap: float, out: Path) -> None:
    """The cost curve, written after each size so that a long run keeps what it measured."""
    report: dict = {"machine": {"cpus": psutil.cpu_count(), "python": platform.python_version()},
                    "workers": workers, "points": []}
    tmp = Path(tempfile.mkdtemp(prefix="edukg-curve-"))
    try:
        for size in sizes:
            report["points"].append(curve_point(size, workers, tmp, cap))
            write_report(out, report, echo=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_report(out, report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curve", help="corpus sizes, comma-separated (100,1000,10000): the cost curve")
    parser.add_argument("--corpus", type=Path, default=LAWS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a named query is stopped")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if args.curve:
        curve([int(n) for n in args.curve.split(",")], args.workers, args.cap,
              args.out if args.out != DEFAULT_OUT else ROOT / "bench" / "results" / "curve.json")
        return
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
