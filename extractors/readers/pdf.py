"""PDFs with a text layer: running text back in paragraphs, page furniture gone.

A PDF stores positioned lines, not paragraphs. Page numbers (``—1—``, ``第1页``)
and running headers and footers (lines repeated at the top or bottom of most
pages) are dropped; then a line is joined to the next unless it ends a
sentence, ends short of the right margin (a heading, a signature, a
paragraph's last line) or starts well in from the left one (a right-aligned
date, a centred title), or the next line starts a heading (``一、``,
``（一）``, ``1.``, ``第一条``) or is indented as a paragraph start. Joins
insert nothing between Chinese characters, so a school name broken across
two lines comes back whole.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pdfplumber
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from extractors.errors import ReadError
from extractors.normalise import MappedText, to_half_width
from extractors.patterns import heading_label, load_patterns
from extractors.readers import register, too_long

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2010-\u206f"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}]) +|(?<=\S) +(?=[{_CJK}])")
_SENTENCE_END = tuple("。！？；：!?;:…”』」）)")
_EDGE_LINES = 2  # lines at each end of a page where running headers and footers sit
_REPEATED = 0.5  # share of pages a header or footer line must appear on
# Text-showing operators one page may hold: a dense page of a plan has a few thousand (one per
# character at most); a page with millions is built to exhaust memory
MAX_PAGE_OPERATORS = 100_000


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    size: float


def _page_lines(page: pdfplumber.page.Page) -> list[_Line]:
    """A page's text lines, top to bottom, without the spaces layout puts between Chinese characters."""
    out = []
    for raw in page.extract_text_lines(layout=False, strip=True, return_chars=True):
        text = _SPACE_IN_CJK.sub("", raw["text"]).strip()
        if text:
            sizes = [c["size"] for c in raw["chars"] if not c["text"].isspace()] or [10.0]
            out.append(_Line(text, raw["x0"], raw["x1"], max(sizes)))
    return out


def _key(text: str) -> str:
    """A line with spaces removed and digits masked, so "第3页" and "第4页" repeat."""
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers, and lines repeated at the top or bottom of most pages."""
    numbers = load_patterns("pdf_page_numbers.txt")
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(line.text) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, _REPEATED * len(pages))}
    kept = []
    for lines in pages:
        edge = {id(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]}
        kept.append([line for line in lines
                     if not any(p.search(line.text.replace(" ", "")) for p in numbers)
                     and not (id(line) in edge and _key(line.text) in repeated)])
    return kept


def _right_margin(lines: list[_Line]) -> float:
    """Where full lines end: the most common right edge among the longest lines."""
    ends = sorted(line.x1 for line in lines)
    return ends[int(len(ends) * 0.9)] if ends else 0.0


def _left_margin(lines: list[_Line]) -> float:
    starts = Counter(round(line.x0) for line in lines)
    return float(starts.most_common(1)[0][0]) if starts else 0.0


@lru_cache(maxsize=1)
def _heading_start() -> re.Pattern[str]:
    """What a line that starts a heading opens with: a heading label of the numbering-styles
    table, or one of the other line starts of ``heading_starts.txt``."""
    others = "|".join(p.pattern for p in load_patterns("heading_starts.txt"))
    return re.compile(f"(?:{heading_label()}|{others})")


def _half_width(text: str) -> str:
    """A PDF line with its full-width brackets and digits made half-width, as the labels are written."""
    return to_half_width(MappedText.identity(text)).text


def _join(lines: list[_Line]) -> str:
    """Lines rejoined into paragraphs (see the module docstring for when a line break stays)."""
    right, left = _right_margin(lines), _left_margin(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line.text)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None:
            break
        # a line from the margin to the margin; a right-aligned or centred one (a date, a
        # signature, a title) ends where it ends even when it reaches the right margin
        full = line.x1 >= right - 1.5 * line.size and line.x0 <= left + 2.5 * line.size
        indented = nxt.x0 >= left + 1.5 * nxt.size
        starts_heading = bool(_heading_start().match(_half_width(nxt.text.replace(" ", ""))))
        if line.text.endswith(_SENTENCE_END) or not full or indented or starts_heading:
            out.append("\n")
        elif re.search(r"[A-Za-z]$", line.text) and re.match(r"[A-Za-z]", nxt.text):  # English words
            out.append(" ")
    return "".join(out)


def _text_operators(page: pdfplumber.page.Page) -> int:
    """How many text-showing operators (``Tj``, ``TJ``) the page's content holds, at most: counted
    in its decoded bytes before the layout, which costs a kilobyte or more for every character."""
    streams = resolve1(page.page_obj.attrs.get("Contents"))
    streams = streams if isinstance(streams, list) else [streams]
    count = 0
    for stream in streams:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream):
            content = stream.get_data()
            count += content.count(b"Tj") + content.count(b"TJ")
    return count


def _read_pages(source: str, pdf: pdfplumber.PDF, max_chars: int) -> tuple[list[list[_Line]], bool]:
    """Every page's lines and whether any page has images, one page in memory at a time; a page
    that draws more than ``MAX_PAGE_OPERATORS`` pieces of text, or text past ``max_chars``, is refused."""
    pages, has_images, chars = [], False, 0
    for page in pdf.pages:
        operators = _text_operators(page)
        if operators > MAX_PAGE_OPERATORS:
            raise ReadError(source, f"page {page.page_number} draws {operators:,} pieces of text (the limit is "
                                    f"{MAX_PAGE_OPERATORS:,} a page); skipped")
        lines = _page_lines(page)
        chars += sum(len(line.text) + 1 for line in lines)
        if chars > max_chars:
            raise too_long(source, chars, max_chars)
        has_images = has_images or bool(page.images)
        pages.append(lines)
        page.close()  # its characters and layout objects are no longer needed
    return pages, has_images


@register("pdf")
def read_pdf(source: str, data: bytes, max_chars: int) -> tuple[str, str]:
    """The text layer of a PDF as running text."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, has_images = _read_pages(source, pdf, max_chars)
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        encrypted = "ncrypt" in type(cause).__name__ + str(cause)
        problem = "it is encrypted" if encrypted else str(cause) or "damaged"
        raise ReadError(source, f"corrupt or unreadable PDF ({problem})") from exc
    except (ValueError, KeyError, TypeError, AssertionError, OSError) as exc:
        raise ReadError(source, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ReadError(source, "PDF has no pages")
    if not any(pages):
        what = "scanned page images only" if has_images else "no text on any page"
        raise ReadError(source, f"PDF has no text layer ({what}); run OCR on it first")
    lines = [line for page in _drop_furniture(pages) for line in page]
    return _join(lines), "utf-8"
