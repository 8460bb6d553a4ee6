"""Extraction cost against input length, on repetitive texts that once cost quadratic time.

Each shape is repeated to 10 k, 100 k and 1 M characters and extracted whole
(``extract_text``); the time per character should stay flat as the text grows. A shape
whose time per character grows tenfold with the text is quadratic somewhere.

    python bench/bench_linearity.py [--sizes 10000,100000,1000000] [--shapes NAME,...] [--out FILE]

Shapes: ``enumeration`` (教育局、教育局、…: a list with no end), ``schools`` (A小学、B小学、…),
``targets`` (到2025年达到95%以上 again and again, no punctuation), ``one-line`` (a sentence without
punctuation or line breaks), ``deep-numbering`` (一、(一)1.(1)① nested headings, each with a target).
Texts of more than 1,000,000 characters are past spaCy's default ``max_length`` (E088) and are
extracted in parts of at most that size, the parts' times summed. Writes JSON (default
``bench/results/linearity.json``) and prints a table.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from reporting import write_report

from extractors import extract_text
from extractors.api import warm_up

ROOT = Path(__file__).resolve().parents[1]
MAX_PART = 1_000_000

SHAPES = {
    "enumeration": "教育局、",
    "schools": "明月小学、大丘中学、",
    "targets": "到2025年达到95%以上",
    "one-line": "推进城乡义务教育一体化发展加强教师队伍建设提升学校办学水平",
    "deep-numbering": "一、总体要求\n(一)主要目标\n1.学前教育\n(1)到2025年毛入园率达到95%以上。\n①新建幼儿园3所。\n",
}


def text_of(shape: str, size: int) -> str:
    """The shape repeated to exactly ``size`` characters."""
    unit = SHAPES[shape]
    return (unit * (size // len(unit) + 1))[:size]


def time_extraction(text: str) -> tuple[float, int]:
    """Seconds to extract ``text`` (in parts of at most MAX_PART characters) and the targets found."""
    seconds, targets = 0.0, 0
    for at in range(0, len(text), MAX_PART):
        start = time.perf_counter()
        record = extract_text(text[at:at + MAX_PART])
        seconds += time.perf_counter() - start
        targets += sum(len(d.targets) for d in record.documents)
    return seconds, targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated lengths in characters")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shape names")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "linearity.json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    warm_up()
    rows = []
    print(f"{'shape':<16}{'chars':>10}{'seconds':>10}{'µs/char':>10}{'targets':>9}")
    for shape in args.shapes.split(","):
        for size in sizes:
            seconds, targets = time_extraction(text_of(shape, size))
            rows.append({"shape": shape, "chars": size, "seconds": round(seconds, 3),
                         "us_per_char": round(seconds / size * 1e6, 3), "targets": targets})
            print(f"{shape:<16}{size:>10}{seconds:>10.2f}{seconds / size * 1e6:>10.2f}{targets:>9}", flush=True)
    report = {"machine": platform.platform(), "python": platform.python_version(), "parts_of": MAX_PART,
              "rows": rows}
    write_report(args.out, report, echo=False)


if __name__ == "__main__":
    main()
