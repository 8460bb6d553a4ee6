"""Readers: one file in, its decoded text out (``RawText``).

A reader is chosen by content first (magic bytes), then by suffix, so a DOCX
saved as ``.txt`` or an HTML page saved without a suffix is still read right.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from extractors.errors import ReadError, shown

MAX_BYTES = 50 * 1024 * 1024
# Characters of text one file may hold once read (decompressed, decoded); about the text of a
# 50 MB UTF-8 file, or of 3,000 pages of a dense plan
MAX_TEXT_CHARS = 20_000_000


@dataclass(frozen=True)
class RawText:
    """Decoded text of one file; every later span indexes into ``text``."""

    source: str
    text: str
    encoding: str
    format: str
    sha256: str


# (source, data, max_chars) -> (text, encoding); a reader of a format that expands (DOCX, PDF)
# stops with a ReadError as soon as it knows the text will pass max_chars, before the memory goes
Reader = Callable[[str, bytes, int], tuple[str, str]]
_READERS: dict[str, Reader] = {}


def register(fmt: str) -> Callable[[Reader], Reader]:
    """Register a reader for a format name (``txt``, ``html``, ``docx``, ``pdf``)."""

    def wrap(fn: Reader) -> Reader:
        _READERS[fmt] = fn
        return fn

    return wrap


SUFFIX_FORMAT = {".txt": "txt", ".text": "txt", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                 ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf"}


# Formats recognised by their first bytes that no reader handles, and what to do about them.
UNSUPPORTED = (
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc/.xls/.wps); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
    (b"\x89PNG", "a PNG image, not a document; run OCR on it first"),
    (b"\xff\xd8\xff", "a JPEG image, not a document; run OCR on it first"),
    (b"GIF8", "a GIF image, not a document"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive; unpack it first"),
)


def sniff_format(path: Path, data: bytes) -> str:
    """The format by magic bytes, falling back on the suffix; unsupported formats raise ``ReadError``."""
    head = data[:2048].lstrip()
    if data[:1024].find(b"%PDF-") != -1:  # some generators put a few bytes before the header
        return "pdf"
    for magic, problem in UNSUPPORTED:
        if data.startswith(magic):
            raise ReadError(str(path), problem)
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered or b"<html" in lowered:
        return "html"
    by_suffix = SUFFIX_FORMAT.get(path.suffix.lower(), "txt")
    # Without their magic bytes a .pdf or .docx is not one: read what is there as text.
    return "txt" if by_suffix in ("pdf", "docx") else by_suffix


def too_long(source: str, chars: int, max_chars: int) -> ReadError:
    """The one error for text over the limit (``chars`` may be an estimate, said as "at least")."""
    return ReadError(source, f"text too long (at least {chars:,} characters; the limit is {max_chars:,}); skipped")


def read(path: str | Path, max_chars: int = MAX_TEXT_CHARS) -> RawText:
    """Read one file; raise ``ReadError`` naming the file and the problem.

    A file whose text (decompressed, decoded) passes ``max_chars`` characters is refused.
    """
    p = Path(path)
    source = str(path)
    try:
        info = p.stat()
    except OSError as exc:
        raise ReadError(source, _stat_problem(p, exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(source, "not a regular file")
    size = info.st_size
    if size == 0:
        raise ReadError(source, "empty file")
    if size > MAX_BYTES:
        raise ReadError(source, f"file too large ({size // (1024 * 1024)} MB; the limit is "
                                f"{MAX_BYTES // (1024 * 1024)} MB)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(source, f"cannot read ({exc.strerror or exc})") from exc
    fmt = sniff_format(p, data)
    import_module(f"extractors.readers.{fmt}")  # registers the reader on first use
    text, encoding = _READERS[fmt](source, data, max_chars)
    if len(text) > max_chars:
        raise too_long(source, len(text), max_chars)
    if not text.strip():
        raise ReadError(source, f"no text found in this {fmt} file")
    return RawText(source=source, text=text, encoding=encoding, format=fmt,
                   sha256=hashlib.sha256(data).hexdigest())


def _stat_problem(path: Path, exc: OSError) -> str:
    """What a failed ``stat`` means to the user."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself)"
    if exc.errno == errno.ENOENT:
        return "no such file (a broken symbolic link)" if path.is_symlink() else "no such file"
    return f"cannot read ({exc.strerror or exc})"


@dataclass(frozen=True)
class Found:
    """The files to read, and one line for each folder that could not be walked."""

    files: list[Path]
    problems: list[str]


def find_files(paths: list[str | Path]) -> Found:
    """Files named, then documents under folders named (recursively, sorted).

    A named file is always taken (a missing or unreadable one fails later with a clear
    message); inside folders only files with a document suffix are taken, so images and
    notes beside the plans are not errors, and hidden files and folders are skipped. A folder
    that cannot be read, and a link that leads back to a folder it is in, are one problem line
    each; the rest is walked. Links to files are taken (a broken one fails with its line).
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        try:
            folder = p.is_dir()
        except OSError:  # read() says what is wrong with it
            folder = False
        if folder:
            files += _walk(p, problems)
        else:
            files.append(p)
    return Found(files, problems)


def _walk(root: Path, problems: list[str]) -> list[Path]:
    def unreadable(exc: OSError) -> None:
        problems.append(str(ReadError(exc.filename, f"cannot read this folder ({exc.strerror or exc}); skipped")))

    found: list[Path] = []
    seen = {os.path.realpath(root)}
    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        real_here = os.path.realpath(here)
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                continue
            real = os.path.realpath(here / name)
            if real == real_here or real_here.startswith(real.rstrip("/") + "/"):
                problems.append(str(ReadError(str(here / name), "a symbolic link loop (it leads back to "
                                                                 f"{shown(real)}); skipped")))
            elif real not in seen:  # a second link to a folder already walked adds nothing
                seen.add(real)
                kept.append(name)
        subfolders[:] = kept
        found += [here / name for name in names if not name.startswith(".")
                  and Path(name).suffix.lower() in SUFFIX_FORMAT
                  and ((here / name).is_symlink() or (here / name).is_file())]
    return sorted(found)
