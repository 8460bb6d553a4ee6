"""Where the benchmarks put what they measured: one JSON file under ``bench/results/`` each."""

from __future__ import annotations

import json
from pathlib import Path


def write_report(out: Path, report: dict, *, echo: bool = True) -> None:
    """Write ``report`` as JSON to ``out`` (folders made as needed) and, with ``echo``, print it."""
    text = json.dumps(report, ensure_ascii=False, indent=2)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    if echo:
        print(text)
