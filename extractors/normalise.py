"""Normalisation that remembers where every character came from.

Matching works on clean, simplified, half-width text; spans must point at the
characters of the decoded original. ``MappedText`` carries both: ``text`` and,
for each of its characters, the offset of the original character it came from.
Each step is a plain function ``MappedText -> MappedText``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicons import load_patterns

Span = tuple[int, int]


@dataclass(frozen=True)
class MappedText:
    """Text plus ``origin[i]``: the original offset of ``text[i]`` (one extra entry for the end)."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, tuple(range(len(text) + 1)))

    def to_original(self, start: int, end: int) -> Span:
        """Map a span of ``text`` back to a span of the original text."""
        if end <= start:
            pos = self.origin[start]
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.origin[start:end] + (self.origin[end - 1] + 1 if end > start
                                                                          else self.origin[start],))


def rebuild(src: MappedText, pieces: Iterable[tuple[str, int | None]]) -> MappedText:
    """Assemble new text from ``(chars, source index)`` pieces.

    A piece with a source index copies the origin of ``src.text[index]`` to each of its
    characters; ``None`` pieces are not allowed (every character must come from somewhere).
    """
    chars: list[str] = []
    origin: list[int] = []
    for piece, idx in pieces:
        if not piece:
            continue
        assert idx is not None
        chars.append(piece)
        origin.extend([src.origin[idx]] * len(piece))
    text = "".join(chars)
    return MappedText(text, tuple(origin) + (src.origin[-1],))


def substitute(src: MappedText, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str = ""
               ) -> MappedText:
    """Replace regex matches; replacement characters map to the match's first character."""
    pieces: list[tuple[str, int | None]] = []
    last = 0
    for m in pattern.finditer(src.text):
        pieces.extend((ch, last + i) for i, ch in enumerate(src.text[last:m.start()]))
        new = repl(m) if callable(repl) else m.expand(repl)
        if new:
            pieces.append((new, m.start()))
        last = m.end()
    if last == 0 and not pieces:
        return src
    pieces.extend((ch, last + i) for i, ch in enumerate(src.text[last:]))
    return rebuild(src, pieces)


def map_chars(src: MappedText, convert: Callable[[str], str]) -> MappedText:
    """Convert character by character; a character may become several, or none."""
    return rebuild(src, ((convert(ch), i) for i, ch in enumerate(src.text)))


# --- the steps -----------------------------------------------------------------

# A pinyin gloss follows a Han character: 教(jiāo)育, 區(qū); mangled pages also leave glosses
# after a lost character (要?(jiǎng)). Lower-case letters only, so (GPS), (XX) and (试行) are kept;
# without a tone mark, only right after a Han character, so a list label (a) is kept too.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（][a-z{_TONED}ü]{{1,7}}[)）]"
    rf"|[(（][a-zü]{{0,6}}[{_TONED}][a-zü]{{0,6}}[)）]")


def strip_pinyin(src: MappedText) -> MappedText:
    return substitute(src, PINYIN_GLOSS)


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def to_simplified(src: MappedText) -> MappedText:
    """OpenCC t2s, line by line; a line whose length changes is converted char by char."""
    convert = _t2s()
    pieces: list[tuple[str, int | None]] = []
    pos = 0
    for line in src.text.splitlines(keepends=True):
        out = convert(line)
        if len(out) == len(line):
            pieces.extend((ch, pos + i) for i, ch in enumerate(out))
        else:
            pieces.extend((convert(ch), pos + i) for i, ch in enumerate(line))
        pos += len(line)
    return rebuild(src, pieces)


_KEEP_WIDE = set("、。〔〕【】《》〈〉「」『』“”‘’…—·")


def _half_width(ch: str) -> str:
    if ch in _KEEP_WIDE or ch.isascii():
        return ch
    if ch == "\u3000" or ch == "\xa0":
        return " "
    # Circled numbers (①) are list markers: folding them to digits would lose that.
    decomposition = unicodedata.decomposition(ch)
    return unicodedata.normalize("NFKC", ch) if decomposition.startswith(("<wide>", "<compat>")) else ch


def to_half_width(src: MappedText) -> MappedText:
    """Full-width ASCII letters, digits and punctuation to half-width (（一）→(一), ，→,)."""
    return map_chars(src, _half_width)


def drop_boilerplate(src: MappedText) -> MappedText:
    """Drop whole lines that are site furniture (navigation, banners, share links)."""
    patterns = load_patterns("boilerplate.txt")
    pieces: list[tuple[str, int | None]] = []
    pos = 0
    for line in src.text.splitlines(keepends=True):
        if not any(p.search(line.strip()) for p in patterns):
            pieces.extend((ch, pos + i) for i, ch in enumerate(line))
        pos += len(line)
    return rebuild(src, pieces)


PAGE_MARKER = re.compile(r"\n[ \t]*\n[ \t]*(\d{1,3})、")


def drop_page_markers(src: MappedText) -> MappedText:
    """Remove page-chunk numbers of document-sharing sites and rejoin the cut sentence.

    Such sites print each page as ``\\n\\nN、`` with N counting 1, 2, 3… through the file,
    cutting sentences (``…的满意\\n\\n2、度得到提升``). A run of at least three consecutive
    numbers in that position is taken as markers; real list items rarely follow blank
    lines in strict file-wide sequence.
    """
    found = [(int(m.group(1)), m) for m in PAGE_MARKER.finditer(src.text)]
    chain: list[re.Match[str]] = []
    expected = None
    for number, m in found:
        if expected is None or number == expected:
            chain.append(m)
            expected = number + 1
        elif number == 1 and len(chain) < 3:
            chain, expected = [m], 2
    if len(chain) < 3:
        return src
    cut = {m.start(): m.end() for m in chain}
    pieces: list[tuple[str, int | None]] = []
    i = 0
    while i < len(src.text):
        if i in cut:
            i = cut[i]
            continue
        pieces.append((src.text[i], i))
        i += 1
    return rebuild(src, pieces)


STEPS: tuple[Callable[[MappedText], MappedText], ...] = (
    strip_pinyin, to_simplified, to_half_width, drop_boilerplate, drop_page_markers,
)


def normalise(text: str) -> MappedText:
    """The text every extractor matches on, mapped back to ``text``."""
    mt = MappedText.identity(text)
    for step in STEPS:
        mt = step(mt)
    return mt
