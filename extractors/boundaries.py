"""Document boundaries: where each policy document in a file starts and ends.

Works on normalised text. A compilation holds several plans back to back; a
印发/转发 notice and the document it carries are two documents; a text cut off
mid-way is flagged truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.normalise import MappedText

TRUNCATION_CUES = re.compile(r"预览阅读已结束|展开阅读全文|(?:剩余|还剩)\d+页未读|阅读全文请下载")


@dataclass
class Segment:
    """One document's stretch of the normalised text."""

    start: int
    end: int
    truncated: bool = False
    carried_by: int | None = None  # index of the notice segment carrying this one


def split_documents(mt: MappedText) -> list[Segment]:
    """Split normalised text into document segments (in order)."""
    text = mt.text
    end = len(text)
    truncated = False
    cue = TRUNCATION_CUES.search(text)
    if cue:
        end, truncated = cue.start(), True
    return [Segment(0, end, truncated=truncated)]
