"""Named-query latency on one store: each shipped query beside its reference form (the same
question written as property paths over the file graphs, ``tests/data/reference_queries``, as the
queries read before the links graph carried the derived facts) and a trivial indexed lookup, all
in the same run.

    python bench/bench_queries.py --store DIR [--repeat N] [--cap S] [--label NAME] [--out FILE]

Queries run in the endpoint's query worker (``graph.serve.endpoint.QueryPool``, one worker, the
store opened read-only), so one past ``--cap`` seconds is stopped and reported as such; each runs
``--repeat`` times. The two forms' rows are compared, so a figure is never reported for a query
that answers differently. Writes JSON (default ``bench/results/queries-<label>.json``) and prints it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from pathlib import Path

from reporting import write_report

from graph.query.sparql import NamedQuery, named_queries, run
from graph.serve.endpoint import Limits, QueryPool, Request
from graph.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "reference_queries"
FIRST_DOCUMENT = "SELECT ?d WHERE { ?d dcterms:source ?s } ORDER BY ?d LIMIT 1"
JSON = "application/sparql-results+json"
_CLIENTS = itertools.count()  # each request its own client: a stopped query holds back none after it


def _rows(body: bytes) -> list[tuple[str, ...]]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return sorted(tuple(json.dumps(b.get(v), sort_keys=True, ensure_ascii=False) for v in names)
                  for b in data["results"]["bindings"])


def timed(pool: QueryPool, sparql: str, repeat: int) -> tuple[dict, list[tuple[str, ...]] | None]:
    """Median and worst wall seconds of ``repeat`` runs and the rows, or how the query was stopped."""
    times, rows = [], None
    for _ in range(repeat):
        pool.cache.clear()  # the store's cost, not the serve path's cache of answers
        start = time.perf_counter()
        answer = pool.run(Request(sparql, accept=JSON), client=f"bench-{next(_CLIENTS)}")  # no one is penalised
        times.append(time.perf_counter() - start)
        if answer.status != 200:
            return {"stopped": f"HTTP {answer.status} after {times[-1]:.1f} s"}, None
        rows = _rows(answer.body)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4), "runs": len(times),
            "rows": len(rows or [])}, rows


def measure(store_dir: Path, repeat: int, cap: float, reference: Path | None = REFERENCE) -> dict:
    """The lookup and every named query (and, with ``reference``, its reference form) on one store."""
    doc = next(iter(run(open_store(store_dir, read_only=True), FIRST_DOCUMENT)))["d"]
    pool = QueryPool(store_dir, 1, Limits(timeout=cap, long_after=cap, max_rows=10**9, max_memory=4096))
    report: dict = {"load_average": [round(x, 1) for x in os.getloadavg()]}
    try:
        report["lookup"], _ = timed(pool, f"SELECT ?t WHERE {{ {doc} dcterms:title ?t }}", max(repeat, 20))
        queries: dict[str, dict] = {}
        for query in named_queries().values():
            entry: dict = {}
            entry["after"], after = timed(pool, query.bind({}), repeat)
            path = reference / f"{query.name}.rq" if reference else None
            if path and path.is_file():
                before_query = NamedQuery(query.name, "", path.read_text(encoding="utf-8"), query.params)
                entry["before"], before = timed(pool, before_query.bind({}), repeat)
                if before is not None and after is not None:
                    entry["same_rows"] = before == after
            queries[query.name] = entry
            print(query.name, entry, flush=True)
        report["queries"] = queries
    finally:
        pool.close()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a query is stopped")
    parser.add_argument("--label", default="store")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = {"store": args.label, "quads": len(open_store(args.store, read_only=True)), "repeat": args.repeat,
              **measure(args.store, args.repeat, args.cap)}
    write_report(args.out or ROOT / "bench" / "results" / f"queries-{args.label}.json", report)


if __name__ == "__main__":
    main()
