"""Named-query latency on one store: each shipped query beside its reference form (the same
question written as property paths over the file graphs, ``tests/data/reference_queries``, as the
queries read before the links graph carried the derived facts) and a trivial indexed lookup, all
in the same run.

    python bench/bench_queries.py --store DIR [--repeat N] [--cap S] [--label NAME] [--out FILE]

Each query runs ``--repeat`` times in a fresh read-only store handle in this process; a query
past ``--cap`` seconds on its first run is not repeated. The two forms' rows are compared (as
sorted N-Triples terms), so a figure is never reported for a query that answers differently.
Writes JSON (default ``bench/results/queries-<label>.json``) and prints it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import psutil
from reporting import write_report

from graph.query.sparql import named_queries, run
from graph.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "reference_queries"
FIRST_DOCUMENT = "SELECT ?d WHERE { ?d dcterms:source ?s } LIMIT 1"


def _answer(store, sparql: str) -> list[tuple[str, ...]]:
    result = run(store, sparql)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(sol[v]) if sol[v] is not None else "" for v in names) for sol in result)


def timed(store, sparql: str, repeat: int, cap: float) -> tuple[dict[str, float], list[tuple[str, ...]]]:
    """Median and worst wall seconds of ``repeat`` runs (one if the first passes ``cap``), and the rows."""
    times, rows = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = _answer(store, sparql)
        times.append(time.perf_counter() - start)
        if times[0] > cap:
            break
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4), "runs": len(times),
            "rows": len(rows)}, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=60.0, help="a query slower than this on its first run runs once")
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="folder of the reference forms")
    parser.add_argument("--label", default="store")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    store = open_store(args.store, read_only=True)
    # one document's title by its IRI: a single index lookup, the floor every figure is read against
    doc = next(iter(run(store, FIRST_DOCUMENT)))["d"]
    lookup = f"SELECT ?t WHERE {{ {doc} dcterms:title ?t }}"
    report: dict = {"store": args.store.name, "quads": len(store), "repeat": args.repeat}
    report["lookup"], _ = timed(store, lookup, max(args.repeat, 20), args.cap)
    queries: dict[str, dict] = {}
    for query in named_queries().values():
        entry: dict = {}
        entry["after"], after = timed(store, query.bind({}), args.repeat, args.cap)
        reference = args.reference / f"{query.name}.rq"
        if reference.is_file():
            before_query = query.__class__(query.name, "", reference.read_text(encoding="utf-8"), query.params)
            entry["before"], before = timed(store, before_query.bind({}), args.repeat, args.cap)
            entry["same_rows"] = before == after
        queries[query.name] = entry
        print(query.name, entry, flush=True)
    report["queries"] = queries
    report["peak_rss_mb"] = round(psutil.Process().memory_info().rss / 2**20)
    write_report(args.out or ROOT / "bench" / "results" / f"queries-{args.label}.json", report)


if __name__ == "__main__":
    main()
