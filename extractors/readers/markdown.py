"""Markdown (.md): decoded as plain text is. Its markup (front matter, heading marks, comments,
emphasis, link targets) is dropped by normalisation (``normalise.strip_markdown``), not here, so
that spans still index the file's own characters."""

from __future__ import annotations

from extractors.readers import register
from extractors.readers.txt import read_text

register("markdown")(read_text)
