"""Word (.docx) files: paragraphs and tables in body order, one paragraph per line.

Headings stay on lines of their own (every paragraph is one); table rows are
lines with tab-separated cells, so a table of schools reads as text the
extractors can scan. Page headers, footers and text boxes are not body text
and are left out.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import OpcError
from docx.table import Table
from lxml.etree import LxmlError

from extractors.errors import ReadError
from extractors.readers import register, too_long

# XML one Word file may expand to: a thousand-page plan has some tens of MB; parsed, each MB
# costs tens of MB of memory, so a small archive that expands to gigabytes is refused unread
MAX_XML_BYTES = 128 * 2**20
# Every part together (images and other media included: python-docx reads each part it reaches).
MAX_ARCHIVE_BYTES = 512 * 2**20


def _cell_text(text: str) -> str:
    """A cell on one line: its paragraphs joined, tabs kept out of the cell."""
    return " ".join(part.strip() for part in text.replace("\t", " ").split("\n") if part.strip())


def _table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell counts once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            nested = [line for inner in cell.tables for line in _table_lines(inner)]
            cells.append(_cell_text("\n".join([p.text for p in cell.paragraphs] + nested)))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _check_expansion(source: str, data: bytes) -> None:
    """Refuse a Word file whose XML parts expand past ``MAX_XML_BYTES``, or all its parts past
    ``MAX_ARCHIVE_BYTES``, read from the archive's directory before anything is decompressed (the
    reader never decompresses more than an entry declares)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    xml = sum(i.file_size for i in entries if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise ReadError(source, f"Word file expands to {xml // 2**20:,} MB of XML (the limit is "
                                f"{MAX_XML_BYTES // 2**20} MB); skipped")
    total = sum(i.file_size for i in entries)
    if total > MAX_ARCHIVE_BYTES:
        raise ReadError(source, f"Word file expands to {total // 2**20:,} MB (the limit is "
                                f"{MAX_ARCHIVE_BYTES // 2**20} MB for all its parts); skipped")


@register("docx")
def read_docx(source: str, data: bytes, max_chars: int) -> tuple[str, str]:
    """Body text of a Word document in reading order; ``max_chars`` is checked as it is read."""
    try:
        _check_expansion(source, data)
        doc = Document(io.BytesIO(data))
        lines: list[str] = []
        chars = 0
        for block in doc.iter_inner_content():
            before = len(lines)
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.extend(line.strip() for line in block.text.split("\n"))
            chars += sum(len(line) + 1 for line in lines[before:])
            if chars > max_chars:
                raise too_long(source, chars, max_chars)
    except zipfile.BadZipFile as exc:
        raise ReadError(source, f"corrupt Word file: not a readable ZIP archive ({exc})") from exc
    except (KeyError, ValueError, OpcError) as exc:
        raise ReadError(source, f"not a Word (.docx) document ({exc})") from exc
    except (LxmlError, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise ReadError(source, f"corrupt Word file ({type(exc).__name__}: {exc})") from exc
    return "\n".join(line for line in lines if line), "utf-8"
