"""Input a user can fix is one clear line naming the file and the problem; formats are sniffed by content."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from pdfmaker import Line, make_pdf

from extractors.errors import ReadError
from extractors.readers import MAX_BYTES, find_files, read


def _docx_bytes() -> bytes:
    doc = Document()
    doc.add_paragraph("一、总体要求")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "不是Word文件")
    return buf.getvalue()


PDF = make_pdf([[Line("一、总体要求")]])

BAD = {
    "empty.txt": (b"", "empty file"),
    "junk.txt": (bytes(range(256)) * 16, "binary data"),
    "corrupt.docx": (b"PK\x03\x04" + b"\x00" * 200, "corrupt Word file"),
    "half.docx": (_docx_bytes()[:1500], "corrupt Word file"),
    "archive.docx": (_zip_bytes(), "not a Word (.docx) document"),
    "corrupt.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 8, "corrupt or unreadable PDF"),
    "half.pdf": (PDF[:300], "corrupt or unreadable PDF"),
    "scan.pdf": (make_pdf([[Line("一、总体要求")]], with_text=False), "no text layer"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old binary Office file"),
    "page.html": (b"<html><body><script>var a=1;</script></body></html>", "no text found"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_line_naming_file_and_problem(tmp_path, name):
    data, problem = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in err.value.problem


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: no 50 MB written to disk
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError, match="too large"):
        read(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "nothing.txt")
    with pytest.raises(ReadError, match="not a regular file"):
        read(tmp_path)


@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("plan.txt", _docx_bytes(), "docx"),
    ("plan.txt", PDF, "pdf"),
    ("plan", "<!DOCTYPE html><html><body><p>一、总体要求</p></body></html>".encode(), "html"),
    ("plan.pdf", "一、总体要求\n到2025年完成。".encode("gb18030"), "txt"),
])
def test_format_is_sniffed_by_content_before_suffix(tmp_path, name, data, fmt):
    path = tmp_path / name
    path.write_bytes(data)
    raw = read(path)
    assert raw.format == fmt
    assert "一、总体要求" in raw.text


def test_folders_are_walked_recursively_in_sorted_order(tmp_path):
    for rel in ["b/2.txt", "b/1.docx", "a.html", "c/d/e.pdf", ".hidden/x.txt", "b/.x.txt", "b/logo.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    named = tmp_path / "b" / "logo.png"
    found = [p.relative_to(tmp_path).as_posix() for p in find_files([tmp_path, named]).files]
    assert found == ["a.html", "b/1.docx", "b/2.txt", "c/d/e.pdf", "b/logo.png"]
