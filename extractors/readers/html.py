"""Web pages: the main text only, one paragraph or heading per line.

Main-text extraction uses trafilatura: it is maintained, scores best among
open-source extractors in published boilerplate-removal benchmarks, needs no
network or model, and judges blocks by link density and DOM position rather
than by language-specific stop words (jusText's approach, which has no Chinese
stop list). Before it runs, page furniture that portals mark by class or id
(see ``lexicons/html_boilerplate.txt``) is pruned. Short government notices
can look like boilerplate to any extractor, so when trafilatura keeps less
than half of what a plain block walk keeps, the block walk is used instead.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import trafilatura
from lxml import etree, html

from extractors.errors import ReadError
from extractors.patterns import load_patterns
from extractors.readers import register
from extractors.readers.txt import decode, score

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "nav", "header", "footer",
              "aside", "button", "select", "input", "object", "embed", "svg", "canvas", "map", "rp")
_BLOCK_TAGS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "tr", "table",
                         "section", "article", "blockquote", "pre", "center", "ul", "ol", "dl", "body",
                         "main", "td", "th"))
_CELL_TAGS = frozenset(("td", "th"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# Labels pages declare, mapped to the codec that decodes what such pages really hold.
_CODEC = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
          "big5": "cp950", "big5-hkscs": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8"}
_KEEP_GUARD_CHARS = 200  # a pruned container holding more plain text than this is content after all
_LINK_HEAVY = 0.5
_MIN_SHARE = 0.5


def _decode(source: str, data: bytes) -> tuple[str, str]:
    """Use the charset the page declares when it decodes cleanly, else detect it like plain text."""
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        label = declared.group(1).decode("ascii").lower()
        codec = _CODEC.get(label, label)
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if score(text) >= 0.8:
                return text, codec
    return decode(source, data)


def _link_density(el: html.HtmlElement) -> tuple[int, float]:
    """Length of an element's visible text and the share of it inside links."""
    text = "".join(el.itertext()).strip()
    if not text:
        return 0, 0.0
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return len(text), linked / len(text)


