"""Extraction quality on every annotated set, development and held out, in one table.

Run it when a piece of extraction work is finished (not while writing rules) and report the
held-out line apart from the others::

    python bench/score_sets.py            # needs ../shared (corpora and the reference scorer)
    python bench/score_sets.py --dev      # development sets only, while rules are being written

Sets: the seeds and the authored documents (gold in ``../shared/gold``), the project's devset
(``tests/data/devset``), six real 美育 documents for development (``tests/data/meiyu``) and six
held out (``tests/data/heldout``), both with their sources in ``../shared/corpus/meiyu``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from extractors import extract_file
from extractors.export import to_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HELD_OUT = "held out"
SETS = {  # name: (folder of sources, folder of gold), held out last
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds"),
    "authored": (SHARED / "corpus" / "authored", SHARED / "gold" / "authored"),
    "devset": (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "gold"),
    "meiyu (dev)": (SHARED / "corpus" / "meiyu", ROOT / "tests" / "data" / "meiyu" / "gold"),
    HELD_OUT: (SHARED / "corpus" / "meiyu", ROOT / "tests" / "data" / "heldout" / "gold"),
}
COLUMNS = ("documents", "metadata", "sections", "entities", "targets_full", "relations")


def score(sources: Path, gold: Path) -> dict:
    """The scorer's summary for the sources that have a gold file."""
    annotated = {g.stem for g in gold.glob("*.json")}
    with tempfile.TemporaryDirectory() as out:
        for source in sorted(p for p in sources.iterdir() if p.is_file() and p.stem in annotated):
            Path(out, f"{source.stem}.json").write_text(to_json(extract_file(source)), encoding="utf-8")
        report = Path(out) / "summary.json"
        subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold), out, "--json",
                        str(report), "--quiet"], check=True, capture_output=True)
        return json.loads(report.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    dev_only = "--dev" in (sys.argv[1:] if argv is None else argv)
    if not (SHARED / "tools" / "score.py").is_file():
        print("../shared is absent: no corpora or scorer to score with", file=sys.stderr)
        return 2
    print(f"| set | files | headline | {' | '.join(COLUMNS)} |")
    print(f"|---|---|---|{'---|' * len(COLUMNS)}")
    for name, (sources, gold) in SETS.items():
        if dev_only and name == HELD_OUT:
            continue
        summary = score(sources, gold)
        cells = " | ".join(f"{summary[c]['f1']:.3f}" for c in COLUMNS)
        print(f"| {name} | {len(list(gold.glob('*.json')))} | {summary['headline_f1']:.3f} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
