"""Extraction speed against jieba segmentation alone, over the same text.

The whole extraction (read, normalise, split, metadata, the spaCy pipeline with every
component) should run at no less than half the speed of segmenting the same text with
jieba. Both are timed on one core in this process, after start-up (dictionaries and
lexicons loaded), best of ``--repeat`` rounds; the seeds are also timed as a whole.

    python bench/bench_extraction.py [--corpus DIR] [--files N] [--repeat R] [--out FILE]

Writes a JSON report (default ``bench/results/extraction.json``) and prints it.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import jieba
from reporting import write_report

from extractors import extract_file
from extractors.pipeline import get_nlp
from extractors.readers import find_files, read

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "laws", help="folder of documents to time")
    parser.add_argument("--files", type=int, default=200, help="how many files of the corpus (sorted) to time")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "extraction.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus} (the reference corpus lives in ../shared)")

    files = find_files([args.corpus]).files[: args.files]
    texts = [read(f).text for f in files]
    chars = sum(map(len, texts))
    get_nlp()
    extract_file(files[0])  # start-up: dictionaries, lexicons, automata

    jieba_s = _best(lambda: [list(jieba.cut(t)) for t in texts], args.repeat)
    extract_s = _best(lambda: [extract_file(f) for f in files], args.repeat)
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    seeds_s = _best(lambda: [extract_file(f) for f in seeds], args.repeat) if seeds else None

    report = {
        "corpus": str(args.corpus.name), "files": len(files), "characters": chars,
        "jieba_chars_per_s": round(chars / jieba_s), "extraction_chars_per_s": round(chars / extract_s),
        "extraction_to_jieba_speed": round(jieba_s / extract_s, 3),
        "seeds_seconds": round(seeds_s, 3) if seeds_s is not None else None,
        "python": platform.python_version(), "machine": platform.machine(),
    }
    write_report(args.out, report)


if __name__ == "__main__":
    main()
