"""A tiny PDF writer for reader tests: Chinese text with a real text layer, no font file needed.

Text is drawn in a Type0 font with the Identity-H encoding (two-byte glyph ids,
here equal to the Unicode code point) and a ToUnicode map, which is how most
Chinese government PDFs carry their text. No glyphs are embedded: extraction
only needs the character codes, positions and widths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PAGE_W, PAGE_H = 595, 842  # A4 in points


@dataclass(frozen=True)
class Line:
    """A line of text whose left end sits at ``x`` points, ``top`` points below the top of the page."""

    text: str
    x: float = 72
    top: float = 100
    size: float = 12


def _width(ch: str) -> int:
    """Glyph advance in 1/1000 em: ASCII half width, everything else full width."""
    return 500 if ord(ch) < 0x80 else 1000


def _tounicode(chars: list[str]) -> bytes:
    body = []
    for i in range(0, len(chars), 100):
        chunk = chars[i:i + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk]
        body.append("endbfchar")
    cmap = "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
        *body, "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])
    return cmap.encode("ascii")


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(content)} {extra}>>\nstream\n".encode() + content + b"\nendstream"


def make_pdf(pages: list[list[Line]], *, with_text: bool = True) -> bytes:
    """A PDF with one page per list of lines; ``with_text=False`` draws boxes instead (a scan-like PDF)."""
    chars = sorted({ch for page in pages for line in page for ch in line.text})
    contents = []
    for page in pages:
        ops = []
        for line in page:
            y = PAGE_H - line.top - line.size
            if with_text:
                hexed = "".join(f"{ord(c):04X}" for c in line.text)
                ops.append(f"BT /F1 {line.size} Tf {line.x} {y} Td <{hexed}> Tj ET")
            else:
                ops.append(f"0 0 0 rg {line.x} {y} {line.size * len(line.text)} {line.size} re f")
        contents.append(_stream("\n".join(ops).encode("ascii")))
    return _assemble(chars, contents)


def make_pdf_content(content: bytes, chars: str, *, compress: Callable[[bytes], bytes] | None = None) -> bytes:
    """A one-page PDF whose page content is ``content`` as given (drawing ``chars``), Flate-compressed
    with ``compress`` (``zlib.compress``) when given: a tiny file can hold millions of operators."""
    stream = _stream(compress(content), "/Filter /FlateDecode ") if compress else _stream(content)
    return _assemble(sorted(set(chars)), [stream])


def _assemble(chars: list[str], contents: list[bytes]) -> bytes:
    widths = " ".join(f"{ord(c)} [{_width(c)}]" for c in chars if _width(c) != 1000)
    n_pages = len(contents)
    kids = " ".join(f"{7 + 2 * i} 0 R" for i in range(n_pages))
    # objects: 1 catalog, 2 pages, 3 font, 4 cidfont, 5 descriptor, 6 tounicode, then page/content pairs
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Count {n_pages} /Kids [{kids}] >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        ("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
         f"/FontDescriptor 5 0 R /DW 1000 /W [{widths}] >>").encode(),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        _stream(_tounicode(chars)),
    ]
    for i, content in enumerate(contents):
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {8 + 2 * i} 0 R >>").encode())
        objects.append(content)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def wrap(text: str, *, measure: float = 450, x: float = 72, top: float = 100, size: float = 12,
         leading: float = 20) -> list[Line]:
    """Lay a paragraph out in lines at most ``measure`` points wide, the first indented two characters."""
    lines: list[Line] = []
    start, used, indent = 0, 0.0, 2 * size
    for i, ch in enumerate(text):
        advance = _width(ch) * size / 1000
        if indent + used + advance > measure:
            lines.append(Line(text[start:i], x + indent, top + leading * len(lines), size))
            start, used, indent = i, 0.0, 0.0
        used += advance
    lines.append(Line(text[start:], x + indent, top + leading * len(lines), size))
    return lines
