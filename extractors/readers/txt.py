"""Plain text in any encoding Chinese plans arrive in: UTF-8/16 (BOM or not), GB18030, Big5."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from extractors.errors import ReadError
from extractors.readers import register

# Tried in this order before statistical detection: strict decoding of these rarely
# succeeds by accident on text of another encoding.
_STRICT_FIRST = ("utf-8",)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode bytes to text, never silently: undecodable input raises ``ReadError``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise ReadError(source, "binary data, not text")
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise ReadError(source, f"looks like UTF-16 but does not decode ({exc.reason})") from exc
    for enc in _STRICT_FIRST:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    for enc in _candidates(data):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, enc
    raise ReadError(source, "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 4 and (even.count(0) > len(even) * 0.3 or odd.count(0) > len(odd) * 0.3)


def _candidates(data: bytes) -> list[str]:
    """GB18030 and Big5, ordered by charset-normalizer's guess."""
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8"]).best()
    guess = (best.encoding if best else "").replace("_", "")
    order = ["gb18030", "big5"]
    if guess.startswith("big5"):
        order.reverse()
    return order


def _plausible(text: str) -> bool:
    """Most characters are CJK, ASCII or common punctuation, not control or private-use."""
    if not text:
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(text) < 0.01


@register("txt")
def read_text(source: str, data: bytes) -> tuple[str, str]:
    text, enc = decode(source, data)
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc
