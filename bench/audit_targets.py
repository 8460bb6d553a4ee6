"""A random sample of extracted targets, each beside the clause it was read from, for judging by eye.

Counting how many sampled targets are right (a goal the plan sets, with the whole indicator,
the right comparator, value, unit and deadline) estimates precision on documents nobody
annotated. The sample is drawn with a fixed seed from the targets of every file in a corpus
folder (default: the meiyu corpus beside the repository), so the same build gives the same sample.

    python bench/audit_targets.py [--corpus DIR] [--n 80] [--seed 15] [--skip GOLD_DIR]

The documents of the held-out gold (``tests/data/heldout/gold``) are not drawn from, so that
judging the sample never shows their extraction.

Prints one block per target: number, file, indicator, comparator, value and unit, deadline, and the
source sentence with the indicator's wording in [brackets] and the whole target in ⟦…⟧.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from extractors import extract_file
from extractors.readers import find_files

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE_END = re.compile(r"[。;；!！?？\n]")
_CONTEXT = 80


def clause(text: str, span: tuple[int, int], indicator: tuple[int, int] | None) -> str:
    """The sentence around ``span`` (at most ``_CONTEXT`` characters either side), marked up."""
    start, end = span
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - _CONTEXT), start)), default=None)
    lo = max(0, start - _CONTEXT) if lo is None else lo
    hit = _SENTENCE_END.search(text, end, end + _CONTEXT)
    hi = hit.end() if hit else min(len(text), end + _CONTEXT)
    i0, i1 = indicator if indicator else (start, start)
    return (text[lo:start] + "⟦" + text[start:i0] + "[" + text[i0:i1] + "]" + text[i1:end] + "⟧"
            + text[end:hi]).replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "meiyu")
    parser.add_argument("--n", type=int, default=80, help="how many targets to draw")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--skip", type=Path, default=ROOT / "tests" / "data" / "heldout" / "gold",
                        help="a gold folder whose documents are held out: their sources are not drawn from")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    pool = []
    held_out = {g.stem for g in args.skip.glob("*.json")} if args.skip.is_dir() else set()
    for path in find_files([args.corpus]).files:
        if path.stem in held_out:
            continue
        record = extract_file(path)
        for doc in record.documents:
            pool += [(path.name, record.text, t) for t in doc.targets]
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    print(f"{len(pool)} targets in {args.corpus.name}; {len(sample)} drawn with seed {args.seed}\n")
    for i, (name, text, t) in enumerate(sample, 1):
        value = "*" if t.placeholder and t.value is None else f"{t.value:g}"
        print(f"{i:>3}. {name[:40]}\n     {t.indicator} | {t.comparator} {value}{t.unit or ''} | by {t.deadline}\n"
              f"     {clause(text, t.span, t.indicator_span)}\n")


if __name__ == "__main__":
    main()
