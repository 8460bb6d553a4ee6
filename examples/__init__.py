"""Sample plans bundled with edukg (installed as ``edukg_samples``) for the demo, the README and tests.

The plans are fictional, written for this project: a city action plan carried by
its 印发 notice (UTF-8 text with web-page furniture), a joint county plan that
cites the city plan (Word, with headings and a table), a district's work points
(an HTML page in traditional characters with pinyin glosses) and a compilation
of two redacted county plans from a document-sharing site (GB18030 text).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE_SUFFIXES = (".txt", ".html", ".docx", ".pdf")


def sample_paths() -> list[Path]:
    """The sample documents, sorted by file name."""
    folder = resources.files(__name__)
    return sorted(Path(str(entry)) for entry in folder.iterdir()
                  if entry.name.endswith(SAMPLE_SUFFIXES) and not entry.name.startswith(("_", ".")))