def _prune(tree: html.HtmlElement) -> None:
    """Drop scripts, styles and the page furniture portals mark by tag, class or id."""
    for el in list(tree.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in tree.iter(etree.Comment, etree.ProcessingInstruction):
        el.text = ""
    for rt in list(tree.iter("rt")):  # ruby glosses read like the inline ones: 教(jiào)
        gloss = rt.text_content()
        for child in list(rt):
            rt.remove(child)
        rt.text = f"({gloss})"
        rt.drop_tag()
    patterns = load_patterns("html_boilerplate.txt")
    for el in list(tree.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}".strip()
        if not marks or not any(p.search(marks) for p in patterns):
            continue
        if next(el.iter("h1"), None) is not None:
            continue
        length, density = _link_density(el)
        if length <= _KEEP_GUARD_CHARS or density > _LINK_HEAVY:
            el.drop_tree()
    for el in list(tree.iter(*_BLOCK_TAGS)):  # menus, pagers and link lists left unmarked
        if el.getparent() is None or any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
            continue
        length, density = _link_density(el)
        if length and density > _LINK_HEAVY:
            el.drop_tree()


def _lines_from_xml(xml: str) -> list[str]:
    """Trafilatura's XML (head, p, list/item, table/row/cell, lb) as lines; data-table cells tab-separated.

    A row whose cells hold paragraphs is page layout, not data: its paragraphs are lines of their own.
    """
    root = etree.fromstring(xml.encode("utf-8"))
    lines: list[str] = []
    for el in root.find("main").iter("head", "p", "item", "quote", "code", "row"):
        holder = next((a for a in el.iterancestors("row", "p", "item", "quote") if not _is_layout(a)), None)
        if holder is not None or _is_layout(el):
            continue
        if el.tag == "row":
            lines.append("\t".join(_flat(cell).replace("\n", " ") for cell in el.iter("cell")))
        else:
            lines.extend(_flat(el).split("\n"))
    return lines


def _is_layout(el: etree._Element) -> bool:
    return el.tag == "row" and next(el.iterdescendants("p", "head", "item", "row", "list"), None) is not None


def _flat(el: etree._Element) -> str:
    """An element's text with ``<lb/>`` as a line break."""
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else _flat(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _block_lines(el: html.HtmlElement, out: list[str], line: list[str]) -> None:
    """Walk the tree, breaking lines at blocks and ``<br>``; cells of a row are tab-separated."""
    if el.tag == "br":
        out.append("".join(line))
        line.clear()
    block = el.tag in _BLOCK_TAGS
    if block and el.tag not in _CELL_TAGS:
        out.append("".join(line))
        line.clear()
    if el.text and el.tag != "br":
        line.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _block_lines(child, out, line)
        if child.tail:
            line.append(child.tail)
    if el.tag in _CELL_TAGS:
        line.append("\t")
    elif block:
        out.append("".join(line))
        line.clear()


def _walk_text(tree: html.HtmlElement) -> list[str]:
    """Every block's text, line by line."""
    lines: list[str] = []
    body = tree.find("body") if tree.find("body") is not None else tree
    _block_lines(body, lines, [])
    return lines


class _FlatText(HTMLParser):
    """A page's text as a stream of tags, with no tree: a line break at every block and ``<br>``,
    cells tab-separated, dropped tags' contents skipped. For pages nested deeper than the tree
    parser goes (it stops at 256 levels and loses the rest, text included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._dropped = 0  # open tags whose content is no text

    def _break(self) -> None:
        self.lines.append("".join(self._line))
        self._line.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._dropped += 1
        elif tag == "br" or (tag in _BLOCK_TAGS and tag not in _CELL_TAGS):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _CELL_TAGS:
            self._line.append("\t")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self._line.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def _token_lines(markup: str) -> list[str]:
    reader = _FlatText()
    reader.feed(markup)
    reader.close()
    return reader.lines


def _clean(lines: list[str]) -> str:
    """Lines stripped of layout whitespace; blank runs dropped."""
    out = []
    for raw in (part for chunk in lines for part in chunk.split("\n")):
        cells = raw.strip("\t ").split("\t")
        line = "\t".join(re.sub(r"[ \u00a0\u3000]{2,}", " ", cell).strip() for cell in cells)
        if line.strip():
            out.append(line)
    return "\n".join(out)


_SITE_SEPARATOR = re.compile(r"\s*(?:[-_|｜—–]+|\s{2,})\s*")


def _title(tree: html.HtmlElement, walked: str) -> str:
    """The page's first ``<h1>`` (portals often place it outside the article container); else the
    head of its ``<title>`` (before the site and channel names: 标题_栏目_网站) when a block of
    the page reads the same, as a styled ``<div>`` title does."""
    h1 = next(tree.iter("h1"), None)
    if h1 is not None:
        return " ".join(h1.text_content().split())
    head = tree.find(".//title")
    if head is None or not head.text_content().strip():
        return ""
    first = _SITE_SEPARATOR.split(head.text_content().strip())[0]
    lines = {line.strip() for line in walked.split("\n")}
    return first if len(first) >= 4 and first in lines else ""


@register("html")
def read_html(source: str, data: bytes, max_chars: int) -> tuple[str, str]:
    """Decoded page reduced to its main text (never longer than its markup, so ``max_chars`` is
    checked by ``read``)."""
    markup, encoding = _decode(source, data)
    parser = html.HTMLParser()
    try:
        tree = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(source, f"not a readable HTML page ({exc})") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return _clean(_token_lines(markup)), encoding  # nested too deep for a tree: read it flat
    _prune(tree)
    xml = trafilatura.extract(html.tostring(tree, encoding="unicode"), output_format="xml",
                              favor_precision=True, include_tables=True, include_comments=False,
                              deduplicate=False)
    extracted = _clean(_lines_from_xml(xml)) if xml else ""
    walked = _clean(_walk_text(tree))
    title = _title(tree, walked)
    text = extracted if len(extracted) >= _MIN_SHARE * len(walked) else walked
    if title and title not in text[: len(title) * 3]:
        text = f"{title}\n{text}"
    return text, encoding
